"""Issue 15: Textual's own words in the Chinese UI (F1 key table, command palette, header) and a
header icon that every CJK font has. These fail when Textual moves or renames the strings."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import DataTable, Header, Markdown
from textual.widgets._header import HeaderIcon

from coach import i18n
from coach.tui import textual_zh

from .helpers import make_app


def textuals_descriptions() -> set[str]:
    """Every binding description Textual's own classes declare (all its widgets loaded)."""
    import importlib
    import pkgutil

    import textual.widgets
    from textual.dom import DOMNode

    for m in pkgutil.iter_modules(textual.widgets.__path__):
        importlib.import_module(f"textual.widgets.{m.name}")
    for name in ("textual.app", "textual.screen", "textual.command", "textual.containers"):
        importlib.import_module(name)
    found: set[str] = set()
    todo = [DOMNode]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.split(".")[0] != "textual":
            continue
        for b in cls.__dict__.get("BINDINGS", []):
            description = b.description if isinstance(b, Binding) else (b[2] if len(b) > 2 else "")
            if description:
                found.add(description)
    return found


def test_every_textual_key_description_has_a_chinese_one_and_none_is_stale():
    found = textuals_descriptions()
    assert found - set(textual_zh.ZH) == set()  # Textual added or renamed one: translate it
    assert set(textual_zh.ZH) - found == set()  # a translation Textual no longer has
    for needed in ("Cursor up", "Page Left", "Focus Next", "Copy selected text", "Dismiss menu"):
        assert needed in found


def test_descriptions_are_translated_only_in_chinese():
    i18n.set_lang("zh")
    assert textual_zh.describe("Cursor up") == "光标上移"
    assert textual_zh.describe("退出") == "退出"  # the app's own are already in the language
    i18n.set_lang("en")
    assert textual_zh.describe("Cursor up") == "Cursor up"


async def test_the_f1_key_table_is_chinese_on_a_table():
    app = make_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("open_progress")
        await pilot.pause()
        table = app.screen.query(DataTable).first()
        table.focus()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        md = app.screen.query_one(Markdown)
        text = md.source
        for zh, en in (("光标上移", "Cursor up"), ("下一个控件", "Focus Next")):
            assert zh in text and en not in text
        assert "Page Left" not in text and "Copy selected text" not in text


async def test_the_command_palette_speaks_chinese():
    app = make_app("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        box = app.screen.query_one(CommandInput)
        assert box.placeholder == "搜索命令…"
        await pilot.press(*"zqxjv")
        shown = ""
        for _ in range(40):  # the palette waits half a second before "no matches"
            await pilot.pause(0.05)
            options = app.screen.query_one(CommandList)
            if options.option_count:
                shown = str(options.get_option_at_index(0).prompt.renderable)
                break
        assert shown == "没有匹配的命令"


async def test_the_command_palette_stays_english_in_english():
    app = make_app("en")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.screen.query_one(CommandInput).placeholder == "Search for commands…"


async def test_the_header_icon_is_a_glyph_cjk_fonts_have():
    app = make_app("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        header = app.screen.query_one(Header)
        icon = header.query_one(HeaderIcon)
        assert header.icon == icon.icon == "○"
        drawn = app.export_screenshot()
        assert "⭘" not in drawn and "○" in drawn
        assert icon.tooltip == "打开命令面板"
        assert "○".encode("gb2312") and "○".encode("big5") and "○".encode("shift_jis")


async def test_textuals_key_descriptions_follow_a_language_switch():
    app = make_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("open_progress")
        await pilot.pause()
        app.screen.query(DataTable).first().focus()
        await app.run_action("toggle_language")
        await pilot.pause()
        app.screen.query(DataTable).first().focus()
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        text = app.screen.query_one(Markdown).source
        assert "Cursor up" in text and "光标上移" not in text


async def test_a_select_menus_footer_key_is_chinese():
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Select
    from textual.widgets._footer import FooterKey

    class One(App):
        def compose(self) -> ComposeResult:
            yield Select([("a", 1), ("b", 2)])
            yield Footer()

    i18n.set_lang("zh")
    app = One()
    async with app.run_test(size=(60, 12)) as pilot:
        app.query_one(Select).focus()
        await pilot.press("enter")  # the menu opens: its escape key is in the footer
        await pilot.pause()
        shown = [k.description for k in app.query(FooterKey)]
        assert "关闭菜单" in shown and "Dismiss menu" not in shown


def _system_strings() -> set[str]:
    """Every title and help text Textual's App.get_system_commands can yield, read from its
    source (some appear only with a help panel open or a widget maximised)."""
    import ast
    import inspect

    from textual.app import App

    tree = ast.parse(inspect.getsource(App.get_system_commands).strip().replace("\n    ", "\n"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "SystemCommand":
            found.update(a.value for a in node.args[:2] if isinstance(a, ast.Constant))
    return found


def test_every_system_command_has_a_chinese_title_and_help():
    strings = _system_strings()
    assert {"Theme", "Quit", "Keys", "Screenshot"} <= strings
    assert strings - set(textual_zh.SYSTEM) == set()


async def test_the_palette_lists_textuals_system_commands_in_chinese():
    app = make_app("zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        helps = {c.help for c in app.get_system_commands(app.screen)}
        assert {"主题", "退出", "按键", "截图"} <= titles
        assert "立即退出应用" in helps
        assert not titles & {"Theme", "Keys", "Screenshot"}
        i18n.set_lang("en")
        assert "Theme" in {c.title for c in app.get_system_commands(app.screen)}
