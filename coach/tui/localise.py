"""Bindings whose descriptions follow the interface language, even after a switch at run time.

Textual copies a class's BINDINGS when the class is defined and again into each node when it is
created. Screens declare `LOCAL_BINDINGS` (key, action, zh, en, id, show) instead; `relocalise`
rebuilds every class's bindings and every live node's copy when the language changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from textual.binding import Binding

from coach.i18n import tr

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

_registry: list[type[DOMNode]] = []
#: How readily a footer too narrow for every key leaves a binding out, by binding id (LB.spare).
SPARE: dict[str, int] = {}


class LB(NamedTuple):
    """A localised binding: key, action, Chinese and English description, id, shown in Footer.

    ``spare`` says how readily a footer too narrow for every key leaves this one out: 0 never
    (before any key whose spare is above 0 is gone), higher goes first. The key still works
    and F1 lists it."""

    key: str
    action: str
    zh: str
    en: str
    id: str
    show: bool = True
    priority: bool = False
    key_display: str | None = None
    spare: int = 0

    def build(self) -> Binding:
        if self.spare:
            SPARE[self.id] = self.spare
        return Binding(
            self.key,
            self.action,
            tr(self.zh, self.en),
            show=self.show,
            id=self.id,
            priority=self.priority,
            key_display=self.key_display,
        )


def localised(cls):
    """Class decorator: build BINDINGS from LOCAL_BINDINGS now and on every language switch."""
    _apply(cls)
    _registry.append(cls)
    return cls


def _apply(cls) -> None:
    cls.BINDINGS = [lb.build() for lb in cls.__dict__.get("LOCAL_BINDINGS", [])]
    cls._merged_bindings = cls._merge_bindings()


def relocalise(app: App) -> None:
    """Rebuild binding descriptions in the current language, for classes and live nodes."""
    for cls in _registry:
        _apply(cls)
    # subclasses of registered classes merge their parents' bindings too
    for cls in _registry:
        for sub in cls.__subclasses__():
            sub._merged_bindings = sub._merge_bindings()
    nodes = [app, *app.screen_stack]
    for screen in app.screen_stack:
        nodes.extend(screen.query("*"))
    for node in nodes:
        merged = type(node)._merged_bindings
        if merged is not None:
            node._bindings = merged.copy()
    app.screen.refresh_bindings()
