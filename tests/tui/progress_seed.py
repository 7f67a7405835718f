"""Attempts, a draft, an action and a lesson written straight to the test store, for the
Home and Progress tests (the Practice screen that makes them is tested on its own)."""

from __future__ import annotations

from coach.domain.records import Action, Attempt, Draft, Lesson
from coach.tui.app import CoachApp


def seed_progress(app: CoachApp) -> None:
    store = app.session.store
    assert store is not None
    for case, score, day, seconds in (
        ("mini-peaks", 55, "2026-03-02", 900),
        ("mini-peaks", 82, "2026-03-05", 600),
        ("mini-doubt", 64, "2026-03-08", 1200),
    ):
        store.attempts.save(
            Attempt(
                case_id=case,
                curriculum_id="mini-course",
                score=score,
                submitted=f"{day}T10:00:00",
                seconds=seconds,
            )
        )
    store.drafts.save(Draft(target="case:mini-doubt", step=2, seconds=300))


def seed_due(app: CoachApp) -> None:
    store = app.session.store
    assert store is not None
    store.actions.save(Action(text="回访张伟 / call Zhang Wei back", due="2026-03-09"))
    store.actions.save(Action(text="not yet", due="2026-03-11"))
    store.actions.save(Action(text="already done", due="2026-03-01", status="done"))
    store.lessons.save(Lesson(text="先确认预算再报价", due="2026-03-10T08:00:00"))
    store.lessons.save(Lesson(text="later lesson", due="2026-04-01T08:00:00"))


async def settle(pilot) -> None:
    """Wait until the screen's store reads have arrived and been drawn."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
