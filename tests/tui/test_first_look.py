"""The first look at the app, driven as a person would: tree, search, case, exhibits, help."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Markdown, TabbedContent, Tree

from coach.tui.screens.case import CaseScreen
from coach.tui.screens.help import HelpScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.learn import LearnScreen
from coach.tui.widgets.chart import ExhibitChart
from coach.tui.widgets.exhibit import ExhibitView

from .helpers import make_app


@pytest.mark.parametrize(
    "lang, course, case_title",
    [
        ("zh", "测试课程", "季节性高峰"),
        ("en", "Test course", "Seasonal peaks"),
    ],
)
async def test_tree_lists_curriculum_by_module(lang: str, course: str, case_title: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")  # Home is the first screen; l opens Learn
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)
        tree = app.screen.query_one(Tree)
        top = tree.root.children[0]
        assert str(top.label) == course
        modules = [str(m.label) for m in top.children]
        assert len(modules) == 2
        assert str(top.children[0].children[0].label) == case_title


async def test_open_case_shows_background_and_exhibits() -> None:
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        app.screen.query_one(Tree).focus()
        # the cursor starts on the first case of the curriculum
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case.id == "mini-peaks"
        md = app.screen.query_one("#background-md", Markdown)
        assert "Lin Yue" in md.source
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "exhibits"
        views = app.screen.query(ExhibitView)
        assert len(views) == 2
        assert len(app.screen.query(ExhibitChart)) == 2
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LearnScreen)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("开门红", {"mini-peaks"}),
        ("開門紅", {"mini-peaks"}),  # Traditional characters find Simplified text
        ("EXPERTISE", {"mini-doubt"}),  # case-insensitive
        ("ｇｒａｉ", set()),  # full-width folds; no case mentions GRAI in its text
        ("bonus season", {"mini-peaks"}),
    ],
)
async def test_search_filters_tree(query: str, expected: set[str]) -> None:
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        search = app.screen.query_one("#search", Input)
        assert search.has_focus
        search.value = query
        await pilot.pause()
        tree = app.screen.query_one(Tree)
        shown = set()

        def walk(node):
            for child in node.children:
                if child.data:
                    shown.add(child.data)
                walk(child)

        walk(tree.root)
        assert shown == expected


async def test_help_lists_bindings_and_closes() -> None:
    app = make_app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        assert "学习" in text and "搜索" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_language_switch_relabels_everything() -> None:
    app = make_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        assert str(app.screen.query_one(Tree).root.children[0].label) == "测试课程"
        await pilot.press("f2")
        await pilot.pause()
        assert str(app.screen.query_one(Tree).root.children[0].label) == "Test course"
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "Search" in descriptions and "Help" in descriptions
        await pilot.press("f2")
        await pilot.pause()
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert "搜索" in descriptions


def test_every_binding_has_id_and_description() -> None:
    import coach.tui.app  # noqa: F401  (registers every screen)
    from coach.tui.localise import _registry

    assert len(_registry) >= 4
    ids: set[str] = set()
    for cls in _registry:
        for b in cls.BINDINGS:
            assert b.id, f"{cls.__name__}: binding {b.key} has no id"
            assert b.description, f"{cls.__name__}: binding {b.key} has no description"
            ids.add(b.id)


async def test_command_palette_opens_a_case() -> None:
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Seasonal")
        await pilot.wait_for_scheduled_animations()
        for _ in range(50):
            await pilot.pause(0.02)
            if isinstance(app.screen, CaseScreen):
                break
            await pilot.press("enter")
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case.id == "mini-peaks"


async def test_unknown_start_case_is_reported_not_fatal() -> None:
    app = make_app("en", start_case="nope")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("nope" in str(n.message) for n in app._notifications)


async def test_typing_a_search_then_enter_opens_the_match() -> None:
    """Highlights from the tree as it was mid-typing must not win over the final match."""
    app = make_app("en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"mini-doubt", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.case.id == "mini-doubt"
