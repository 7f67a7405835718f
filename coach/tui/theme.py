"""The app's two themes. Colours live here and in `$variables`, never inline in widgets."""

from __future__ import annotations

from textual.theme import Theme

COACH_DARK = Theme(
    name="coach-dark",
    primary="#3D8BFD",
    secondary="#8E6CEF",
    accent="#F0A030",
    foreground="#E6E6E6",
    background="#16181D",
    surface="#1F232B",
    panel="#2A2F3A",
    success="#3FB950",
    warning="#D29922",
    error="#F85149",
    dark=True,
    variables={
        "hit": "#3FB950",
        "miss": "#F85149",
        "muted": "#8B949E",
        "chart-bar": "#3D8BFD",
        "chart-bar-2": "#F0A030",
        "block-cursor-text-style": "none",
        "footer-key-foreground": "#F0A030",
    },
)

COACH_LIGHT = Theme(
    name="coach-light",
    primary="#0B5CD5",
    secondary="#6A3FD6",
    accent="#B35C00",
    foreground="#1F2328",
    background="#FAFAF7",
    surface="#FFFFFF",
    panel="#ECEEF1",
    success="#1A7F37",
    warning="#9A6700",
    error="#CF222E",
    dark=False,
    variables={
        "hit": "#1A7F37",
        "miss": "#CF222E",
        "muted": "#57606A",
        "chart-bar": "#0B5CD5",
        "chart-bar-2": "#B35C00",
        "block-cursor-text-style": "none",
        "footer-key-foreground": "#B35C00",
    },
)

THEMES = (COACH_DARK, COACH_LIGHT)
