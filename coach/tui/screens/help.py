"""F1: help for the screen underneath — what it is for and every key it answers to."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Markdown, Static

from coach.i18n import tr
from coach.tui.localise import LB, localised
from coach.tui.textual_zh import describe


def bindings_table(screen: Screen) -> str:
    rows = [f"| {tr('按键', 'Key')} | {tr('作用', 'Action')} |", "|---|---|"]
    seen: set[str] = set()
    for active in screen.active_bindings.values():
        b = active.binding
        description = describe(b.description)  # Textual's own are English
        if not description or description in seen:
            continue
        seen.add(description)
        key = screen.app.get_key_display(b)
        rows.append(f"| `{key}` | {description} |")
    return "\n".join(rows)


@localised
class HelpScreen(ModalScreen[None]):
    LOCAL_BINDINGS = [
        LB("escape", "close", "关闭", "Close", "help-close"),
        LB("f1", "close", "关闭", "Close", "help-close-f1", show=False),
    ]

    def __init__(self, target: Screen) -> None:
        super().__init__()
        self.target = target

    def compose(self) -> ComposeResult:
        text = tr(getattr(self.target, "HELP_ZH", ""), getattr(self.target, "HELP_EN", ""))
        general = tr(
            "**通用**：`ctrl+p` 打开命令面板（可到达每个界面和操作），`escape` 返回，`F1` 帮助。",
            "**Everywhere**: `ctrl+p` opens the command palette (every screen and action), "
            "`escape` goes back, `F1` shows this help.",
        )
        with Vertical(id="help-box"):
            yield Static(tr("帮助", "Help"), id="help-title")
            with VerticalScroll():
                yield Markdown(f"{text}\n\n{general}\n\n{bindings_table(self.target)}")

    def action_close(self) -> None:
        self.dismiss(None)
