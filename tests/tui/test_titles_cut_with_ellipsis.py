"""Issue 15: a case title cut for lack of room ends with … (Learn's tree, Progress's title
column) instead of stopping mid-word at the edge."""

from __future__ import annotations

import pytest
from rich.style import Style
from rich.text import Text

from coach import paths
from coach.tui.screens.learn import LearnScreen
from coach.tui.screens.progress import ProgressScreen
from coach.tui.widgets.case_tree import CaseTree

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen
from .progress_seed import settle


def _case_nodes(tree: CaseTree) -> list:
    found, todo = [], list(tree.root.children)
    while todo:
        node = todo.pop()
        todo.extend(node.children)
        if node.data:
            found.append(node)
    return found


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_learn_s_tree_ends_a_cut_title_with_an_ellipsis(lang: str) -> None:
    app = make_app(lang, roots=paths.bundled_content_dirs())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_screen(pilot, LearnScreen)
        await settle(pilot)
        tree = app.screen.query_one(CaseTree)
        await wait_for(pilot, lambda: tree.cursor_node is not None, "the tree")
        width = tree.scrollable_content_region.width
        cut = 0
        for node in _case_nodes(tree):
            label = tree.render_label(node, Style(), Style())
            full = node.label.cell_len + 2
            room = width - 2 * 4  # two guide levels: course and module
            assert label.cell_len <= room, (label.plain, width)
            if full > room:
                cut += 1
                assert label.plain.endswith("…"), label.plain
                assert label.cell_len >= room - 1, (label.plain, room)  # the room is used
        assert cut, "no title long enough to test at 80 columns"


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_progress_ends_a_title_that_gave_way_with_an_ellipsis(lang: str) -> None:
    app = make_app(lang, roots=paths.bundled_content_dirs())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.action_open_progress()
        await wait_screen(pilot, ProgressScreen)
        await settle(pilot)
        table = app.screen.query_one("#progress-table")
        await wait_for(pilot, lambda: table.row_count, "rows")
        width = table.columns[next(iter(table.columns))].width
        titles = [table.get_row_at(i)[0] for i in range(table.row_count)]
        assert all(isinstance(t, Text) and t.cell_len <= width for t in titles)
        assert any(t.plain.endswith("…") for t in titles)
