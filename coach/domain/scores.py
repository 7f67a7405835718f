"""How a score is written: one rule, so Feedback, Progress, Home, Learn and the exports agree.

A total (of an attempt, a deal review, a module's average, a best) is a whole number, rounded
half up (75.5 → 76, as a trainer rounds; Python's round() would give 76 but 74.5 → 74). Points
of one criterion keep one decimal where they have one (3.8 / 15) and none where they do not
(100, never "100.0").
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

#: What a missing score reads as.
NONE = "–"


def score_text(value: float | None) -> str:
    """A total score as a whole number, half up; ``NONE`` when there is none."""
    if value is None:
        return NONE
    return str(int(Decimal(repr(float(value))).quantize(Decimal(1), rounding=ROUND_HALF_UP)))


def points_text(value: float | None) -> str:
    """Points of one criterion: one decimal at most, none when it is whole."""
    if value is None:
        return NONE
    tenth = Decimal(repr(float(value))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return f"{tenth:f}".removesuffix(".0")
