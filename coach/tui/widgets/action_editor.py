"""Improvement actions as rows: what, owner, due, measure of done (the SMART letters)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label

from coach.domain.records import ActionItem
from coach.i18n import tr
from coach.tui.localise import localised
from coach.tui.widgets.cause_editor import REMOVE_ROW, RowKeys, remove_button


@localised
class ActionRow(RowKeys, Vertical):
    LOCAL_BINDINGS = [REMOVE_ROW]

    def __init__(self, action: ActionItem, number: int) -> None:
        super().__init__(classes="struct-row action-row")
        self.action = action
        self.number = number

    def compose(self) -> ComposeResult:
        a = self.action
        with Horizontal(classes="row-head"):
            yield Label(tr("措施 {n}", "Action {n}", n=self.number), classes="row-label")
            yield Input(
                a.what,
                placeholder=tr("做什么（动词开头）", "What (start with a verb)"),
                compact=True,
                classes="action-what",
            )
            yield remove_button()
        with Horizontal(classes="action-fields"):
            yield Input(
                a.owner, placeholder=tr("负责人", "Owner"), compact=True, classes="action-owner"
            )
            yield Input(
                a.due,
                placeholder=tr("截止（如 4月30日）", "Due (e.g. 30 Apr)"),
                compact=True,
                classes="action-due",
            )
            yield Input(
                a.measure,
                placeholder=tr("衡量标准（数字）", "Measure (a number)"),
                compact=True,
                classes="action-measure",
            )

    def value(self) -> ActionItem:
        def v(cls: str) -> str:
            return self.query_one(f".{cls}", Input).value

        return ActionItem(v("action-what"), v("action-owner"), v("action-due"), v("action-measure"))


class ActionEditor(Vertical):
    def __init__(self, slot_id: str, actions: list[ActionItem], lang: str) -> None:
        super().__init__(classes="struct-editor action-editor")
        self.slot_id = slot_id
        self.initial = actions or [ActionItem()]
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Label(
            tr("改进措施（做什么 / 谁 / 何时 / 衡量）", "Actions (what / owner / due / measure)"),
            classes="struct-title",
        )
        for n, action in enumerate(self.initial, 1):
            yield ActionRow(action, n)
        yield Button(tr("＋ 加一条措施", "+ Add an action"), compact=True, classes="row-add")

    def value(self) -> list[ActionItem]:
        return [row.value() for row in self.query(ActionRow).results(ActionRow)]

    async def add_row(self) -> Input:
        n = len(self.query(ActionRow)) + 1
        row = ActionRow(ActionItem(), n)
        await self.mount(row, before=self.query_one(".row-add"))
        return row.query_one(".action-what", Input)

    async def remove_row(self, row: ActionRow) -> None:
        await row.remove()
        for n, r in enumerate(self.query(ActionRow).results(ActionRow), 1):
            r.number = n
            r.query_one(".row-label", Label).update(tr("措施 {n}", "Action {n}", n=n))
