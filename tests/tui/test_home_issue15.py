"""Issue 15 on Home and Progress: a key for the deal log, and the screen used rather than left
empty at 120×40 (recent attempts, a bar per module, scores over time; a summary on Progress),
in one column at 80×24 with nothing important cut, scores as Feedback writes them."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Footer

from coach import paths
from coach.domain.records import Attempt
from coach.domain.scores import score_text
from coach.tui.screens.deals import DealsScreen
from coach.tui.screens.feedback import FeedbackScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.progress import ProgressScreen
from coach.tui.widgets.score_chart import ScoreChart
from coach.tui.widgets.summary import SummaryPanel, draw, meter

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen
from .progress_seed import seed_due, seed_progress, settle

SIZES = [(80, 24), (120, 40)]


def rows(table: DataTable) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def footer_keys(pilot) -> dict[str, object]:
    footer = pilot.app.screen.query_one(Footer)
    await wait_for(pilot, lambda: footer.children, "footer keys")
    await settle(pilot)
    return {getattr(k, "action", ""): k for k in footer.children}


# -- the deal log from Home ------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_d_opens_the_deal_log_and_escape_comes_back(lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_screen(pilot, HomeScreen)
        await settle(pilot)
        await pilot.press("d")
        await wait_screen(pilot, DealsScreen)
        await pilot.press("escape")
        await wait_screen(pilot, HomeScreen)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(("lang", "label"), [("zh", "交易"), ("en", "Deals")])
async def test_the_footer_shows_deals_and_every_label_whole(lang, label, size) -> None:
    app = make_app(lang)
    seed_progress(app)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        keys = await footer_keys(pilot)
        assert getattr(keys["deals"], "description", "") == label
        width = size[0]
        palette = [k for k in keys.values() if "-command-palette" in k.classes]
        edge = palette[0].region.x if palette else width
        cut = [k.region for k in keys.values() if k not in palette and k.region.right > edge]
        assert cut == [], cut
        # the keys that matter on Home stay; continue and search give way first at 80 columns
        assert {"learn", "next_case", "progress", "deals", "help", "toggle_language"} <= set(keys)
        if width >= 120:
            assert {"continue", "search", "quit"} <= set(keys)


# -- Home uses the room it has ---------------------------------------------------------------


async def test_recent_attempts_newest_first_and_enter_opens_their_feedback() -> None:
    app = make_app("en")
    seed_progress(app)
    store = app.session.store
    latest = store.attempts.save(
        Attempt(
            case_id="mini-peaks",
            curriculum_id="mini-course",
            score=75.5,  # half up, as Feedback writes it
            submitted="2026-03-09T10:00:00",
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#home-recent", DataTable)
        assert rows(recent) == [
            ["2026-03-09", f"✓ {score_text(75.5)}", "Seasonal peaks"],
            ["2026-03-08", "✗ 64", "Clients doubt our expertise"],
            ["2026-03-05", "✓ 82", "Seasonal peaks"],
            ["2026-03-02", "✗ 55", "Seasonal peaks"],
        ]
        assert score_text(75.5) == "76"
        recent.focus()
        await pilot.press("enter")
        await wait_screen(pilot, FeedbackScreen)
        assert app.screen.attempt_id == latest.id


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_120x40_glance_and_chart_beside_the_recent_attempts(lang: str) -> None:
    app = make_app(lang)
    seed_progress(app)
    seed_due(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        glance = screen.query_one("#home-glance", DataTable)
        chart = screen.query_one("#home-chart", ScoreChart)
        recent = screen.query_one("#home-recent", DataTable)
        assert chart.display and [p.score for p in chart.points] == [55, 82, 64]
        assert chart.pass_score == 70
        assert recent.region.x >= glance.region.right  # side by side
        assert chart.region.y >= glance.region.bottom  # the chart under the glance
        # the panels reach down to the footer: no empty half screen
        footer = screen.query_one(Footer)
        assert recent.region.bottom == chart.region.bottom == footer.region.y
        assert chart.region.height >= 12


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_80x24_is_one_column_with_scores_in_view(lang: str) -> None:
    app = make_app(lang, roots=paths.bundled_content_dirs())  # four modules, long titles
    store = app.session.store
    course = app.session.content.curricula["wm-bootcamp"]
    cases = list(course.case_ids())
    for day, (case, score) in enumerate([(cases[0], 48.5), (cases[0], 76), (cases[1], 81)]):
        store.attempts.save(
            Attempt(
                case_id=case,
                curriculum_id=course.id,
                score=score,
                submitted=f"2026-03-0{day + 2}T10:00:00",
            )
        )
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        glance = screen.query_one("#home-glance", DataTable)
        recent = screen.query_one("#home-recent", DataTable)
        assert not screen.query_one("#home-chart", ScoreChart).display
        assert glance.region.width == recent.region.width == 80
        assert recent.region.y >= glance.region.bottom
        assert glance.row_count == 4 and glance.region.height >= 4 + 3  # every module in view
        assert recent.region.bottom <= 23 and recent.region.height - 2 >= 3  # three attempts
        assert screen.max_scroll_y == 0  # nothing pushed below the footer
        top = rows(recent)[0]
        assert top[:2] == ["2026-03-04", "✓ 81"]
        if lang == "en":
            assert top[2].endswith("…")  # the long title gave way, the score did not
        # every cell of the row fits the table: nothing to scroll sideways for
        used = sum(c.get_render_width(recent) for c in recent.columns.values())
        assert used <= recent.scrollable_content_region.width


def test_meter_rounds_half_up_and_is_never_full_or_empty_by_mistake() -> None:
    assert meter(1, 1) == ("█" * 10, "")
    assert meter(0, 4) == ("", "░" * 10)
    assert meter(2, 4) == ("█" * 5, "░" * 5)
    assert meter(1, 3, 10) == ("█" * 3, "░" * 7)
    assert meter(1, 16) == ("█", "░" * 9)  # 0.6 of a cell: one, not none
    assert meter(15, 16) == ("█" * 9, "░")  # 9.4 cells, not yet full
    assert meter(0, 0) == ("", "░" * 10)


async def test_an_empty_profile_says_so_in_the_new_panels() -> None:
    app = make_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        recent = app.screen.query_one("#home-recent", DataTable)
        assert rows(recent) == [["还没有提交过作答。"]]
        await pilot.press("tab", "tab", "tab")
        if recent.has_focus:
            await pilot.press("enter")  # nothing to open: Home stays
            await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        chart = app.screen.query_one("#home-chart", ScoreChart)
        assert chart.points == [] and "还没有提交过。" in str(chart.render())


# -- Progress --------------------------------------------------------------------------------


async def open_progress(pilot) -> DataTable:
    await settle(pilot)
    await pilot.press("p")
    await wait_screen(pilot, ProgressScreen)
    await settle(pilot)
    return pilot.app.screen.query_one("#progress-table", DataTable)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        (
            "zh",
            ["通过", "1/2 个案例", "提交", "45 分钟", "73（及格 70）", "平均 +14 分", "03-08 · 64"],
        ),
        ("en", ["Passed", "1/2 cases", "Attempts", "73 (pass 70)", "+14 on average", "03-08 · 64"]),
    ],
)
async def test_progress_summary_beside_the_chart_at_120x40(lang, words) -> None:
    app = make_app(lang)
    seed_progress(app)
    async with app.run_test(size=(120, 40)) as pilot:
        table = await open_progress(pilot)
        panel = app.screen.query_one(SummaryPanel)
        chart = app.screen.query_one(ScoreChart)
        assert panel.display and panel.region.x >= chart.region.right
        assert table.region.height < 20  # five rows: the table no longer takes the screen
        assert chart.region.y >= table.region.bottom and chart.region.height >= 20
        text = draw(panel.summary, panel.size.width).plain
        for word in words:
            assert word in text, text
        lines = text.splitlines()
        bars = [line for line in lines if "█" in line or "░" in line]
        assert len(bars) == 2 and "1/1" in bars[0] and "82" in bars[0]
        assert "0/1" in bars[1] and "64" in bars[1]
        # it follows the highlighted row's curriculum and reads the same after F2
        await pilot.press("f2")
        await settle(pilot)
        panel = app.screen.query_one(SummaryPanel)
        assert ("1/2 cases" if lang == "zh" else "1/2 个案例") in draw(panel.summary, 60).plain


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_progress_at_80x24_keeps_the_scores_in_view(lang: str) -> None:
    app = make_app(lang, roots=paths.bundled_content_dirs())  # long titles, many rows
    course = app.session.content.curricula["wm-bootcamp"]
    first = next(iter(course.case_ids()))
    app.session.store.attempts.save(
        Attempt(case_id=first, curriculum_id=course.id, score=81.5, submitted="2026-03-02T10:00")
    )
    async with app.run_test(size=(80, 24)) as pilot:
        table = await open_progress(pilot)
        screen = app.screen
        assert not screen.query_one(SummaryPanel).display  # no room: the chart alone
        assert screen.query_one(ScoreChart).region.height >= 8
        assert screen.max_scroll_y == 0
        row = table.get_row(f"case:{course.id}:{first}")
        assert str(row[4]).strip() == "82"  # Best, half up
        widths = [c.get_render_width(table) for c in table.columns.values()]
        # Best and Time end inside the table's visible width, scrollbar and all: no Right
        assert table.scroll_x == 0
        assert sum(widths) <= table.scrollable_content_region.width
