"""The app's colours as plain values: ``coach.tui.theme`` builds Textual's themes from them, and
the classroom's join page (``coach.serve.server``) styles itself with them without Textual.

The selected row (``block-cursor-*``) is a dark blue in the dark theme and a pale blue in the
light one, so that both ordinary and muted text on it keep a WCAG contrast of at least 4.5:1
(tests/tui/test_theme_contrast_issue15.py); the theme's primary blue under grey text did not.
"""

from __future__ import annotations

DARK: dict[str, str] = {
    "primary": "#3D8BFD",
    "secondary": "#8E6CEF",
    "accent": "#F0A030",
    "foreground": "#E6E6E6",
    "background": "#16181D",
    "surface": "#1F232B",
    "panel": "#2A2F3A",
    "success": "#3FB950",
    "warning": "#D29922",
    "error": "#F85149",
    "muted": "#9BA3AD",
    "selected": "#1C355E",
    "selected-blurred": "#232C3B",
}

LIGHT: dict[str, str] = {
    "primary": "#0B5CD5",
    "secondary": "#6A3FD6",
    "accent": "#B35C00",
    "foreground": "#1F2328",
    "background": "#FAFAF7",
    "surface": "#FFFFFF",
    "panel": "#ECEEF1",
    "success": "#1A7F37",
    "warning": "#9A6700",
    "error": "#CF222E",
    "muted": "#57606A",
    "selected": "#CFE2FC",
    "selected-blurred": "#E4ECF7",
}
