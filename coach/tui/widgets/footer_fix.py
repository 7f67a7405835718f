"""Work around a Textual leak: every Footer recompose left its old keys alive; and draw the
footer compact in a narrow terminal.

``Footer.compose`` binds each FooterKey with ``data_bind(compact=Footer.compact)``, which stores
``(key, callback)`` among the Footer's own watchers. Textual prunes closed watchers only when the
watched value changes, and ``compact`` never does, so every recompose (each focus or binding
change: every step change in Practice) kept ~40 removed keys, about 1 MB, for the life of the
screen (Textual issue #6666). Before composing, drop the watchers of keys already removed.
"""

from __future__ import annotations

from textual.widgets import Footer

_MARK = "_coach_prunes_watchers"
#: Below this many columns the footer is drawn compact (one space around each key, not two):
#: at 80 columns Home's keys in Chinese ran into the command palette's ("f2 中/▏^p").
NARROW = 100


def _prune_closed_watchers(node: object) -> None:
    watchers = getattr(node, "__watchers", None)  # Textual's own attribute name, not mangled
    if not isinstance(watchers, dict):
        return
    for entries in watchers.values():
        if isinstance(entries, list):
            entries[:] = [e for e in entries if not getattr(e[0], "_closing", False)]


def install() -> None:
    """Patch Footer once (idempotent); harmless when Textual fixes the leak itself.

    Also puts Textual's own words into the interface language (``coach.tui.textual_zh``): the
    app calls this once at import, before any widget exists.
    """
    from coach.tui import textual_zh

    textual_zh.install()
    if getattr(Footer, _MARK, False):
        return
    original = Footer.compose

    def compose(self: Footer):
        _prune_closed_watchers(self)
        narrow = self.app.size.width < NARROW
        if narrow != self.compact:  # set before the keys bind to it; no watcher, no recompose
            self.set_reactive(Footer.compact, narrow)
            self.set_class(narrow, "-compact")
        return original(self)

    Footer.compose = compose  # type: ignore[method-assign]
    setattr(Footer, _MARK, True)
