"""Exports of an attempt and of the whole progress: Markdown, self-contained HTML, user text
escaped everywhere."""

from __future__ import annotations

import datetime as dt
import html
import re
import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from coach.analysis.progress import compute_progress
from coach.content import load_content
from coach.domain.records import ActionItem, Answers, Attempt, Cause, Draft
from coach.io.export import (
    export_attempt,
    export_progress,
    md_inline,
    md_text,
    to_html,
    write_export,
)

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content"
CONTENT = load_content([FIXTURE], cache=False)
CASE = CONTENT.cases["mini-peaks"]
FRAMEWORK = CONTENT.framework_for(CASE)
HOSTILE = '<script>alert("x")</script> **bold** [link](javascript:alert(1)) &amp; `code` | pipe'


def visible_text(page: str) -> str:
    """What a reader sees: tags dropped, entities decoded, blanks collapsed."""
    body = page.split("<body>", 1)[-1]
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def make_attempt(text: str = "没有确认预算就报价了", **kw) -> Attempt:
    first_q = CASE.questions[0].id
    answers = Answers(
        text={first_q: text},
        causes={
            first_q: [Cause(text="缺少跟进", category="selling", whys=["没有提醒", "没有流程"])]
        },
        actions={
            first_q: [ActionItem(what="建立提醒", owner="林悦", due="下周五", measure="100%")]
        },
    )
    defaults = dict(
        case_id=CASE.id,
        case_hash=CASE.content_hash,
        score=82.5,
        submitted="2026-03-10T09:30:00",
        seconds=725,
        answers=answers,
        breakdown=[
            {
                "id": "kp",
                "kind": "criterion",
                "title": "要点",
                "points": 40,
                "max": 50,
                "reason": "4/5",
            },
            {
                "id": "avoid",
                "kind": "penalty",
                "title": "违规表述",
                "points": -5,
                "max": 0,
                "reason": "保本",
            },
        ],
        self_score={CASE.rubric[0].id: 0.75},
    )
    defaults.update(kw)
    return Attempt(**defaults)


@pytest.mark.parametrize(
    "lang, words",
    [
        # 82.5 is written 83: one rounding rule for a total everywhere (coach/domain/scores.py)
        ("zh", ["复盘练习", CASE.title.get("zh"), "得分", "83 / 100", "自评", "75%", "12 分钟"]),
        ("en", ["Case review", CASE.title.get("en"), "Score", "83 / 100", "Self-score", "75%"]),
    ],
)
def test_attempt_markdown_and_html_in_both_languages(lang: str, words: list[str]) -> None:
    md, page = export_attempt(make_attempt(), CASE, lang, framework=FRAMEWORK, profile="王芳")
    text = visible_text(page)
    for word in [*words, "王芳", "没有确认预算就报价了", "建立提醒", "没有提醒 → 没有流程", "40"]:
        assert word in md and word in text, word
    assert CASE.questions[0].prompt.get(lang) in text
    assert page.startswith("<!DOCTYPE html>")
    assert "<table>" in page  # the breakdown is a real table


def test_html_is_self_contained() -> None:
    _, page = export_attempt(make_attempt(HOSTILE), CASE, "en")
    assert "<script" not in page
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|//|javascript:)""", page)
    assert "<link" not in page and "@import" not in page


def test_user_text_shows_as_typed() -> None:
    attempt = make_attempt(HOSTILE + "\n# not a heading\n1. not a list\n---")
    _md, page = export_attempt(attempt, CASE, "en", profile="<b>Eve</b>")
    text = visible_text(page)
    for typed in (HOSTILE, "# not a heading", "1. not a list", "---", "<b>Eve</b>"):
        assert " ".join(typed.split()) in text, typed
    answers = page.split("Answers</h2>", 1)[1]
    for markup in ("<strong>", "<a ", "<code>", "<h1>", "<ol>", "<hr"):
        assert markup not in answers, markup
    assert "&lt;b&gt;Eve&lt;/b&gt;" in page


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=60))
def test_escaping_round_trips_any_text(text: str) -> None:
    parser = MarkdownIt("commonmark", {"html": False}).enable("table")
    for md in (md_text(text), md_inline(text)):
        rendered = visible_text("<body>" + parser.render(md))
        assert rendered == " ".join(text.split())


def test_old_case_version_is_marked() -> None:
    md, _ = export_attempt(make_attempt(case_hash="0123456789abcdef"), CASE, "en")
    assert "01234567 (the case has changed since)" in md
    md, _ = export_attempt(make_attempt(), CASE, "en")
    assert "changed since" not in md


def test_attempt_of_a_case_no_longer_in_the_content() -> None:
    md, page = export_attempt(
        make_attempt(case_id="gone-case", answers=Answers(text={"x": "hi"})), None, "zh"
    )
    assert "gone-case" in md and "hi" in visible_text(page)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_progress_export(lang: str) -> None:
    attempts = [
        make_attempt(score=50, submitted="2026-03-01T10:00:00", seconds=600),
        make_attempt(score=85, submitted="2026-03-02T10:00:00", seconds=300),
    ]
    drafts = [Draft(target="case:mini-doubt")]
    progress = compute_progress(CONTENT, attempts, drafts)
    md, page = export_progress(
        progress, CONTENT, lang, profile="<i>王芳</i>", today=dt.date(2026, 3, 10)
    )
    text = visible_text(page)
    cur = CONTENT.curricula["mini-course"]
    expected = [
        cur.title.get(lang),
        CASE.title.get(lang),
        CONTENT.cases["mini-doubt"].title.get(lang),
        "<i>王芳</i>",
        "2026-03-10",
        "15 分钟" if lang == "zh" else "15 min",
        "通过" if lang == "zh" else "passed",
        "草稿" if lang == "zh" else "draft",
        "1 / 2",
    ]
    for word in expected:
        assert word in text, word
    row = next(line for line in md.splitlines() if line.startswith(f"| {CASE.title.get(lang)}"))
    assert [c.strip() for c in row.strip("|").split("|")][2:5] == ["2", "50", "85"]
    assert "<i>" not in page


def test_to_html_escapes_the_title() -> None:
    page = to_html("# hi", "<x>&", "en")
    assert "<title>&lt;x&gt;&amp;</title>" in page and '<html lang="en">' in page


def test_write_export_never_overwrites_and_is_private(tmp_path: Path) -> None:
    first = write_export(tmp_path / "exports", "progress 2026/03:10", "# a", "<p>a</p>")
    second = write_export(tmp_path / "exports", "progress 2026/03:10", "# b", "<p>b</p>")
    assert first != second
    assert [p.suffix for p in first] == [".md", ".html"]
    assert first[0].read_text(encoding="utf-8") == "# a"
    assert second[0].read_text(encoding="utf-8") == "# b"
    assert all(p.parent == tmp_path / "exports" for p in (*first, *second))
    assert stat.S_IMODE(first[0].stat().st_mode) == 0o600


def test_a_full_disk_leaves_no_half_export(tmp_path: Path, monkeypatch) -> None:
    """The page fails to fit after the Markdown did: neither file appears, nothing is left."""
    import errno
    import os

    from coach.store import jsonfile
    from coach.store.errors import StoreWriteFailed

    folder = tmp_path / "exports"
    earlier = write_export(folder, "progress", "# old", "<p>old</p>")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real = jsonfile._write_all
    writes: list[int] = []

    def fills_up(fd: int, data: bytes) -> None:
        writes.append(len(data))
        if len(writes) > 1:  # the second file: the disk is full
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd, data)

    monkeypatch.setattr(jsonfile, "_write_all", fills_up)
    with pytest.raises(StoreWriteFailed, match="No space left"):
        write_export(folder, "progress", "# new", "<p>new</p>")
    assert len(writes) == 2
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert earlier[0].read_text(encoding="utf-8") == "# old"
