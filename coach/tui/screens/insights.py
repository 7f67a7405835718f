"""Insights: the period review of the deal log as tables and terminal charts.

The figures are computed in a thread worker (pandas never runs on the UI thread) and arrive as
plain rows; the screen only lays them out. ``[`` and ``]`` step to the previous or next period of
the same kind; any period can be typed (2025-Q2, 2025-03, 2025, 2025-W14, a..b).
"""

from __future__ import annotations

import datetime as dt
import re
import time
from dataclasses import dataclass, field

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from coach.domain.content import Chart, Exhibit
from coach.domain.text import LText
from coach.i18n import tr
from coach.io import numbers
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.chart import ExhibitChart

#: The widest the summary's labels are drawn; a longer one wraps.
SUMMARY_LABEL = 44


@dataclass
class InsightsTable:
    """One table of the period report as the screen shows it: which columns are numbers
    (right-aligned) comes with the cells, from the report's own table builder."""

    title: str
    headers: list[str]
    rows: list[list[str]]
    numeric: list[bool]


@dataclass
class InsightsView:
    """Everything the screen shows, as plain text rows (built off the UI thread), in ``lang``."""

    period: str
    lang: str = ""
    #: (label, value, right-aligned)
    summary: list[tuple[str, str, bool]] = field(default_factory=list)
    tables: list[InsightsTable] = field(default_factory=list)
    charts: list[Exhibit] = field(default_factory=list)
    seconds: float = 0.0
    deals: int = 0  # in the whole log
    error: str = ""


def _chart(key: str, title: str, headers: list[str], rows: list[tuple[str, str]], kind) -> Exhibit:
    """An exhibit of two columns, label and figure, as the report's table writes them: the
    chart labels each bar with the table's own text."""
    return Exhibit(
        key,
        LText.of(title),
        (LText.of(headers[0]), LText.of(headers[1])),
        tuple(rows),
        chart=Chart(kind, 0, (1,)),
    )


def _column(parts, name: str, frame) -> list[str]:
    _headers, body, _numeric = parts
    i = [str(c) for c in frame.columns].index(name)
    return [row[i] for row in body]


def build_view(deals, reviews, period: str) -> InsightsView:
    """The period review of ``deals`` for ``period``: the report's summary, tables and charts
    (coach.io.report builds them; nothing is computed or written twice)."""
    from coach.analysis.period import PeriodError, parse_period, period_review
    from coach.i18n import get_lang
    from coach.io.report import (
        _looks_numeric,
        _summary_text,
        _table_parts,
        _tables,
        _years_text,
        summary_values,
    )

    started = time.perf_counter()
    try:
        when = parse_period(period)
    except PeriodError as exc:
        return InsightsView(period, get_lang(), error=str(exc))
    r = period_review(deals, when, reviews)
    view = InsightsView(when.label, get_lang(), deals=len(deals))
    for label, value, kind in summary_values(r):
        text = _summary_text(value, kind)
        if label == tr("期间", "Period"):  # two short lines, not one wide column
            text = f"{when.label}\n{when.start} – {when.end}"
        view.summary.append((label, text, kind != "text" or _looks_numeric(text)))
    first, last = when.start.year, when.end.year
    span = (
        when.label if ".." not in when.label else f"{first}–{last}" if last > first else str(first)
    )
    for key, title, frame in _tables(r):
        if frame.empty:
            continue
        parts = _table_parts(frame)
        headers, body, numeric = parts
        if key != "seasonality":  # twelve rows a year: the chart shows it
            view.tables.append(InsightsTable(title, headers, body, numeric))
        if key == "by_month":
            amount = headers[[str(c) for c in frame.columns].index("won_amount")]
            view.charts.append(_chart(
                "by-month",
                tr("每月{a} · {p}", "{a} by month · {p}", a=amount, p=span),
                [headers[0], amount],
                list(zip(_column(parts, "month", frame), _column(parts, "won_amount", frame),
                         strict=True)),
                "bar",
            ))  # fmt: skip
        elif key == "pareto":
            view.charts.append(_chart(
                "pareto",
                tr("丢单原因（次数） · {p}", "Loss reasons (count) · {p}", p=span),
                [headers[0], headers[1]],
                list(zip(_column(parts, "reason", frame), _column(parts, "count", frame),
                         strict=True))[:8],
                "bar",
            ))  # fmt: skip
        elif key == "seasonality":
            years = [str(c) for c in frame.columns if str(c).isdigit()]
            column = "all" if "all" in frame.columns else (years[0] if years else "")
            if not column or not frame[column].notna().any():
                continue
            view.charts.append(_chart(
                "seasonality",
                tr("季节性：各月占全年赢单金额（%） · {y}",
                   "Seasonality: each month's share of the year's won amount (%) · {y}",
                   y=_years_text(r.season_years)),
                [headers[0], tr("占比", "Share")],
                list(zip(_column(parts, "month", frame), _column(parts, column, frame),
                         strict=True)),
                "line",
            ))  # fmt: skip
    view.seconds = time.perf_counter() - started
    return view


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def shift_period(label: str, step: int) -> str:
    """The period ``step`` before or after ``label`` (quarters, months, years, weeks)."""
    if m := re.fullmatch(r"(\d{4})-Q([1-4])", label, re.IGNORECASE):
        n = int(m[1]) * 4 + int(m[2]) - 1 + step
        return f"{n // 4}-Q{n % 4 + 1}"
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", label):
        n = int(m[1]) * 12 + int(m[2]) - 1 + step
        return f"{n // 12}-{n % 12 + 1:02d}"
    if m := re.fullmatch(r"(\d{4})", label):
        return str(int(m[1]) + step)
    if m := re.fullmatch(r"(\d{4})-W(\d{1,2})", label, re.IGNORECASE):
        monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1) + dt.timedelta(weeks=step)
        y, w, _ = monday.isocalendar()
        return f"{y}-W{w:02d}"
    return label


@localised
class InsightsScreen(CoachScreen):
    HELP_ZH = (
        "## 洞察\n一个期间的交易：赢单、丢单（客户未决单列）、赢单率、目标完成、按产品/负责人/月份、"
        "平均周期、丢单原因帕累托、季节性、反复出现的原因。\n\n"
        "- 在上方输入期间：2025-Q2、2025-03、2025、2025-W14、2025-01-01..2025-03-31\n"
        "- `[` 上一期，`]` 下一期，`/` 输入期间\n"
        "- 报告文件：`coach report --period 2025-Q2 --out 报告.html`"
    )
    HELP_EN = (
        "## Insights\nOne period of your deals: won, lost (no decision apart), win rate, "
        "attainment, by product / owner / month, cycle time, the Pareto of loss reasons, "
        "seasonality and the causes that recur.\n\n"
        "- Type a period at the top: 2025-Q2, 2025-03, 2025, 2025-W14, 2025-01-01..2025-03-31\n"
        "- `[` previous period, `]` next period, `/` type a period\n"
        "- A report file: `coach report --period 2025-Q2 --out report.html`"
    )
    LOCAL_BINDINGS = [
        LB("left_square_bracket", "shift(-1)", "上一期", "Previous", "insights-prev",
           key_display="["),
        LB("right_square_bracket", "shift(1)", "下一期", "Next", "insights-next", key_display="]"),
        LB("slash", "edit_period", "输入期间", "Type period", "insights-edit", key_display="/"),
    ]  # fmt: skip

    class Ready(Message):
        def __init__(self, view: InsightsView) -> None:
            super().__init__()
            self.view = view

    def __init__(self, period: str | None = None) -> None:
        super().__init__()
        self.period = period
        self.view: InsightsView | None = None
        self._log = None  # (deals frame, finished reviews), built by the first worker

    def compose(self) -> ComposeResult:
        if self.period is None:
            self.period = quarter_label(self.session.today())
        yield Header()
        with Horizontal(id="insights-bar"):
            yield Static(tr("期间", "Period"), classes="field-label")
            yield Input(value=self.period, id="insights-period")
            yield Static(id="insights-status")
        yield VerticalScroll(id="insights-body")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = tr("洞察", "Insights")
        view = self.view
        if view is not None and view.period == self.period and view.lang == self.lang:
            self.call_after_refresh(self.show, self.view)
        else:
            self.compute(self.period or "")

    def compute(self, period: str) -> None:
        self.query_one("#insights-status", Static).update(tr("计算中…", "Computing…"))
        self._compute(period)

    @work(thread=True, exclusive=True, group="insights")
    def _compute(self, period: str) -> None:
        if self._log is None:  # read once per visit: stepping periods reuses the frame
            from coach.analysis.period import deals_frame

            store = self.session.store
            # the stored documents, not records: the frame reads ten fields of each
            docs = list(store.deals.raw_docs()) if store is not None else []
            reviews = [r for r in store.reviews.list() if r.status == "done"] if store else []
            self._log = (deals_frame(docs), reviews)
        frame, reviews = self._log
        self.post_message(self.Ready(build_view(frame, reviews, period)))

    @on(Ready)
    async def _ready(self, message: Ready) -> None:
        await self.show(message.view)

    async def show(self, view: InsightsView) -> None:
        self.view = view
        status = self.query_one("#insights-status", Static)
        body = self.query_one("#insights-body", VerticalScroll)
        await body.remove_children()
        if view.error:
            status.update(view.error)
            self.query_one("#insights-period", Input).focus()
            return
        self.period = view.period
        status.update(
            tr(
                "交易记录共 {n} 笔；[ ] 切换期间",
                "{n} deals in the log; [ ] change period",
                n=numbers.count(view.deals),
            )
        )
        widgets: list = []
        summary = DataTable(id="insights-summary", show_cursor=False, classes="insights-table")
        # a long label wraps rather than push the figures out of an 80-column terminal
        labels = [cell_len(label) for label, _v, _r in view.summary]
        summary.add_column(tr("指标", "Figure"), width=min(max(labels, default=8), SUMMARY_LABEL))
        summary.add_column(Text(tr("数值", "Value"), justify="right"))
        for label, value, right in view.summary:
            text = Text(value, justify="right" if right else "left")
            tall = cell_len(label) > SUMMARY_LABEL or "\n" in value
            summary.add_row(Text(label), text, height=None if tall else 1)
        widgets.append(summary)
        for exhibit in view.charts:
            widgets.append(Static(exhibit.title.get(self.lang), classes="section-title"))
            widgets.append(ExhibitChart(exhibit, self.lang, classes="insights-chart"))
        for i, t in enumerate(view.tables):
            widgets.append(Static(t.title, classes="section-title"))
            table = DataTable(id=f"insights-table-{i}", show_cursor=False, classes="insights-table")
            align = ["right" if n else "left" for n in t.numeric]
            for header, justify in zip(t.headers, align, strict=True):
                table.add_column(Text(header, justify=justify))
            for row in t.rows[:200]:
                table.add_row(*(Text(c, justify=j) for c, j in zip(row, align, strict=True)))
            widgets.append(table)
        await body.mount_all(widgets)
        if isinstance(self.focused, Input) or self.focused is None:
            body.focus()  # [ and ] step through periods; / types one

    @on(Input.Submitted, "#insights-period")
    def _period_typed(self, event: Input.Submitted) -> None:
        event.stop()
        self.compute(event.value.strip())

    def action_edit_period(self) -> None:
        self.query_one("#insights-period", Input).focus()

    def action_shift(self, step: int) -> None:
        new = shift_period(self.period or "", step)
        self.query_one("#insights-period", Input).value = new
        self.compute(new)
