"""Feedback without stumbles (issue 15): the page keys scroll the pane shown whatever has the
focus; model answers and causes read as text, never as Markdown or category ids; the words the
engine matched show as the trainee wrote them; a wide terminal has the feedback question by
question beside the score's lines."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static, TabbedContent, Tabs

from coach import paths
from coach.domain.records import Answers, Cause
from coach.review.answer_markdown import parse_answer_markdown
from coach.tui.practice_target import case_target
from coach.tui.screens.feedback import FeedbackScreen

from .helpers import make_app
from .practice_helpers import wait_for, wait_screen

CASE = "product-insurer-expertise"
CALIBRATION = Path(__file__).resolve().parents[2] / "casebank" / "calibration" / CASE
LABEL = {"zh": "自身 / 团队：", "en": "Self / team: "}


def _app(lang: str, answer_file: str | None = "03-good.md", causes=None, text=None):
    """The app on the bundled bank, with one attempt at CASE kept; returns (app, attempt id)."""
    app = make_app(lang, roots=paths.bundled_content_dirs())
    session = app.session
    case = session.content.cases[CASE]
    if answer_file is not None:
        source = (CALIBRATION / answer_file).read_text(encoding="utf-8")
        answers, _ = parse_answer_markdown(source, case, session.content.framework_for(case))
    else:
        answers = Answers()
    answers.text.update(text or {})
    if causes is not None:
        answers.causes["q2"] = causes
    target = case_target(session, case)
    feedback = target.review(answers, lang=lang, today=session.today())
    return app, target.keep_result(session, answers, feedback, seconds=600, started="")


async def _open(pilot, app, attempt_id: str) -> FeedbackScreen:
    await pilot.pause()
    app.open_feedback(attempt_id)
    await wait_screen(pilot, FeedbackScreen)
    await pilot.pause()
    return app.screen


def _text(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _content(screen, selector: str) -> Content:
    content = screen.query_one(selector, Static).content
    assert isinstance(content, Content)
    return content


@pytest.mark.parametrize("tab", ["score", "points", "model"])
async def test_page_keys_scroll_the_pane_shown_while_the_tab_bar_has_the_focus(tab: str) -> None:
    app, attempt_id = _app("zh")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        await screen.action_tab(tab)
        screen.query_one(Tabs).focus()
        await pilot.pause()
        assert isinstance(app.focused, Tabs)
        box = screen.query_one(TabbedContent).active_pane.query_one(VerticalScroll)
        await wait_for(pilot, lambda: box.max_scroll_y > 0, "a pane longer than the screen")
        await pilot.press("pagedown")
        await wait_for(pilot, lambda: box.scroll_y > 0, "pagedown scrolled")
        first_page = box.scroll_y
        await pilot.press("pagedown")
        await wait_for(
            pilot,
            lambda: box.scroll_y > first_page or box.scroll_y == box.max_scroll_y,
            "a second page, or the end",
        )
        await pilot.press("pageup")
        await wait_for(pilot, lambda: box.scroll_y < box.max_scroll_y, "pageup scrolled back")
        await pilot.press("end")
        await wait_for(pilot, lambda: box.scroll_y == box.max_scroll_y, "end")
        await pilot.press("home")
        await wait_for(pilot, lambda: box.scroll_y == 0, "home")
        assert isinstance(app.focused, Tabs)  # the tab bar kept the focus all along


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_model_answers_show_no_markdown_and_cause_rows_by_their_label(lang: str) -> None:
    app, attempt_id = _app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        await pilot.press("m")
        model = _content(screen, "#fb-model")
        plain = model.plain
        assert "**" not in plain
        assert not any(
            row.lstrip().startswith(("- ", "self:", "product:")) for row in plain.split("\n")
        )
        assert "self:" not in plain and "product:" not in plain and "client:" not in plain
        assert LABEL[lang] + ("过去的培训" if lang == "zh" else "past training") in plain
        assert ("•\xa0" + LABEL[lang]) in plain
        # the bold of the source is bold on screen
        heading = "目标与结果" if lang == "zh" else "Target and result"
        start = plain.index(heading)
        assert any(s.start <= start < s.end and "bold" in str(s.style) for s in model.spans), (
            "the heading's bold"
        )
        # F2: the model answer in the other language, rendered the same way
        await pilot.press("f2")
        await wait_for(
            pilot,
            lambda: (
                LABEL["en" if lang == "zh" else "zh"] in _content(app.screen, "#fb-model").plain
            ),
            "the other language",
        )
        assert "**" not in _content(app.screen, "#fb-model").plain


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_your_causes_show_their_category_label_and_no_empty_marker(lang: str) -> None:
    causes = [
        Cause(text="C组顾问讲不清条款", category="self", whys=["培训只教话术"], evidence="附表2"),
        Cause(text="Products got harder", category="product"),
        Cause(text="没有类别的原因"),
    ]
    app, attempt_id = _app(lang, None, causes=causes, text={"q1": "满意度从72分升到83分。"})
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        answers = _text(screen, "#fb-answers")
        assert "[self]" not in answers and "[-]" not in answers and "[product]" not in answers
        assert LABEL[lang] + "C组顾问讲不清条款" in answers
        assert ("产品：" if lang == "zh" else "Product: ") + "Products got harder" in answers
        assert "•\xa0没有类别的原因" in answers
        assert ("为什么：培训只教话术" if lang == "zh" else "why: 培训只教话术") in answers


async def test_matched_words_show_as_the_trainee_wrote_them() -> None:
    app, attempt_id = _app("zh")  # the answer writes C组; the engine matches c组
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        points = _text(screen, "#fb-points")
        assert "C组" in points and "c组" not in points
        # and underlined in the answer as written
        answers = _content(screen, "#fb-answers")
        at = answers.plain.index("C组")
        assert any(s.start <= at < s.end and "underline" in str(s.style) for s in answers.spans)


async def test_english_matches_keep_their_capitals() -> None:
    text = {"q1": "Satisfaction rose 11 points. Group C, the Uncertified advisers, scored 76."}
    app, attempt_id = _app("en", None, text=text)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        points = _text(screen, "#fb-points")
        assert "other factors  Group C, Uncertified\n" in points  # not "group c, uncertified"


async def test_a_listed_line_in_the_notes_reads_as_written() -> None:
    app, attempt_id = _app("zh", "09-noncompliant.md")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        notes = _text(screen, "#fb-notes")
        assert "（C组）" in notes and "c组" not in notes  # the engine's snippet said (c组)


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_wide_terminal_shows_the_questions_beside_the_score(lang: str) -> None:
    app, attempt_id = _app(lang)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        beside = screen.query_one("#fb-by-question", Static)
        breakdown = screen.query_one("#fb-breakdown", Static)
        await wait_for(pilot, lambda: beside.region.width > 0, "the column shown")
        assert beside.region.x >= breakdown.region.right
        assert beside.region.y == breakdown.region.y
        text = str(beside.render())
        case = app.session.content.cases[CASE]
        for q in case.questions:
            assert q.prompt.get(lang)[:12] in text.replace("\n", "")
        assert ("首次" if lang == "zh" else "first") in text
        # the two columns fill the screen's height better than the score's lines alone
        assert beside.region.height > breakdown.region.height // 2
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: not beside.display or beside.region.width == 0, "narrow")
        await wait_for(pilot, lambda: breakdown.region.width >= 76, "the lines take the width")


@pytest.mark.parametrize("lang", ["zh", "en"])
async def test_a_pitfalls_evidence_reads_in_words_not_as_a_code(lang: str) -> None:
    app = make_app(lang)
    session = app.session
    case = session.content.cases["mini-peaks"]
    target = case_target(session, case)
    answers = Answers(text={"q1": "一月开门红是高峰。" if lang == "zh" else "January peaks."})
    feedback = target.review(answers, lang=lang, today=session.today())
    assert any(e.startswith("short:") for p in feedback.pitfalls for e in p.evidence)
    attempt_id = target.keep_result(session, answers, feedback, seconds=60, started="")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open(pilot, app, attempt_id)
        notes = _text(screen, "#fb-notes")
        assert "short:" not in notes
        assert ("全部回答只有约" if lang == "zh" else "units of your own words in all") in notes
