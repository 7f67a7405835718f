"""Lessons that come back: the lessons due now first, each rated by how well it was applied
(1 forgot … 4 second nature); the FSRS schedule moves its next showing accordingly."""

from __future__ import annotations

import datetime as dt

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from coach.deal_review.lessons import RATING_LABELS, is_due, rate_lesson, rating_label
from coach.domain.records import Lesson
from coach.i18n import tr
from coach.store import StaleRevision, StoreError
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen


@localised
class LessonsScreen(CoachScreen):
    HELP_ZH = (
        "## 经验卡片\n复盘里写下的每条经验都会按间隔重复回来。\n\n"
        "- 选中一条到期的经验，按 `1`–`4` 评价这段时间用得怎么样：\n"
        "  1 没做到 · 2 勉强做到 · 3 做到了 · 4 已成习惯\n"
        "- 用得越好，下次出现得越晚。"
    )
    HELP_EN = (
        "## Lessons\nEvery lesson from your reviews comes back on a spaced schedule.\n\n"
        "- Select a due lesson and press `1`–`4` for how well you applied it:\n"
        "  1 forgot it · 2 hard · 3 applied it · 4 second nature\n"
        "- The better it went, the later it comes back."
    )
    LOCAL_BINDINGS = [
        LB(str(r), f"rate({r})", zh, en, f"lessons-rate-{r}")
        for r, (zh, en) in RATING_LABELS.items()
    ]

    def __init__(self) -> None:
        super().__init__()
        self.lessons: list[Lesson] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="lessons-summary")
        yield DataTable(id="lessons-table", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.title = tr("经验卡片", "Lessons")
        self.reload()

    def now(self) -> dt.datetime:
        return self.session.clock()

    def reload(self) -> None:
        store = self.session.store
        lessons = store.lessons.list() if store is not None else []
        now = self.now()
        self.lessons = sorted(lessons, key=lambda x: (not is_due(x, now), x.due, x.text))
        due = sum(is_due(x, now) for x in self.lessons)
        self.query_one("#lessons-summary", Static).update(
            tr(
                "{d} 条到期，共 {n} 条。选中后按 1–4 评价。",
                "{d} due of {n}. Select one and press 1–4.",
                d=due,
                n=len(self.lessons),
            )
            if self.lessons
            else tr(
                "还没有经验卡片。完成一次交易复盘，写下的经验会出现在这里。",
                "No lessons yet. Finish a deal review and its lessons appear here.",
            )
        )
        table = self.query_one("#lessons-table", DataTable)
        table.clear(columns=True)
        table.add_columns(tr("下次", "Next"), tr("经验", "Lesson"), tr("次数", "Reviews"))
        for x in self.lessons:
            when = tr("现在", "now") if is_due(x, now) else x.due[:10]
            table.add_row(when, x.text, str(x.reviews), key=x.id)

    def selected(self) -> Lesson | None:
        table = self.query_one("#lessons-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((x for x in self.lessons if x.id == key), None)

    def action_rate(self, rating: int) -> None:
        lesson = self.selected()
        store = self.session.store
        if lesson is None or store is None:
            return
        if not is_due(lesson, self.now()):
            self.notify(
                tr("这条经验 {d} 才到期。", "This lesson is not due until {d}.", d=lesson.due[:10])
            )
            return
        if self.session.read_only:
            self.notify(tr("只读：不能保存。", "Read-only: cannot save."), severity="warning")
            return
        try:
            saved = store.lessons.save(rate_lesson(lesson, rating, self.now()))
        except (StaleRevision, StoreError) as exc:
            self.notify(str(exc), severity="error")
            return
        self.notify(
            tr(
                "{r}：下次 {d}",
                "{r}: next on {d}",
                r=rating_label(rating),
                d=saved.due[:10],
            )
        )
        self.reload()

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.notify(tr("按 1–4 评价这条经验。", "Press 1–4 to rate this lesson."))
