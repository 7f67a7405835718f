"""The Textual app: screens, widgets, styles and strings. The only layer that imports Textual."""
