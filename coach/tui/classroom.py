"""The app as a browser tab of ``coach serve``: first the classroom gate (choose or create a
profile, give its PIN), then the chosen profile's own store and the usual first screen."""

from __future__ import annotations

from pathlib import Path

from textual import events

from coach.tui.app import CoachApp
from coach.tui.session import Session


class ClassroomApp(CoachApp):
    def __init__(self, session: Session, *, data_root: Path) -> None:
        super().__init__(session)
        self.data_root = Path(data_root)

    def on_mount(self, event: events.Mount) -> None:
        from coach.tui.screens.classroom_gate import ClassroomGate

        event.prevent_default()  # the usual first screen waits for a profile
        self.push_screen(ClassroomGate(self.data_root))

    def enter_profile(self, store, name: str) -> None:
        """The gate let this trainee in: their store, then the app's own first screen."""
        self.session.store = store
        self.session.profile = name
        self.pop_screen()
        CoachApp.on_mount(self)
