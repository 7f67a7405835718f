"""The Actions screen: buckets on the fixed date, the filter, follow-up asked on the due date."""

from __future__ import annotations

from textual.widgets import DataTable

from coach.domain.records import Action
from coach.tui.screens.actions import ActionsScreen, FollowUpModal

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


def _seed(store) -> None:
    store.actions.save_many(
        [
            Action(text="overdue call", due="2026-03-01"),
            Action(text="soon call", due="2026-03-14"),
            Action(text="later call", due="2026-05-01"),
            Action(text="finished", due="2026-02-01", status="done", worked=4, closed="2026-02-02"),
            Action(text="given up", due="2026-02-01", status="dropped", closed="2026-02-03"),
        ]
    )


async def test_buckets_filter_and_the_prompt():
    app = make_app("en")
    _seed(app.session.store)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.action_open_actions()
        await wait_screen(pilot, FollowUpModal)  # the overdue action asks by itself
        assert app.screen.action_record.text == "overdue call"
        await pilot.press("escape")  # later
        await wait_screen(pilot, ActionsScreen)
        screen = app.screen
        table = screen.query_one("#actions-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 5, "five rows")
        statuses = [table.get_row_at(i)[0] for i in range(5)]
        assert statuses == ["Overdue", "Due soon", "Open", "Done", "Dropped"]
        assert (
            app.session.store.actions.list(lambda a: a.text == "overdue call")[0].status == "open"
        )
        await pilot.press("f", "f")  # all → overdue → due soon
        assert screen.filter == "due_soon" and table.row_count == 1
        assert table.get_row_at(0)[2] == "soon call"
        table.focus()
        await pilot.press("enter")  # not due yet, but can be followed up early
        await wait_screen(pilot, FollowUpModal)
        app.screen.query_one("#fu-dropped").value = True
        app.screen.query_one("#followup-save").press()
        await wait_screen(pilot, ActionsScreen)
        soon = app.session.store.actions.list(lambda a: a.text == "soon call")[0]
        assert (soon.status, soon.closed, soon.worked) == ("dropped", "2026-03-10", None)


async def test_no_actions_says_where_they_come_from():
    app = make_app("zh")
    async with app.run_test() as pilot:
        await pilot.pause()
        app.action_open_actions()
        await wait_screen(pilot, ActionsScreen)
        await wait_for(pilot, lambda: app.screen.query("#actions-detail"), "composed")
        assert "交易复盘" in str(app.screen.query_one("#actions-detail").render())
