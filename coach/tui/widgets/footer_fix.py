"""Work around a Textual leak: every Footer recompose left its old keys alive; and in a narrow
terminal leave the command palette's key out of the footer.

``Footer.compose`` binds each FooterKey with ``data_bind(compact=Footer.compact)``, which stores
``(key, callback)`` among the Footer's own watchers. Textual prunes closed watchers only when the
watched value changes, and ``compact`` never does, so every recompose (each focus or binding
change: every step change in Practice) kept ~40 removed keys, about 1 MB, for the life of the
screen (Textual issue #6666). Before composing, drop the watchers of keys already removed.
"""

from __future__ import annotations

from textual.widgets import Footer

_MARK = "_coach_prunes_watchers"
#: Below this many columns the footer leaves out the command palette's key (ctrl+p still opens
#: it, and F1 lists it): at 80 columns the keys ran into it ("f2 中/▏^p", "f▏^p").
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
        # set before the keys are made: no watcher runs, nothing is composed twice
        self.set_reactive(Footer.show_command_palette, self.app.size.width >= NARROW)
        return original(self)

    Footer.compose = compose  # type: ignore[method-assign]
    setattr(Footer, _MARK, True)
