"""Lessons come back when due; a rating moves the next showing (better rating, later)."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable

from coach.deal_review.lessons import new_lesson
from coach.tui.screens.lessons import LessonsScreen

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


async def test_rating_a_due_lesson_moves_it_on():
    app = make_app("en")
    store = app.session.store
    written = dt.datetime(2026, 3, 1, 9, 0)
    due = store.lessons.save(new_lesson("Explain the cash value first", written))
    store.lessons.save(new_lesson("Not due yet", dt.datetime(2026, 3, 10, 9, 0)))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open_lessons()
        await wait_screen(pilot, LessonsScreen)
        await wait_for(pilot, lambda: app.screen.query("#lessons-table"), "composed")
        table = app.screen.query_one("#lessons-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2, "rows")
        assert table.get_row_at(0)[:2] == ["now", "Explain the cash value first"]
        table.focus()
        await pilot.press("3")
        await wait_for(pilot, lambda: store.lessons.get(due.id).reviews == 1, "rated")
        good = store.lessons.get(due.id)
        assert good.due > "2026-03-11"
        assert table.get_row_at(1)[1] == "Explain the cash value first"  # no longer due: moved down
        await pilot.press("down", "4")  # the other one is not due: nothing changes
        await pilot.pause()
        assert store.lessons.get(due.id).reviews == 1
