"""Drive Practice like a trainee: type into the answer boxes and rows, wait for state."""

from __future__ import annotations

from collections.abc import Callable

from textual import events
from textual.app import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, Select

from coach.tui.screens.practice import PracticeScreen
from coach.tui.widgets.answer_editor import AnswerArea


async def wait_for(pilot: Pilot, ready: Callable[[], object], what: str, polls: int = 200) -> None:
    """Let the app process messages until ``ready()`` holds (timers tick in between)."""
    for _ in range(polls):
        if ready():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"timed out waiting for: {what}")


async def wait_screen(pilot: Pilot, cls: type) -> None:
    await wait_for(pilot, lambda: isinstance(pilot.app.screen, cls), cls.__name__)


async def send_text(pilot: Pilot, text: str) -> None:
    """Key events as a terminal sends them, one per character (CJK punctuation included, which
    ``pilot.press`` cannot name), then wait until the app has handled them all."""
    for ch in text:
        key = ch if ch.isalnum() else _character_to_key(ch)
        pilot.app.post_message(events.Key(key, ch))
    await pilot.pause()


async def type_answer(pilot: Pilot, slot_id: str, text: str) -> None:
    """Focus the answer box of ``slot_id`` and type ``text`` key by key."""
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    area = next(a for a in screen.query(AnswerArea) if a.slot_id == slot_id)
    area.focus()
    await pilot.pause()
    await send_text(pilot, text)
    await wait_for(pilot, lambda: screen.answers.text.get(slot_id) == text, f"text of {slot_id}")


async def type_field(pilot: Pilot, selector: str, text: str, index: int = 0) -> None:
    """Type into the ``index``-th Input matching ``selector`` on the current screen."""
    field = list(pilot.app.screen.query(selector).results(Input))[index]
    field.focus()
    await pilot.pause()
    await send_text(pilot, text)
    await wait_for(pilot, lambda: field.value == text, f"{selector}[{index}]")


async def choose_category(pilot: Pilot, category: str, index: int = 0) -> None:
    select = list(pilot.app.screen.query(".cause-category").results(Select))[index]
    select.value = category
    await pilot.pause()


async def goto_step(pilot: Pilot, step_id: str) -> None:
    screen = pilot.app.screen
    assert isinstance(screen, PracticeScreen)
    while screen.step.id != step_id:
        await pilot.press("f8")
        await pilot.pause()
