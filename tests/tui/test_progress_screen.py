"""Progress: per module and case, the chart that follows the highlighted row, exports."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from coach.paths import exports_dir
from coach.tui.screens.case import CaseScreen
from coach.tui.screens.progress import ProgressScreen
from coach.tui.widgets.score_chart import ScoreChart

from .helpers import make_app
from .progress_seed import seed_progress, settle


async def open_progress(pilot) -> DataTable:
    await settle(pilot)
    await pilot.press("p")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProgressScreen)
    return pilot.app.screen.query_one(DataTable)


def row_of(table: DataTable, key: str) -> int:
    return table.get_row_index(key)


@pytest.mark.parametrize(
    "lang, status, time", [("zh", "✓ 通过", "25 分钟"), ("en", "✓ passed", "25 min")]
)
async def test_case_rows(lang: str, status: str, time: str) -> None:
    app = make_app(lang)
    seed_progress(app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_progress(pilot)
        cells = [str(c).strip() for c in table.get_row("case:mini-course:mini-peaks")]
        assert cells[1:] == [status, "2", "55", "82", time]
        doubt = [str(c).strip() for c in table.get_row("case:mini-course:mini-doubt")]
        assert doubt[2:5] == ["1", "64", "64"]


async def test_chart_follows_the_highlighted_row() -> None:
    app = make_app("en")
    seed_progress(app)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_progress(pilot)
        chart = app.screen.query_one(ScoreChart)
        assert [p.score for p in chart.points] == [55, 82, 64]  # the curriculum row
        assert chart.pass_score == 70
        table.move_cursor(row=row_of(table, "case:mini-course:mini-peaks"))
        await pilot.pause()
        assert [p.score for p in chart.points] == [55, 82]
        assert [p.label for p in chart.points] == ["03-02", "03-05"]
        assert "Seasonal peaks" in str(chart.border_title)
        table.move_cursor(row=row_of(table, "mod:mini-course:mini-client"))
        await pilot.pause()
        assert [p.score for p in chart.points] == [64]


async def test_export_progress_writes_md_and_html() -> None:
    app = make_app("zh")
    seed_progress(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_progress(pilot)
        await pilot.press("e")
        await settle(pilot)
        folder = exports_dir(app.session.store.path)
        md = folder / "progress-2026-03-10.md"
        assert md.exists() and (folder / "progress-2026-03-10.html").exists()
        text = md.read_text(encoding="utf-8")
        assert "季节性高峰" in text and "| 2 | 55 | 82 |" in text
        assert any(str(folder) in str(n.message) for n in app._notifications)


async def test_export_attempt_of_the_highlighted_case() -> None:
    app = make_app("en")
    seed_progress(app)
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_progress(pilot)
        await pilot.press("a")  # on the curriculum row: nothing to export, and it says so
        await settle(pilot)
        assert any("Pick a case" in str(n.message) for n in app._notifications)
        table.move_cursor(row=row_of(table, "case:mini-course:mini-peaks"))
        await pilot.press("a")
        await settle(pilot)
        folder = exports_dir(app.session.store.path)
        (md,) = folder.glob("attempt-mini-peaks-*.md")
        assert "82 / 100" in md.read_text(encoding="utf-8")  # the latest attempt


async def test_enter_opens_the_case() -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_progress(pilot)
        table.move_cursor(row=row_of(table, "case:mini-course:mini-doubt"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.id == "mini-doubt"


async def test_nothing_submitted_yet() -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_progress(pilot)
        chart = app.screen.query_one(ScoreChart)
        assert chart.points == []
        assert "Nothing submitted yet." in str(chart.render())
