"""Submitting an answer over the engine's limit: refused with the limit named, the draft kept."""

from __future__ import annotations

from coach.review import MAX_ANSWER_CHARS
from coach.tui.screens.practice import PracticeScreen

from .helpers import make_app
from .practice_helpers import wait_screen


async def test_an_answer_over_the_limit_is_not_submitted_and_stays():
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        slot = screen.target.all_slots()[0].id
        screen.answers.text[slot] = "x" * (MAX_ANSWER_CHARS + 1)
        assert screen.submit() is None
        await pilot.pause()
        assert app.screen is screen and len(screen.answers.text[slot]) == MAX_ANSWER_CHARS + 1
        assert any(f"{MAX_ANSWER_CHARS:,}" in n.message for n in app._notifications)
        assert not app.session.store.attempts.list()
