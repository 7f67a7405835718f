"""Work around a Textual leak: every Footer recompose left its old keys alive; and leave the
command palette's key out of a footer too narrow for it and the screen's keys.

``Footer.compose`` binds each FooterKey with ``data_bind(compact=Footer.compact)``, which stores
``(key, callback)`` among the Footer's own watchers. Textual prunes closed watchers only when the
watched value changes, and ``compact`` never does, so every recompose (each focus or binding
change: every step change in Practice) kept ~40 removed keys, about 1 MB, for the life of the
screen (Textual issue #6666). Before composing, drop the watchers of keys already removed.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer

_MARK = "_coach_prunes_watchers"
#: Cells a footer key takes beside its key and label (the padding around and between them).
KEY_PADDING = 3
#: Cells kept for the command palette's key at the right ("▏^p 命令" / "▏^p Commands").
PALETTE_KEY = 14


def _prune_closed_watchers(node: object) -> None:
    watchers = getattr(node, "__watchers", None)  # Textual's own attribute name, not mangled
    if not isinstance(watchers, dict):
        return
    for entries in watchers.values():
        if isinstance(entries, list):
            entries[:] = [e for e in entries if not getattr(e[0], "_closing", False)]


def _keys_width(footer: Footer) -> int:
    """The cells the footer's own keys take (what Footer.compose will draw, one per action).

    When they and the command palette's key do not fit, the palette's key is left out (ctrl+p
    still opens it, F1 lists it): it is docked on the right and was drawn over the last keys'
    labels ("f2 ▏^p" in English Practice at 120 columns, "f▏^p" at 80)."""
    try:
        active = footer.screen.active_bindings
    except Exception:  # no screen yet: nothing to measure
        return 0
    seen: dict[str, int] = {}
    for _node, binding, _enabled, _tip in active.values():
        if binding.show and binding.action not in seen:
            key = footer.app.get_key_display(binding)
            seen[binding.action] = cell_len(key) + cell_len(binding.description) + KEY_PADDING
    return sum(seen.values())


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
        self.set_reactive(
            Footer.show_command_palette, _keys_width(self) + PALETTE_KEY <= self.app.size.width
        )
        return original(self)

    Footer.compose = compose  # type: ignore[method-assign]
    setattr(Footer, _MARK, True)
