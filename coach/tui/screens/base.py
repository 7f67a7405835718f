"""What every screen shares: the session, back on escape, and a help text for F1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.screen import Screen

from coach.tui.localise import LB, localised

if TYPE_CHECKING:
    from coach.tui.app import CoachApp
    from coach.tui.session import Session


@localised
class CoachScreen(Screen):
    """Base screen. Subclasses set HELP_ZH / HELP_EN (Markdown) for the F1 help."""

    HELP_ZH = ""
    HELP_EN = ""
    LOCAL_BINDINGS = [LB("escape", "back", "返回", "Back", "back")]

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
