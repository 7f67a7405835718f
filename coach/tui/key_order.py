"""Keys reach the screen in order, each after the effects of the one before have settled.

Textual hands a key to the focused widget by posting it into that widget's queue, and a focus
change (Tab, Enter in a form, a new step after F8) happens later, through callbacks and
messages of its own. Typed fast — a burst from tmux or a browser tab, or a person typing on
while a step is being built — "alpha<Tab>bravo" is all posted to the first field before it has
even read the Tab, and the keys after F8 reach the old step, which is then thrown away.

So the app holds a key while any part of it still has messages in hand (a queue not empty, or a
message being handled) or is not yet mounted, and hands it on once everything is still: the key then goes where the
person saw the cursor. A key that finds the app still goes on at once, as in Textual; a key held
longer than ``SETTLE_LIMIT`` goes on anyway (a widget that never rests must not eat typing).

Switch: ``COACH_KEY_ORDER=off`` hands every key on at once (Textual's own behaviour); the
``bench`` row "keys in a burst" shows what the ordering costs.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from textual import events

#: Seconds a key waits, at most, for the app to settle before it is handed on regardless.
SETTLE_LIMIT = 0.5
#: Checks done by yielding to the event loop before the wait sleeps a millisecond per check.
_SPINS = 50


def enabled() -> bool:
    return os.environ.get("COACH_KEY_ORDER", "").lower() not in ("off", "0", "no")


def in_hand(pump: Any) -> int:
    """Messages a message pump has queued or is handling (asyncio counts both until task_done)."""
    queue = pump._message_queue
    return getattr(queue, "_unfinished_tasks", queue.qsize())


def mounted(pump: Any) -> bool:
    """Whether a widget has been mounted. One just added to the app is in its registry before
    its message loop starts, with nothing queued yet: a step's action editor was there, not yet
    composed, when a Tab typed straight on after F8 left the answer box, so the Tab skipped
    the action row's fields and the text typed next was lost (1 run in 20 under tmux)."""
    return getattr(pump, "is_mounted", True) is not False


class KeyOrder:
    """The app's key and paste events, handed on one at a time (see the module docstring)."""

    def __init__(
        self,
        app: Any,
        forward: Callable[[events.Event], Awaitable[None]],
        pumps: Callable[[], Iterable[Any]],
    ) -> None:
        self.app = app
        self.forward = forward  # Textual's own handling of an input event
        self.pumps = pumps  # every message pump but the app
        self.held: deque[events.Event] = deque()
        self.task: asyncio.Task[None] | None = None
        self.held_total = 0  # keys that had to wait (tests and the bench read it)

    def busy(self, app_allowance: int) -> bool:
        """Whether anything has messages in hand; the app may have ``app_allowance`` of its own
        (1 while it is handling the very key being decided on)."""
        if in_hand(self.app) > app_allowance:
            return True
        return any(in_hand(pump) or not mounted(pump) for pump in self.pumps())

    async def on_input(self, event: events.Event) -> None:
        """Called by the app for each key or paste that came from the terminal or browser."""
        if not self.held and not self.busy(app_allowance=1):
            await self.forward(event)
            return
        self.held.append(event)
        self.held_total += 1
        if self.task is None or self.task.done():
            self.task = asyncio.create_task(self._release())

    async def _settled(self) -> None:
        deadline = time.monotonic() + SETTLE_LIMIT
        spins = 0
        while self.busy(app_allowance=0) and time.monotonic() < deadline:
            spins += 1
            await asyncio.sleep(0 if spins < _SPINS else 0.001)

    async def _release(self) -> None:
        while self.held:
            await self._settled()
            event = self.held.popleft()
            try:
                await self.forward(event)
            except Exception as error:  # as if it had happened in the app's own queue
                self.app._handle_exception(error)
                return
