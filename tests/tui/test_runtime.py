"""The app's runtime tuning: full collections and warm-up imports wait for a pause in typing,
and everything is put back when the app ends."""

from __future__ import annotations

import gc
import sys

from coach.tui import app as app_module

from .helpers import make_app
from .practice_helpers import wait_for


async def test_full_collections_wait_while_running_and_are_restored_after() -> None:
    before = (gc.get_threshold(), sys.getswitchinterval())
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert gc.get_threshold()[2] == app_module.FULL_GC_AT_THE_LATEST
        assert sys.getswitchinterval() == app_module.SWITCH_INTERVAL
    assert (gc.get_threshold(), sys.getswitchinterval()) == before


async def test_warm_up_runs_when_idle_and_not_while_typing(monkeypatch) -> None:
    calls: list[str] = []
    monkeypatch.setattr(app_module, "WARM_UP_AFTER", 0.05)
    monkeypatch.setattr(app_module, "IDLE_AFTER", 1.0)
    monkeypatch.setattr(app_module, "import_for_later", lambda: calls.append("imported"))
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(5):  # keys keep coming: no warm-up yet
            await pilot.press("down")
            assert not calls and not app._warmed
        await wait_for(pilot, lambda: calls, "warm-up after a pause")
        assert app._warmed and gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0
