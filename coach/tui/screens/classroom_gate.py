"""The classroom gate: each browser tab chooses or creates its trainee profile and gives its PIN
(set on first use, kept as a salted scrypt hash in the profile). Five wrong PINs close the gate
for this tab."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Footer, Input, Label, OptionList, Static

from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import CoachScreen

MAX_TRIES = 5


@localised
class ClassroomGate(CoachScreen):
    HELP_ZH = (
        "## 进入课堂\n选择你的档案（或输入新名字创建一个），再输入 PIN。"
        "第一次使用时，你输入的 PIN（4–12 位数字）就是以后的 PIN；请记住它。"
    )
    HELP_EN = (
        "## Join the class\nChoose your profile (or type a new name to create one), then your PIN. "
        "The first time, the PIN you type (4 to 12 digits) becomes your PIN: remember it."
    )
    LOCAL_BINDINGS = [LB("escape", "back", "返回", "Back", "back", show=False)]

    def __init__(self, data_root: Path) -> None:
        super().__init__()
        self.data_root = data_root
        self.tries = 0

    def compose(self) -> ComposeResult:
        from coach.store import list_profiles

        names = [p.name for p in list_profiles(self.data_root) if p.id]
        with Vertical(id="gate"):
            yield Static(
                tr("复盘 Coach · 进入课堂", "复盘 Coach · join the class"), id="gate-title"
            )
            yield Static(
                tr(
                    "选择你的档案，或输入新名字创建一个。第一次使用时设置 PIN。",
                    "Choose your profile, or type a new name to create one. "
                    "Set your PIN the first time.",
                ),
                id="gate-intro",
            )
            if names:
                yield OptionList(*names, id="gate-profiles")
            yield Input(placeholder=tr("名字", "Name"), id="gate-name", max_length=64)
            yield Input(placeholder=tr("PIN（4–12 位数字）", "PIN (4–12 digits)"), password=True,
                        id="gate-pin", max_length=12)  # fmt: skip
            with Horizontal(id="gate-actions"):
                yield Button(tr("进入", "Enter"), id="gate-enter", variant="primary")
            yield Label("", id="gate-status")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#gate-name", Input).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#gate-name", Input).value = str(event.option.prompt)
        self.query_one("#gate-pin", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "gate-name":
            self.query_one("#gate-pin", Input).focus()
        else:
            self._try()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "gate-enter":
            self._try()

    def _say(self, text: str) -> None:
        self.query_one("#gate-status", Label).update(text)

    def _try(self) -> None:
        if self.tries >= MAX_TRIES:
            return
        name = self.query_one("#gate-name", Input).value.strip()
        pin = self.query_one("#gate-pin", Input).value.strip()
        if not name:
            self._say(tr("请输入名字", "Type your name"))
            return
        self._say(tr("正在检查……", "Checking…"))
        self.query_one("#gate-enter", Button).disabled = True
        self._check(name, pin)

    @work(thread=True, exclusive=True, group="gate")
    def _check(self, name: str, pin: str) -> None:
        from coach.serve.pins import PIN_KEY, hash_pin, pin_problem, stored_pin, verify_pin
        from coach.store import StoreError, open_store
        from coach.store.profiles import profile_dir

        try:
            folder = profile_dir(self.data_root, name)
            stored = stored_pin(folder)
            if stored is not None:
                if not verify_pin(pin, stored):
                    self.app.call_from_thread(self._wrong)
                    return
                store = open_store(self.data_root, name, daily_backup=False)
            else:
                problem = pin_problem(pin)
                if problem:
                    self.app.call_from_thread(self._failed, problem)
                    return
                store = open_store(self.data_root, name, daily_backup=False)
                store.write_profile(**{PIN_KEY: hash_pin(pin)})
        except StoreError as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        self.app.call_from_thread(self._enter, store, name)

    def _wrong(self) -> None:
        self.tries += 1
        if self.tries >= MAX_TRIES:
            self._say(
                tr("PIN 错误次数太多，请关闭这个页面。", "Too many wrong PINs; close this page.")
            )
            for w in self.query(Input):
                w.disabled = True
            return
        self._failed(tr("PIN 不对", "Wrong PIN"))

    def _failed(self, text: str) -> None:
        self._say(text)
        self.query_one("#gate-enter", Button).disabled = False
        self.query_one("#gate-pin", Input).value = ""
        self.query_one("#gate-pin", Input).focus()

    def _enter(self, store, name: str) -> None:
        self.coach.enter_profile(store, name)  # type: ignore[attr-defined]
