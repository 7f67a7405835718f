"""Issue 15, Practice: what the coach panel counts as a cause, SMART written out, the row keys
(ctrl+d deletes a row, Tab skips the delete buttons, ctrl+n puts the cursor in the new row) and
the submit dialog's sentence."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Input

from coach.tui.screens.dialogs import ConfirmModal
from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.action_editor import ActionRow
from coach.tui.widgets.cause_editor import CauseRow
from coach.tui.widgets.live_panel import LivePanel

from .helpers import make_app
from .practice_helpers import goto_step, type_answer, type_field, wait_for, wait_screen

PROSE = {
    "zh": "客户年底拿到年终奖。一月份现金多。顾问提前联系了客户。活动办得早。",
    "en": "Clients get a bonus in December. Cash is high in January. "
    "Advisers called early. The event started early.",
}


def panel_text(screen: PracticeScreen) -> str:
    return str(screen.query_one(LivePanel).render())


async def open_practice(pilot) -> PracticeScreen:
    await wait_screen(pilot, PracticeScreen)
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    return screen


def cause_slot(screen: PracticeScreen) -> str:
    return next(s.id for s in screen.target.all_slots() if s.input == "causes")


async def goto_slot_step(pilot, screen: PracticeScreen, slot_id: str) -> None:
    step = next(s for s in screen.target.all_slots() if s.id == slot_id).step
    await goto_step(pilot, step)


async def checked(pilot, screen: PracticeScreen) -> str:
    screen._run_live_checks()
    await pilot.pause()
    return panel_text(screen)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_prose_sentences_are_not_counted_as_causes(lang: str) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot)
        slot = cause_slot(screen)
        await goto_slot_step(pilot, screen, slot)
        await type_answer(pilot, slot, PROSE[lang])
        text = await checked(pilot, screen)
        # the panel says where it read causes from, and why; plain sentences are no causes
        assert tr_(lang, "原因读自正文", "Causes read from your text") in text
        assert tr_(lang, "原因分析的行还空着", "the cause rows are empty") in text
        assert tr_(lang, "0 层为什么", "0 whys") not in text
        assert tr_(lang, "原因 4", "Cause 4") not in text
        # with a structured cause, the panel shows that one and nothing from the prose
        await type_field(pilot, ".cause-text", "年终奖" if lang == "zh" else "Bonus")
        await wait_for(pilot, lambda: screen.answers.causes.get(slot), "cause stored")
        text = await checked(pilot, screen)
        assert tr_(lang, "原因 1", "Cause 1") in text
        assert tr_(lang, "原因 2", "Cause 2") not in text
        assert tr_(lang, "原因读自正文", "Causes read from your text") not in text
        # emptied again: the prose is read again (a blank row is no structured cause)
        field = screen.query(".cause-text").first(Input)
        field.value = ""
        await wait_for(pilot, lambda: not screen.answers.causes.get(slot), "cause cleared")
        text = await checked(pilot, screen)
        assert tr_(lang, "原因读自正文", "Causes read from your text") in text


def tr_(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_smart_hints_are_written_out(lang: str) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot)
        slot = next(s.id for s in screen.target.all_slots() if s.input == "actions")
        await goto_slot_step(pilot, screen, slot)
        await type_field(pilot, ".action-what", "Call" if lang == "en" else "打电话")
        await wait_for(pilot, lambda: screen.answers.actions.get(slot), "action stored")
        text = await checked(pilot, screen)
        for zh, en in (("具体", "Specific"), ("可衡量", "Measurable"), ("有时限", "Time-bound")):
            assert tr_(lang, zh, en) in text
        assert tr_(lang, "可达成", "Achievable") in text
        for letter in "SMAT":
            assert f"{letter} " not in text.replace("SMART", "")


async def test_tab_skips_delete_buttons_and_ctrl_d_deletes_the_row() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot)
        slot = next(s.id for s in screen.target.all_slots() if s.input == "actions")
        await goto_slot_step(pilot, screen, slot)
        assert not any(b.focusable for b in screen.query(".row-remove").results(Button))
        # Tab through the whole step: never on a delete button
        seen = []
        for _ in range(12):
            await pilot.press("tab")
            seen.append(app.focused)
        assert not any(isinstance(w, Button) and w.has_class("row-remove") for w in seen)
        # two rows, type into the second, ctrl+d on its field deletes it
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: len(screen.query(ActionRow)) == 2, "second row")
        await type_field(pilot, ".action-what", "Call 30 clients", 1)
        await wait_for(pilot, lambda: len(screen.answers.actions.get(slot, [])) == 2, "stored")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: len(screen.query(ActionRow)) == 1, "row deleted")
        assert len(screen.answers.actions[slot]) == 1
        # the cursor stays in the editor, on the remaining row
        assert isinstance(app.focused, Input)
        assert app.focused in screen.query(ActionRow).first().query(Input)
        # the key is listed with its description
        assert any(
            b.binding.id == "practice-remove-row" and b.binding.description == "Delete row"
            for b in screen.active_bindings.values()
        )


async def test_ctrl_d_deletes_a_cause_row() -> None:
    app = make_app("zh", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot)
        slot = cause_slot(screen)
        await goto_slot_step(pilot, screen, slot)
        await type_field(pilot, ".cause-text", "年终奖")
        await pilot.press("ctrl+n")
        await wait_for(pilot, lambda: len(screen.query(CauseRow)) == 2, "second row")
        await pilot.press("ctrl+d")
        await wait_for(pilot, lambda: len(screen.query(CauseRow)) == 1, "row deleted")
        assert screen.query(CauseRow).first().query_one(".cause-text", Input).value == "年终奖"


@pytest.mark.parametrize("kind", ["causes", "actions"])
async def test_ctrl_n_puts_the_cursor_in_the_new_row(kind: str) -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_practice(pilot)
        slot = next(s.id for s in screen.target.all_slots() if s.input == kind)
        await goto_slot_step(pilot, screen, slot)
        row_cls = CauseRow if kind == "causes" else ActionRow
        first_cls = ".cause-text" if kind == "causes" else ".action-what"
        for n in (2, 3, 4):
            await pilot.press("ctrl+n")
            await wait_for(pilot, lambda n=n: len(screen.query(row_cls)) == n, f"row {n}")
            new = list(screen.query(row_cls).results(row_cls))[-1].query_one(first_cls, Input)
            await wait_for(pilot, lambda new=new: app.focused is new, "focus in the new row")
            # the cursor is on screen: the field is scrolled into view
            await wait_for(
                pilot,
                lambda new=new: new.region.height > 0
                and screen.query_one("#practice-main").region.contains_region(new.region),
                "new row visible",
            )
            await pilot.press("x")
            await wait_for(pilot, lambda new=new: new.value == "x", "typing lands in it")


async def test_submit_dialog_sentence() -> None:
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_practice(pilot)
        await type_answer(pilot, screen.target.all_slots()[0].id, "The January kick-off.")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, ConfirmModal)
        text = " ".join(str(s.render()) for s in app.screen.query("Static"))
        assert "Submitting scores this attempt and keeps it; the draft is then removed." in text

