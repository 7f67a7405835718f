"""What every screen shares: the session, back on escape, a help text for F1, and how a screen
follows a language switch (``language_changed``)."""

from __future__ import annotations

import inspect
from contextlib import suppress
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from coach.tui.localise import LB, localised

if TYPE_CHECKING:
    from textual.widget import Widget

    from coach.tui.app import CoachApp
    from coach.tui.session import Session


class FollowsLanguage:
    """A screen that follows F2: composed again in the new language, then ``refill``-ed.

    The app awaits ``language_changed`` on every screen of the stack. A screen puts what it
    shows from its own state (texts, rows, a draft) into ``refill`` and calls it from its
    ``on_mount`` too; what happens once per visit (timers, loading, questions) stays in
    ``on_mount``, which is never called again. ``refill`` may be async.
    """

    async def language_changed(self) -> None:
        screen: Any = self
        focused: Widget | None = screen.focused
        focus_id = focused.id if focused is not None else None
        typed = _typed_values(screen)
        # the screen's timers wait while its widgets are made anew: a clock tick that queried
        # a widget between removal and mount took the app down (NoMatches, seen under tmux)
        own = getattr(screen, "_Screen__update_timer", None)  # Textual's refresh timer: its own
        timers = [t for t in getattr(screen, "_timers", ()) if t is not own and t._active.is_set()]
        for timer in timers:
            timer.pause()
        try:
            await screen.recompose()
            shown = self.refill()
            if inspect.isawaitable(shown):
                await shown
        finally:
            for timer in timers:
                timer.resume()
        by_id = {w.id: w for w in screen.query("*") if w.id is not None}
        _put_back(typed, by_id)
        again = by_id.get(focus_id) if focus_id is not None else None
        if again is not None and again.focusable:  # the focus on the same field, made anew
            again.focus()

    def refill(self) -> Any:
        """Show the screen's state in its freshly composed widgets (nothing by default)."""


def _typed_values(screen: Any) -> dict[str, tuple[str, Any]]:
    """What the person typed or chose in the screen's fields that have an id (a field composed
    again starts empty): an Input's text and cursor, a TextArea's text and cursor, a Select's
    value, a RadioSet's pressed button."""
    from textual.widgets import Input, RadioSet, Select, TextArea

    values: dict[str, tuple[str, Any]] = {}
    for w in screen.query("*"):
        if w.id is None:
            continue
        if isinstance(w, Input):
            values[w.id] = ("input", (w.value, w.cursor_position))
        elif isinstance(w, TextArea):
            values[w.id] = ("text", (w.text, w.cursor_location))
        elif isinstance(w, Select):
            values[w.id] = ("select", w.value)
        elif isinstance(w, RadioSet):
            values[w.id] = ("radio", w.pressed_index)
    return values


def _put_back(values: dict[str, tuple[str, Any]], by_id: dict[str, Any]) -> None:
    """Put ``_typed_values`` back into the fields of the same id and kind."""
    from textual.widgets import Input, RadioButton, RadioSet, Select, TextArea
    from textual.widgets.select import InvalidSelectValueError

    for wid, (kind, value) in values.items():
        w = by_id.get(wid)
        if kind == "input" and isinstance(w, Input):
            w.value, w.cursor_position = value
        elif kind == "text" and isinstance(w, TextArea):
            text, cursor = value
            if w.text != text:
                w.load_text(text)
            w.cursor_location = cursor
        elif kind == "select" and isinstance(w, Select) and w.value != value:
            with suppress(InvalidSelectValueError):  # not among the new choices: keep theirs
                w.value = value
        elif kind == "radio" and isinstance(w, RadioSet) and value >= 0:
            buttons = list(w.query(RadioButton))
            if value < len(buttons):
                buttons[value].value = True


async def follow_language(screen: Screen) -> None:
    """Bring one screen of the stack into the new language (the app calls this on F2)."""
    if isinstance(screen, FollowsLanguage):
        await screen.language_changed()
    else:  # a screen that composes all it shows (e.g. help): composing again is enough
        await screen.recompose()


@localised
class CoachScreen(FollowsLanguage, Screen):
    """Base screen. Subclasses set HELP_ZH / HELP_EN (Markdown) for the F1 help."""

    HELP_ZH = ""
    HELP_EN = ""
    LOCAL_BINDINGS = [LB("escape", "back", "返回", "Back", "back", spare=1)]

    @property
    def coach(self) -> CoachApp:
        return self.app  # type: ignore[return-value]

    @property
    def session(self) -> Session:
        return self.coach.session

    @property
    def lang(self) -> str:
        return self.session.lang

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":  # nothing to go back to from the first screen
            return len(self.app.screen_stack) > 2
        return True

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
