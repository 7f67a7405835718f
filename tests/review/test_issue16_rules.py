"""Issue 16 (every fact, figure and rule right): the phrases and red lines the bundled cases rely
on, said in the trainee's own voice and quoted as the seller's bad line."""

from datetime import date

import pytest

from coach.review.builtin import builtin_compliance
from tests.review.helpers import review_bundled

content = pytest.importorskip("coach.content")
INDEX = content.load_content()
TODAY = date(2026, 1, 5)
REPEALED = "商业银行理财产品销售管理办法"  # 2011, repealed by the 2018 理财业务监督管理办法


def review(case_id, texts, lang="zh"):
    return review_bundled(INDEX, case_id, texts, lang, TODAY)


def phrases(fb):
    return {a.phrase for a in fb.avoid_hits if a.charged}


# --- product-dca-restart: the case's own bad line, "微笑曲线最后一定会赚", is a promise of return


@pytest.mark.parametrize(
    "lang, text",
    [
        ("zh", "重启话术：跟客户讲清楚，只要坚持，微笑曲线最后一定会赚。"),
        ("zh", "新话术：每月坚持扣款，三年后一定会赚。"),
        ("en", "New script: tell clients that if they stick with it the smile curve always ends in profit."),
    ],
)  # fmt: skip
def test_a_sure_profit_in_the_trainees_own_script_is_a_red_line(lang, text):
    fb = review("product-dca-restart", {"q4": text}, lang)
    assert "rl-promise" in phrases(fb)
    assert "redline" in fb.gates


@pytest.mark.parametrize(
    "lang, qid, text",
    [
        ("zh", "q2", "- selling: 理财经理的原话是“定投就是强制储蓄，只要坚持，微笑曲线最后一定会赚”，"
                     "客户对回撤毫无预期 — 为什么？话术只讲结果 — 为什么？活动只考核新开数"),
        ("zh", "q4", "重写话术，禁止再说“微笑曲线最后一定会赚”这类话。"),
        ("zh", "q4", "如实告诉客户定投不一定会赚，中途也会亏损。"),
        ("en", "q2", '- selling: advisers said "stick with it and the smile curve always ends in profit" — '
                     "why? the script showed only the happy ending"),
        ("en", "q4", "Tell clients plainly that the smile curve does not always end in profit."),
    ],
)  # fmt: skip
def test_the_sellers_line_quoted_denied_or_forbidden_is_not_a_breach(lang, qid, text):
    fb = review("product-dca-restart", {qid: text}, lang)
    assert "rl-promise" not in phrases(fb)
    assert "redline" not in fb.gates


# --- marketing-gold-salons: 稳健保值 is the leaflet's problem; calling gold a safe haven is not


def test_steady_value_preserving_in_own_material_is_charged():
    fb = review("marketing-gold-salons", {"q5": "三季度宣传单改成：积存金稳健保值，适合长期持有。"})
    assert "稳健保值" in phrases(fb)
    fb = review(
        "marketing-gold-salons",
        {"q5": "New leaflet: gold is a steady, value-preserving asset."},
        "en",
    )
    assert "value-preserving" in phrases(fb)


def test_the_leaflet_quoted_in_the_analysis_is_not_charged():
    fb = review(
        "marketing-gold-salons",
        {"q3": "S04场宣传单写了“黄金只涨不跌、稳健保值”，未经合规审核就印发。"},
    )
    assert not {"稳健保值", "只涨不跌"} & phrases(fb)


def test_gold_as_a_safe_haven_asset_is_not_charged_for_a_precious_metals_business():
    fb = review(
        "marketing-gold-salons",
        {"q5": "沙龙上可以介绍黄金常被视为避险资产，同时提示黄金价格会波动，投资须谨慎。"},
    )
    assert not phrases(fb)
    fb = review(
        "marketing-gold-salons",
        {
            "q5": "The salon may say gold is often seen as a safe haven, and that gold prices fluctuate."
        },
        "en",
    )
    assert not phrases(fb)


# --- rules: cite current rules only


def test_no_builtin_phrase_cites_the_repealed_2011_sales_measures():
    for a in builtin_compliance().avoid:
        assert REPEALED not in a.rule, a.phrase
    for m in builtin_compliance().must_say:
        assert REPEALED not in m.rule, m.id


@pytest.mark.parametrize("case_id", sorted(INDEX.cases))
def test_no_bundled_case_cites_the_repealed_2011_sales_measures(case_id):
    case = INDEX.cases[case_id]
    for a in case.avoid:
        assert REPEALED not in a.rule, (case_id, a.phrase)
    for m in case.must_say:
        assert REPEALED not in m.rule, (case_id, m.id)
