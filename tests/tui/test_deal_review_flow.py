"""A whole deal review with a fixed clock: from the log (facts filled in), through carry-over
and the framework's steps, to actions and lessons, and the follow-up prompt on the due date."""

from __future__ import annotations

import datetime as dt

from textual.widgets import DataTable, Input, OptionList, RadioSet

from coach.domain.records import ActionItem, Cause
from coach.tui.screens.actions import ActionsScreen, FollowUpModal
from coach.tui.screens.deal_review import (
    DealReviewPractice,
    DealReviewScreen,
    ReviewDoneScreen,
    lost_this_quarter,
)
from coach.tui.screens.dialogs import ConfirmModal

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import goto_step, type_answer, wait_for, wait_screen


async def _ready(pilot, cls: type, selector: str) -> None:
    """The screen is current and composed (its ``selector`` widget exists)."""
    await wait_screen(pilot, cls)
    await wait_for(pilot, lambda: bool(pilot.app.screen.query(selector)), f"{cls.__name__} ready")


async def _follow_up(pilot, outcome: str, worked: int, note: str) -> None:
    await _ready(pilot, FollowUpModal, "#followup-note")
    modal = pilot.app.screen
    modal.query_one(f"#fu-{outcome}").value = True
    modal.query_one(f"#fu-w{worked}").value = True
    field = modal.query_one("#followup-note", Input)
    field.focus()
    await pilot.press(*note)
    await pilot.press("enter")


async def test_whole_deal_review_from_log_to_follow_up():
    app = make_app("en")
    store = app.session.store
    ids = seed(store)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.start_deal_review([ids["lost"]])
        await _ready(pilot, DealReviewScreen, "#carry-table")
        screen = app.screen
        # carry-over first: the last review's open actions, overdue one first
        table = screen.query_one("#carry-table", DataTable)
        assert table.row_count == 2
        assert table.get_row_at(0)[2] == "Call every no-decision client back"
        table.focus()
        await pilot.press("enter")
        await wait_screen(pilot, FollowUpModal)
        await _follow_up(pilot, "done", 4, "8 of 10 reached")
        await wait_screen(pilot, DealReviewScreen)
        await wait_for(pilot, lambda: table.row_count == 1, "carried action closed")
        old = store.actions.get(ids["old_action"])
        assert (old.status, old.worked, old.note, old.closed) == (
            "done", 4, "8 of 10 reached", "2026-03-10")  # fmt: skip
        # how it was lost
        screen.query_one("#loss-no_decision").value = True
        reason = screen.query_one("#deal-review-reason", Input)
        reason.value = "client froze the budget"
        await pilot.press("ctrl+s")
        await _ready(pilot, DealReviewPractice, "#live-panel")
        practice = app.screen
        assert [s.id for s in practice.target.steps] == [
            "goal", "result", "analyse", "insight", "lessons"]  # fmt: skip
        assert "Goal: 300,000 CNY" in practice.answers.text["goal"]
        assert "Gap: -300,000 CNY" in practice.answers.text["result"]
        assert "Lost at stage: proposal" in practice.answers.text["result"]
        # the cause and action rows, as their editors write them
        practice.answers.causes["analyse"] = [
            Cause("Clients doubt our expertise", "self",
                  ["I could not explain the cash value", "I skipped the product course",
                   "I thought scripts were enough"], "her own words")
        ]  # fmt: skip
        practice.answers.actions["insight"] = [
            ActionItem("Rehearse the cash-value table with my manager", "me", "2026-03-20",
                       "2 role-plays"),
            ActionItem("Call Mrs Li with the comparison sheet", "me", "2026-03-13",
                       "meeting booked"),
        ]  # fmt: skip
        await goto_step(pilot, "lessons")
        await type_answer(pilot, "lessons", "Explain the cash value before the price")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, ConfirmModal)
        await pilot.press("enter")
        await _ready(pilot, ReviewDoneScreen, "#review-done-cases")

        reviews = [r for r in store.reviews.list() if r.status == "done" and r.id != ids["old"]]
        assert len(reviews) == 1
        review = reviews[0]
        assert review.framework_id == "grai" and review.deal_ids == [ids["lost"]]
        assert review.lessons == ["Explain the cash value before the price"]
        assert ids["old_action"] in review.extra["carried"]
        actions = {a.text: a for a in store.actions.list() if a.review_id == review.id}
        assert {a.due for a in actions.values()} == {"2026-03-20", "2026-03-13"}
        lessons = store.lessons.list(lambda x: x.review_id == review.id)
        assert [x.text for x in lessons] == review.lessons and lessons[0].due.startswith(
            "2026-03-11"
        )
        deal = store.deals.get(ids["lost"])
        assert (deal.loss_type, deal.loss_reason) == ("no_decision", "client froze the budget")
        # coaching: the fixture bank's "clients doubt our expertise" case, practised in one key
        cases = app.screen.query_one("#review-done-cases", OptionList)
        assert cases.get_option_at_index(0).id == "mini-doubt"

        # a week on, on the due date of the call, the Actions screen asks
        app.session.clock = lambda: dt.datetime(2026, 3, 13, 9, 0)
        await pilot.press("a")
        await wait_screen(pilot, FollowUpModal)
        assert "Call Mrs Li" in str(app.screen.action_record.text)
        await _follow_up(pilot, "done", 5, "booked for Monday")
        await _ready(pilot, ActionsScreen, "#actions-table")
        call = store.actions.get(actions["Call Mrs Li with the comparison sheet"].id)
        assert (call.status, call.worked, call.closed) == ("done", 5, "2026-03-13")
        rehearse = store.actions.get(actions["Rehearse the cash-value table with my manager"].id)
        assert rehearse.status == "open"  # not due yet: it did not ask


async def test_next_review_carries_over_the_open_actions():
    app = make_app("zh")
    store = app.session.store
    ids = seed(store)
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        app.start_deal_review([ids["lost"]])
        await wait_screen(pilot, DealReviewScreen)
        await pilot.press("ctrl+s")
        await _ready(pilot, DealReviewPractice, "#live-panel")
        practice = app.screen
        practice.answers.actions["insight"] = [
            ActionItem("给每位未决客户打回访电话", "我", "2026-03-31", "20个电话")
        ]
        practice.submit()
        await _ready(pilot, ReviewDoneScreen, "#review-done-cases")
        first = next(r for r in store.reviews.list() if r.status == "done" and r.id != ids["old"])
        await pilot.press("escape")
        # the next review of the same kind starts with that review's open action
        app.start_deal_review([ids["won"]])
        await _ready(pilot, DealReviewScreen, "#carry-table")
        table = app.screen.query_one("#carry-table", DataTable)
        assert table.row_count == 1
        assert table.get_row_at(0)[2] == "给每位未决客户打回访电话"
        assert first.title in str(app.screen.query_one("#carry-title").render())


async def test_lost_this_quarter_and_the_palette_route():
    app = make_app("en")
    ids = seed(app.session.store)
    async with app.run_test() as pilot:
        await pilot.pause()
        assert set(lost_this_quarter(app.session)) == {
            ids["lost"],
            *(d.id for d in app.session.store.deals.list() if d.client == "Ms Xu"),
        }
        app.action_review_lost_this_quarter()
        await _ready(pilot, DealReviewScreen, "#carry-table")
        assert "2 lost deals" in str(app.screen.query_one("#deal-review-title").render())
        assert not app.screen.query(RadioSet)  # the loss choice is for one deal
