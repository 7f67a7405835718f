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

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Input, Static

from coach.domain.content import Chart, Exhibit
from coach.domain.text import LText
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.chart import ExhibitChart


@dataclass
class InsightsView:
    """Everything the screen shows, as plain text rows (built off the UI thread)."""

    period: str
    summary: list[tuple[str, str]] = field(default_factory=list)
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)
    charts: list[Exhibit] = field(default_factory=list)
    seconds: float = 0.0
    deals: int = 0  # in the whole log
    error: str = ""


def _lt(zh: str, en: str) -> LText:
    return LText.of({"zh": zh, "en": en})


def build_view(deals, reviews, period: str) -> InsightsView:
    """The period review of ``deals`` for ``period`` as rows and chart exhibits."""
    from coach.analysis.period import PeriodError, parse_period, period_review
    from coach.io.report import _rows, _tables, cell_text, summary_rows

    started = time.perf_counter()
    try:
        when = parse_period(period)
    except PeriodError as exc:
        return InsightsView(period, error=str(exc))
    r = period_review(deals, when, reviews)
    view = InsightsView(when.label, summary=summary_rows(r), deals=len(deals))
    for key, title, frame in _tables(r):
        if key == "seasonality" or frame.empty:
            continue
        headers, rows = _rows(frame)
        view.tables.append((title, headers, rows))
    if not r.by_month.empty:
        view.charts.append(
            Exhibit(
                "by-month",
                _lt("每月赢单金额", "Won amount by month"),
                (_lt("月份", "Month"), _lt("赢单金额", "Won amount")),
                tuple((str(m), float(v)) for m, v in r.by_month["won_amount"].items()),
                chart=Chart("bar", 0, (1,)),
            )
        )
    if not r.pareto.empty:
        view.charts.append(
            Exhibit(
                "pareto",
                _lt("丢单原因（次数）", "Loss reasons (count)"),
                (_lt("原因", "Reason"), _lt("次数", "Count")),
                tuple(
                    (cell_text(reason), int(count))
                    for reason, count in zip(r.pareto["reason"], r.pareto["count"], strict=True)
                )[:8],
                chart=Chart("bar", 0, (1,)),
            )
        )
    season = r.seasonality
    if "all" in season and season["all"].notna().any():
        view.charts.append(
            Exhibit(
                "seasonality",
                _lt("季节性：各月占全年赢单金额（%，各年合计）",
                    "Seasonality: each month's share of won amount (%, all years)"),
                (_lt("月", "Month"), _lt("占比", "Share")),
                tuple((str(m), round(float(v) * 100, 1)) for m, v in season["all"].items()),
                chart=Chart("line", 0, (1,)),
            )
        )  # fmt: skip
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
        if self.view is not None and self.view.period == self.period:
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
                n=view.deals,
            )
        )
        widgets: list = []
        summary = DataTable(id="insights-summary", show_cursor=False, classes="insights-table")
        summary.add_columns(tr("指标", "Figure"), tr("数值", "Value"))
        for label, value in view.summary:
            summary.add_row(label, value)
        widgets.append(summary)
        for exhibit in view.charts:
            widgets.append(Static(exhibit.title.get(self.lang), classes="section-title"))
            widgets.append(ExhibitChart(exhibit, self.lang, classes="insights-chart"))
        for i, (title, headers, rows) in enumerate(view.tables):
            widgets.append(Static(title, classes="section-title"))
            table = DataTable(id=f"insights-table-{i}", show_cursor=False, classes="insights-table")
            table.add_columns(*headers)
            for row in rows[:200]:
                table.add_row(*row)
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
