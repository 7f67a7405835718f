"""Two dialogs of the Deals screen: the one-line quick add, and the form that edits one deal.

Both return the deal to save (or None); the Deals screen saves it, so a store error is reported
in one place. Quick add shows, as the person types, what the line was read as — nothing is saved
before they have seen it, and words it could not place are kept in the notes, never dropped.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Select, Static, TextArea

from coach.domain import values as V
from coach.domain.capture import Capture, parse_capture
from coach.domain.records import Deal
from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import FollowsLanguage
from coach.tui.widgets.deal_rows import format_amount, outcome_label
from coach.tui.widgets.text_area import CoachTextArea


def loss_label(loss_type: str) -> str:
    return {
        "competitor": tr("输给竞品", "to a competitor"),
        "no_decision": tr("客户无决定", "no decision"),
        "unknown": tr("原因未知", "reason unknown"),
    }.get(loss_type, "")


def describe(deal: Deal) -> list[tuple[str, str]]:
    """(label, value) of the fields a deal has, in the interface language."""
    outcome = f"{outcome_label(deal.outcome)} {loss_label(deal.loss_type)}".strip()
    rows = [
        (tr("客户", "Client"), deal.client),
        (tr("产品", "Product"), deal.product),
        (tr("金额", "Amount"), format_amount(deal.amount, deal.currency)),
        (tr("结果", "Outcome"), outcome),
        (tr("竞争对手", "Competitor"), deal.competitor),
        (tr("阶段", "Stage"), deal.stage),
        (tr("开始", "Opened"), deal.opened),
        (tr("结束", "Closed"), deal.closed),
        (tr("丢单原因", "Loss reason"), deal.loss_reason),
        (tr("负责人", "Owner"), deal.owner),
        (tr("标签", "Tags"), " ".join(f"#{t}" for t in deal.tags)),
        (tr("备注", "Notes"), deal.notes.replace("\n", " / ")),
    ]
    return [(label, value) for label, value in rows if value]


def captured_deal(cap: Capture) -> Deal:
    """The deal to save from a capture: words it could not place go to the notes."""
    deal = dataclasses.replace(cap.deal, tags=list(cap.deal.tags))
    if cap.unplaced:
        deal.notes = " ".join([deal.notes, *cap.unplaced]).strip()
    return deal


@localised
class QuickAddScreen(FollowsLanguage, ModalScreen[Deal | None]):
    """One line, read as you type: 王女士 增额终身寿险 50万 赢单 2025-03-12 #开门红."""

    LOCAL_BINDINGS = [LB("escape", "cancel", "取消", "Cancel", "quick-cancel")]

    def __init__(self, today: dt.date) -> None:
        super().__init__()
        self.today = today
        self.capture: Capture | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="quick-box", classes="deal-dialog"):
            yield Static(tr("快速记录一笔交易", "Quick add a deal"), classes="dialog-title")
            yield Static(
                tr(
                    "一行写下：客户 产品 金额 结果 日期 #标签，例如 王女士 增额终身寿险 50万 赢单 #开门红",
                    "One line: client product amount outcome date #tag, e.g. "
                    "Mr Smith term life $1.2k won 2025-03-12 #q1",
                ),
                classes="dialog-hint",
            )
            yield Input(placeholder=tr("王女士 年金险 50万 赢单", "Mr Smith annuity $5k won"),
                        id="quick-input")  # fmt: skip
            yield Static("", id="quick-understood")
            with Horizontal(classes="dialog-buttons"):
                yield Button(tr("保存", "Save"), variant="primary", id="quick-save", compact=True)
                yield Button(tr("取消", "Cancel"), id="quick-cancel", compact=True)

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.query_one("#quick-input", Input).focus()
        self._show("")

    @on(Input.Changed, "#quick-input")
    def _changed(self, event: Input.Changed) -> None:
        self._show(event.value)

    def _show(self, text: str) -> None:
        view = self.query_one("#quick-understood", Static)
        if not text.strip():
            self.capture = None
            view.update(tr("（还没有内容）", "(nothing typed yet)"))
            return
        cap = self.capture = parse_capture(text, self.today)
        lines = [tr("读作：", "Read as:")]
        lines += [f"  {label}: {value}" for label, value in describe(cap.deal)]
        if cap.unplaced:
            lines.append(
                tr(
                    "  未识别，存为备注：{w}",
                    "  not placed, kept as a note: {w}",
                    w=" ".join(cap.unplaced),
                )
            )
        view.update("\n".join(lines))

    def _usable(self) -> bool:
        deal = self.capture.deal if self.capture else None
        return bool(deal and (deal.client or deal.product or deal.amount is not None))

    @on(Input.Submitted, "#quick-input")
    @on(Button.Pressed, "#quick-save")
    def action_save(self) -> None:
        if not self._usable():
            self.notify(
                tr("没有看出客户、产品或金额", "Found no client, product or amount"),
                severity="warning",
            )
            return
        assert self.capture is not None
        self.dismiss(captured_deal(self.capture))

    @on(Button.Pressed, "#quick-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


# --- the edit form --------------------------------------------------------------------------

#: (field, zh label, en label) for the one-line inputs, in form order.
TEXT_FIELDS = (
    ("client", "客户", "Client"),
    ("product", "产品", "Product"),
    ("amount", "金额", "Amount"),
    ("currency", "币种", "Currency"),
    ("target", "目标", "Target"),
    ("stage", "阶段", "Stage"),
    ("opened", "开始日期", "Opened"),
    ("closed", "结束日期", "Closed"),
    ("loss_reason", "丢单原因", "Loss reason"),
    ("loss_reason_2", "次要原因", "2nd reason"),
    ("competitor", "竞争对手", "Competitor"),
    ("owner", "负责人", "Owner"),
    ("tags", "标签", "Tags"),
)


def _field_text(deal: Deal, name: str) -> str:
    value = getattr(deal, name)
    if name in ("amount", "target"):
        if value is None:
            return ""
        return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"
    if name == "tags":
        return " ".join(f"#{t}" for t in value)
    return str(value or "")


def read_form(deal: Deal, texts: dict[str, str], outcome: str, loss_type: str) -> Deal:
    """The deal with the form's values; raises ValueError naming the field that does not read."""
    out = dataclasses.replace(deal, tags=list(deal.tags))
    for name, zh, en in TEXT_FIELDS:
        text = texts.get(name, "").strip()
        try:
            if name in ("amount", "target"):
                if not text:
                    setattr(out, name, None)
                    continue
                amount = V.parse_amount(text)
                setattr(out, name, amount.value)
                if name == "amount" and amount.currency and not texts.get("currency", "").strip():
                    out.currency = amount.currency
            elif name in ("opened", "closed"):
                setattr(out, name, V.parse_date(text) if text else "")
            elif name == "currency":
                out.currency = (text or "CNY").upper()
            elif name == "tags":
                out.tags = list(dict.fromkeys(t for t in re.split(r"[\s,;、#，]+", text) if t))
            elif name == "stage":
                out.stage = V.stage_name(text)
            else:
                setattr(out, name, text)
        except ValueError as exc:
            raise ValueError(f"{tr(zh, en)}: {exc}") from None
    out.outcome = outcome if outcome in ("won", "lost", "open") else "open"  # type: ignore[assignment]
    if out.outcome == "lost":
        out.loss_type = loss_type or ("competitor" if out.competitor else "unknown")  # type: ignore[assignment]
    else:
        out.loss_type = ""
    return out


@localised
class DealFormScreen(FollowsLanguage, ModalScreen[Deal | None]):
    """Every field of one deal; ctrl+s saves, escape leaves it as it was."""

    LOCAL_BINDINGS = [
        LB("ctrl+s", "save", "保存", "Save", "form-save", priority=True),
        LB("escape", "cancel", "取消", "Cancel", "form-cancel"),
    ]

    def __init__(self, deal: Deal) -> None:
        super().__init__()
        self.deal = deal

    def compose(self) -> ComposeResult:
        deal = self.deal
        with Vertical(id="form-box", classes="deal-dialog"):
            yield Static(tr("编辑交易", "Edit deal"), classes="dialog-title")
            with VerticalScroll(id="form-scroll"):
                with Grid(id="form-grid"):
                    for name, zh, en in TEXT_FIELDS[:6]:
                        yield Static(tr(zh, en), classes="form-label")
                        yield Input(
                            _field_text(deal, name),
                            id=f"f-{name}",
                            classes="form-input",
                            compact=True,
                        )
                    yield Static(tr("结果", "Outcome"), classes="form-label")
                    yield Select(
                        [(tr("赢单", "Won"), "won"), (tr("丢单", "Lost"), "lost"),
                         (tr("跟进中", "Open"), "open")],
                        value=deal.outcome, allow_blank=False, id="f-outcome", compact=True,
                    )  # fmt: skip
                    yield Static(tr("丢单类型", "Lost how"), classes="form-label")
                    yield Select(
                        [(tr("输给竞品", "To a competitor"), "competitor"),
                         (tr("客户无决定", "No decision"), "no_decision"),
                         (tr("原因未知", "Reason unknown"), "unknown")],
                        value=deal.loss_type or Select.NULL, id="f-loss-type",
                        prompt=tr("（不适用）", "(n/a)"), compact=True,
                    )  # fmt: skip
                    for name, zh, en in TEXT_FIELDS[6:]:
                        yield Static(tr(zh, en), classes="form-label")
                        yield Input(
                            _field_text(deal, name),
                            id=f"f-{name}",
                            classes="form-input",
                            compact=True,
                        )
                    yield Static(tr("备注", "Notes"), classes="form-label")
                    yield CoachTextArea(deal.notes, id="f-notes", soft_wrap=True, compact=True)
            yield Static("", id="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button(
                    tr("保存 ctrl+s", "Save ctrl+s"),
                    variant="primary",
                    id="form-save",
                    compact=True,
                )
                yield Button(tr("取消", "Cancel"), id="form-cancel", compact=True)

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.query_one("#f-client", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#form-save")
    def action_save(self) -> None:
        texts = {name: self.query_one(f"#f-{name}", Input).value for name, _, _ in TEXT_FIELDS}
        outcome = self.query_one("#f-outcome", Select).value
        loss = self.query_one("#f-loss-type", Select).value
        try:
            deal = read_form(
                self.deal,
                texts,
                str(outcome),
                "" if loss is Select.NULL else str(loss),
            )
        except ValueError as exc:
            self.query_one("#form-error", Static).update(str(exc))
            return
        deal.notes = self.query_one("#f-notes", TextArea).text.strip()
        self.dismiss(deal)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
