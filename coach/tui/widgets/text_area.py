"""Textual's TextArea, safe to draw in the moment after it was removed.

Textual 8.2 clears a widget's component styles when it is removed, but the screen's compositor can
still hold the widget until its next layout; a refresh in that moment asks the removed TextArea
for ``text-area--gutter`` and the app dies with a KeyError (Textualize/textual#6528). Practice
swaps its answer boxes on every step and on a draft reload, so a clock tick could land there: CI
saw it once in 1,600 tests. A removed box has nothing to show, so it draws blank lines."""

from __future__ import annotations

from textual.geometry import Region
from textual.strip import Strip
from textual.widgets import TextArea


class CoachTextArea(TextArea):
    """A TextArea that draws blank, instead of raising, once it has left the screen."""

    def render_lines(self, crop: Region) -> list[Strip]:
        if not self.is_attached:
            return [Strip.blank(crop.width)] * crop.height
        try:
            return super().render_lines(crop)
        except KeyError:  # component styles cleared by a removal still under way
            return [Strip.blank(crop.width)] * crop.height
