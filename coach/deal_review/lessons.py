"""Lessons that come back: each lesson is an FSRS card (the maintained `fsrs` scheduler).

The person rates how well they apply the lesson (1 again … 4 easily); the scheduler moves the next
showing accordingly. The card's own state is stored in ``Lesson.card`` and the next showing in
``Lesson.due`` as a local ISO timestamp (``YYYY-MM-DDTHH:MM:SS``, the app's clock has no zone).
Lessons are rules for real work, not flash cards: no minute-long learning steps, no fuzz (so a
schedule can be tested), and a new lesson first comes back the next day.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from functools import cache

from coach.domain.records import Lesson
from coach.i18n import tr

RATING_LABELS: dict[int, tuple[str, str]] = {
    1: ("没做到", "Forgot it"),
    2: ("勉强做到", "Hard"),
    3: ("做到了", "Applied it"),
    4: ("已成习惯", "Second nature"),
}


def rating_label(rating: int) -> str:
    return tr(*RATING_LABELS[rating])


@cache
def _scheduler():
    from fsrs import Scheduler

    return Scheduler(learning_steps=(), relearning_steps=(), enable_fuzzing=False)


def _utc(moment: dt.datetime) -> dt.datetime:
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def _local(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def new_lesson(text: str, now: dt.datetime, review_id: str = "") -> Lesson:
    from fsrs import Card

    first = _utc(now) + dt.timedelta(days=1)
    card = Card(due=first)
    return Lesson(review_id=review_id, text=text.strip(), due=_local(first), card=card.to_dict())


def rate_lesson(lesson: Lesson, rating: int, now: dt.datetime) -> Lesson:
    """A copy of ``lesson`` scheduled after the person's ``rating`` (1..4) at ``now``."""
    from fsrs import Card, Rating

    if rating not in RATING_LABELS:
        raise ValueError(tr("评分要在 1 到 4 之间", "The rating must be 1 to 4"))
    card = Card.from_dict(lesson.card) if lesson.card else Card(due=_utc(now))
    card, _log = _scheduler().review_card(card, Rating(rating), review_datetime=_utc(now))
    return dataclasses.replace(
        lesson, card=card.to_dict(), due=_local(card.due), reviews=lesson.reviews + 1
    )


def is_due(lesson: Lesson, now: dt.datetime) -> bool:
    if not lesson.due:
        return True
    try:
        due = dt.datetime.fromisoformat(lesson.due)
    except ValueError:
        return True
    return _utc(due) <= _utc(now)


def due_lessons(lessons: Iterable[Lesson], now: dt.datetime) -> list[Lesson]:
    return sorted((x for x in lessons if is_due(x, now)), key=lambda x: x.due)
