"""Work around a Textual leak: every Footer recompose left its old keys alive; and fit the
footer to the terminal: leave the command palette's key, then the keys a screen marks spare,
out of a footer too narrow for them all (``plan``).

``Footer.compose`` binds each FooterKey with ``data_bind(compact=Footer.compact)``, which stores
``(key, callback)`` among the Footer's own watchers. Textual prunes closed watchers only when the
watched value changes, and ``compact`` never does, so every recompose (each focus or binding
change: every step change in Practice) kept ~40 removed keys, about 1 MB, for the life of the
screen (Textual issue #6666). Before composing, drop the watchers of keys already removed.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.widgets import Footer

from coach.tui.localise import SPARE

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


def _shown_keys(footer: Footer) -> list[tuple[str, str, int]]:
    """(action, binding id, cells) of each key Footer.compose will draw, in its order."""
    try:
        active = footer.screen.active_bindings
    except Exception:  # no screen yet: nothing to measure
        return []
    seen: dict[str, tuple[str, str, int]] = {}
    for _node, binding, _enabled, _tip in active.values():
        if binding.show and binding.action not in seen:
            key = footer.app.get_key_display(binding)
            cells = cell_len(key) + cell_len(binding.description) + KEY_PADDING
            seen[binding.action] = (binding.action, binding.id or "", cells)
    return list(seen.values())


def plan(footer: Footer, width: int) -> tuple[frozenset[str], bool]:
    """The actions to leave out, and whether the palette's key shows, in ``width`` cells.

    All keys and the palette's key when they fit. Otherwise the palette's key goes first
    (ctrl+p still opens it, F1 lists it: docked on the right, it was drawn over the last keys'
    labels, "f2 ▏^p" in English Practice at 120 columns); then keys marked spare
    (``LB.spare``), the most spare first and, among equals, the rightmost. Keys never marked
    spare stay; a screen whose must-have keys overflow is a screen to redesign."""
    keys = _shown_keys(footer)
    used = sum(cells for _a, _i, cells in keys)
    if used + PALETTE_KEY <= width:
        return frozenset(), True
    dropped: set[str] = set()
    spare = [(SPARE.get(bid, 0), n, action, cells) for n, (action, bid, cells) in enumerate(keys)]
    for rank, _n, action, cells in sorted(spare, reverse=True):
        if used <= width or rank <= 0:
            break
        dropped.add(action)
        used -= cells
    return frozenset(dropped), False


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
        dropped, palette = self._coach_plan = plan(self, self.app.size.width)
        # set before the keys are made: no watcher runs, nothing is composed twice
        self.set_reactive(Footer.show_command_palette, palette)
        for widget in original(self):
            if getattr(widget, "action", None) not in dropped:  # a FooterKey left out
                yield widget

    def on_resize(self: Footer, _event: object) -> None:
        # a wider or narrower terminal fits other keys: compose again only when that changes
        if getattr(self, "_coach_plan", None) not in (None, plan(self, self.app.size.width)):
            self.call_after_refresh(self.recompose)

    Footer.compose = compose  # type: ignore[method-assign]
    Footer.on_resize = on_resize  # type: ignore[attr-defined]
    setattr(Footer, _MARK, True)
