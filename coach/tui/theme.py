"""The app's two themes. Colours live here (values in ``coach.tui.palette``) and in
`$variables`, never inline in widgets."""

from __future__ import annotations

from textual.theme import Theme

from coach.tui.palette import DARK, LIGHT

_BASE = ("primary", "secondary", "accent", "foreground", "background", "surface", "panel")
_BASE += ("success", "warning", "error")


def _theme(name: str, p: dict[str, str], dark: bool) -> Theme:
    return Theme(
        name=name,
        **{k: p[k] for k in _BASE},
        dark=dark,
        variables={
            "hit": p["success"],
            "miss": p["error"],
            "muted": p["muted"],
            "chart-bar": p["primary"],
            "chart-bar-2": p["accent"],
            "footer-key-foreground": p["accent"],
            # the selected row of tables, lists and trees: readable text, muted text included
            "block-cursor-text-style": "none",
            "block-cursor-background": p["selected"],
            "block-cursor-foreground": p["foreground"],
            "block-cursor-blurred-background": p["selected-blurred"],
            "block-cursor-blurred-foreground": p["foreground"],
        },
    )


COACH_DARK = _theme("coach-dark", DARK, dark=True)
COACH_LIGHT = _theme("coach-light", LIGHT, dark=False)

THEMES = (COACH_DARK, COACH_LIGHT)
