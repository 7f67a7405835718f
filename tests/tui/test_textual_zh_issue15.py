"""Issue 15: Textual's own words in the Chinese UI (F1 key table, command palette, header) and a
header icon that every CJK font has. These fail when Textual moves or renames the strings."""

from __future__ import annotations

import pytest
from textual.command import CommandInput, CommandList, CommandPalette
from textual.widgets import DataTable, Header, Markdown
from textual.widgets._header import HeaderIcon

from coach import i18n
from coach.tui import textual_zh

from .helpers import make_app


@pytest.fixture(autouse=True)
def _english_after():
    yield
    i18n.set_lang("en")
    textual_zh.refresh()


def _originals() -> dict[type, list[str]]:
    return {
        cls: [tb.binding.description for tb in cls.__dict__["LOCAL_BINDINGS"]]
        for cls in textual_zh._all_classes()
    }


def test_every_textual_key_description_has_a_chinese_one_and_none_is_stale():
    make_app("zh")  # imports the app: the translations are installed
    found = {d for descs in _originals().values() for d in descs if d}
    assert found - set(textual_zh.ZH) == set()  # Textual added or renamed one: translate it
    assert set(textual_zh.ZH) - found == set()  # a translation Textual no longer has
    for needed in ("Cursor up", "Page Left", "Focus Next", "Copy selected text", "Dismiss menu"):
        assert needed in found


def test_the_classes_translated_define_their_own_bindings():
    make_app("zh")
    for cls, descs in _originals().items():
        assert descs or cls.__name__ == "App", cls  # Textual moved this class's bindings


async def test_the_f1_key_table_is_chinese_on_a_table():
    app = make_app("zh")
    textual_zh.refresh()
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
    textual_zh.refresh()
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
    textual_zh.refresh()
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
    textual_zh.refresh()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.run_action("open_progress")
        await pilot.pause()
        table = app.screen.query(DataTable).first()

        def up() -> str:
            return table._bindings.key_to_bindings["up"][0].description

        assert up() == "光标上移"
        await app.run_action("toggle_language")
        await pilot.pause()
        table = app.screen.query(DataTable).first()
        assert up() == "Cursor up"
