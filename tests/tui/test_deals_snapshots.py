"""Snapshots of the Deals screen and its quick-add dialog, 80×24 and 120×40, zh and en.

Update after an intended change with: pytest tests/tui/test_deals_snapshots.py --snapshot-update
"""

from __future__ import annotations

import pytest

from .deal_fixture import make_deals_app

SIZES = [(80, 24), (120, 40)]
LANGS = ["zh", "en"]
KEYS = {
    "deals": [],
    "deals-filtered": ["slash", "#", "开", "门", "红"],
    "deals-quick-add": [
        "a",
        *"Mr",
        "space",
        *"Lee",
        "space",
        *"annuity",
        "space",
        *"$5k",
        "space",
        *"won",
    ],
}


async def _open(pilot) -> None:
    pilot.app.action_open_deals()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", list(KEYS))
def test_deals_screen(snap_compare, view: str, lang: str, size: tuple[int, int]) -> None:
    app = make_deals_app(lang)
    assert snap_compare(app, press=KEYS[view], run_before=_open, terminal_size=size)
