"""Issue 15: numbers in the app's exhibits, charts and Insights.

An exhibit's table shows one precision per column (3.0 beside 3.1) with separators, numbers and
"—" right-aligned; its chart labels every bar as the table writes it (49.1, 125.1, not 49.10 and
125) and names the series with its unit; a column chart fills its pane and says its highest and
lowest in words. Insights' charts carry their unit and period, and every figure is recomputed
here from the deals.
"""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable

from coach import i18n
from coach.domain.content import Chart, Exhibit
from coach.domain.text import LText
from coach.tui.screens.insights import InsightsScreen, build_view
from coach.tui.widgets.chart import ExhibitChart, chart_data, draw_bars, draw_columns, fold
from coach.tui.widgets.exhibit import ExhibitView

from .deal_review_helpers import seed
from .helpers import make_app
from .practice_helpers import wait_for, wait_screen


def _lt(zh: str, en: str) -> LText:
    return LText.of({"zh": zh, "en": en})


#: The holdings table a tester met: 46, 10, 20 beside 49.1 and 125.1; the chart said 49.10, 125.
HOLDINGS = Exhibit(
    "portfolio",
    _lt("附表1　王秀兰在本行的资产", "Exhibit 1. Wang Xiulan's holdings"),
    (_lt("资产", "Holding"), _lt("风险等级", "Risk"), _lt("金额（万元）", "Amount (CNY 10k)"),
     _lt("说明", "Note")),
    (
        (_lt("三年期大额存单", "3-year CD"), _lt("存款", "deposit"), 46, "2026-09"),
        (_lt("活期存款", "Current account"), _lt("存款", "deposit"), 10, "—"),
        (_lt("稳盈固收+", "Wenying FI-plus"), "R3", 49.1, "0.9820"),
        (_lt("合计", "Total"), "", 125.1, None),
    ),
    chart=Chart("bar", 0, (2,)),
)  # fmt: skip

MONTHLY = Exhibit(
    "monthly",
    _lt("月度销售额（万元）", "Monthly sales (CNY 10k)"),
    (_lt("月份", "Month"), _lt("理财", "Wealth"), _lt("客户数", "Clients")),
    (("2024-01", 5200, 8252), ("2024-02", 2100.5, 900), ("2024-03", 2600, None)),
    chart=Chart("line", 0, (1,)),
)


class ExhibitApp(App):
    def __init__(self, exhibit: Exhibit, lang: str) -> None:
        super().__init__()
        self.exhibit, self.lang = exhibit, lang

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield ExhibitView(self.exhibit, self.lang)


def _column(table: DataTable, i: int) -> list[Text]:
    return [table.get_row_at(r)[i] for r in range(table.row_count)]


def _lines(widget) -> list[str]:
    return ["".join(seg.text for seg in widget.render_line(y)) for y in range(widget.size.height)]


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_exhibit_table_one_precision_per_column_numbers_right(lang: str):
    i18n.set_lang(lang)
    async with ExhibitApp(MONTHLY, lang).run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        table = pilot.app.query_one(DataTable)
        assert [str(c) for c in _column(table, 1)] == ["5,200.0", "2,100.5", "2,600.0"]
        assert [str(c) for c in _column(table, 2)] == ["8,252", "900", "—"]
        assert [c.justify for c in _column(table, 1)] == ["right"] * 3
        assert [c.justify for c in _column(table, 0)] == ["left"] * 3  # months are text
        headers = [col.label for col in table.ordered_columns]
        assert [h.justify for h in headers] == ["left", "right", "right"]
        # drawn: the figures end at the column's right edge, under the end of the header
        head, *rows = _lines(table)[:4]  # the rows' text is ASCII: a character is a cell
        end = cell_len(head[: head.index(headers[2].plain)]) + cell_len(headers[2].plain)
        assert rows[0][:end].endswith("8,252") and rows[2][:end].endswith("—")


@pytest.mark.parametrize(("lang", "unit"), [("zh", "金额（万元）"), ("en", "Amount (CNY 10k)")])
async def test_every_bar_is_labelled_as_its_cell_reads(lang: str, unit: str):
    i18n.set_lang(lang)
    async with ExhibitApp(HOLDINGS, lang).run_test(size=(80, 40)) as pilot:
        await pilot.pause()
        chart = pilot.app.query_one(ExhibitChart)
        legend, *bars = _lines(chart)
        assert unit in legend
        assert [line.rstrip().rsplit(" ", 1)[-1] for line in bars] == [
            "46.0",
            "10.0",
            "49.1",
            "125.1",
        ]
        assert not any("49.10" in line or re.search(r"\b125\b(?!\.)", line) for line in bars)
        # the bars are as long as their figures: recomputed from the values
        lengths = [line.count("█") for line in bars]
        longest = max(lengths)
        for length, value in zip(lengths, [46, 10, 49.1, 125.1], strict=True):
            assert abs(length - value / 125.1 * longest) <= 1
        assert max(len(line.rstrip()) for line in bars) >= chart.size.width - 2  # fills the pane


def test_the_unit_comes_from_the_title_when_the_header_has_none():
    i18n.set_lang("en")
    labels, series = chart_data(MONTHLY, "en")
    assert labels == ["2024-01", "2024-02", "2024-03"]
    assert series[0].name == "Wealth (CNY 10k)"
    assert series[0].texts == ["5,200.0", "2,100.5", "2,600.0"]
    i18n.set_lang("zh")
    assert chart_data(MONTHLY, "zh")[1][0].name == "理财（万元）"


@pytest.mark.parametrize(
    ("lang", "caption"),
    [
        ("zh", "理财（万元）：最高 5,200.0（2024-01），最低 2,100.5（2024-02）"),
        ("en", "Wealth (CNY 10k): highest 5,200.0 (2024-01), lowest 2,100.5 (2024-02)"),
    ],
)
@pytest.mark.parametrize("width", [40, 76, 116])
def test_column_chart_caption_scale_and_values(lang: str, caption: str, width: int):
    i18n.set_lang(lang)
    labels, series = chart_data(MONTHLY, lang)
    lines = draw_columns(labels, series, width, [None], None, None).plain.split("\n")
    top = next(i for i, line in enumerate(lines) if "┤" in line)
    assert lines[:top] == fold(caption, width)  # said whole when it fits, folded when not
    assert (lines[0] == caption) is (width >= 76)
    assert lines[top].startswith("5,200.0┤")
    axis = next(line for line in lines if "┴" in line)
    assert axis.startswith("    0.0┴") and len(axis) >= width - 3  # the columns fill the width
    # every column's value and month shown under it, in order
    under = lines[lines.index(axis) + 1 :]
    assert " ".join(under).split() == ["5,200.0", "2,100.5", "2,600.0", *labels]
    assert all(len(line) <= width for line in lines)


def test_many_columns_stagger_their_labels_or_leave_them_to_the_caption():
    labels = [f"2025-{m:02d}" for m in range(1, 13)] + [f"2026-{m:02d}" for m in range(1, 13)]
    ex = Exhibit(
        "x",
        LText.of("t"),
        (LText.of("m"), LText.of("v")),
        tuple((lbl, 1000 + i * 10) for i, lbl in enumerate(labels)),
        chart=Chart("line", 0, (1,)),
    )
    i18n.set_lang("en")
    lab, series = chart_data(ex, "en")
    wide = draw_columns(lab, series, 116, [None], None, None).plain.split("\n")
    axis = next(i for i, line in enumerate(wide) if "┴" in line)
    first, second = (wide[axis + 1].split(), wide[axis + 2].split())
    every = [f"{1000 + i * 10:,}" for i in range(24)]
    assert (first, second) == (every[0::2], every[1::2])  # two staggered rows, all shown
    narrow = draw_columns(lab, series, 60, [None], None, None).plain.split("\n")
    assert all(len(line) <= 60 for line in narrow)
    assert "2025-01" in narrow[-1] and "2026-12" in narrow[-1]  # first and last always named


def test_bars_of_three_series_are_told_apart():
    ex = Exhibit(
        "x",
        LText.of("t"),
        (LText.of("k"), LText.of("a"), LText.of("b"), LText.of("c")),
        (("r", 1, 2, 3),),
        chart=Chart("bar", 0, (1, 2, 3)),
    )
    i18n.set_lang("en")
    lines = draw_bars(*chart_data(ex, "en"), 40, [None, None], None).plain.split("\n")
    assert lines[0] == "█ a  █ b  ▓ c"
    assert lines[3].strip().startswith("▓") and lines[3].endswith(" 3")


# --- Insights --------------------------------------------------------------------------------


def _frame(app):
    from coach.analysis.period import deals_frame

    return deals_frame(list(app.session.store.deals.raw_docs()))


@pytest.mark.parametrize(
    ("lang", "title", "series"),
    [
        ("zh", "每月赢单金额（万元） · 2026-Q1", "赢单金额（万元）"),
        ("en", "Won amount (CNY) by month · 2026-Q1", "Won amount (CNY)"),
    ],
)
def test_insights_charts_carry_unit_and_period_and_recompute(lang, title, series):
    app = make_app(lang)
    seed(app.session.store)
    view = build_view(_frame(app), [], "2026-Q1")
    by_month, pareto, season = view.charts
    assert by_month.title.get(lang) == title
    labels, (s,) = chart_data(by_month, lang)
    assert s.name == series
    assert labels == [
        i18n.tr("2026年{m}月", "{n} 2026", m=m, n=n)
        for m, n in ((1, "Jan"), (2, "Feb"), (3, "Mar"))
    ]
    # recomputed from the seeded deals: one win of 100,000 in January, nothing after
    scale = 10_000 if lang == "zh" else 1
    assert s.values == [100_000 / scale, 0.0, 0.0]
    assert s.texts == (["10.00", "0.00", "0.00"] if lang == "zh" else ["100,000", "0", "0"])
    table = next(t for t in view.tables if t.title == i18n.tr("按月", "By month"))
    assert [row[table.headers.index(series)] for row in table.rows] == s.texts  # one text
    assert pareto.title.get(lang).endswith("· 2026-Q1")
    assert chart_data(pareto, lang)[1][0].values == [1.0, 1.0]  # price once, timing once
    assert season.title.get(lang).endswith("· 2026")
    shares = chart_data(season, lang)[1][0]
    assert shares.texts[0] == "100.0%" and sum(shares.values) == pytest.approx(100.0)


async def test_insights_figures_right_aligned_and_follow_f2():
    app = make_app("en")
    seed(app.session.store)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.action_open_insights()
        await wait_screen(pilot, InsightsScreen)
        screen = app.screen
        await wait_for(pilot, lambda: screen.query(".insights-chart"), "figures", polls=1000)
        summary = screen.query_one("#insights-summary", DataTable)
        values = {str(summary.get_row_at(r)[0]): summary.get_row_at(r)[1] for r in range(3)}
        assert values["Deals"].justify == "right"
        # the figures are within an 80-column screen, not pushed off by the period's dates
        assert sum(c.get_render_width(summary) for c in summary.ordered_columns) <= 76
        table = screen.query_one("#insights-table-0", DataTable)
        headers = [str(c.label) for c in table.ordered_columns]
        won = headers.index("Won")
        assert [table.get_row_at(r)[won].justify for r in range(table.row_count)] == ["right"] * 3
        assert table.get_row_at(0)[0].justify == "left"
        assert "Won amount (CNY) by month · 2026-Q1" in [
            str(w.render()) for w in screen.query(".section-title")
        ]
        await pilot.press("f2")
        await wait_for(
            pilot,
            lambda: (
                app.screen.view is not None
                and app.screen.view.lang == "zh"
                and app.screen.query(".insights-chart")
            ),
            "figures in Chinese",
            polls=1000,
        )
        titles = [str(w.render()) for w in app.screen.query(".section-title")]
        assert "每月赢单金额（万元） · 2026-Q1" in titles and "按月" in titles
