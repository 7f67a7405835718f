"""Small typed modals the practice flow asks with: yes / no, one of a few choices, a step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, OptionList, Static
from textual.widgets.option_list import Option

from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.screens.base import FollowsLanguage


@localised
class ChoiceModal(FollowsLanguage, ModalScreen[str]):
    """A question with a few buttons; dismisses with the chosen button's key (escape: ``cancel``)."""

    LOCAL_BINDINGS = [LB("escape", "cancel", "取消", "Cancel", "dialog-cancel")]

    def __init__(self, title: str, body: str, choices: list[tuple[str, str]], cancel: str) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.body = body
        self.choices = choices  # (key, label); the first is the default (focused)
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                for i, (key, label) in enumerate(self.choices):
                    yield Button(
                        label, id=f"choice-{key}", variant="primary" if i == 0 else "default"
                    )

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.query_one(Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss(self.cancel)


@localised
class ConfirmModal(FollowsLanguage, ModalScreen[bool]):
    """Yes or no; escape is no."""

    LOCAL_BINDINGS = [LB("escape", "no", "取消", "Cancel", "confirm-cancel")]

    def __init__(self, title: str, body: str, yes: str, no: str | None = None) -> None:
        super().__init__(classes="dialog")
        self.title_text = title
        self.body = body
        self.yes = yes
        self.no = no or tr("取消", "Cancel")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(self.title_text, classes="dialog-title")
            yield Static(self.body, classes="dialog-body")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.yes, id="confirm-yes", variant="primary")
                yield Button(self.no, id="confirm-no")

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        self.query_one("#confirm-yes").focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm-yes")

    def action_no(self) -> None:
        self.dismiss(False)


@localised
class StepPicker(FollowsLanguage, ModalScreen[int | None]):
    """Jump to a step: pick it from the list, or press its number."""

    LOCAL_BINDINGS = [LB("escape", "cancel", "取消", "Cancel", "picker-cancel")]

    def __init__(self, titles: list[str], current: int) -> None:
        super().__init__(classes="dialog")
        self.titles = titles
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(tr("跳到第几步？", "Go to which step?"), classes="dialog-title")
            yield OptionList(
                *(Option(f"{i}. {t}", id=str(i - 1)) for i, t in enumerate(self.titles, 1)),
                id="step-options",
            )

    def on_mount(self) -> None:
        self.refill()

    def refill(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = self.current
        options.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(int(event.option.id or 0))

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= len(self.titles):
                event.stop()
                self.dismiss(n - 1)

    def action_cancel(self) -> None:
        self.dismiss(None)
