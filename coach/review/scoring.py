"""The score: rubric criteria share their weight by what they cover; penalties are subtracted.

score = Σ (criterion weight / total weight × 100 × share met) − Σ penalties, kept within 0..100,
and then no higher than the lowest cap of the gates that closed (review/gates.py).
A criterion's share is the weighted part of its covered key points (their weight), must-say
items (1 each) and built-in checks (1 each, partly met as the check's share) that the answer
meets. ``math.fsum`` keeps the sum independent of the order things were written in.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from coach.domain.content import BUILTIN_CHECKS, Criterion
from coach.domain.text import LText
from coach.review.compiled import CompiledReview
from coach.review.feedback import AvoidHit, BreakdownLine, KeyPointResult, MustSayResult
from coach.review.gates import Gate
from coach.review.messages import t
from coach.review.method import METHOD, METHOD_WEIGHT

#: The rubric used when none is written (deal and period reviews, or a case without one).
DEFAULT_CHECK_WEIGHTS = {
    "goal-gap": 15.0,
    "root-cause-depth": 20.0,
    "smart-actions": 20.0,
    "no-pitfalls": 10.0,
    "compliance": 10.0,
}


def default_rubric(c: CompiledReview) -> tuple[Criterion, ...]:
    out: list[Criterion] = []
    if c.key_points:
        out.append(
            Criterion(
                "key-points",
                LText.of({"zh": "要点覆盖", "en": "Key points covered"}),
                40.0,
                tuple(kp.id for kp in c.key_points),
            )
        )
    if c.must_say:
        out.append(
            Criterion(
                "disclosures",
                LText.of({"zh": "必要提示", "en": "Required disclosures"}),
                10.0,
                tuple(m.id for m in c.must_say),
            )
        )
    for check, weight in DEFAULT_CHECK_WEIGHTS.items():
        out.append(Criterion(check, BUILTIN_CHECKS[check], weight, (check,)))
    return tuple(out)


def with_method(rubric: Sequence[Criterion]) -> tuple[Criterion, ...]:
    """The case's rubric and, beside it, the method criteria (review/method.py) carrying
    METHOD_WEIGHT of the total — unless the rubric already names them itself."""
    named = {item for cr in rubric for item in cr.covers}
    if named & set(METHOD):
        return tuple(rubric)
    total = math.fsum(max(0.0, cr.weight) for cr in rubric)
    scale = total * METHOD_WEIGHT / (1 - METHOD_WEIGHT) / math.fsum(METHOD.values())
    extra = tuple(
        Criterion(check, BUILTIN_CHECKS[check], weight * scale, (check,))
        for check, weight in METHOD.items()
    )
    return (*rubric, *extra)


def _short(text: str, limit: int = 24) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def score_rubric(
    c: CompiledReview,
    key_points: Sequence[KeyPointResult],
    must: Sequence[MustSayResult],
    checks: dict[str, float],
    avoid_hits: Sequence[AvoidHit],
    lang: str,
    caps: Sequence[Gate] = (),
) -> tuple[float, list[BreakdownLine]]:
    rubric = (c.case.rubric if c.case and c.case.rubric else None) or default_rubric(c)
    if c.case is not None and any(k in checks for k in METHOD):
        rubric = with_method(rubric)
    kp_by_id = {k.id: k for k in key_points}
    must_by_id = {m.id: m for m in must}
    total_weight = math.fsum(max(0.0, cr.weight) for cr in rubric)
    lines: list[BreakdownLine] = []
    sep = "；" if lang == "zh" else "; "
    for cr in rubric:
        maximum = max(0.0, cr.weight) / total_weight * 100 if total_weight else 0.0
        weights: list[float] = []
        met: list[float] = []
        parts: list[str] = []
        for item in cr.covers:
            if item in kp_by_id:
                kp = kp_by_id[item]
                w = max(0.0, kp.weight)
                weights.append(w)
                met.append(w if kp.hit else 0.0)
                parts.append(("✓ " if kp.hit else "✗ ") + _short(kp.text or kp.id))
            elif item in must_by_id:
                m = must_by_id[item]
                weights.append(1.0)
                met.append(1.0 if m.satisfied else 0.0)
                parts.append(
                    ("✓ " if m.satisfied else "✗ ") + _short(m.phrases[0] if m.phrases else m.id)
                )
            elif item in checks:
                share = max(0.0, min(1.0, checks[item]))
                weights.append(1.0)
                met.append(share)
                parts.append(f"{BUILTIN_CHECKS[item].get(lang)} {share * 100:.0f}%")
            else:
                parts.append(t(lang, "? {i}（未知，不计）", "? {i} (unknown, not counted)", i=item))
        share = math.fsum(met) / math.fsum(weights) if math.fsum(weights) > 0 else 0.0
        points = round(maximum * share, 2)
        lines.append(
            BreakdownLine(
                cr.id,
                "criterion",
                cr.title.get(lang) or cr.id,
                points,
                round(maximum, 2),
                sep.join(parts),
                round(share, 4),
            )
        )
    charged: set[tuple[str, str]] = set()
    for hit in avoid_hits:
        key = (hit.phrase, hit.source)
        if hit.severity == "redline" and hit.penalty <= 0:
            continue  # a red line found by pattern costs no points itself: it caps the total
        if not hit.charged or key in charged:
            hit.charged = False
            continue
        charged.add(key)
        reason = hit.reason + (
            f"（{hit.rule}）" if lang == "zh" and hit.rule else f" ({hit.rule})" if hit.rule else ""
        )
        lines.append(
            BreakdownLine(
                f"avoid:{hit.phrase}",
                "penalty",
                t(lang, "违规表述“{p}”", 'Phrase to avoid "{p}"', p=hit.phrase),
                -round(hit.penalty, 2),
                0.0,
                reason,
            )
        )
    total = math.fsum(line.points for line in lines)
    binding = min(caps, key=lambda g: g.cap, default=None)
    if binding is not None and total > binding.cap:
        lines.append(
            BreakdownLine(
                f"gate:{binding.id}",
                "penalty",
                binding.title,
                -round(total - binding.cap, 2),
                0.0,
                binding.reason
                + t(lang, " 总分最高 {c:g} 分。", " The total is capped at {c:g}.", c=binding.cap),
            )
        )
        total = binding.cap
    return round(max(0.0, min(100.0, total)), 1), lines
