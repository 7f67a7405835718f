"""Home: the first screen. What to do now (drafts, the next case, actions and lessons due),
progress at a glance per module (a bar of cases passed), the latest attempts and, in a terminal
wide and tall enough, the scores over time of the current curriculum.

The store is read in a thread worker; the screen is up at once and fills in when the counts
arrive (plain Python, no pandas: see coach/analysis/progress.py).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.analysis.progress import CaseProgress, Progress, ScorePoint, draft_case_id
from coach.domain.scores import score_text
from coach.i18n import tr
from coach.io.export import module_title, status_text
from coach.tui.localise import LB, localised
from coach.tui.progress_data import HomeData, load_home
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.score_chart import ChartPoint, ScoreChart, spark
from coach.tui.widgets.summary import fit, meter

#: Attempts listed under "Recent attempts", newest first.
RECENT_ATTEMPTS = 20
#: Cells of the bar of cases passed in the glance table.
BAR = 10
#: From these many columns the bottom panels sit side by side; from these many rows on the
#: chart of scores shows (app.tcss, by the classes Textual sets on the screen).
WIDE = 100
TALL = 30

_WEEKDAYS = (
    ("星期一", "Monday"),
    ("星期二", "Tuesday"),
    ("星期三", "Wednesday"),
    ("星期四", "Thursday"),
    ("星期五", "Friday"),
    ("星期六", "Saturday"),
    ("星期日", "Sunday"),
)


class GlanceTable(DataTable):
    """Per module: done / total, average, a sparkline of recent scores (0–100)."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {"glance--spark", "glance--muted"}


class RecentTable(DataTable):
    """The latest attempts: date, score against the pass score, case; enter opens Feedback."""

    COMPONENT_CLASSES = DataTable.COMPONENT_CLASSES | {
        "recent--passed",
        "recent--failed",
        "recent--muted",
    }


@localised
class HomeScreen(CoachScreen):
    HELP_ZH = (
        "## 首页\n"
        "- **继续上次的练习**：还没提交的草稿，`enter` 回到练习；下面是课程里的**下一个案例**"
        "（还没通过、也没有被锁定的第一个案例），`enter` 打开它。\n"
        "- **今天到期**：复盘里定下的行动和要复习的要点，到期时出现在这里。\n"
        "- **进度一览**：每个模块 **完成 / 总数**（完成 = 最高分达到课程的及格线，条形图"
        "画出完成的比例）、各案例最高分的平均，以及最近几次成绩的迷你图（0–100）。"
        "`enter` 打开进度页。\n"
        "- **最近的练习**：最近提交的作答，日期、得分（✓ 达到及格线，✗ 没有）和案例；"
        "`enter` 打开那次的反馈。\n"
        "- **成绩变化**（终端够大时）：当前课程每次提交的得分，虚线是及格线。\n\n"
        "`tab` 在各栏之间移动。`l` 学习，`/` 搜索案例，`n` 下一个案例，`c` 继续第一份草稿，"
        "`p` 进度，`d` 交易记录。"
    )
    HELP_EN = (
        "## Home\n"
        "- **Continue where you left off**: drafts not yet submitted; `enter` goes back to "
        "practice. Below them, the **next case** of the curriculum (the first one neither "
        "passed nor locked); `enter` opens it.\n"
        "- **Due today**: actions and lessons from your reviews, when they fall due.\n"
        "- **Progress at a glance**: per module, **done / total** (done = best score at or "
        "above the curriculum's pass score, drawn as a bar), the average of the cases' best "
        "scores and a sparkline of recent scores (0–100). `enter` opens Progress.\n"
        "- **Recent attempts**: your latest submissions, with the date, the score (✓ at or "
        "above the pass score, ✗ below) and the case; `enter` opens that attempt's feedback.\n"
        "- **Scores over time** (in a terminal large enough): every submission in the current "
        "curriculum; the dotted line is the pass score.\n\n"
        "`tab` moves between the panels. `l` Learn, `/` search cases, `n` next case, "
        "`c` continue the first draft, `p` Progress, `d` the deal log."
    )
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (WIDE, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (TALL, "-tall")]
    # in a footer too narrow for all (80 columns), continue and search give way first: enter
    # on the highlighted draft continues it, and Learn has its own search box
    LOCAL_BINDINGS = [
        LB("l", "learn", "学习", "Learn", "home-learn"),
        LB("slash", "search", "搜索", "Search", "home-search", key_display="/", spare=4),
        LB("n", "next_case", "下一个案例", "Next case", "home-next"),
        LB("c", "continue", "继续", "Continue", "home-continue", spare=4),
        LB("p", "progress", "进度", "Progress", "home-progress"),
        LB("d", "deals", "交易", "Deals", "home-deals"),
    ]

    class Loaded(Message):
        def __init__(self, data: HomeData) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self._data: HomeData | None = None
        self.loaded = False  # the counts are on screen (the start-up bench waits for this)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._greeting(), id="home-greeting")
        with Horizontal(id="home-top"):
            todo = OptionList(id="home-todo")
            todo.border_title = tr("继续上次的练习", "Continue where you left off")
            yield todo
            due = OptionList(id="home-due")
            due.border_title = tr("今天到期", "Due today")
            yield due
        with Horizontal(id="home-bottom"):
            with Vertical(id="home-left"):
                glance = GlanceTable(id="home-glance", cursor_type="row", zebra_stripes=False)
                glance.border_title = tr("进度一览", "Progress at a glance")
                yield glance
                chart = ScoreChart(id="home-chart")
                chart.border_title = tr("成绩变化", "Scores over time")
                yield chart
            recent = RecentTable(id="home-recent", cursor_type="row", show_header=False)
            recent.border_title = tr("最近的练习", "Recent attempts")
            yield recent
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = tr("复盘 Coach · 首页", "复盘 Coach · Home")
        self.query_one("#home-greeting", Static).update(self._greeting())
        if self._data is not None:  # what was loaded so far, at once
            self._show(self._data)
        self.query_one("#home-todo", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self) -> None:
        self.post_message(self.Loaded(load_home(self.session)))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self._data = message.data
        self._show(message.data)
        self.loaded = True
        if message.data.problem:
            self.notify(message.data.problem, severity="error", timeout=10)

    # -- what is shown ---------------------------------------------------------------------

    def _greeting(self) -> str:
        now = self.session.clock()
        store = self.session.store
        name = (store.profile.name if store is not None else "") or self.session.profile
        if now.hour < 12:
            hello = tr("早上好", "Good morning")
        elif now.hour < 18:
            hello = tr("下午好", "Good afternoon")
        else:
            hello = tr("晚上好", "Good evening")
        zh_day, en_day = _WEEKDAYS[now.weekday()]
        who = tr("，{n}", ", {n}", n=name) if name else ""
        return tr(
            "{h}{w}。今天是 {d}，{wd}。",
            "{h}{w}. Today is {wd}, {d}.",
            h=hello,
            w=who,
            d=now.date().isoformat(),
            wd=tr(zh_day, en_day),
        )

    def _show(self, data: HomeData) -> None:
        self._show_todo(data)
        self._show_due(data)
        self._show_glance(data)
        self._show_chart(data.progress)
        self._show_recent(data.progress)

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit_recent)

    def _refit_recent(self) -> None:
        """The case titles of Recent attempts are cut to the width: cut them again."""
        if self._data is not None and self.query(RecentTable):  # not while composed anew
            self._show_recent(self._data.progress)

    def _case_title(self, case_id: str) -> str:
        case = self.session.content.cases.get(case_id)
        return case.title.get(self.lang) if case else case_id

    def _show_todo(self, data: HomeData) -> None:
        todo = self.query_one("#home-todo", OptionList)
        highlighted = todo.highlighted_option.id if todo.highlighted_option else None
        todo.clear_options()
        progress = data.progress
        drafts = [(d, draft_case_id(d)) for d in progress.drafts]
        if drafts:
            for draft, cid in drafts:
                assert cid is not None
                label = Content.assemble(
                    ("✎ ", "$accent"),
                    self._case_title(cid),
                    (
                        tr(
                            "  第 {s} 步 · {m} 分钟",
                            "  step {s} · {m} min",
                            s=draft.step + 1,
                            m=round(draft.seconds / 60),
                        ),
                        "$muted",
                    ),
                )
                todo.add_option(Option(label, id=f"draft:{cid}"))
        else:
            todo.add_option(
                Option(
                    Content.styled(tr("没有未完成的草稿", "No open drafts"), "$muted"),
                    disabled=True,
                )
            )
        cur = progress.curriculum(progress.current)
        heading = tr("下一个案例", "Next case")
        if cur is not None and cur.curriculum_id:
            title = self.session.content.curricula[cur.curriculum_id].title.get(self.lang)
            heading = tr("{c} 的下一个案例", "Next in {c}", c=title)
        todo.add_option(None)
        todo.add_option(Option(Content.styled(heading, "bold $accent"), disabled=True))
        nxt = progress.next_case
        if nxt is None:
            done_text = (
                tr("所有案例都已通过", "Every case is passed")
                if cur is not None and cur.cases
                else tr("课程里还没有案例", "No cases in the curriculum yet")
            )
            todo.add_option(Option(Content.styled(done_text, "$muted"), disabled=True))
        else:
            cp = progress.case(nxt, cur.curriculum_id if cur else None)
            todo.add_option(Option(self._next_label(nxt, cp), id=f"next:{nxt}"))
        if highlighted is not None:
            idx = next(
                (
                    i
                    for i in range(todo.option_count)
                    if todo.get_option_at_index(i).id == highlighted
                ),
                None,
            )
            if idx is not None:
                todo.highlighted = idx
        if todo.highlighted is None:
            first = next(
                (i for i in range(todo.option_count) if not todo.get_option_at_index(i).disabled),
                None,
            )
            todo.highlighted = first

    def _next_label(self, case_id: str, cp: CaseProgress | None) -> Content:
        case = self.session.content.cases.get(case_id)
        minutes = case.minutes if case else 0
        detail = tr("约 {n} 分钟", "about {n} min", n=minutes)
        if cp is not None and cp.status != "new":
            detail = status_text(cp.status, self.lang)
            if cp.best is not None:
                detail += tr(" · 最高 {b}", " · best {b}", b=score_text(cp.best))
        return Content.assemble(
            ("▸ ", "$accent"), self._case_title(case_id), (f"  {detail}", "$muted")
        )

    def _show_due(self, data: HomeData) -> None:
        due = self.query_one("#home-due", OptionList)
        due.clear_options()
        due.add_option(
            Option(
                Content.styled(
                    tr("行动（{n}）", "Actions ({n})", n=len(data.actions)), "bold $accent"
                ),
                disabled=True,
            )
        )
        for action in data.actions[:5]:
            due.add_option(
                Option(
                    Content.assemble(action.text, (f"  {action.due[:10]}", "$muted")),
                    id=f"action:{action.id}",
                )
            )
        if not data.actions:
            due.add_option(
                Option(
                    Content.styled(tr("没有到期的行动", "No actions due"), "$muted"), disabled=True
                )
            )
        due.add_option(
            Option(
                Content.styled(
                    tr("复习要点（{n}）", "Lessons ({n})", n=len(data.lessons)), "bold $accent"
                ),
                disabled=True,
            )
        )
        for lesson in data.lessons[:5]:
            due.add_option(Option(lesson.text, id=f"lesson:{lesson.id}"))
        if not data.lessons:
            due.add_option(
                Option(
                    Content.styled(tr("没有要复习的要点", "No lessons due"), "$muted"),
                    disabled=True,
                )
            )

    def _show_glance(self, data: HomeData) -> None:
        table = self.query_one(GlanceTable)
        table.clear(columns=True)
        progress = data.progress
        cur = progress.curriculum(progress.current)
        content = self.session.content
        if cur is not None and cur.curriculum_id:
            table.border_title = tr(
                "进度一览 · {c}",
                "Progress at a glance · {c}",
                c=content.curricula[cur.curriculum_id].title.get(self.lang),
            )
        headers = [
            ("module", tr("模块", "Module")),
            ("done", tr("完成", "Done")),
            ("avg", tr("平均", "Avg")),
            ("recent", tr("最近成绩", "Recent")),
        ]
        rows: list[tuple[list[Text], str]] = []
        if cur is not None:
            spark_style = table.get_component_rich_style("glance--spark", partial=True)
            muted = table.get_component_rich_style("glance--muted", partial=True)
            for mod in cur.modules:
                title = Text(module_title(content, cur.curriculum_id, mod.module_id, self.lang))
                if mod.locked_by:
                    title.append(" ⊘", muted)
                avg = Text("–", muted) if mod.average is None else Text(score_text(mod.average))
                recent = spark(mod.recent)
                filled, rest = meter(mod.done, mod.total, BAR)
                done = Text()
                done.append(filled, spark_style)
                done.append(rest, muted)
                done.append(f" {mod.done}/{mod.total}")
                cells = [
                    title,
                    done,
                    avg,
                    Text(recent, spark_style) if recent else Text("–", muted),
                ]
                rows.append((cells, mod.module_id))
        # ⊘ had no legend: say what it means wherever it is shown
        locked = cur is not None and any(mod.locked_by for mod in cur.modules)
        table.border_subtitle = (
            tr("⊘ 未解锁：先完成前面的模块", "⊘ locked: finish the modules before it first")
            if locked
            else ""
        )
        # widths measured here: the table's own sizing can lag behind rows added in one go
        for i, (key, header) in enumerate(headers):
            width = max([cell_len(header), *(c[i].cell_len for c, _ in rows)])
            table.add_column(header, key=key, width=width)
        for cells, key in rows:
            table.add_row(*cells, key=key)

    def _show_chart(self, progress: Progress) -> None:
        """Every submission in the current curriculum, against its pass score."""
        chart = self.query_one("#home-chart", ScoreChart)
        cur = progress.curriculum(progress.current)
        if cur is None:
            chart.show([], 0.0, tr("还没有提交过。", "Nothing submitted yet."))
            return
        if cur.curriculum_id:
            chart.border_title = tr(
                "成绩变化 · {c}",
                "Scores over time · {c}",
                c=self.session.content.curricula[cur.curriculum_id].title.get(self.lang),
            )
        points = sorted((p for c in cur.cases for p in c.points), key=lambda p: p.when)
        chart.show(
            [ChartPoint(p.when[5:10], p.score) for p in points],
            cur.pass_score,
            tr("还没有提交过。", "Nothing submitted yet."),
        )

    def _show_recent(self, progress: Progress) -> None:
        """The latest attempts, newest first: date, ✓/✗ and score, the case."""
        table = self.query_one(RecentTable)
        row_before = table.cursor_row
        table.clear(columns=True)
        style = table.get_component_rich_style
        passed, failed = (
            style("recent--passed", partial=True),
            style("recent--failed", partial=True),
        )
        points = progress.points[::-1][:RECENT_ATTEMPTS]
        if not points:
            table.add_column("", key="none")
            table.add_row(
                Text(
                    tr("还没有提交过作答。", "No attempts submitted yet."), style("recent--muted")
                ),
                key="none",
            )
            return
        scores = [Text(*self._mark(progress, p, passed, failed)) for p in points]
        score_w = max(s.cell_len for s in scores)
        # the case's title takes what is left and is cut with an ellipsis: date and score stay
        # (each column has a cell of padding either side; 2 cells are kept for a scrollbar)
        room = table.size.width - 12 - (score_w + 2) - 2 - 2
        table.add_column("", key="date", width=10)
        table.add_column("", key="score", width=score_w)
        titles = [self._case_title(p.case_id) for p in points]
        title_w = max(cell_len(t) for t in titles)
        if room > 0:
            titles = [fit(t, room) for t in titles]
            title_w = min(title_w, room)
        table.add_column("", key="case", width=max(title_w, 1))
        for p, score, title in zip(points, scores, titles, strict=True):
            table.add_row(Text(p.when[:10], style("recent--muted")), score, title, key=p.attempt_id)
        if table.row_count:
            table.move_cursor(row=min(max(row_before, 0), table.row_count - 1))

    def _mark(self, progress: Progress, point: ScorePoint, passed, failed) -> tuple[str, object]:
        cp = progress.case(point.case_id, progress.current) or progress.case(point.case_id)
        pass_score = cp.pass_score if cp is not None else None
        text = score_text(point.score)
        if pass_score is None:
            return text, None
        if point.score >= pass_score:
            return f"✓ {text}", passed
        return f"✗ {text}", failed

    # -- actions ---------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#home-todo")
    def _todo_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _, case_id = (event.option.id or "").partition(":")
        if kind == "draft":
            self.coach.start_practice(case_id)
        elif kind == "next":
            self.coach.open_case(case_id)

    @on(OptionList.OptionSelected, "#home-due")
    def _due_selected(self, event: OptionList.OptionSelected) -> None:
        kind = (event.option.id or "").partition(":")[0]
        action = getattr(self.coach, f"action_open_{kind}s", None)
        if action is not None:
            action()
        else:
            self.notify(tr("这个界面还在开发中。", "That screen is not there yet."))

    @on(DataTable.RowSelected, "#home-glance")
    def _module_selected(self) -> None:
        self.coach.action_open_progress()

    @on(DataTable.RowSelected, "#home-recent")
    def _attempt_selected(self, event: DataTable.RowSelected) -> None:
        attempt_id = event.row_key.value
        if attempt_id and attempt_id != "none":
            self.coach.open_feedback(attempt_id)

    def action_learn(self) -> None:
        self.coach.action_open_learn()

    def action_search(self) -> None:
        self.coach.action_open_learn(search=True)

    def action_progress(self) -> None:
        self.coach.action_open_progress()

    def action_deals(self) -> None:
        self.coach.action_open_deals()

    def action_next_case(self) -> None:
        nxt = self._data.progress.next_case if self._data else None
        if nxt is None:
            self.notify(tr("没有下一个案例了。", "There is no next case."))
            return
        self.coach.open_case(nxt)

    def action_continue(self) -> None:
        drafts = self._data.progress.drafts if self._data else []
        if not drafts:
            self.notify(tr("没有未完成的草稿。", "No open drafts."))
            return
        case_id = draft_case_id(drafts[0])
        if case_id:
            self.coach.start_practice(case_id)
