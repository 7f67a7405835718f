"""Issue 15 item 3: F2 is an event each screen handles — Practice shows the draft again.

The old switch re-composed every screen and called ``on_mount()`` by hand; Practice's is async,
so it was never awaited and the answer boxes came back empty (the draft only in memory).
"""

from __future__ import annotations

import warnings

import pytest

from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.answer_editor import AnswerArea

from .helpers import make_app
from .practice_helpers import send_text, wait_for, wait_screen

TEXT = {"zh": "一月开门红是高峰", "en": "January kickoff peak"}
OTHER = {"zh": "en", "en": "zh"}
STEP_WORD = {"zh": "第 1/", "en": "Step 1/"}


def _areas(screen: PracticeScreen) -> list[AnswerArea]:
    return list(screen.query(AnswerArea))


async def _practice(pilot) -> PracticeScreen:
    await wait_screen(pilot, PracticeScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: bool(_areas(screen)), "the answer boxes")
    return screen


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_f2_keeps_the_typed_answer_in_its_box(lang: str) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _practice(pilot)
        area = _areas(screen)[0]
        slot = area.slot_id
        await send_text(pilot, TEXT[lang])
        await wait_for(pilot, lambda: screen.answers.text.get(slot) == TEXT[lang], "typed")
        await pilot.press("left", "left", "left")  # the cursor inside the text, not at its end
        before = area.cursor_location
        assert before[1] == len(TEXT[lang]) - 3
        with warnings.catch_warnings():
            warnings.simplefilter("error", RuntimeWarning)  # "coroutine … never awaited"
            await pilot.press("f2")
            await pilot.pause()
        assert app.session.lang == OTHER[lang]
        boxes = {a.slot_id: a for a in _areas(screen)}
        assert boxes, "the step's answer boxes are shown after F2"
        assert boxes[slot].text == TEXT[lang]
        assert boxes[slot].cursor_location == before
        assert screen.focused is boxes[slot]
        title = str(screen.query_one("#step-title").render())
        assert STEP_WORD[OTHER[lang]] in title
        # and back: F2 twice
        await pilot.press("f2")
        await pilot.pause()
        assert app.session.lang == lang
        again = {a.slot_id: a for a in _areas(screen)}
        assert again[slot].text == TEXT[lang]
        assert STEP_WORD[lang] in str(screen.query_one("#step-title").render())
        # typing goes on where the cursor was
        await send_text(pilot, "X")
        t = TEXT[lang]
        await wait_for(
            pilot, lambda: screen.answers.text.get(slot) == t[:-3] + "X" + t[-3:], "more"
        )


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_f2_keeps_a_pasted_2000_character_answer(lang: str) -> None:
    from textual import events

    text = ("开门红前两个月备好名单。" * 200)[:2000]
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _practice(pilot)
        slot = _areas(screen)[0].slot_id
        app.post_message(events.Paste(text))
        await wait_for(pilot, lambda: screen.answers.text.get(slot) == text, "the paste")
        await pilot.press("f2")
        await pilot.pause()
        assert {a.slot_id: a.text for a in _areas(screen)}[slot] == text
        await pilot.press("f2")
        await pilot.pause()
        assert {a.slot_id: a.text for a in _areas(screen)}[slot] == text


async def test_f2_relabels_the_live_panel_in_the_new_language() -> None:
    """The coach's notes follow the language too: the checker is rebuilt for it."""
    app = make_app("zh", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _practice(pilot)
        old = screen.checker
        await pilot.press("f2")
        await pilot.pause()
        assert screen.checker is not None and screen.checker is not old
        assert str(screen.query_one("#live-title").render()) == "Coach"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_switch_in_quick_add_keeps_the_typed_line_and_reads_it_in_the_new_language(lang):
    """A dialog composed again keeps what was typed into its fields (by the field's id). F2
    itself does not reach a dialog (Textual stops app keys at a modal); the palette's
    "Switch language" does, so the action is run as the palette runs it."""
    from textual.widgets import Input, Static

    from coach.tui.screens.deal_form import QuickAddScreen

    from .deal_fixture import make_deals_app
    from .practice_helpers import send_text

    app = make_deals_app(lang)
    async with app.run_test(size=(100, 30)) as pilot:
        app.action_open_deals()
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("a")
        await wait_screen(pilot, QuickAddScreen)
        modal = app.screen
        line = "王女士 年金险 50万 赢单"
        await send_text(pilot, line)
        box = modal.query_one("#quick-input", Input)
        await wait_for(pilot, lambda: box.value == line, "the typed line")
        await app.run_action("toggle_language")
        await pilot.pause()
        box = modal.query_one("#quick-input", Input)
        assert box.value == line and box.cursor_position == len(line)
        assert modal.focused is box
        understood = str(modal.query_one("#quick-understood", Static).render())
        assert ("Read as" if OTHER[lang] == "en" else "读作") in understood
        assert "王女士" in understood


async def test_every_screen_follows_f2_without_a_hand_called_mount(recwarn) -> None:
    """Learn, Progress, Lessons, Actions, Deals, Insights, Practice: F2 with each open, twice; none
    is mounted by hand (no coroutine left unawaited) and each keeps its title's language."""
    import gc

    app = make_app("zh")
    opens = [
        app.action_open_learn,
        app.action_open_progress,
        app.action_open_lessons,
        app.action_open_actions,
        app.action_open_deals,
        app.action_open_insights,
        lambda: app.start_practice("mini-peaks"),
    ]
    async with app.run_test(size=(120, 40)) as pilot:
        for open_screen in opens:
            app.action_open_home()
            await pilot.pause()
            open_screen()
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            screen = app.screen
            zh_title = screen.title
            await pilot.press("f2")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.screen is screen
            assert screen.title != zh_title, type(screen).__name__
            await pilot.press("f2")
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.title == zh_title, type(screen).__name__
    gc.collect()
    assert not [w for w in recwarn if "never awaited" in str(w.message)]
