"""Issue 15, Learn: typing on opening searches, the headings are in view, one status per case."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach import paths
from coach.analysis.progress import compute_progress
from coach.domain.records import Attempt
from coach.tui.screens.learn import LearnScreen
from coach.tui.widgets.case_tree import CaseTree

from .helpers import FIXTURE_CONTENT, make_app
from .practice_helpers import send_text, wait_for, wait_screen
from .progress_seed import settle


def shown_cases(tree: CaseTree) -> set[str]:
    found: set[str] = set()

    def walk(node) -> None:
        for child in node.children:
            if child.data:
                found.add(child.data)
            walk(child)

    walk(tree.root)
    return found


def case_nodes(tree: CaseTree, case_id: str) -> list:
    found: list = []

    def walk(node) -> None:
        for child in node.children:
            if child.data == case_id:
                found.append(child)
            walk(child)

    walk(tree.root)
    return found


def tree_text(tree: CaseTree) -> list[str]:
    return [tree.render_line(y).text for y in range(tree.size.height)]


@pytest.mark.parametrize("key", ["l", "slash"])
@pytest.mark.parametrize("lang, query", [("zh", "开门红"), ("en", "peak")])
async def test_typing_on_opening_learn_searches(key: str, lang: str, query: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await wait_screen(pilot, LearnScreen)
        search = app.screen.query_one("#search")
        assert search.has_focus  # it looks ready for typing, and it is
        await send_text(pilot, query)  # at once: no "/" first
        await wait_for(pilot, lambda: search.value == query, "the query in the box")
        tree = app.screen.query_one(CaseTree)
        await wait_for(pilot, lambda: shown_cases(tree) == {"mini-peaks"}, "the match alone")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_typing_in_the_tree_goes_on_in_the_search_box(lang: str) -> None:
    app = make_app(lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_screen(pilot, LearnScreen)
        await pilot.press("down")  # to the list
        tree = app.screen.query_one(CaseTree)
        await wait_for(pilot, lambda: tree.has_focus, "the tree's focus")
        search = app.screen.query_one("#search")
        await send_text(pilot, "pe")  # the first key moves to the box: it must not be lost
        await wait_for(pilot, lambda: search.has_focus and search.value == "pe", "pe")
        await send_text(pilot, "ak")
        await wait_for(pilot, lambda: search.value == "peak", "peak, whole")
        await pilot.press("down")
        await wait_for(pilot, lambda: tree.has_focus, "the tree again")
        await send_text(pilot, "s")  # goes on after what the box holds, nothing replaced
        await wait_for(pilot, lambda: search.value == "peaks", "peaks")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize(
    "lang, course, module",
    [
        ("zh", "理财经理营销能力提升特训营", "金融专业知识"),
        ("en", "Wealth-manager marketing skills", "Product knowledge"),
    ],
)
async def test_learn_opens_with_its_headings_in_view(
    size: tuple[int, int], lang: str, course: str, module: str
) -> None:
    app = make_app(lang, roots=paths.bundled_content_dirs())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_screen(pilot, LearnScreen)
        await settle(pilot)
        tree = app.screen.query_one(CaseTree)
        await wait_for(pilot, lambda: tree.cursor_node is not None, "the cursor on a case")
        assert tree.scroll_offset.y == 0
        lines = tree_text(tree)
        assert course in lines[0] and module in lines[1]
        assert tree.cursor_node.data and tree.cursor_line == 2  # the first case, highlighted


SECOND = (
    "kind: curriculum\nid: second\ntitle: {zh: 第二课程, en: Second course}\npass_score: 50\n"
    "modules:\n  - module: mini-client\n    cases: [mini-doubt]\n"
)


def two_curricula(tmp_path: Path, lang: str):
    (tmp_path / "second.yaml").write_text(SECOND, encoding="utf-8")
    return make_app(lang, roots=[FIXTURE_CONTENT, tmp_path])


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_case_another_curriculum_offers_is_not_marked_locked(
    tmp_path: Path, lang: str
) -> None:
    """Learn showed ⊘ where Progress showed ○ (a deal-review case the bootcamp locks)."""
    app = two_curricula(tmp_path, lang)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_screen(pilot, LearnScreen)
        tree = app.screen.query_one(CaseTree)
        await wait_for(pilot, lambda: tree.statuses, "the marks")
        nodes = case_nodes(tree, "mini-doubt")
        assert len(nodes) == 2
        assert [tree.status_of(n) for n in nodes] == ["new", "new"]
        assert "⊘" not in "".join(tree_text(tree))
        progress = compute_progress(app.session.content, [], [])
        assert {cp.status for cur in progress.curricula for cp in cur.cases} == {"new"}


@pytest.mark.parametrize(
    "lang, passed, failed", [("zh", "通过", "未通过"), ("en", "passed", "failed")]
)
async def test_a_case_shows_its_status_in_the_curriculum_it_is_listed_under(
    tmp_path: Path, lang: str, passed: str, failed: str
) -> None:
    """55 passes the second course (pass mark 50), not the first (70): as Progress shows it."""
    app = two_curricula(tmp_path, lang)
    app.session.store.attempts.save(
        Attempt(case_id="mini-doubt", score=55, submitted="2026-03-08T10:00:00")
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await wait_screen(pilot, LearnScreen)
        screen = app.screen
        tree = screen.query_one(CaseTree)
        await wait_for(pilot, lambda: tree.statuses, "the marks")
        by_curriculum = {tree.curriculum_of(n): n for n in case_nodes(tree, "mini-doubt")}
        assert tree.status_of(by_curriculum["mini-course"]) == "failed"
        assert tree.status_of(by_curriculum["second"]) == "passed"
        text = "".join(tree_text(tree))
        assert "✗" in text and "✓" in text
        # the preview says the status of the line the cursor is on
        tree.focus()
        tree.move_cursor(by_curriculum["second"])
        meta = screen.query_one("#preview-meta")
        await wait_for(pilot, lambda: str(meta.render()).startswith(passed), "passed")
        tree.move_cursor(by_curriculum["mini-course"])
        await wait_for(pilot, lambda: str(meta.render()).startswith(failed), "failed")
