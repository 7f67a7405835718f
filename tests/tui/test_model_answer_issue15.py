"""Model answers rendered from their Markdown, and the engine's matches found as written."""

from __future__ import annotations

import re

import pytest

from coach.content import load_content
from coach.domain.content import CAUSE_CATEGORIES
from coach.tui.widgets.model_answer import markdown_content
from coach.tui.widgets.written import Written, spans_in

RAW_ROW = re.compile(r"^\s*(?:[-*+•]\s*)?(?:" + "|".join(CAUSE_CATEGORIES) + r")\s*[:：]", re.M)


def _bold(content, text: str) -> bool:
    at = content.plain.index(text)
    return any(s.start <= at < s.end and "bold" in str(s.style) for s in content.spans)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_bundled_model_answer_shows_markdown_or_a_category_id(lang: str) -> None:
    index = load_content(cache=False)
    seen = 0
    for case in index.cases.values():
        for qid, text in case.model_answer.items():
            plain = markdown_content(text.get(lang), lang).plain
            where = f"{case.id}/{qid}"
            assert "**" not in plain, where
            assert not RAW_ROW.search(plain), where
            assert not re.search(r"^\s*[-*+] ", plain, re.M), where  # list marks drawn as •
            seen += 1
    assert seen > 50


def test_bold_lists_and_cause_rows() -> None:
    source = (
        "**目标与结果**：达到了。\n\n"
        "看清“**收益写进合同**”和**“收益写进合同”**这种说法。\n\n"
        "- self: 培训只教话术 — 为什么：课程由销售部门设计 — 证据：19件投诉\n"
        "- 产品复杂\n\n"
        "1. 第一\n2. 第二\n\n"
        "之后"
    )
    out = markdown_content(source, "zh")
    lines = out.plain.split("\n")
    assert lines[0] == "目标与结果：达到了。"
    assert _bold(out, "目标与结果")
    # CommonMark leaves the second pair open (a full-width quote before 这): bold all the same
    assert lines[2] == "看清“收益写进合同”和“收益写进合同”这种说法。"
    assert out.plain.count("收益写进合同") == 2 and "*" not in out.plain
    assert _bold(out, "“收益写进合同”这")
    assert lines[4] == "•\xa0自身 / 团队：培训只教话术"
    assert lines[5].strip("\xa0") == "为什么：课程由销售部门设计"
    assert lines[6].strip("\xa0") == "证据：19件投诉"
    assert lines[7] == "•\xa0产品复杂"
    assert lines[8] == ""
    assert lines[9:11] == ["1.\xa0第一", "2.\xa0第二"]
    assert lines[11:] == ["", "之后"]


def test_a_cause_row_in_english_and_a_dash_inside_a_cause() -> None:
    source = (
        "- product: the products became harder to explain — the cash-value table — why: rates fell"
    )
    lines = markdown_content(source, "en").plain.split("\n")
    assert lines[0] == "•\xa0Product: the products became harder to explain — the cash-value table"
    assert lines[1].strip("\xa0") == "why: rates fell"


def test_a_list_item_that_merely_names_a_category_word_is_left_alone() -> None:
    # 系统 is one of the words read as the self category: only the ids are cause rows
    assert markdown_content("- 系统：上线太慢", "zh").plain == "•\xa0系统：上线太慢"


def test_written_finds_the_engine_form_as_written() -> None:
    written = Written(["从附表2看，未认证的Ｃ组（76分）；Group  C lagged.", "為什麼"])
    assert written.find("c组") == "Ｃ组"
    assert written.find("(76分)") == "（76分）"
    assert written.find("group c") == "Group  C"
    assert written.find("为什么") == "為什麼"
    assert written.find("d组") is None
    assert written.show("d组") == "d组"
    assert written.snippet("…未认证的c组(76分)…") == "…未认证的Ｃ组（76分）…"


def test_spans_in_takes_the_longer_of_two_matches_at_one_place() -> None:
    text = "Uncertified group C; the uncertified"
    assert spans_in(text, ["uncertified", "uncertified group c"]) == [(0, 19), (25, 36)]
