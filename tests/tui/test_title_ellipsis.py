"""Issue 15: a one-line title or status that does not fit ends with "…" instead of being cut
mid-word (text-wrap: nowrap; text-overflow: ellipsis in app.tcss)."""

from __future__ import annotations

import pytest
from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Static

from coach.tui.screens.deals import DealsScreen
from coach.tui.screens.practice import PracticeScreen

from .deal_fixture import make_deals_app
from .helpers import make_app
from .practice_helpers import wait_for, wait_screen

LONG = {
    "zh": "第 1/4 步 回顾目标：当初的意图和目标是什么，目标有没有量化，谁定的，什么时候定的",
    "en": "Step 1/4 Goal review: what was the intent and the target, was it quantified, by whom",
}


def first_line(widget: Static) -> str:
    """The widget's first line as drawn, padding included."""
    region = Region(0, 0, widget.outer_size.width, widget.outer_size.height)
    return widget.render_lines(region)[0].text.rstrip()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_long_step_title_ends_with_an_ellipsis(lang: str, size: tuple[int, int]) -> None:
    app = make_app(lang, start_case="mini-peaks", practice=True)
    async with app.run_test(size=size) as pilot:
        await wait_screen(pilot, PracticeScreen)
        title = app.screen.query_one("#step-title", Static)
        text = LONG[lang] * (2 if size[0] > 100 else 1)
        title.update(text)
        await wait_for(pilot, lambda: first_line(title).endswith("…"), "the title cut with …")
        shown = first_line(title)
        assert cell_len(shown) <= title.size.width
        assert text.startswith(shown[:-1].rstrip())


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_long_deals_status_ends_with_an_ellipsis(lang: str) -> None:
    app = make_deals_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_open_deals()
        await wait_screen(pilot, DealsScreen)
        screen = app.screen
        await wait_for(pilot, lambda: screen.all_rows is not None, "the deals read")
        status = screen.query_one("#deals-status", Static)
        status.update(LONG[lang] * 2)
        await wait_for(pilot, lambda: first_line(status).endswith("…"), "the status cut with …")
        assert cell_len(first_line(status)) <= status.outer_size.width
