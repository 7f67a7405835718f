"""Issue 15: grey text on the selected row was unreadable. Text and muted text on the selected
row (focused and unfocused) keep a WCAG 2 contrast ratio of at least 4.5:1 in both themes."""

from __future__ import annotations

import pytest
from textual.color import Color

from coach.tui.theme import THEMES


def luminance(c: Color) -> float:
    def channel(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)


def contrast(a: Color, b: Color) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def variables(theme) -> dict[str, str]:
    """The $variables the app's CSS sees: Textual's generated ones, then the theme's own."""
    return {**theme.to_color_system().generate(), **theme.variables}


def test_the_ratio_is_wcags():
    black, white = Color.parse("#000000"), Color.parse("#FFFFFF")
    assert contrast(black, white) == pytest.approx(21.0)
    assert contrast(Color.parse("#777777"), white) == pytest.approx(4.48, abs=0.01)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
@pytest.mark.parametrize("state", ["", "blurred-"])
def test_text_on_the_selected_row_is_readable(theme, state):
    v = variables(theme)
    surface = Color.parse(v["surface"])
    row = surface + Color.parse(v[f"block-cursor-{state}background"])  # alpha blended, if any
    for name in (f"block-cursor-{state}foreground", "muted", "foreground"):
        text = row + Color.parse(v[name])
        assert contrast(text, row) >= 4.5, (theme.name, name, v[name], row.hex)


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_muted_text_is_readable_on_the_screen_too(theme):
    v = variables(theme)
    for ground in ("background", "surface", "panel"):
        assert contrast(Color.parse(v["muted"]), Color.parse(v[ground])) >= 4.5, ground


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_selected_row_stands_out(theme):
    v = variables(theme)
    assert v["block-cursor-background"] != v["surface"] != v["block-cursor-blurred-background"]


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
async def test_the_deal_tables_own_cursor_is_readable_too(theme):
    from coach.tui.widgets.deal_table import DealTable

    from .helpers import make_app

    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        app.theme = theme.name
        await app.run_action("open_deals")
        await pilot.pause()
        table = app.screen.query_one(DealTable)
        v = variables(theme)
        muted = Color.parse(v["muted"])
        for part in ("deal-table--cursor", "deal-table--cursor-blurred"):
            style = table.get_component_styles(part)
            row = Color.parse(v["surface"]) + style.background
            assert contrast(row + muted, row) >= 4.5, (theme.name, part, row.hex)
