"""Snapshots of Practice, its dialogs, Feedback and self-score: 80×24 and 120×40, zh and en.

Deterministic: fixed clock, the fixture bank, the draft saved and the live checks run before the
picture is taken (not left to timers). Update with --snapshot-update and look at the result.
"""

from __future__ import annotations

import pytest

from coach.tui.screens.feedback import FeedbackScreen
from coach.tui.screens.practice import PracticeScreen

from .helpers import make_app
from .practice_helpers import goto_step, send_text, wait_screen

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]

ANSWER = {
    "zh": "一月开门红是高峰，保证收益。",
    "en": "The January kick-off is the peak; guaranteed return.",
}


async def _practice(pilot, lang: str) -> PracticeScreen:
    await wait_screen(pilot, PracticeScreen)
    screen = pilot.app.screen
    await send_text(pilot, ANSWER[lang])
    screen.save_draft()
    screen._run_live_checks()
    await pilot.pause()
    return screen


async def _step1(pilot, lang):
    await _practice(pilot, lang)


async def _causes(pilot, lang):
    await _practice(pilot, lang)
    await goto_step(pilot, "analyse")
    await send_text(pilot, "年终奖" if lang == "zh" else "Bonus")
    pilot.app.screen._run_live_checks()
    await pilot.pause()


async def _actions(pilot, lang):
    await _practice(pilot, lang)
    await goto_step(pilot, "improve")
    await pilot.pause()


async def _confirm(pilot, lang):
    await _practice(pilot, lang)
    await pilot.press("ctrl+s")
    await pilot.pause()


async def _feedback(pilot, lang, keys=()):
    await _practice(pilot, lang)
    await pilot.press("ctrl+s")
    await pilot.pause()
    await pilot.press("enter")
    await wait_screen(pilot, FeedbackScreen)
    for key in keys:
        await pilot.press(key)
    await pilot.pause()


SCREENS = {
    "practice": _step1,
    "practice-causes": _causes,
    "practice-actions": _actions,
    "submit-confirm": _confirm,
    "feedback": _feedback,
    "feedback-points": lambda p, lang: _feedback(p, lang, ["right"]),
    "feedback-notes": lambda p, lang: _feedback(p, lang, ["right", "right"]),
    "selfscore": lambda p, lang: _feedback(p, lang, ["s"]),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_practice_screen(snap_compare, screen: str, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)

    async def run_before(pilot) -> None:
        await SCREENS[screen](pilot, lang)

    assert snap_compare(app, run_before=run_before, terminal_size=size)
