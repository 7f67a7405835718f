"""Home: greeting, drafts to continue, the next case, what is due, progress at a glance."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, OptionList, Static

from coach.domain.records import Attempt
from coach.tui.commands import SCREEN_COMMANDS
from coach.tui.screens.case import CaseScreen
from coach.tui.screens.home import HomeScreen
from coach.tui.screens.learn import LearnScreen
from coach.tui.screens.progress import ProgressScreen
from coach.tui.widgets.case_tree import CaseTree

from .helpers import make_app
from .progress_seed import seed_due, seed_progress, settle


def options(app, selector: str) -> list[tuple[str | None, str]]:
    ol = app.screen.query_one(selector, OptionList)
    out = []
    for i in range(ol.option_count):
        opt = ol.get_option_at_index(i)
        out.append((opt.id, str(opt.prompt)))
    return out


@pytest.mark.parametrize(
    "lang, words",
    [
        ("zh", ["早上好，tester", "2026-03-10", "星期二"]),
        ("en", ["Good morning, tester", "Tuesday"]),
    ],
)
async def test_home_is_first_and_greets(lang: str, words: list[str]) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        greeting = str(app.screen.query_one("#home-greeting", Static).render())
        for word in words:
            assert word in greeting


async def test_fresh_profile_offers_the_first_case() -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        todo = options(app, "#home-todo")
        assert todo[0] == (None, "No open drafts")
        minutes = app.session.content.cases["mini-peaks"].minutes
        assert ("next:mini-peaks", f"▸ Seasonal peaks  about {minutes} min") in todo
        due = [text for _, text in options(app, "#home-due")]
        assert due == ["Actions (0)", "No actions due", "Lessons (0)", "No lessons due"]
        await pilot.press("enter")  # the highlight starts on the first thing to do
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen) and app.screen.case.id == "mini-peaks"


async def test_drafts_next_case_and_glance() -> None:
    app = make_app("en")
    seed_progress(app)
    started: list[str] = []
    app.start_practice = started.append  # Practice is tested on its own
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        todo = options(app, "#home-todo")
        assert todo[0][0] == "draft:mini-doubt"
        assert "step 3 · 5 min" in todo[0][1]
        assert ("next:mini-doubt", "▸ Clients doubt our expertise  draft · best 64") in todo
        table = app.screen.query_one("#home-glance", DataTable)
        rows = [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]
        assert rows == [  # done / total with a bar of 10 cells
            ["Product knowledge", "██████████ 1/1", "82", "▅▇"],
            ["Client management", "░░░░░░░░░░ 0/1", "64", "▆"],
        ]
        await pilot.press("enter")
        assert started == ["mini-doubt"]
        await pilot.press("c")
        assert started == ["mini-doubt", "mini-doubt"]


async def test_due_actions_and_lessons() -> None:
    app = make_app("zh")
    seed_due(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        due = options(app, "#home-due")
        texts = [t for _, t in due]
        assert texts[0] == "行动（1）" and "回访张伟" in texts[1] and "2026-03-09" in texts[1]
        assert "复习要点（1）" in texts and any("先确认预算再报价" in t for t in texts)
        assert not any(w in "".join(texts) for w in ("not yet", "already done", "later lesson"))


@pytest.mark.parametrize(
    "key, screen",
    [("l", LearnScreen), ("p", ProgressScreen), ("n", CaseScreen), ("slash", LearnScreen)],
)
async def test_keys_reach_every_place(key: str, screen: type) -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await settle(pilot)
        assert isinstance(app.screen, screen)
        if key == "slash":
            assert app.screen.query_one("#search", Input).has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_home_refreshes_when_shown_again() -> None:
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        app.session.store.attempts.save(
            Attempt(case_id="mini-peaks", score=90, submitted="2026-03-10T09:00:00")
        )
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#home-glance", DataTable)
        assert [str(c) for c in table.get_row_at(0)][:3] == [
            "Product knowledge",
            "██████████ 1/1",
            "90",
        ]
        assert any(i == "next:mini-doubt" for i, _ in options(app, "#home-todo"))


async def test_learn_shows_status_marks() -> None:
    app = make_app("en")
    seed_progress(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        tree = app.screen.query_one(CaseTree)
        assert tree.statuses == {"mini-peaks": "passed", "mini-doubt": "draft"}
        line = "".join(tree.render_line(y).text for y in range(6))
        assert "✓ Seasonal peaks" in line and "✎ Clients doubt" in line
        meta = str(app.screen.query_one("#preview-meta", Static).render())
        assert "passed · best 82 · first 55 · 2 attempt(s)" in meta


async def test_learn_says_what_unlocks_a_case() -> None:
    app = make_app("zh")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        tree = app.screen.query_one(CaseTree)
        assert tree.statuses == {"mini-peaks": "new", "mini-doubt": "locked"}
        app.screen.show_preview("mini-doubt")
        meta = str(app.screen.query_one("#preview-meta", Static).render())
        assert "未解锁：先通过 产品知识" in meta


async def test_language_switch_keeps_home_filled() -> None:
    app = make_app("zh")
    seed_progress(app)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        table = app.screen.query_one("#home-glance", DataTable)
        assert str(table.get_row_at(0)[0]) == "Product knowledge"
        recent = app.screen.query_one("#home-recent", DataTable)
        assert [str(c) for c in recent.get_row_at(0)] == [
            "2026-03-08",
            "✗ 64",
            "Clients doubt our expertise",
        ]
        descriptions = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Learn", "Next case", "Progress", "Deals"} <= descriptions


def test_palette_reaches_home_progress_and_export() -> None:
    actions = {row[2] for row in SCREEN_COMMANDS}
    assert {"open_home", "open_progress", "export_progress"} <= actions
    app = make_app("en")
    for action in ("open_home", "open_progress", "export_progress", "open_learn"):
        assert callable(getattr(app, f"action_{action}"))


@pytest.mark.parametrize("screen", [HomeScreen, ProgressScreen])
def test_help_in_both_languages_and_bindings_described(screen) -> None:
    assert screen.HELP_ZH.strip() and screen.HELP_EN.strip()
    for lb in screen.LOCAL_BINDINGS:
        assert lb.id and lb.zh and lb.en
