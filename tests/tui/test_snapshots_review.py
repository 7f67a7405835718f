"""Snapshots of the deal-review screens (Deal review, follow-up, Actions, Lessons, Insights) in Chinese and
English, at 80×24 and 120×40, on a seeded log with the fixed clock.

Update after an intended change with:
    pytest tests/tui/test_snapshots_review.py --snapshot-update
"""

from __future__ import annotations

import pytest

from coach.tui.screens.actions import ActionsScreen, FollowUpModal
from coach.tui.screens.deal_review import DealReviewScreen
from coach.tui.screens.insights import InsightsScreen
from coach.tui.screens.lessons import LessonsScreen

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import wait_for

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]


async def _open_review(pilot, ids):
    pilot.app.start_deal_review([ids["lost"]])
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, DealReviewScreen)
                   and pilot.app.screen.query("#carry-table"), "deal review", polls=1000)  # fmt: skip


async def _open_followup(pilot, ids):
    pilot.app.action_open_actions()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, FollowUpModal)
                   and pilot.app.screen.query("#followup-note"), "follow-up", polls=1000)  # fmt: skip


async def _open_actions(pilot, ids):
    await _open_followup(pilot, ids)
    await pilot.press("escape")
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, ActionsScreen), "actions")


async def _open_insights(pilot, ids):
    pilot.app.action_open_insights()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, InsightsScreen)
                   and pilot.app.screen.query(".insights-chart"), "insights", polls=1000)  # fmt: skip


async def _open_lessons(pilot, ids):
    pilot.app.action_open_lessons()
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, LessonsScreen)
                   and pilot.app.screen.query("#lessons-table"), "lessons", polls=1000)  # fmt: skip


OPENERS = {
    "lessons": _open_lessons,
    "deal-review": _open_review,
    "follow-up": _open_followup,
    "actions": _open_actions,
    "insights": _open_insights,
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(OPENERS))
def test_review_screen(snap_compare, screen: str, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang)
    ids = seed(app.session.store)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await OPENERS[screen](pilot, ids)
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=run_before)
