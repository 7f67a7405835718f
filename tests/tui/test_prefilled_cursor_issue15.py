"""Issue 15 item 4: a deal review's boxes come filled with facts from the log; what is typed
goes after them (the cursor starts at the end), ctrl+Home and ctrl+End move through the whole
answer. And (a stumble) Esc from 复盘完成 shows the carry-over as it is now."""

from __future__ import annotations

import pytest
from textual import events
from textual.widgets import DataTable

from coach.domain.records import ActionItem
from coach.tui.screens.deal_review import DealReviewPractice, DealReviewScreen, ReviewDoneScreen
from coach.tui.widgets.answer_editor import AnswerArea

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import send_text, wait_for, wait_screen

MORE = {"zh": "我补充一句", "en": "my own note"}


async def _review(pilot, ids) -> DealReviewPractice:
    app = pilot.app
    app.start_deal_review([ids["lost"]])
    await wait_screen(pilot, DealReviewScreen)
    await wait_for(pilot, lambda: bool(app.screen.query("#carry-table")), "the review screen")
    await pilot.press("ctrl+s")
    await wait_screen(pilot, DealReviewPractice)
    practice = app.screen
    await wait_for(pilot, lambda: bool(practice.query(AnswerArea)), "the answer boxes")
    return practice


def _area(practice, slot: str) -> AnswerArea:
    return next(a for a in practice.query(AnswerArea) if a.slot_id == slot)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_typing_goes_after_the_prefilled_facts(lang: str) -> None:
    app = make_app(lang)
    ids = seed(app.session.store)
    async with app.run_test(size=(120, 40)) as pilot:
        practice = await _review(pilot, ids)
        area = _area(practice, "goal")
        facts = area.text
        assert facts.strip(), "the goal step is filled in from the log"
        assert app.focused is area and area.cursor_location == area.document.end
        await send_text(pilot, MORE[lang])
        await wait_for(pilot, lambda: practice.answers.text["goal"] == facts + MORE[lang], "end")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_ctrl_home_and_ctrl_end_move_through_the_whole_answer(lang: str) -> None:
    app = make_app(lang)
    ids = seed(app.session.store)
    async with app.run_test(size=(120, 40)) as pilot:
        practice = await _review(pilot, ids)
        area = _area(practice, "goal")
        facts = area.text
        assert "\n" in facts  # more than one line: End alone would not get there
        await pilot.press("ctrl+home")
        assert area.cursor_location == (0, 0)
        await pilot.press("ctrl+end")
        assert area.cursor_location == area.document.end
        await send_text(pilot, MORE[lang])
        await wait_for(pilot, lambda: practice.answers.text["goal"] == facts + MORE[lang], "end")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_pasted_2000_characters_go_after_the_facts(lang: str) -> None:
    pasted = ("客户担心现金价值，我没有讲清楚。" * 130)[:2000]
    app = make_app(lang)
    ids = seed(app.session.store)
    async with app.run_test(size=(120, 40)) as pilot:
        practice = await _review(pilot, ids)
        facts = _area(practice, "goal").text
        app.post_message(events.Paste(pasted))
        await wait_for(pilot, lambda: practice.answers.text["goal"] == facts + pasted, "paste")
        await pilot.press("f2")
        await pilot.pause()
        assert _area(practice, "goal").text == facts + pasted


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_escape_from_review_done_shows_the_new_carry_over(lang: str) -> None:
    app = make_app(lang)
    store = app.session.store
    ids = seed(store)
    async with app.run_test(size=(120, 40)) as pilot:
        practice = await _review(pilot, ids)
        practice.answers.actions["insight"] = [
            ActionItem("Rehearse the cash-value table", "me", "2026-03-20", "2 role-plays"),
            ActionItem("Call Mrs Li with the sheet", "me", "2026-03-13", "meeting booked"),
        ]
        practice.submit()
        await wait_screen(pilot, ReviewDoneScreen)
        await pilot.press("escape")
        await wait_screen(pilot, DealReviewScreen)
        table = app.screen.query_one("#carry-table", DataTable)
        await wait_for(pilot, lambda: table.row_count == 2, "the two new actions carried over")
        texts = {str(table.get_row_at(i)[2]) for i in range(2)}
        assert texts == {"Rehearse the cash-value table", "Call Mrs Li with the sheet"}
