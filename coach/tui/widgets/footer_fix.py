"""Work around a Textual leak: every Footer recompose left its old keys alive.

``Footer.compose`` binds each FooterKey with ``data_bind(compact=Footer.compact)``, which stores
``(key, callback)`` among the Footer's own watchers. Textual prunes closed watchers only when the
watched value changes, and ``compact`` never does, so every recompose (each focus or binding
change: every step change in Practice) kept ~40 removed keys, about 1 MB, for the life of the
screen (Textual issue #6666). Before composing, drop the watchers of keys already removed.
"""

from __future__ import annotations

from textual.widgets import Footer

_MARK = "_coach_prunes_watchers"


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
        return original(self)

    Footer.compose = compose  # type: ignore[method-assign]
    setattr(Footer, _MARK, True)
