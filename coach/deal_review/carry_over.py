"""Carry-over: the next review of the same kind starts with the open actions of the last one.

A review's kind: reviews of deals (one or a set) are one kind, period reviews another, case
reviews a third. "The last one" is the most recent finished review of that kind.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from coach.domain.records import Action, Review

KIND_OF_SUBJECT = {"deal": "deals", "deals": "deals", "period": "period", "case": "case"}


def review_kind(review: Review) -> str:
    return KIND_OF_SUBJECT.get(review.subject, review.subject)


@dataclass
class CarryOver:
    review: Review | None = None
    actions: list[Action] = field(default_factory=list)  # still open

    def __bool__(self) -> bool:
        return bool(self.actions)


def _when(review: Review) -> str:
    return review.extra.get("finished") or review.updated or review.created


def last_review(reviews: Sequence[Review], kind: str, exclude: str = "") -> Review | None:
    done = [r for r in reviews if r.status == "done" and review_kind(r) == kind and r.id != exclude]
    return max(done, key=_when, default=None)


def carry_over(
    reviews: Sequence[Review], actions: Sequence[Action], kind: str, exclude: str = ""
) -> CarryOver:
    """The last finished review of ``kind`` (other than ``exclude``) and its actions still open."""
    last = last_review(reviews, kind, exclude)
    if last is None:
        return CarryOver()
    ids = set(last.action_ids)
    still_open = [
        a for a in actions if a.status == "open" and (a.id in ids or a.review_id == last.id)
    ]
    still_open.sort(key=lambda a: (a.due or "9999", a.text))
    return CarryOver(last, still_open)
