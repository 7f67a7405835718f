"""Issue 15, Case: a locked case is read and previewed, never practised for a count; the screen
uses the width it has (the exhibits beside the background from 110 columns)."""

from __future__ import annotations

import pytest
from textual.widgets import Markdown, Static, TabbedContent

from coach.tui.progress_data import load_progress
from coach.tui.screens.case import CaseScreen
from coach.tui.screens.dialogs import ChoiceModal, ConfirmModal
from coach.tui.screens.feedback import FeedbackScreen
from coach.tui.screens.practice import PracticeScreen
from coach.tui.screens.preview_feedback import PreviewFeedbackScreen

from .helpers import make_app
from .practice_helpers import type_answer, wait_for, wait_screen
from .progress_seed import settle

MODULE = {"zh": "产品知识", "en": "Product knowledge"}
PREVIEW = {"zh": "预览", "en": "Preview"}


async def open_case(pilot, case_id: str) -> CaseScreen:
    await settle(pilot)
    pilot.app.open_case(case_id)
    await wait_screen(pilot, CaseScreen)
    screen = pilot.app.screen
    await wait_for(pilot, lambda: screen.lock_known, "the lock read")
    return screen


def text_of(widget) -> str:
    return str(widget.render())


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_locked_case_says_what_unlocks_it_and_p_does_not_count(lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, "mini-doubt")  # needs the product module first
        lock = screen.query_one("#case-lock", Static)
        assert lock.display and MODULE[lang] in text_of(lock)
        await pilot.press("p")
        await wait_screen(pilot, ChoiceModal)
        assert MODULE[lang] in text_of(app.screen.query_one(".dialog-body", Static))
        await pilot.press("escape")  # keep reading
        await wait_screen(pilot, CaseScreen)
        assert not any(isinstance(s, PracticeScreen) for s in app.screen_stack)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_preview_is_labelled_and_stores_nothing(lang: str) -> None:
    app = make_app(lang)
    store = app.session.store
    async with app.run_test(size=(120, 40)) as pilot:
        await open_case(pilot, "mini-doubt")
        await pilot.press("p")
        await wait_screen(pilot, ChoiceModal)
        await pilot.press("enter")  # Preview (not counted), the default
        await wait_screen(pilot, PracticeScreen)
        practice = app.screen
        await wait_for(pilot, lambda: practice.query("#draft-status"), "Practice composed")
        assert practice.preview and practice.keeper.read_only
        banner = practice.query_one("#practice-preview", Static)
        assert PREVIEW[lang] in text_of(banner) and MODULE[lang] in text_of(banner)
        assert PREVIEW[lang] in text_of(practice.query_one("#draft-status", Static))
        await type_answer(pilot, "g1", "满意度从70%提高到85% satisfaction")
        practice.save_draft()  # a save point: a preview keeps nothing
        await pilot.press("ctrl+s")
        await wait_screen(pilot, ConfirmModal)
        await pilot.press("enter")
        await wait_screen(pilot, PreviewFeedbackScreen)
        feedback = app.screen
        banner = feedback.query_one("#fb-preview", Static)
        assert PREVIEW[lang] in text_of(banner)
        score = text_of(feedback.query_one("#fb-score", Static))
        assert ("预览，不计分" if lang == "zh" else "preview, not counted") in score
        assert feedback.attempt is not None and feedback.attempt.score > 0  # it was scored
        assert not feedback.check_action("self_score", ())  # no attempt to keep a self-score
        assert store.attempts.list() == [] and store.drafts.list() == []
        progress = load_progress(app.session)
        assert progress.locked("mini-doubt") is not None  # nothing moved
        assert progress.case("mini-doubt").attempts == 0
        await pilot.press("f2")  # the banner follows the language
        await pilot.pause()
        other = "en" if lang == "zh" else "zh"
        assert PREVIEW[other] in text_of(app.screen.query_one("#fb-preview", Static))


async def test_practice_opened_another_way_on_a_locked_case_is_a_preview() -> None:
    """A deal review's suggestion or ``coach --case … --practice`` goes straight to Practice."""
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.start_practice("mini-doubt")
        await wait_screen(pilot, PracticeScreen)
        await wait_for(pilot, lambda: app.screen.query("#practice-preview"), "the banner")
        assert app.screen.preview and app.screen.keeper.read_only
        await type_answer(pilot, "g1", "satisfaction went up")
        await pilot.press("escape")  # leaves at once: nothing to keep
        await wait_for(pilot, lambda: not isinstance(app.screen, PracticeScreen), "left")
        assert app.session.store.drafts.list() == []


async def test_an_open_case_starts_a_counted_attempt() -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, "mini-peaks")
        assert not screen.query_one("#case-lock", Static).display
        await pilot.press("p")
        await wait_screen(pilot, PracticeScreen)
        practice = app.screen
        await wait_for(pilot, lambda: practice.query("#draft-status"), "Practice composed")
        assert not practice.preview and not practice.query("#practice-preview")
        await type_answer(pilot, "q1", "一月开门红是高峰，因为年终奖发放。")
        await pilot.press("ctrl+s")
        await wait_screen(pilot, ConfirmModal)
        await pilot.press("enter")
        await wait_screen(pilot, FeedbackScreen)
        assert not isinstance(app.screen, PreviewFeedbackScreen)
        assert len(app.session.store.attempts.list()) == 1


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_120_columns_the_exhibits_stand_beside_the_background(lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_case(pilot, "mini-peaks")
        await pilot.pause()
        background = screen.query_one("#background-scroll")
        exhibits = screen.query_one("#exhibits-scroll")
        assert screen.query("#case-body")
        b, x = background.region, exhibits.region
        assert b.width and x.width and x.x >= b.right  # side by side, both on screen
        assert b.width + x.width >= 100  # the width is used, not left empty
        questions = screen.query_one("#case-questions", Markdown)
        prompt = app.session.content.cases["mini-peaks"].questions[0].prompt.get(lang)
        assert prompt in questions.source
        await pilot.press("x")
        await wait_for(pilot, lambda: exhibits.has_focus, "the exhibits")
        assert screen.query_one(TabbedContent).active == "exhibits"
        await pilot.press("b")
        await wait_for(pilot, lambda: background.has_focus, "the background")
        # narrower than 110 columns: one column, background and exhibits as tabs
        await pilot.resize_terminal(100, 30)
        await wait_for(pilot, lambda: not screen.query("#case-body"), "one column")
        assert screen.query_one("#background-scroll").has_focus
        await pilot.press("x")
        await wait_for(pilot, lambda: screen.query_one(TabbedContent).active == "exhibits", "x")
        await pilot.resize_terminal(120, 40)
        await wait_for(pilot, lambda: screen.query("#case-body"), "two columns again")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_at_80_columns_background_and_exhibits_are_tabs(lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_case(pilot, "mini-peaks")
        assert not screen.query("#case-body")
        tabs = screen.query_one(TabbedContent)
        assert tabs.active == "background"
        assert screen.query_one("#case-questions", Markdown).source
        await pilot.press("x")
        await wait_for(pilot, lambda: tabs.active == "exhibits", "the exhibits tab")
        await pilot.press("b")
        await wait_for(pilot, lambda: tabs.active == "background", "the background tab")
