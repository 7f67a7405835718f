"""The classroom gate: a browser tab's trainee types a name and its PIN (a new name makes a
profile with the PIN typed), or the join code from the instructor and then a PIN of their own.

The rules — policy, throttling across tabs, audit — are ``coach.serve.gate``'s; this screen only
asks and shows. No list of profiles is shown: classmates' names are not the gate's to give away.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Button, Footer, Input, Label, Static

from coach.i18n import tr
from coach.serve.gate import Gate, GateResult
from coach.serve.pins import PASSPHRASE
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen


@localised
class ClassroomGate(CoachScreen):
    HELP_ZH = (
        "## 进入课堂\n输入你的名字和 PIN。第一次使用时，输入新名字和你想用的 PIN"
        "（6–12 位数字，或 10 个字符以上的口令）即可创建档案；请记住它。"
        "讲师给了你加入码的话，第一次在 PIN 一栏输入加入码，再设置自己的 PIN。"
        "多次输错会暂停一会儿，再多就会锁定，需要讲师解锁。"
    )
    HELP_EN = (
        "## Join the class\nType your name and PIN. The first time, a new name and the PIN you "
        "want (6 to 12 digits, or a passphrase of 10+ characters) create your profile: remember "
        "it. If your instructor gave you a join code, type it in the PIN box the first time, then "
        "set a PIN of your own. Wrong tries make you wait; many lock the profile until your "
        "instructor unlocks it."
    )
    LOCAL_BINDINGS = [LB("escape", "back", "返回", "Back", "back", show=False)]
    #: Each box as wide as what goes in it (a name, a PIN or passphrase), a label above it.
    DEFAULT_CSS = """
    ClassroomGate .gate-box {
        width: 40;
        max-width: 100%;
    }
    ClassroomGate .gate-label {
        margin: 1 0 0 1;
        color: $foreground;
    }
    ClassroomGate .-hidden {
        display: none;
    }
    ClassroomGate #gate-status.-error {
        color: $error;
    }
    """

    class Answered(Message):
        def __init__(self, result: GateResult, name: str) -> None:
            super().__init__()
            self.result = result
            self.name = name

    def __init__(self, gate: Gate) -> None:
        super().__init__()
        self.gate = gate
        self.joining = False  # the join code was right: now the trainee's own PIN

    def compose(self) -> ComposeResult:
        with Vertical(id="gate"):
            yield Static(
                tr("复盘 Coach · 进入课堂", "复盘 Coach · join the class"), id="gate-title"
            )
            yield Static(
                tr(
                    "输入你的名字和 PIN。第一次使用：新名字加你想用的 PIN，或讲师给的加入码。",
                    "Type your name and PIN. First time: a new name and the PIN you want, or "
                    "the join code from your instructor.",
                ),
                id="gate-intro",
            )
            yield Label(tr("名字", "Name"), id="gate-name-label", classes="gate-label")
            yield Input(
                placeholder=tr("你的名字", "Your name"),
                id="gate-name",
                max_length=64,
                classes="gate-box",
            )
            yield Label(
                tr("PIN 或加入码", "PIN or join code"), id="gate-pin-label", classes="gate-label"
            )
            yield Input(
                placeholder=tr("6–12 位数字或口令", "6–12 digits or a passphrase"),
                password=True,
                id="gate-pin",
                max_length=PASSPHRASE[1],
                classes="gate-box",
            )
            yield Label(
                tr(
                    "设置你的 PIN（6–12 位数字，或 10 个字符以上的口令）",
                    "Your new PIN (6–12 digits, or a passphrase of 10+ characters)",
                ),
                id="gate-new-pin-label",
                classes="gate-label -hidden",
            )
            yield Input(
                placeholder=tr("新的 PIN", "New PIN"),
                password=True,
                id="gate-new-pin",
                max_length=PASSPHRASE[1],
                classes="gate-box -hidden",
            )
            with Horizontal(id="gate-actions"):
                yield Button(tr("进入", "Enter"), id="gate-enter", variant="primary")
            yield Label("", id="gate-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#gate-name", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "gate-name":
            self.query_one("#gate-pin", Input).focus()
        else:
            self._try()

    @on(Button.Pressed, "#gate-enter")
    def _pressed(self) -> None:
        self._try()

    def _say(self, text: str, error: bool = False) -> None:
        status = self.query_one("#gate-status", Label)
        status.update(text)
        status.set_class(error, "-error")

    def _try(self) -> None:
        button = self.query_one("#gate-enter", Button)
        if button.disabled:
            return
        name = self.query_one("#gate-name", Input).value.strip()
        secret = self.query_one("#gate-pin", Input).value.strip()
        new_pin = self.query_one("#gate-new-pin", Input).value.strip() if self.joining else None
        if not name:
            self._say(tr("请输入名字", "Type your name"), error=True)
            return
        self._say(tr("正在检查……", "Checking…"))
        button.disabled = True
        self._check(name, secret, new_pin)

    @work(thread=True, exclusive=True, group="gate")
    def _check(self, name: str, secret: str, new_pin: str | None) -> None:
        self.post_message(self.Answered(self.gate.enter(name, secret, new_pin), name))

    def on_classroom_gate_answered(self, message: Answered) -> None:
        result = message.result
        button = self.query_one("#gate-enter", Button)
        if result.store is not None:
            self.coach.enter_profile(result.store, message.name)  # type: ignore[attr-defined]
            return
        button.disabled = False
        self._say(result.message, error=result.outcome != "needs-pin")
        if result.outcome == "needs-pin":
            self.joining = True
            for w in self.query("#gate-name, #gate-pin").results(Input):
                w.disabled = True
            self.query_one("#gate-new-pin-label", Label).remove_class("-hidden")
            new_pin = self.query_one("#gate-new-pin", Input)
            new_pin.remove_class("-hidden")
            new_pin.focus()
            return
        if result.outcome == "locked":
            for w in self.query(Input):
                w.disabled = True
            button.disabled = True
            return
        target = "#gate-new-pin" if self.joining else "#gate-pin"
        box = self.query_one(target, Input)
        box.value = ""
        box.focus()
