"""Attempts from submitted answers, and what is derived from the list: first, best, older versions.

Nothing here is stored twice: "first" and "best" are worked out from the attempts each time, so
an attempt deleted or imported never leaves a stale mark behind.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from coach.domain.records import Answers, Attempt

if TYPE_CHECKING:
    from coach.review import Feedback
    from coach.tui.practice_target import CaseTarget

#: Key in ``Attempt.extra`` that holds the engine's full feedback (Feedback.to_data()).
FEEDBACK_KEY = "feedback"


def attempt_from(
    target: CaseTarget,
    answers: Answers,
    feedback: Feedback,
    *,
    seconds: float,
    started: str,
    now: dt.datetime,
) -> Attempt:
    """A new Attempt holding the answers, the score, its breakdown and the full feedback."""
    data = feedback.to_data()
    case = target.case
    assert case is not None
    return Attempt(
        case_id=case.id,
        case_hash=case.content_hash,
        curriculum_id=target.curriculum_id,
        framework_id=target.framework.id,
        lang=feedback.lang,
        answers=copy.deepcopy(answers),
        started=started,
        submitted=now.isoformat(timespec="seconds"),
        seconds=round(seconds, 1),
        score=feedback.score,
        breakdown=data["breakdown"],
        extra={FEEDBACK_KEY: data},
    )


def attempts_of(store, case_id: str) -> list[Attempt]:
    """Every submitted attempt at a case, oldest first."""
    found = store.attempts.list(lambda a: a.case_id == case_id)
    return sorted(found, key=lambda a: (a.submitted, a.created, a.id))


@dataclass(frozen=True, slots=True)
class Marks:
    first: str | None  # attempt id
    best: str | None


def marks(attempts: Sequence[Attempt]) -> Marks:
    """The first attempt (by submission) and the best (highest score; the earlier one on a tie)."""
    scored = [a for a in attempts if a.score is not None]
    if not attempts:
        return Marks(None, None)
    first = min(attempts, key=lambda a: (a.submitted, a.created, a.id))
    best = None
    if scored:
        ordered = sorted(scored, key=lambda a: (a.submitted, a.created, a.id))
        best = max(ordered, key=lambda a: a.score or 0.0)  # max keeps the first of equals
    return Marks(first.id, best.id if best else None)


def is_outdated(attempt: Attempt, content_hash: str) -> bool:
    """Was the attempt made on an older version of the case than the one loaded now?"""
    return bool(attempt.case_hash and content_hash and attempt.case_hash != content_hash)


def criteria(attempt: Attempt) -> list[dict]:
    """The rubric criteria the attempt was scored on (breakdown lines of kind "criterion")."""
    return [line for line in attempt.breakdown if line.get("kind") == "criterion"]


def self_score_total(attempt: Attempt) -> float | None:
    """The self-score in points out of 100, on the same criteria and maxima as the automatic one.

    None when the trainee has not scored themselves. Never mixed with the automatic score.
    """
    if not attempt.self_score:
        return None
    return round(
        sum(float(c["max"]) * attempt.self_score.get(c["id"], 0.0) for c in criteria(attempt)), 1
    )
