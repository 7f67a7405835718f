"""The `coach score` file syntax and the command."""

import pytest

from coach import i18n
from coach.domain.records import ActionItem, Cause
from coach.review import parse_answer_markdown
from tests.review.helpers import frameworks, make_case

FW = frameworks()["five-step"]
CASE = make_case()


@pytest.fixture(autouse=True)
def english():
    before = i18n.get_lang()
    i18n.set_lang("en")
    yield
    i18n.set_lang(before)


TEXT = """# q1
目标1200万，实际960万。

## 分析数据
- selling: 没有做客户分层 — 为什么：名单太长 — 没有标签 — 培训没覆盖 — evidence: 转化率5%
- 市场：行情下跌

# Improvement actions
- 组织两场产品培训 owner: 张经理 due: 3月底前 measure: 考试通过率90%
- 回访A类客户 负责人：李；期限：两周内

# q5: 如何跟踪
每周检查。
"""


def test_parses_headings_causes_and_actions():
    answers, problems = parse_answer_markdown(TEXT, CASE, FW)
    assert problems == []
    assert answers.text == {"q1": "目标1200万，实际960万。", "q5": "每周检查。"}
    assert answers.causes["q2"] == [
        Cause("没有做客户分层", "selling", ["名单太长", "没有标签", "培训没覆盖"], "转化率5%"),
        Cause("行情下跌", "market", [], ""),
    ]
    assert answers.actions["q4"] == [
        ActionItem("组织两场产品培训", "张经理", "3月底前", "考试通过率90%"),
        ActionItem("回访A类客户", "李", "两周内", ""),
    ]


def test_a_heading_that_names_nothing_is_reported_with_its_line():
    answers, problems = parse_answer_markdown("intro\n# q1\n好\n# q9\n丢失\n", CASE, FW)
    assert problems == [
        "line 1: text before the first heading belongs to no question; it is not scored.",
        'line 4: heading "q9" names no question or step (expected one of: q1, q2, q3, q4, q5); '
        "the text under it is not scored.",
    ]
    assert answers.text == {"q1": "好"}


def test_deal_review_file_by_step_ids():
    answers, problems = parse_answer_markdown(
        "# goal\n200万\n# 评估结果\n150万\n", None, frameworks()["grai"]
    )
    assert problems == [] and answers.text == {"goal": "200万", "result": "150万"}


def test_empty_file():
    answers, problems = parse_answer_markdown("", CASE, FW)
    assert (answers.text, answers.causes, answers.actions, problems) == ({}, {}, {}, [])
