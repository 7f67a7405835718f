"""Home: the first screen. What to do now (drafts, the next case, actions and lessons due) and
progress at a glance per module.

The store is read in a thread worker; the screen is up at once and fills in when the counts
arrive (plain Python, no pandas: see coach/analysis/progress.py).
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from coach.analysis.progress import CaseProgress, draft_case_id
from coach.domain.scores import score_text
from coach.i18n import tr
from coach.io.export import module_title, status_text
from coach.tui.localise import LB, localised
from coach.tui.progress_data import HomeData, load_home
from coach.tui.screens.base import CoachScreen
from coach.tui.widgets.score_chart import spark

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


@localised
class HomeScreen(CoachScreen):
    HELP_ZH = (
        "## 首页\n"
        "- **继续上次的练习**：还没提交的草稿，`enter` 回到练习；下面是课程里的**下一个案例**"
        "（还没通过、也没有被锁定的第一个案例），`enter` 打开它。\n"
        "- **今天到期**：复盘里定下的行动和要复习的要点，到期时出现在这里。\n"
        "- **进度一览**：每个模块 **完成 / 总数**（完成 = 最高分达到课程的及格线）、"
        "各案例最高分的平均，以及最近几次成绩的迷你图（0–100）。`enter` 打开进度页。\n\n"
        "`tab` 在各栏之间移动。`l` 学习，`/` 搜索案例，`n` 下一个案例，`c` 继续第一份草稿，"
        "`p` 进度。"
    )
    HELP_EN = (
        "## Home\n"
        "- **Continue where you left off**: drafts not yet submitted; `enter` goes back to "
        "practice. Below them, the **next case** of the curriculum (the first one neither "
        "passed nor locked); `enter` opens it.\n"
        "- **Due today**: actions and lessons from your reviews, when they fall due.\n"
        "- **Progress at a glance**: per module, **done / total** (done = best score at or "
        "above the curriculum's pass score), the average of the cases' best scores and a "
        "sparkline of recent scores (0–100). `enter` opens Progress.\n\n"
        "`tab` moves between the panels. `l` Learn, `/` search cases, `n` next case, "
        "`c` continue the first draft, `p` Progress."
    )
    LOCAL_BINDINGS = [
        LB("l", "learn", "学习", "Learn", "home-learn"),
        LB("slash", "search", "搜索", "Search", "home-search", key_display="/"),
        LB("n", "next_case", "下一个案例", "Next case", "home-next"),
        LB("c", "continue", "继续", "Continue", "home-continue"),
        LB("p", "progress", "进度", "Progress", "home-progress"),
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
        glance = GlanceTable(id="home-glance", cursor_type="row", zebra_stripes=False)
        glance.border_title = tr("进度一览", "Progress at a glance")
        yield glance
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
                cells = [
                    title,
                    Text(f"{mod.done}/{mod.total}"),
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

    def action_learn(self) -> None:
        self.coach.action_open_learn()

    def action_search(self) -> None:
        self.coach.action_open_learn(search=True)

    def action_progress(self) -> None:
        self.coach.action_open_progress()

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
