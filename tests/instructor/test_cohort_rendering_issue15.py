"""Issue 15: the cohort report in Chinese says what its columns are, draws the pass mark on its
bars, and leaves out the cases nobody attempted and the key points nobody missed."""

from __future__ import annotations

import re
from datetime import date

import pytest
from openpyxl import load_workbook

from coach.analysis.cohort import cohort_report
from coach.analysis.rescore import Rescorer
from coach.i18n import set_lang
from coach.io.cohort_export import to_html, to_markdown, write_report

from .conftest import GOOD, WEAK

RAW_NAMES = ("case_id", "key_point", "trainee_id", "self_minus_auto", "instructor_minus_auto")


@pytest.fixture
def report(trainees):
    trainees.add("a", [trainees.attempt("mini-peaks", GOOD)])
    trainees.add("b", [trainees.attempt("mini-peaks", WEAK)])
    trainees.add("c", [trainees.attempt("mini-peaks", GOOD)])
    idx = trainees.index
    return cohort_report(
        trainees.handins, idx, rescorer=Rescorer(idx, use_cache=False), today=date(2026, 3, 10)
    )[2]


@pytest.fixture
def zh():
    set_lang("zh")
    yield
    set_lang("en")


def _headers(page: str) -> list[str]:
    return re.findall(r"<th[^>]*>([^<]*)</th>", page)


def test_chinese_html_has_chinese_headers(report, zh):
    heads = _headers(to_html(report))
    assert "案例编号" in heads and "最低" in heads and "最高" in heads
    assert not {*RAW_NAMES, "min", "max"} & set(heads)
    assert 'lang="zh-CN"' in to_html(report)


def test_chinese_workbook_has_translated_headers(report, zh, tmp_path):
    (path,) = write_report(report, tmp_path / "r.xlsx")
    book = load_workbook(path)
    heads = {c.value for ws in book.worksheets for c in ws[1]}
    assert not set(RAW_NAMES) & heads
    assert {"学员编号", "自评 − 自动"} <= heads
    sheet = book.worksheets[0]
    assert sheet.freeze_panes == "A2" and all(c.font.bold for c in sheet[1])


def test_pass_mark_is_drawn_on_the_bars(report):
    page = to_html(report)
    assert report.pass_score == 70
    assert page.count('class="mark" style="left:70.0%"') >= 2  # trainees' bars and cases'
    assert 'class="fill below"' in page  # the weak answer
    assert "pass mark 70" in page


def test_unattempted_cases_and_unmissed_key_points_are_left_out(report):
    assert set(report.cases["case_id"]) == {"mini-peaks", "mini-doubt"}  # the data keeps both
    untried = report.cases.set_index("case_id").loc["mini-doubt", "case"]
    page = to_html(report)
    cases_html = page.split("<h2>Cases</h2>")[1].split("<h2>")[0]
    assert "mini-doubt" not in cases_html.split("</table>")[0]
    assert f"Cases nobody attempted: {untried}" in cases_html
    md = to_markdown(report)
    assert f"Cases nobody attempted: {untried}" in md


def test_key_points_nobody_missed_are_left_out(report):
    kp = report.key_points
    kp.loc[0, "missed"] = 0
    kp.loc[0, "missed_pct"] = 0.0
    gone = kp.loc[0, "text"]
    kept = kp.loc[1, "text"]
    page = to_html(report)
    section = page.split("<h2>Most-missed key points</h2>")[1].split("<h2>")[0]
    assert gone not in section and kept in section
    md = to_markdown(report).split("## Most-missed key points")[1].split("##")[0]
    assert gone not in md and kept in md
