"""The app as a browser tab of ``coach serve``: first the classroom gate (a name and its PIN, or
a join code), then the profile's own store and the usual first screen.

Built on ``CoachBase``, not ``CoachApp``: the instructor's screens, which read folders of the
server, are not in this app at all — no key, no palette entry, no action reaches them.
"""

from __future__ import annotations

from textual import events

from coach.serve.gate import Gate
from coach.tui.app import CoachBase
from coach.tui.localise import localised
from coach.tui.session import Session


@localised  # its merged bindings follow the language too
class ClassroomApp(CoachBase):
    served = True

    def __init__(self, session: Session, *, gate: Gate) -> None:
        super().__init__(session)
        self.gate = gate

    def on_mount(self, event: events.Mount) -> None:
        from coach.tui.screens.classroom_gate import ClassroomGate

        event.prevent_default()  # the usual first screen waits for a profile
        self.push_screen(ClassroomGate(self.gate))

    def enter_profile(self, store, name: str) -> None:
        """The gate let this trainee in: their store, then the app's own first screen."""
        self.session.store = store
        self.session.profile = name
        self.pop_screen()
        CoachBase.on_mount(self)
