"""Snapshots of Home and Progress at 80×24 and 120×40, in Chinese and English, with attempts,
a draft and due items in the store (fixed clock from helpers).

Update after an intended change with: pytest tests/tui/test_home_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from .helpers import make_app
from .progress_seed import seed_due, seed_progress

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]
SCREENS = {"home": [], "home-empty": [], "progress": ["p"], "progress-case": ["p", "down", "down"]}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, screen: str, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang)
    if screen != "home-empty":
        seed_progress(app)
        seed_due(app)

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        for key in SCREENS[screen]:
            await pilot.press(key)
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)
