"""Progress: per curriculum, module and case — attempts, first and best score, pass / fail,
time spent — with a chart of scores over time for the highlighted row, a summary of its
curriculum beside the chart (in a terminal wide and tall enough), and exports."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Header

from coach.analysis.progress import CaseProgress, CurriculumProgress, Progress, ScorePoint
from coach.domain.scores import score_text
from coach.i18n import tr
from coach.io.export import curriculum_title, duration, module_title, status_text
from coach.tui.exports import export_attempt_files, export_progress_files
from coach.tui.localise import LB, localised
from coach.tui.progress_data import load_progress
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.score_chart import ChartPoint, ScoreChart
from coach.tui.widgets.summary import ModuleLine, Summary, SummaryPanel

#: The narrowest the title column gets when the terminal is too narrow for whole titles.
MIN_TITLE = 16
#: From these many columns and rows on, the summary of a curriculum shows beside the chart.
WIDE = 100
TALL = 30
_MARKS = {"new": "○", "draft": "✎", "passed": "✓", "failed": "✗", "locked": "⊘"}


class ProgressTable(DataTable):
    """The progress rows; marks and headings take their colours from the theme."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "progress--passed",
        "progress--failed",
        "progress--draft",
        "progress--muted",
        "progress--heading",
    }


@localised
class ProgressScreen(CoachScreen):
    HELP_ZH = (
        "## 进度\n"
        "每个课程、模块和案例：**提交次数**、**首次**和**最高**得分、是否**通过**"
        "（最高分达到课程的及格线）、**用时**。模块一行显示 完成 / 总数 和各案例最高分的平均。"
        "下方的图是所选行的成绩变化（每次提交一列，虚线是及格线）；终端够宽时，图旁的**总览**"
        "是所选行所在课程的通过数、提交次数、用时、平均最高分和每个模块的完成条。\n\n"
        "- `e` 把整个进度导出为 Markdown 和 HTML；\n"
        "- `a` 导出所选案例最近一次作答；\n"
        "- `enter` 打开所选案例。\n\n"
        "导出的文件放在档案文件夹下的 `exports` 里，导出后会显示完整路径。"
    )
    HELP_EN = (
        "## Progress\n"
        "For every curriculum, module and case: **attempts**, **first** and **best** score, "
        "**pass / fail** (the best score against the curriculum's pass score) and **time "
        "spent**. A module's row shows done / total and the average of its cases' best scores. "
        "The chart below follows the highlighted row: one column per submission, the dotted "
        "line is the pass score. In a terminal wide enough, the **summary** beside it shows the "
        "highlighted row's curriculum: cases passed, attempts, time, the average best score and "
        "a bar of cases passed per module.\n\n"
        "- `e` exports the whole progress as Markdown and HTML;\n"
        "- `a` exports the highlighted case's latest attempt;\n"
        "- `enter` opens the highlighted case.\n\n"
        "Exports go to the `exports` folder in your profile's folder; the full path is shown "
        "when they are written."
    )
    # the summary sits beside the chart when there is room for both (app.tcss hides it else)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    LOCAL_BINDINGS = [
        LB("e", "export_progress", "导出进度", "Export progress", "progress-export"),
        LB("a", "export_attempt", "导出作答", "Export attempt", "progress-export-attempt"),
        LB("enter", "open_case", "打开案例", "Open case", "progress-open", show=False),
    ]

    class Loaded(Message):
        def __init__(self, progress: Progress) -> None:
            super().__init__()
            self.progress = progress

    def __init__(self) -> None:
        super().__init__()
        self.progress: Progress | None = None
        self.loaded = False
        self._rows: dict[str, tuple[CurriculumProgress, object]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        table = ProgressTable(id="progress-table", cursor_type="row")
        table.border_title = tr("进度", "Progress")
        yield table
        with Horizontal(id="progress-bottom"):
            chart = ScoreChart(id="progress-chart")
            chart.border_title = tr("成绩变化", "Scores over time")
            yield chart
            summary = SummaryPanel(id="progress-summary")
            summary.border_title = tr("总览", "Summary")
            yield summary
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = tr("复盘 Coach · 进度", "复盘 Coach · Progress")
        table = self.query_one(ProgressTable)
        table.border_subtitle = tr(
            "e 导出到档案文件夹的 exports", "e exports to exports/ in your profile folder"
        )
        if self.progress is not None:
            self._show(self.progress)
        table.focus()

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="progress-load")
    def _load(self) -> None:
        self.post_message(self.Loaded(load_progress(self.session)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.progress = message.progress
        self._show(message.progress)
        self.loaded = True

    # -- the table -------------------------------------------------------------------------

    def _show(self, progress: Progress) -> None:
        table = self.query_one(ProgressTable)
        row_before = table.cursor_row
        table.clear(columns=True)
        headers = [
            ("name", tr("课程 / 模块 / 案例", "Curriculum / module / case")),
            ("status", tr("状态", "Status")),
            ("attempts", tr("次数", "Tries")),
            ("first", tr("首次", "First")),
            ("best", tr("最高", "Best")),
            ("time", tr("用时", "Time")),
        ]
        rows: list[tuple[list, str]] = []

        def add(*cells, key: str) -> None:
            rows.append((list(cells), key))

        style = table.get_component_rich_style
        heading = style("progress--heading", partial=True)
        muted = style("progress--muted", partial=True)
        marks = {
            "passed": style("progress--passed", partial=True),
            "failed": style("progress--failed", partial=True),
            "draft": style("progress--draft", partial=True),
        }
        content, lang = self.session.content, self.lang
        self._rows.clear()
        for cur in progress.curricula:
            key = f"cur:{cur.curriculum_id}"
            self._rows[key] = (cur, None)
            title = Text(curriculum_title(content, cur.curriculum_id, lang), heading)
            passed = sum(1 for c in cur.cases if c.passed)
            add(
                title,
                Text(f"{passed}/{len(cur.cases)}", muted),
                "",
                "",
                Text(tr("及格 {p}", "pass {p}", p=score_text(cur.pass_score)), muted),
                "",
                key=key,
            )
            for mod in cur.modules:
                mkey = f"mod:{cur.curriculum_id}:{mod.module_id}"
                self._rows[mkey] = (cur, mod)
                name = Text("  " + module_title(content, cur.curriculum_id, mod.module_id, lang))
                name.stylize("bold")
                if mod.locked_by:
                    name.append(" ⊘", muted)
                avg = score_text(mod.average)
                add(
                    name,
                    Text(tr("完成 {d}/{t}", "done {d}/{t}", d=mod.done, t=mod.total), muted),
                    Text(str(mod.attempts), muted),
                    "",
                    Text(tr("平均 {a}", "avg {a}", a=avg), muted),
                    Text(duration(mod.seconds, lang) if mod.attempts else "–", muted),
                    key=mkey,
                )
                for cp in mod.cases:
                    ckey = f"case:{cur.curriculum_id}:{cp.case_id}"
                    self._rows[ckey] = (cur, cp)
                    add(*self._case_cells(cp, marks, muted), key=ckey)
        # widths measured here: the table's own sizing lagged behind rows added in one go
        widths = [
            max([cell_len(header), *(cell_len(str(cells[i])) for cells, _ in rows)])
            for i, (_, header) in enumerate(headers)
        ]
        # the titles give way, not the figures: at 80 columns a long title pushed every score
        # off the screen (each column also takes 2 cells of padding; the border and the
        # scrollbar of rows that overflow 4 more, 2 spare)
        room = self.app.size.width - 4 - sum(w + 2 for w in widths[1:]) - 2
        if widths and widths[0] > room:
            widths[0] = max(MIN_TITLE, room)
        for (key, header), width in zip(headers, widths, strict=True):
            table.add_column(header, key=key, width=width)
        for cells, key in rows:
            if widths and cells[0].cell_len > widths[0]:  # a title that gave way ends in …
                cells = [cells[0].copy(), *cells[1:]]
                cells[0].truncate(widths[0], overflow="ellipsis")
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(max(row_before, 0), table.row_count - 1))
            self._chart_for(table.cursor_row)

    def _case_cells(self, cp: CaseProgress, marks, muted) -> list[Text]:
        case = self.session.content.cases.get(cp.case_id)
        title = case.title.get(self.lang) if case else cp.case_id
        mark_style = marks.get(cp.status, muted)
        status = Text(_MARKS[cp.status] + " ", mark_style)
        status.append(status_text(cp.status, self.lang), mark_style)

        def score(x: float | None) -> Text:
            return Text("–", muted) if x is None else Text(score_text(x))

        return [
            Text("    " + title),
            status,
            Text(str(cp.attempts)),
            score(cp.first),
            score(cp.best),
            Text(duration(cp.seconds, self.lang) if cp.attempts else "–", muted),
        ]

    # -- the chart follows the highlighted row ---------------------------------------------

    @on(DataTable.RowHighlighted, "#progress-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._chart_for(event.cursor_row)

    def _selected(self) -> tuple[CurriculumProgress, object] | None:
        table = self.query_one(ProgressTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key((table.cursor_row, 0)).row_key.value
        return self._rows.get(key or "")

    def _chart_for(self, row: int) -> None:
        picked = self._selected()
        if picked is None:
            return
        cur, item = picked
        content, lang = self.session.content, self.lang
        if isinstance(item, CaseProgress):
            points = item.points
            case = content.cases.get(item.case_id)
            scope = case.title.get(lang) if case else item.case_id
        elif item is not None:
            points = sorted((p for c in item.cases for p in c.points), key=lambda p: p.when)
            scope = module_title(content, cur.curriculum_id, item.module_id, lang)
        else:
            points = sorted((p for c in cur.cases for p in c.points), key=lambda p: p.when)
            scope = curriculum_title(content, cur.curriculum_id, lang)
        chart = self.query_one(ScoreChart)
        chart.border_title = tr("成绩变化 · {s}", "Scores over time · {s}", s=scope)
        chart.show(
            [_chart_point(p) for p in points],
            cur.pass_score,
            tr("还没有提交过。", "Nothing submitted yet."),
        )
        self._summary_for(cur)

    def _summary_for(self, cur: CurriculumProgress) -> None:
        """The highlighted row's curriculum in a few lines, and a bar per module."""
        content, lang = self.session.content, self.lang
        panel = self.query_one(SummaryPanel)
        panel.border_title = tr(
            "总览 · {c}", "Summary · {c}", c=curriculum_title(content, cur.curriculum_id, lang)
        )
        cases = cur.cases
        tried = [c for c in cases if c.best is not None and c.first is not None]
        attempts = sum(c.attempts for c in cases)
        bests = [c.best for c in tried if c.best is not None]
        average = sum(bests) / len(bests) if bests else None
        gains = [c.best - c.first for c in tried if c.best is not None and c.first is not None]
        points = [p for c in cases for p in c.points]
        latest = max(points, key=lambda p: p.when) if points else None
        facts = [
            (
                tr("通过", "Passed"),
                tr(
                    "{p}/{n} 个案例",
                    "{p}/{n} cases",
                    p=sum(1 for c in cases if c.passed),
                    n=len(cases),
                ),
            ),
            (tr("提交", "Attempts"), str(attempts)),
            (
                tr("用时", "Time"),
                duration(sum(c.seconds for c in cases), lang) if attempts else "–",
            ),
            (
                tr("平均最高分", "Average best"),
                tr(
                    "{a}（及格 {p}）",
                    "{a} (pass {p})",
                    a=score_text(average),
                    p=score_text(cur.pass_score),
                ),
            ),
        ]
        if gains:
            gain = sum(gains) / len(gains)
            facts.append(
                (
                    tr("首次 → 最高", "First → best"),
                    tr("平均 +{g} 分", "+{g} on average", g=score_text(gain)),
                )
            )
        if latest is not None:
            case = content.cases.get(latest.case_id)
            facts.append(
                (
                    tr("最近一次", "Latest"),
                    f"{latest.when[5:10]} · {score_text(latest.score)} · "
                    + (case.title.get(lang) if case else latest.case_id),
                )
            )
        modules = [
            ModuleLine(
                module_title(content, cur.curriculum_id, m.module_id, lang),
                m.done,
                m.total,
                score_text(m.average),
                bool(m.locked_by),
            )
            for m in cur.modules
        ]
        panel.show(Summary(facts, tr("各模块完成", "Cases passed per module"), modules))

    # -- actions ---------------------------------------------------------------------------

    def _selected_case(self) -> CaseProgress | None:
        picked = self._selected()
        return picked[1] if picked and isinstance(picked[1], CaseProgress) else None

    def action_open_case(self) -> None:
        cp = self._selected_case()
        if cp is not None:
            self.coach.open_case(cp.case_id)

    def action_export_progress(self) -> None:
        export_progress_files(self.coach)

    def action_export_attempt(self) -> None:
        cp = self._selected_case()
        store = self.session.store
        if cp is None or cp.last_attempt_id is None or store is None:
            self.notify(
                tr("先选一个提交过的案例。", "Pick a case you have submitted first."),
                severity="warning",
            )
            return
        attempt = store.attempts.get(cp.last_attempt_id)
        if attempt is not None:
            export_attempt_files(self.coach, attempt)

    @on(DataTable.RowSelected, "#progress-table")
    def _row_selected(self) -> None:
        self.action_open_case()


def _chart_point(p: ScorePoint) -> ChartPoint:
    return ChartPoint(p.when[5:10], p.score)
