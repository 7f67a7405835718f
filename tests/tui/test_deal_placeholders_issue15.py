"""Issue 15: every input's placeholder on the deal screens shows whole, in both languages, at 80
and 120 columns — an Input wraps a long placeholder and shows its first line only ("Due (e.g. 30"
of "Due (e.g. 30 Apr)")."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.widgets import Input

from coach.tui.screens.actions import FollowUpModal
from coach.tui.screens.deal_form import QuickAddScreen
from coach.tui.screens.deal_review import DealReviewPractice, DealReviewScreen
from coach.tui.screens.deals import DealsScreen

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import goto_step, wait_for, wait_screen

SIZES = [(80, 24), (120, 40)]


def cut_placeholders(screen) -> list[str]:
    """The placeholders of the screen's empty inputs that do not fit their input."""
    cut = []
    for field in screen.query(Input).results(Input):
        if field.placeholder and not field.value and field.region.width:
            room = field.scrollable_content_region.width
            if cell_len(field.placeholder) > room:
                cut.append(f"{field.placeholder!r} in {room} cells")
    return cut


async def _deals(pilot, ids) -> None:
    pilot.app.action_open_deals()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DealsScreen)
                   and pilot.app.screen.all_rows is not None, "deals")  # fmt: skip


async def _quick_add(pilot, ids) -> None:
    await _deals(pilot, ids)
    await pilot.press("a")
    await wait_screen(pilot, QuickAddScreen)


async def _review(pilot, ids) -> None:
    pilot.app.start_deal_review([ids["lost"]])
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DealReviewScreen)
                   and pilot.app.screen.query("#deal-review-reason"), "deal review")  # fmt: skip


async def _review_step(pilot, ids, step: str) -> None:
    await _review(pilot, ids)
    await pilot.press("ctrl+s")
    await wait_screen(pilot, DealReviewPractice)
    await goto_step(pilot, step)
    await pilot.pause()


async def _causes(pilot, ids) -> None:
    await _review_step(pilot, ids, "analyse")


async def _actions(pilot, ids) -> None:
    await _review_step(pilot, ids, "insight")


async def _follow_up(pilot, ids) -> None:
    pilot.app.action_open_actions()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FollowUpModal)
                   and pilot.app.screen.query("#followup-note"), "follow-up")  # fmt: skip


OPENERS = {
    "deals": _deals,
    "quick-add": _quick_add,
    "deal-review": _review,
    "review-causes": _causes,
    "review-actions": _actions,
    "follow-up": _follow_up,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("screen", list(OPENERS))
async def test_placeholders_show_whole(screen: str, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang)
    ids = seed(app.session.store)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        await OPENERS[screen](pilot, ids)
        await pilot.pause()
        assert app.screen.query(Input), "no inputs on the screen"
        assert cut_placeholders(app.screen) == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_case_s_action_row_shows_its_placeholders_whole(lang, size) -> None:
    """The same action row in a case's Practice (the room was first given in deal reviews only)."""
    from coach.tui.screens.practice import PracticeScreen

    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=size) as pilot:
        await wait_screen(pilot, PracticeScreen)
        await goto_step(pilot, "improve")
        await wait_for(pilot, lambda: app.screen.query(".action-due"), "the action row")
        await pilot.pause()
        assert cut_placeholders(app.screen) == []
