"""Actions (执行与跟踪): every improvement action, overdue first, then due soon, open, done, dropped.

An open action at or after its due date asks: done? did it work (1–5) and a note — the first one
asks by itself when the screen opens, any other on enter. Saving is one small store write.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    Header,
    Input,
    RadioButton,
    RadioSet,
    Static,
)

from coach.deal_review.tracking import (
    BUCKETS,
    WORKED_LABELS,
    bucket_label,
    bucket_of,
    follow_up,
    grouped,
    needs_follow_up,
    worked_label,
)
from coach.domain.records import Action
from coach.i18n import tr
from coach.store import StaleRevision, StoreError
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen, FollowsLanguage

FILTERS: tuple[str, ...] = ("all", *BUCKETS)


@dataclass(frozen=True)
class FollowUpAnswer:
    outcome: str  # done | not_yet | dropped
    worked: int | None
    note: str


@localised
class FollowUpModal(FollowsLanguage, ModalScreen[FollowUpAnswer | None]):
    """Done? Did it work? A rating and a note. Escape asks again later."""

    LOCAL_BINDINGS = [LB("escape", "cancel", "以后再说", "Later", "followup-cancel")]

    def __init__(self, action: Action) -> None:
        super().__init__(classes="dialog")
        self.action_record = action

    def compose(self) -> ComposeResult:
        a = self.action_record
        with Vertical(classes="dialog-box followup-box"):
            yield Static(tr("措施到期了：做了吗？", "This action is due: was it done?"),
                         classes="dialog-title")  # fmt: skip
            due = a.due or "—"
            yield Static(
                tr("{t}\n负责人：{o} · 期限：{d} · 衡量：{m}",
                   "{t}\nOwner: {o} · due: {d} · measure: {m}",
                   t=a.text, o=a.owner or "—", d=due, m=a.measure or "—"),
                classes="dialog-body", markup=False,
            )  # fmt: skip
            with RadioSet(id="followup-outcome"):
                yield RadioButton(tr("做完了", "Done"), value=True, id="fu-done")
                yield RadioButton(
                    tr("还没有，下周再问", "Not yet — ask next week"), id="fu-not_yet"
                )
                yield RadioButton(tr("不做了", "Dropped"), id="fu-dropped")
            yield Static(
                tr("效果如何？1 = {lo} … 5 = {hi}", "Did it work? 1 = {lo} … 5 = {hi}",
                   lo=worked_label(1), hi=worked_label(5)),
                classes="followup-label",
            )  # fmt: skip
            with RadioSet(id="followup-worked"):
                for value in WORKED_LABELS:
                    yield RadioButton(str(value), value=value == 3, id=f"fu-w{value}")
            yield Input(placeholder=tr("备注（可选）", "Note (optional)"), id="followup-note")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("保存", "Save"), id="followup-save", variant="primary")
                yield Button(tr("以后再说", "Later"), id="followup-later")

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.query_one("#followup-outcome", RadioSet).focus()

    def answer(self) -> FollowUpAnswer:
        outcome_btn = self.query_one("#followup-outcome", RadioSet).pressed_button
        outcome = (outcome_btn.id or "fu-done").removeprefix("fu-") if outcome_btn else "done"
        worked_btn = self.query_one("#followup-worked", RadioSet).pressed_button
        worked = int((worked_btn.id or "fu-w3").removeprefix("fu-w")) if worked_btn else None
        note = self.query_one("#followup-note", Input).value
        return FollowUpAnswer(outcome, worked if outcome == "done" else None, note)

    @on(Button.Pressed, "#followup-save")
    def _save(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.answer())

    @on(Input.Submitted, "#followup-note")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(self.answer())

    @on(Button.Pressed, "#followup-later")
    def _later(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(None)

    def action_cancel(self) -> None:
        self.dismiss(None)


def save_follow_up(
    screen: CoachScreen, action: Action, answer: FollowUpAnswer | None
) -> Action | None:
    """Apply a follow-up answer and save it; refusals are shown, never overwritten."""
    session = screen.session
    if answer is None or session.store is None:
        return None
    if session.read_only:
        screen.notify(tr("只读：不能保存。", "Read-only: cannot save."), severity="warning")
        return None
    try:
        changed = follow_up(
            action,
            answer.outcome,
            session.today(),
            worked=answer.worked,
            note=answer.note,  # type: ignore[arg-type]
        )
        saved = session.store.actions.save(changed)
    except StaleRevision:
        screen.notify(
            tr(
                "这条措施在别处被修改了，请重新打开。",
                "This action changed elsewhere; open it again.",
            ),
            severity="warning",
        )
        return None
    except (StoreError, ValueError) as exc:
        screen.notify(str(exc), severity="error")
        return None
    screen.notify(
        {
            "done": tr("已完成：{w}", "Done: {w}", w=worked_label(saved.worked)),
            "dropped": tr("已放弃", "Dropped"),
        }.get(saved.status, tr("下次再问：{d}", "Will ask again on {d}", d=saved.due))
    )
    return saved


@localised
class ActionsScreen(CoachScreen):
    HELP_ZH = (
        "## 措施跟踪\n复盘里定下的每条改进措施：已逾期、即将到期、进行中、已完成、已放弃。\n\n"
        "- 到期的措施会问你：做了吗？效果如何（1–5 分）？再写一句备注。\n"
        "- `enter` 跟进选中的措施，`f` 切换筛选。\n"
        "- 下一次同类复盘会先过一遍上次没完成的措施。"
    )
    HELP_EN = (
        "## Actions\nEvery improvement action from your reviews: overdue, due soon, open, done, "
        "dropped.\n\n"
        "- A due action asks: was it done? did it work (1–5)? and a note.\n"
        "- `enter` follows up the selected action, `f` changes the filter.\n"
        "- The next review of the same kind starts with the last one's open actions."
    )
    LOCAL_BINDINGS = [
        LB("enter", "follow_up", "跟进", "Follow up", "actions-follow-up"),
        LB("f", "cycle_filter", "筛选", "Filter", "actions-filter"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.filter = "all"
        self.actions: list[Action] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="actions-summary")
        yield DataTable(id="actions-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="actions-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        due = [a for a in self.visible() if needs_follow_up(a, self.session.today())]
        if due:  # asked once per visit, on the way in
            self.call_after_refresh(self.ask, due[0])

    def refill(self) -> None:
        self.title = tr("措施跟踪", "Actions")
        self.reload()

    def reload(self) -> None:
        store = self.session.store
        self.actions = store.actions.list() if store is not None else []
        self.refresh_table()

    def visible(self) -> list[Action]:
        groups = grouped(self.actions, self.session.today())
        order = BUCKETS if self.filter == "all" else (self.filter,)
        return [a for b in order for a in groups[b]]  # type: ignore[index]

    def refresh_table(self) -> None:
        today = self.session.today()
        groups = grouped(self.actions, today)
        counts = "  ".join(f"{bucket_label(b)} {len(groups[b])}" for b in BUCKETS)
        shown = tr("全部", "All") if self.filter == "all" else bucket_label(self.filter)
        self.query_one("#actions-summary", Static).update(
            tr("筛选：{f}    {c}", "Filter: {f}    {c}", f=shown, c=counts)
        )
        table = self.query_one("#actions-table", DataTable)
        table.clear(columns=True)
        table.add_columns(
            tr("状态", "Status"),
            tr("期限", "Due"),
            tr("措施", "Action"),
            tr("负责人", "Owner"),
            tr("效果", "Worked"),
        )
        for a in self.visible():
            b = bucket_of(a, today)
            table.add_row(
                bucket_label(b),
                a.due or "—",
                a.text if len(a.text) <= 48 else a.text[:47] + "…",
                a.owner or "—",
                worked_label(a.worked) if a.status == "done" else "",
                key=a.id,
            )
        if not self.actions:
            self.query_one("#actions-detail", Static).update(
                tr(
                    "还没有措施。完成一次交易复盘后，措施会出现在这里。",
                    "No actions yet. Finish a deal review and its actions appear here.",
                )
            )
        else:
            self._show_detail()

    def selected(self) -> Action | None:
        table = self.query_one("#actions-table", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((a for a in self.actions if a.id == key), None)

    @on(DataTable.RowHighlighted)
    def _show_detail(self, _event: object = None) -> None:
        a = self.selected()
        if a is None:
            return
        parts = [a.text, tr("衡量：{m}", "Measure: {m}", m=a.measure or "—")]
        if a.note:
            parts.append(tr("备注：{n}", "Note: {n}", n=a.note))
        if a.closed:
            parts.append(tr("关闭于 {d}", "Closed {d}", d=a.closed))
        self.query_one("#actions-detail", Static).update("\n".join(parts))

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_follow_up()

    def action_follow_up(self) -> None:
        a = self.selected()
        if a is None:
            return
        if a.status != "open":
            self.notify(tr("这条措施已经关闭了。", "This action is closed already."))
            return
        self.ask(a)

    def ask(self, action: Action) -> None:
        def answered(answer: FollowUpAnswer | None) -> None:
            if save_follow_up(self, action, answer) is not None:
                self.reload()

        self.app.push_screen(FollowUpModal(action), answered)

    def action_cycle_filter(self) -> None:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        self.refresh_table()
