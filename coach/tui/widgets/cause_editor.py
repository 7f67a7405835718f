"""Causes as rows: category, the cause, a why-chain of up to five whys, and the evidence.

Rows are plain Inputs and a Select (IME-friendly, compact). The editor reads its rows back into
`Cause` records; the screen listens to the Inputs' Changed messages, which bubble up.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select

from coach.domain.content import CAUSE_CATEGORIES
from coach.domain.records import Cause
from coach.i18n import tr
from coach.tui.localise import LB, localised

#: ctrl+d on any field of a row deletes the row (its button is left out of the Tab order)
REMOVE_ROW = LB(
    "ctrl+d",
    "remove_row",
    "删除这一行",
    "Delete row",
    "practice-remove-row",
    priority=True,
    spare=1,
)


def remove_button() -> Button:
    """The row's delete button: for the mouse; the keyboard has ctrl+d, Tab skips it."""
    button = Button(tr("删除", "Remove"), compact=True, classes="row-remove")
    button.can_focus = False
    return button


class RowKeys:
    """A row's ctrl+d: presses its delete button (the screen removes the row)."""

    def action_remove_row(self) -> None:
        self.query_one(".row-remove", Button).press()  # type: ignore[attr-defined]


MAX_WHYS = 5


@localised
class CauseRow(RowKeys, Vertical):
    """One cause and its why-chain."""

    LOCAL_BINDINGS = [REMOVE_ROW]

    def __init__(self, cause: Cause, number: int, lang: str) -> None:
        super().__init__(classes="struct-row cause-row")
        self.cause = cause
        self.number = number
        self.lang = lang

    def compose(self) -> ComposeResult:
        c, lang = self.cause, self.lang
        options = [(v.get(lang), k) for k, v in CAUSE_CATEGORIES.items()]
        with Horizontal(classes="row-head"):
            yield Label(tr("原因 {n}", "Cause {n}", n=self.number), classes="row-label")
            yield Select(
                options,
                prompt=tr("类别", "Category"),
                value=c.category if c.category in CAUSE_CATEGORIES else Select.NULL,
                compact=True,
                classes="cause-category",
            )
            yield remove_button()
        yield Input(
            c.text,
            placeholder=tr("原因是什么？", "What was the cause?"),
            compact=True,
            classes="cause-text",
        )
        for i in range(MAX_WHYS):
            value = c.whys[i] if i < len(c.whys) else ""
            with Horizontal(classes="why-line"):
                yield Label(tr("为什么 {n}", "Why {n}", n=i + 1), classes="why-label")
                yield Input(
                    value,
                    placeholder=tr("再问一次：为什么？", "Ask again: why?") if i == 0 else "",
                    compact=True,
                    classes="cause-why",
                )
        with Horizontal(classes="why-line"):
            yield Label(tr("证据", "Evidence"), classes="why-label")
            yield Input(
                c.evidence,
                placeholder=tr("数据、调查、记录……", "Data, survey, records …"),
                compact=True,
                classes="cause-evidence",
            )

    def value(self) -> Cause:
        sel = self.query_one(".cause-category", Select).value
        whys = [i.value for i in self.query(".cause-why").results(Input)]
        while whys and not whys[-1].strip():
            whys.pop()
        return Cause(
            text=self.query_one(".cause-text", Input).value,
            category=sel if isinstance(sel, str) else "",
            whys=whys,
            evidence=self.query_one(".cause-evidence", Input).value,
        )


class CauseEditor(Vertical):
    """The causes of one answer slot; ctrl+n (from the screen) or the button adds a row."""

    def __init__(self, slot_id: str, causes: list[Cause], lang: str) -> None:
        super().__init__(classes="struct-editor cause-editor")
        self.slot_id = slot_id
        self.initial = causes or [Cause()]
        self.lang = lang

    def compose(self) -> ComposeResult:
        yield Label(
            tr("原因分析（类别 + 追问为什么 + 证据）", "Causes (category + whys + evidence)"),
            classes="struct-title",
        )
        for n, cause in enumerate(self.initial, 1):
            yield CauseRow(cause, n, self.lang)
        yield Button(tr("＋ 加一个原因", "+ Add a cause"), compact=True, classes="row-add")

    def value(self) -> list[Cause]:
        return [row.value() for row in self.query(CauseRow).results(CauseRow)]

    async def add_row(self) -> Input:
        n = len(self.query(CauseRow)) + 1
        row = CauseRow(Cause(), n, self.lang)
        await self.mount(row, before=self.query_one(".row-add"))
        return row.query_one(".cause-text", Input)

    async def remove_row(self, row: CauseRow) -> None:
        await row.remove()
        for n, r in enumerate(self.query(CauseRow).results(CauseRow), 1):
            r.number = n
            r.query_one(".row-label", Label).update(tr("原因 {n}", "Cause {n}", n=n))
