"""Home's ⊘ beside a module has a legend (issue 15: a newcomer could not tell what it meant)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from coach import paths
from coach.tui.screens.home import HomeScreen

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


@pytest.mark.parametrize(("lang", "legend"), [("zh", "⊘ 未解锁"), ("en", "⊘ locked")])
async def test_the_lock_mark_is_explained_when_a_module_is_locked(lang, legend):
    app = make_app(lang, roots=paths.bundled_content_dirs())  # the bootcamp locks its modules
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_screen(pilot, HomeScreen)
        glance = app.screen.query_one("#home-glance", DataTable)
        await wait_for(pilot, lambda: glance.row_count, "the glance table")
        shows_lock = any("⊘" in str(glance.get_row_at(i)[0]) for i in range(glance.row_count))
        subtitle = str(glance.border_subtitle or "")
        assert shows_lock, "the bootcamp's later modules wait for the first"
        assert legend in subtitle, subtitle
