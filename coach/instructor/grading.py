"""Grading an attempt: the instructor overrides rubric criteria with a score and a comment.

A grade is its own record (``GradeRecord``) in the instructor's store, one per attempt (its id is
derived from the attempt's), never an edit of the trainee's attempt. Each save keeps the version it
replaces in ``history``, so who changed what and when stays readable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from coach.domain.records import Attempt, Grade, GradeRecord
from coach.i18n import tr
from coach.review.feedback import Feedback
from coach.store.errors import StoreError
from coach.store.store import Store


@dataclass(slots=True)
class Override:
    """One criterion's new score (points on the criterion's own scale) and why."""

    points: float
    comment: str = ""


def grade_id(attempt_id: str) -> str:
    return f"grade-{attempt_id}"


def graded_score(
    auto_score: float, auto_points: Mapping[str, float], criteria: Iterable[Grade]
) -> float:
    """The automatic score with each overridden criterion's points replaced; 0..100."""
    score = float(auto_score)
    for g in criteria:
        score += float(g.score) - float(auto_points.get(g.criterion, 0.0))
    return round(min(100.0, max(0.0, score)), 1)


def check_overrides(feedback: Feedback, overrides: Mapping[str, Override]) -> None:
    maxima = {b.id: b.max for b in feedback.breakdown if b.kind == "criterion"}
    for crit, o in overrides.items():
        if crit not in maxima:
            raise StoreError(
                tr(
                    "评分标准里没有“{c}”（有：{a}）",
                    'the rubric has no criterion "{c}" (it has: {a})',
                    c=crit,
                    a=", ".join(maxima),
                )
            )
        if not 0 <= o.points <= maxima[crit]:
            raise StoreError(
                tr(
                    "“{c}”的分数应在 0 到 {m:g} 之间（收到 {p:g}）",
                    '"{c}" takes 0 to {m:g} points (got {p:g})',
                    c=crit,
                    m=maxima[crit],
                    p=o.points,
                )
            )


def save_grade(
    store: Store,
    *,
    attempt: Attempt,
    trainee_id: str,
    trainee_name: str,
    feedback: Feedback,
    overrides: Mapping[str, Override],
    comment: str = "",
    grader: str = "",
    now: datetime | None = None,
) -> GradeRecord:
    """Create or revise the grade of ``attempt`` in the instructor's ``store``."""
    check_overrides(feedback, overrides)
    auto_points = {b.id: b.points for b in feedback.breakdown if b.kind == "criterion"}
    max_points = {b.id: b.max for b in feedback.breakdown if b.kind == "criterion"}
    criteria = [Grade(c, float(o.points), o.comment) for c, o in overrides.items()]
    when = (now or datetime.now().astimezone()).isoformat(timespec="seconds")
    gid = grade_id(attempt.id)
    old = store.grades.get(gid)
    history = []
    if old is not None:
        history = [
            *old.history,
            {
                "grader": old.grader,
                "graded": old.graded,
                "auto_score": old.auto_score,
                "criteria": [
                    {"criterion": g.criterion, "score": g.score, "comment": g.comment}
                    for g in old.criteria
                ],
                "comment": old.comment,
                "score": old.score,
            },
        ]
    record = GradeRecord(
        id=gid,
        rev=old.rev if old else 0,
        created=old.created if old else "",
        attempt_id=attempt.id,
        trainee_id=trainee_id,
        trainee_name=trainee_name,
        case_id=attempt.case_id,
        case_hash=attempt.case_hash,
        grader=grader,
        graded=when,
        auto_score=feedback.score,
        auto_points=auto_points,
        max_points=max_points,
        criteria=criteria,
        comment=comment,
        score=graded_score(feedback.score, auto_points, criteria),
        history=history,
    )
    return store.grades.save(record)
