"""The Instructor screen: a folder of hand-ins as cohort tables with charts, and grading.

The report is computed in a thread (every attempt rescored with this machine's content); enter on
an attempt opens it for grading: the answers with the matched keywords highlighted, the automatic
breakdown beside the rubric, and a score and comment per criterion to override. Grades are saved
to the instructor's own store; the trainee's attempt is never changed.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Input,
    Label,
    Static,
    TabbedContent,
    TabPane,
)

from coach.domain.content import Chart, Exhibit
from coach.domain.text import LText
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.chart import ExhibitChart

FOLDER_SETTING = "instructor.handins"


def _num(v: Any) -> str:
    if v is None or (isinstance(v, float) and math.isnan(v)):
        return "-"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    return f"{v:g}" if isinstance(v, float) else str(v)


def bar_exhibit(title: str, labels: list[str], values: list[float]) -> Exhibit:
    """A one-series bar chart for ExhibitChart."""
    rows = tuple((lab, round(v, 1)) for lab, v in zip(labels, values, strict=True))
    return Exhibit(
        id="cohort",
        title=LText.of(title),
        columns=(LText.of(tr("名称", "Name")), LText.of(title)),
        rows=rows,
        chart=Chart("bar", 0, (1,)),
    )


class ReportReady(Message):
    def __init__(self, result: Any = None, error: str = "") -> None:
        super().__init__()
        self.result = result
        self.error = error


@localised
class InstructorScreen(CoachScreen):
    HELP_ZH = (
        "## 讲师\n在上方输入交作业文件夹（学员用 `coach handin` 交来的数据包），按 `enter` 或 `r` 读取。"
        "每次练习都用你本机的内容**重新评分**（数据包里的分数一概不信），做的是旧版本案例的标为“旧版本”。\n\n"
        "- **学员**：完成、首次/最佳、用时、是否通过、逾期。\n"
        "- **案例**：平均与标准差、通过率、最常漏掉的要点、误区、禁用语；上方是各案例平均分的图。\n"
        "- **练习**：`enter` 打开一次练习评分。\n\n"
        "评分存在你自己的档案里；用 `coach cohort return 文件夹` 写出成绩数据包发回学员。"
    )
    HELP_EN = (
        "## Instructor\nType the hand-in folder at the top (the bundles trainees made with "
        "`coach handin`) and press `enter` or `r`. Every attempt is **rescored** with the content "
        "on this machine (a score in a bundle is never trusted); attempts on an older version of "
        "a case are marked.\n\n"
        "- **Trainees**: completion, first/best, time, pass, late.\n"
        "- **Cases**: mean and spread, pass rate, most-missed key points, pitfalls, avoid "
        "phrases; the chart shows each case's mean.\n"
        "- **Attempts**: `enter` opens one for grading.\n\n"
        "Grades are kept in your own profile; `coach cohort return FOLDER` writes the graded "
        "bundles to send back."
    )
    LOCAL_BINDINGS = [
        LB("escape", "back", "返回", "Back", "back"),
        LB("r", "reload", "重新读取", "Reload", "instructor-reload"),
    ]

    def __init__(self, folder: str | None = None) -> None:
        super().__init__()
        self.folder = folder
        self.cohort: Any = None
        self.scored: list[Any] = []
        self.report: Any = None
        self._report_folder = ""  # the folder the report was read from

    def compose(self) -> ComposeResult:
        yield Static(tr("讲师 · 班级报告", "Instructor · cohort report"), id="instructor-title")
        with Horizontal(id="instructor-bar"):
            yield Input(placeholder=tr("交作业文件夹", "Hand-in folder"), id="instructor-folder")
            yield Button(tr("读取", "Load"), id="instructor-load")
        yield Label("", id="instructor-status")
        with TabbedContent(id="instructor-tabs"):
            with TabPane(tr("学员", "Trainees"), id="tab-trainees"):
                yield VerticalScroll(id="instructor-trainee-chart")
                yield DataTable(id="instructor-trainees", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("案例", "Cases"), id="tab-cases"):
                yield VerticalScroll(id="instructor-case-chart")
                yield DataTable(id="instructor-cases", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("练习", "Attempts"), id="tab-attempts"):
                yield DataTable(id="instructor-attempts", cursor_type="row", zebra_stripes=True)
            with TabPane(tr("差距与名单", "Gaps & roster"), id="tab-gaps"):
                yield DataTable(id="instructor-gaps", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        folder = self.folder
        if folder is None and self.session.store is not None:
            folder = self.session.store.settings.get_value(FOLDER_SETTING, "")
        box = self.query_one("#instructor-folder", Input)
        box.value = folder or ""
        if folder:
            self.action_reload()
        else:
            box.focus()

    def refill(self) -> None:
        """The report scored so far, in the new widgets (it is not scored again)."""
        if self.report is not None:
            self.query_one("#instructor-folder", Input).value = self._report_folder
            self._show_report()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "instructor-folder":
            self.action_reload()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "instructor-load":
            self.action_reload()

    def action_reload(self) -> None:
        folder = self.query_one("#instructor-folder", Input).value.strip()
        if not folder:
            return
        self.query_one("#instructor-status", Label).update(tr("正在重新评分……", "Rescoring…"))
        self._load(folder)

    @work(thread=True, exclusive=True, group="instructor")
    def _load(self, folder: str) -> None:
        from coach.analysis.cohort import cohort_report
        from coach.analysis.rescore import Rescorer
        from coach.store import StoreError

        store = self.session.store
        try:
            grades = store.grades.list() if store is not None else []
            index = self.session.content
            rescorer = Rescorer(index, workers=1)  # threads are running: no forking here
            result = cohort_report(
                Path(folder).expanduser(),
                index,
                grades=grades,
                today=self.session.today(),
                rescorer=rescorer,
            )
            rescorer.save()
        except StoreError as e:
            self.post_message(ReportReady(error=str(e)))
            return
        self.post_message(ReportReady((folder, *result)))

    def on_report_ready(self, message: ReportReady) -> None:
        status = self.query_one("#instructor-status", Label)
        if message.error:
            status.update(message.error)
            return
        folder, self.cohort, self.scored, self.report = message.result
        self._report_folder = folder
        store = self.session.store
        if store is not None and not self.session.read_only:
            store.settings.set_value(FOLDER_SETTING, folder)
        self._show_report()

    def _show_report(self) -> None:
        status = self.query_one("#instructor-status", Label)
        r = self.report
        parts = [
            tr(
                "{t}：{n} 名学员，{a} 次练习，及格线 {p:g}",
                "{t}: {n} trainee(s), {a} attempt(s), pass mark {p:g}",
                t=r.title,
                n=len(r.trainees),
                a=len(r.attempts),
                p=r.pass_score,
            )
        ]
        if r.skipped:
            parts.append(
                tr("跳过 {n} 个文件：", "skipped {n} file(s): ", n=len(r.skipped))
                + "; ".join(f"{Path(f).name} ({why})" for f, why in r.skipped[:3])
            )
        parts += r.notes
        status.update("\n".join(parts))
        self._fill()

    def _fill(self) -> None:
        r = self.report
        t = self.query_one("#instructor-trainees", DataTable)
        t.clear(columns=True)
        t.add_columns(tr("学员", "Trainee"), tr("完成", "Done"), tr("首次", "First"),
                      tr("最佳", "Best"), tr("分钟", "Min"), tr("通过", "Pass"),
                      tr("逾期", "Late"), tr("旧版本", "Old ver."))  # fmt: skip
        for row in r.trainees.itertuples(index=False):
            t.add_row(row.trainee, f"{row.done}/{row.of}", _num(row.first), _num(row.best),
                      _num(row.minutes), _num(row.passed), row.late_cases or "-",
                      _num(row.other_version), key=row.trainee_id)  # fmt: skip
        c = self.query_one("#instructor-cases", DataTable)
        c.clear(columns=True)
        c.add_columns(tr("案例", "Case"), tr("人数", "N"), tr("平均", "Mean"), tr("标准差", "SD"),
                      tr("通过率%", "Pass %"), tr("最常漏掉", "Most missed"),
                      tr("误区", "Pitfalls"), tr("禁用语", "Avoid"))  # fmt: skip
        for row in r.cases.itertuples(index=False):
            c.add_row(row.case, _num(row.trainees), _num(row.mean), _num(row.sd),
                      _num(row.pass_rate), row.most_missed or "-", row.pitfalls or "-",
                      row.avoid_hits or "-", key=row.case_id)  # fmt: skip
        a = self.query_one("#instructor-attempts", DataTable)
        a.clear(columns=True)
        a.add_columns(tr("学员", "Trainee"), tr("案例", "Case"), tr("提交", "Submitted"),
                      tr("自动", "Auto"), tr("讲师", "Instr."), tr("自评", "Self"),
                      tr("版本", "Version"))  # fmt: skip
        for row in r.attempts.itertuples(index=False):
            a.add_row(row.trainee, row.case, str(row.submitted)[:16].replace("T", " "),
                      _num(row.auto), _num(row.instructor), _num(row.self),
                      _version(row.version), key=row.attempt_id)  # fmt: skip
        g = self.query_one("#instructor-gaps", DataTable)
        g.clear(columns=True)
        g.add_columns(tr("学员", "Trainee"), tr("案例", "Case"), tr("自评", "Self"),
                      tr("自动", "Auto"), tr("讲师", "Instr."), tr("自评−自动", "Self−auto"))  # fmt: skip
        for row in r.gaps.itertuples(index=False):
            g.add_row(row.trainee, row.case, _num(row.self), _num(row.auto),
                      _num(row.instructor), _num(row.self_minus_auto))  # fmt: skip
        for name in r.missing:
            g.add_row(name, tr("未交作业", "not handed in"), "", "", "", "")
        self._charts()

    def _charts(self) -> None:
        r = self.report
        lang = self.lang
        for box_id, df, label, value, title in (
            ("#instructor-trainee-chart", r.trainees, "trainee", "best",
             tr("各学员最佳成绩平均", "Mean best score per trainee")),
            ("#instructor-case-chart", r.cases, "case", "mean",
             tr("各案例平均分", "Mean score per case")),
        ):  # fmt: skip
            box = self.query_one(box_id, VerticalScroll)
            box.remove_children()
            pairs = [
                (str(lab), float(v))
                for lab, v in zip(df[label], df[value], strict=True)
                if v is not None and not (isinstance(v, float) and math.isnan(v))
            ][:30]
            if pairs:
                labels, values = zip(*pairs, strict=True)
                box.mount(ExhibitChart(bar_exhibit(title, list(labels), list(values)), lang))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id != "instructor-attempts" or event.row_key.value is None:
            return
        self.open_attempt(str(event.row_key.value))

    def open_attempt(self, attempt_id: str) -> None:
        scored = next((s for s in self.scored if s.attempt.id == attempt_id), None)
        if scored is None:
            return
        if scored.version == "unknown":
            self.notify(
                tr("你的内容里没有这个案例，无法评分", "This case is not in your content"),
                severity="warning",
            )
            return
        self.app.push_screen(GradeScreen(scored), self._graded)

    def _graded(self, saved: bool | None) -> None:
        if saved:
            self.action_reload()


def _version(v: str) -> str:
    return {"same": "", "other": tr("旧版本", "older"), "unknown": tr("未知案例", "unknown")}[v]


# --- grading one attempt ------------------------------------------------------------------------


def highlighted(text: str, words: list[str], style: str) -> Text:
    """``text`` with every occurrence of ``words`` styled (longest first, no overlaps)."""
    out = Text(text)
    taken: list[tuple[int, int]] = []
    for w in sorted({w for w in words if w}, key=len, reverse=True):
        start = 0
        low, lw = text.lower(), w.lower()
        while (i := low.find(lw, start)) >= 0:
            j = i + len(w)
            if not any(i < b and a < j for a, b in taken):
                out.stylize(style, i, j)
                taken.append((i, j))
            start = j
    return out


@localised
class GradeScreen(CoachScreen):
    """One attempt: answers (matched keywords highlighted), the automatic breakdown beside the
    rubric, and an override per criterion. Dismisses with True when a grade was saved."""

    HELP_ZH = (
        "## 评分\n左边是学员的答案，命中的关键词高亮。右边是每条评分标准的自动得分、满分和评分等级；"
        "在“分数”里填上你的分数（留空 = 不改），写上评语，再写总评，按 `ctrl+s` 保存。"
        "成绩保存在你的档案里（谁、何时、覆盖了多少自动分都记下），学员的练习本身不会被修改。"
    )
    HELP_EN = (
        "## Grade\nLeft: the trainee's answers, matched keywords highlighted. Right: each rubric "
        "criterion's automatic points, maximum and levels; type your points (empty = keep), a "
        "comment, and an overall comment, then `ctrl+s` to save. The grade is kept in your "
        "profile (who, when, the automatic score it overrides); the attempt itself never changes."
    )
    LOCAL_BINDINGS = [
        LB("escape", "back", "返回", "Back", "back"),
        LB("ctrl+s", "save", "保存评分", "Save grade", "grade-save", priority=True),
    ]

    def __init__(self, scored: Any) -> None:
        super().__init__()
        self.scored = scored
        self.feedback: Any = None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return True

    def action_back(self) -> None:
        self.dismiss(False)

    def compose(self) -> ComposeResult:
        from coach.analysis.cohort import job_of
        from coach.analysis.rescore import review_job

        s = self.scored
        a = s.attempt
        index = self.session.content
        self.feedback = review_job(index, job_of(a))
        case = index.cases[a.case_id]
        lang = self.lang
        yield Static(
            tr("评分 · {t} · {c}", "Grade · {t} · {c}", t=s.trainee.name, c=case.title.get(lang)),
            id="grade-title",
        )
        fb = self.feedback
        with Horizontal(id="grade-body"):
            with VerticalScroll(id="grade-answers"):
                matched = [m.matched for k in fb.key_points for m in k.matches]
                matched += [m.keyword for k in fb.key_points for m in k.matches]
                avoid = [h.matched for h in fb.avoid_hits]
                prompts = {q.id: q.prompt.get(lang) for q in case.questions}
                for qid, text in a.answers.text.items():
                    yield Static(prompts.get(qid, qid), classes="grade-question")
                    body = highlighted(text, matched, "bold underline")
                    for w in avoid:
                        for part in highlighted(text, [w], "reverse").spans:
                            body.stylize("reverse", part.start, part.end)
                    yield Static(body, classes="grade-answer")
                missed = [k for k in fb.key_points if not k.hit]
                if missed:
                    yield Static(tr("漏掉的要点", "Missed key points"), classes="grade-question")
                    for k in missed:
                        yield Static(f"✗ {k.text}", classes="grade-missed")
            with VerticalScroll(id="grade-rubric"):
                version = {
                    "same": "",
                    "other": tr("（做的是旧版本案例）", " (made on an older version of the case)"),
                }.get(s.version, "")
                yield Static(
                    tr("自动得分 {s:g}{v}", "Automatic score {s:g}{v}", s=fb.score, v=version),
                    id="grade-auto",
                )
                old = {g.criterion: g for g in (s.grade.criteria if s.grade else [])}
                crit = {c.id: c for c in case.rubric}
                for line in fb.breakdown:
                    if line.kind != "criterion":
                        yield Static(f"{line.title}: {line.points:g}", classes="grade-penalty")
                        continue
                    c = crit.get(line.id)
                    levels = " · ".join(
                        f"{lv.score:g}: {lv.text.get(lang)}" for lv in (c.levels if c else ())
                    )
                    with Vertical(classes="grade-criterion"):
                        yield Static(
                            f"{line.title}  {line.points:g}/{line.max:g}  {line.reason}",
                            classes="grade-crit-title",
                        )
                        if levels:
                            yield Static(levels, classes="grade-levels")
                        g = old.get(line.id)
                        with Horizontal(classes="grade-inputs"):
                            yield Input(
                                value=f"{g.score:g}" if g else "",
                                placeholder=tr("分数 0–{m:g}", "points 0–{m:g}", m=line.max),
                                id=f"pts-{line.id}",
                                classes="grade-points",
                            )
                            yield Input(
                                value=g.comment if g else "",
                                placeholder=tr("评语", "comment"),
                                id=f"cmt-{line.id}",
                                classes="grade-comment",
                            )
                yield Input(
                    value=s.grade.comment if s.grade else "",
                    placeholder=tr("总评", "Overall comment"),
                    id="grade-overall",
                )
                yield Button(tr("保存评分", "Save grade"), id="grade-save", variant="primary")
                yield Label("", id="grade-status")
        yield Footer()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "grade-save":
            self.action_save()

    def action_save(self) -> None:
        from coach.instructor.grading import Override, save_grade
        from coach.store import StoreError

        store = self.session.store
        status = self.query_one("#grade-status", Label)
        if store is None or self.session.read_only:
            status.update(tr("档案只读，无法保存", "The profile is read-only; cannot save"))
            return
        overrides = {}
        for line in self.feedback.breakdown:
            if line.kind != "criterion":
                continue
            raw = self.query_one(f"#pts-{line.id}", Input).value.strip()
            if not raw:
                continue
            try:
                points = float(raw)
            except ValueError:
                status.update(tr("“{r}”不是数字", '"{r}" is not a number', r=raw))
                return
            comment = self.query_one(f"#cmt-{line.id}", Input).value.strip()
            overrides[line.id] = Override(points, comment)
        s = self.scored
        try:
            save_grade(
                store,
                attempt=s.attempt,
                trainee_id=s.trainee.id,
                trainee_name=s.trainee.name,
                feedback=self.feedback,
                overrides=overrides,
                comment=self.query_one("#grade-overall", Input).value.strip(),
                grader=self.session.profile or store.profile.name,
                now=self.session.clock().astimezone(),
            )
        except StoreError as e:
            status.update(str(e))
            return
        self.dismiss(True)
