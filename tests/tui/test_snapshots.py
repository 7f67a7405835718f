"""Snapshots of every screen at 80×24 and 120×40, in Chinese and English, on the fixture bank.

Update after an intended change with: pytest tests/tui/test_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from .helpers import make_app

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]

SCREENS = {
    "learn": ["l"],
    "case": ["l", "enter"],
    "exhibits": ["l", "enter", "x"],
    "help": ["l", "f1"],
    "search": ["slash", *"peak"],
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("screen", list(SCREENS))
def test_screen(snap_compare, screen: str, lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang)

    async def run_before(pilot) -> None:  # status marks and Home's counts come from workers
        for key in SCREENS[screen]:
            await pilot.pause()
            await pilot.app.workers.wait_for_complete()
            await pilot.press(key)
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    assert snap_compare(app, run_before=run_before, terminal_size=size)
