"""Keys typed in a burst land where the person saw the cursor (issue 15's first finding).

The keys are posted all at once, before the app has handled any of them: what a fast typist,
tmux's send-keys or a browser tab's websocket delivers. Each test also runs with the ordering
switched off, and there the burst is lost or lands in the wrong field — so the test can fail.
"""

from __future__ import annotations

import pytest
from textual import events
from textual.app import _character_to_key
from textual.widgets import Input

from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.answer_editor import AnswerArea

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


def burst(app, *parts: str) -> None:
    """Post text and named keys (``<tab>``, ``<f8>``) at once, as one delivery."""
    for part in parts:
        if part.startswith("<") and part.endswith(">"):
            app.post_message(events.Key(part[1:-1], None))
            continue
        for ch in part:
            key = ch if ch.isalnum() else _character_to_key(ch)
            app.post_message(events.Key(key, ch))


@pytest.fixture(params=["on", "off"])
def ordering(request, monkeypatch) -> str:
    monkeypatch.setenv("COACH_KEY_ORDER", request.param)
    return request.param


@pytest.mark.parametrize(
    ("lang", "before", "after"), [("en", "abc", "xyz"), ("zh", "开门红", "年终奖")]
)
async def test_keys_typed_on_after_f8_reach_the_next_step(ordering, lang, before, after):
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        first_step = [s.id for s in screen.target.slots_for(screen.target.steps[0])]
        second_step = [s.id for s in screen.target.slots_for(screen.target.steps[1])]
        await wait_for(pilot, lambda: isinstance(app.focused, AnswerArea), "the first box focused")
        burst(app, before, "<f8>", after)
        await wait_for(pilot, lambda: screen.step_index == 1, "the second step")
        await pilot.pause()
        await wait_for(pilot, lambda: app.key_order is None or not app.key_order.held, "keys out")
        await pilot.pause()
        typed = {s: screen.answers.text.get(s, "") for s in first_step + second_step}
        ok = typed[first_step[0]] == before and typed[second_step[0]] == after
        assert ok == (ordering == "on"), typed


async def test_a_tab_in_a_burst_moves_on_before_the_next_word_is_typed(ordering):
    app = make_app("en", start_case="mini-peaks", practice=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, PracticeScreen)
        screen = app.screen
        step = next(
            i
            for i, s in enumerate(screen.target.steps)
            if any(slot.input == "causes" for slot in screen.target.slots_for(s))
        )
        await screen.show_step(step)
        field = screen.query(".cause-text").results(Input).__next__()
        field.focus()
        await wait_for(pilot, lambda: app.focused is field, "the cause field focused")
        burst(app, "alpha one", "<tab>", "bravo two")
        await wait_for(pilot, lambda: app.focused is not field, "focus moved on")
        await wait_for(pilot, lambda: app.key_order is None or not app.key_order.held, "keys out")
        await pilot.pause()
        nxt = app.focused
        ok = field.value == "alpha one" and isinstance(nxt, Input) and nxt.value == "bravo two"
        assert ok == (ordering == "on"), (field.value, getattr(nxt, "value", nxt))


class _Pump:
    """A message pump as the key order sees it: a queue, and whether it has been mounted."""

    def __init__(self, mounted: bool, queued: int = 0) -> None:
        import asyncio

        self._message_queue = asyncio.Queue()
        for _ in range(queued):
            self._message_queue.put_nowait(None)
        self.is_mounted = mounted


def test_a_widget_added_but_not_yet_mounted_holds_the_keys() -> None:
    """A step's action editor is in the app's registry, with nothing queued, before its message
    loop starts: a Tab let through then skipped the action row (the tmux deals run, 1 in 20)."""
    from coach.tui.key_order import KeyOrder

    app = _Pump(mounted=True)
    waiting = [_Pump(mounted=True), _Pump(mounted=False)]
    assert KeyOrder(app, None, lambda: waiting).busy(app_allowance=0)
    assert not KeyOrder(app, None, lambda: waiting[:1]).busy(app_allowance=0)
    assert KeyOrder(app, None, lambda: [_Pump(mounted=True, queued=1)]).busy(app_allowance=0)
