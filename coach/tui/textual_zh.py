"""Textual's own words in the interface language, and a header icon every CJK font has.

Textual writes its key descriptions (the F1 table's "Cursor up", "Focus Next"…), the command
palette's placeholder, "No matches found" and its system commands ("Theme", "Quit"…), the Select menu's "Dismiss menu" and the header
icon's tooltip in English, and draws the header icon as "⭘" (U+2B58), which many CJK fonts and
browsers show as a missing glyph. This module is the one place that changes them.

Textual's bindings keep their English descriptions; ``describe`` gives the current language's
word where one is shown (the footer's keys, the F1 table), so nothing has to be rebuilt on a
language switch and no class merged earlier can be left in the other language.
``tests/tui/test_textual_zh_issue15.py`` fails when Textual moves or renames any of these.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette
from textual.widgets import Header
from textual.widgets._footer import FooterKey
from textual.widgets._header import HeaderIcon
from textual.widgets.option_list import Option

from coach.i18n import tr

#: The header icon: U+25CB WHITE CIRCLE, in GB 2312, Big5, JIS X 0208 and KS X 1001 alike.
ICON = "○"
TEXTUAL_ICON = "⭘"

PALETTE_PLACEHOLDER = ("搜索命令…", "Search for commands…")
NO_MATCHES = ("没有匹配的命令", "No matches found")
ICON_TOOLTIP = ("打开命令面板", "Open the command palette")

#: Every key description in Textual's BINDINGS (widgets, screens, the palette) → Chinese.
ZH: dict[str, str] = {
    # App, Screen, CommandPalette
    "Quit": "退出",
    "Focus Next": "下一个控件",
    "Focus Previous": "上一个控件",
    "Copy selected text": "复制选中的文字",
    "Go to bottom": "到最后",
    "Go to top": "到最前",
    "Next command": "下一个命令",
    "Previous command": "上一个命令",
    "Exit the command palette": "关闭命令面板",
    "Next page": "下一页",
    "Previous page": "上一页",
    # scrolling
    "Scroll Up": "向上滚动",
    "Scroll Down": "向下滚动",
    "Scroll Left": "向左滚动",
    "Scroll Right": "向右滚动",
    "Scroll Home": "滚到开头",
    "Scroll End": "滚到末尾",
    "Page Up": "上一页",
    "Page Down": "下一页",
    "Page Left": "向左翻页",
    "Page Right": "向右翻页",
    # lists, tables, trees
    "Select": "选择",
    "Cursor up": "光标上移",
    "Cursor down": "光标下移",
    "Cursor left": "光标左移",
    "Cursor right": "光标右移",
    "Cursor Up": "光标上移",
    "Cursor Down": "光标下移",
    "Page up": "上一页",
    "Page down": "下一页",
    "Top": "到顶部",
    "Bottom": "到底部",
    "Home": "到行首",
    "End": "到行尾",
    "Up": "上移",
    "Down": "下移",
    "First": "第一项",
    "Last": "最后一项",
    "Cursor to parent": "到上一级",
    "Cursor to next ancestor": "到下一个上级",
    "Cursor to previous sibling": "到上一个同级",
    "Cursor to next sibling": "到下一个同级",
    "Expand or collapse all": "全部展开或收起",
    "Toggle": "切换",
    "Toggle option": "切换选项",
    "Toggle collapsible": "展开或收起",
    "Next option": "下一个选项",
    "Previous option": "上一个选项",
    "Show menu": "显示菜单",
    "Dismiss menu": "关闭菜单",
    "Previous tab": "上一个标签页",
    "Next tab": "下一个标签页",
    "Press button": "按下按钮",
    "Open link": "打开链接",
    # Input
    "Move cursor left": "光标左移",
    "Move cursor left and select": "左移并选中",
    "Move cursor left a word": "左移一个词",
    "Move cursor left a word and select": "左移一个词并选中",
    "Move cursor right or accept the completion suggestion": "光标右移或接受补全",
    "Move cursor right and select": "右移并选中",
    "Move cursor right a word": "右移一个词",
    "Move cursor right a word and select": "右移一个词并选中",
    "Delete character left": "删除左边的字",
    "Delete character right": "删除右边的字",
    "Select all": "全选",
    "Go to start": "到开头",
    "Go to end": "到末尾",
    "Select line start": "选到行首",
    "Select line end": "选到行尾",
    "Submit": "提交",
    "Delete left to start of word": "向左删到词首",
    "Delete right to start of word": "向右删到下一个词",
    "Delete all to the left": "删除左边全部",
    "Delete all to the right": "删除右边全部",
    "Cut selected text": "剪切选中的文字",
    "Paste text from the clipboard": "从剪贴板粘贴",
    # TextArea
    "Cursor word left": "左移一个词",
    "Cursor word right": "右移一个词",
    "Cursor line start": "到行首",
    "Cursor line end": "到行尾",
    "Cursor page up": "向上翻页",
    "Cursor page down": "向下翻页",
    "Cursor left word select": "左移一个词并选中",
    "Cursor right word select": "右移一个词并选中",
    "Cursor line start select": "选到行首",
    "Cursor line end select": "选到行尾",
    "Cursor up select": "上移并选中",
    "Cursor down select": "下移并选中",
    "Cursor left select": "左移并选中",
    "Cursor right select": "右移并选中",
    "Select line": "选中整行",
    "Delete to line start": "删除到行首",
    "Delete to line end": "删除到行尾",
    "Delete line": "删除整行",
    "Cut": "剪切",
    "Copy": "复制",
    "Paste": "粘贴",
    "Undo": "撤销",
    "Redo": "重做",
}

#: Textual's system commands in the palette (App.get_system_commands): title and help → Chinese.
SYSTEM: dict[str, str] = {
    "Theme": "主题",
    "Change the current theme": "换一个配色主题",
    "Quit": "退出",
    "Quit the application as soon as possible": "立即退出应用",
    "Keys": "按键",
    "Hide the keys and widget help panel": "收起按键和控件帮助面板",
    "Show help for the focused widget and a summary of available keys": "显示当前控件的帮助和可用按键",
    "Minimize": "还原",
    "Minimize the widget and restore to normal size": "把放大的控件还原到原来的大小",
    "Maximize": "放大",
    "Maximize the focused widget": "放大当前控件",
    "Screenshot": "截图",
    "Save an SVG 'screenshot' of the current screen": "把当前屏幕存成一张 SVG 截图",
}

_MARK = "_coach_textual_zh"


def describe(description: str) -> str:
    """A binding's description in the interface language (Textual's own are English)."""
    zh = ZH.get(description)
    return tr(zh, description) if zh else description


def system_commands(commands: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Textual's system commands with their title and help in the interface language (the
    palette searches the title, so a Chinese reader finds 主题 by typing 主题)."""
    for command in commands:
        title, help_text = command.title, command.help
        yield command._replace(
            title=tr(SYSTEM.get(title, title), title),
            help=tr(SYSTEM.get(help_text, help_text), help_text),
        )


def install() -> None:
    """Once per process (idempotent); the language is read whenever a string is shown."""
    if getattr(CommandPalette, _MARK, False):
        return
    _patch_footer()
    _patch_palette()
    _patch_header()
    setattr(CommandPalette, _MARK, True)


def _patch_footer() -> None:
    original_init = FooterKey.__init__

    def __init__(self, key, key_display, description, action, *args, tooltip="", **kw):
        original_init(
            self, key, key_display, describe(description), action, *args,
            tooltip=describe(tooltip), **kw,
        )  # fmt: skip

    FooterKey.__init__ = __init__  # type: ignore[method-assign]


def _patch_palette() -> None:
    original_init = CommandPalette.__init__

    def __init__(self, providers=None, *, placeholder: str = PALETTE_PLACEHOLDER[1], **kw):
        if placeholder == PALETTE_PLACEHOLDER[1]:
            placeholder = tr(*PALETTE_PLACEHOLDER)
        original_init(self, providers, placeholder=placeholder, **kw)

    CommandPalette.__init__ = __init__  # type: ignore[method-assign]

    original_add = CommandList.add_option

    def add_option(self, option=None):
        if isinstance(option, Option) and option.id == CommandPalette._NO_MATCHES:
            from rich.align import Align
            from rich.text import Text

            option = Option(
                Align.center(Text(tr(*NO_MATCHES), style="not bold")),
                disabled=True,
                id=option.id,
            )
        return original_add(self, option)

    CommandList.add_option = add_option  # type: ignore[method-assign]


def _patch_header() -> None:
    original_init = Header.__init__

    def __init__(self, *args, icon: str | None = None, **kw):
        original_init(self, *args, icon=ICON if icon is None else icon, **kw)

    Header.__init__ = __init__  # type: ignore[method-assign]

    original_mount = HeaderIcon.on_mount

    def on_mount(self) -> None:
        original_mount(self)
        if self.tooltip == ICON_TOOLTIP[1]:
            self.tooltip = tr(*ICON_TOOLTIP)

    HeaderIcon.on_mount = on_mount  # type: ignore[method-assign]
