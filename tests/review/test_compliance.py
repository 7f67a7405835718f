"""Every row of shared/domain/compliance-phrases.md: forbidden, allowed and must-say."""

import pytest

from coach.domain.content import Criterion
from coach.domain.records import Answers
from coach.domain.text import LText
from coach.review import review_answers
from coach.review.builtin import builtin_compliance
from tests.review.helpers import avoid, frameworks, make_case, must

FW = frameworks()["five-step"]
PLAIN = make_case()

#: Every wording of the reference's "Must not say" table and its English list.
FORBIDDEN = [
    "保本", "保本保息", "保本保收益", "保收益", "保证收益", "收益保证", "承诺收益", "保底收益",
    "稳赚", "稳赚不赔", "肯定不亏", "只赚不赔", "零风险", "无风险", "没风险", "绝对安全",
    "本金无忧", "本金不会亏", "刚兑", "刚性兑付", "到期一定兑付", "银行兜底", "预期收益率",
    "年化能拿到", "收益最高", "最好", "最强", "第一", "唯一", "首只", "名列前茅", "跟存款一样",
    "比存款划算", "就是存款", "理财就是定期", "保险就是理财", "当理财买", "马上停售", "最后一天",
    "核保肯定过", "理赔包过", "保证赔付", "免责不重要", "健告随便填", "我帮您填", "我帮您做风险测评",
    "以后也一样",
    "guaranteed return", "principal protected", "capital guaranteed", "risk-free", "no risk",
    "can't lose", "as safe as a deposit", "just like a savings account", "best-performing",
]  # fmt: skip


def hits(text, case=PLAIN, lang="zh"):
    fb = review_answers(case, FW, Answers(text={"q3": text}), lang=lang)
    return fb


def test_the_builtin_list_holds_every_row_of_the_reference():
    phrases = {a.phrase for a in builtin_compliance().avoid}
    assert set(FORBIDDEN) <= phrases
    for a in builtin_compliance().avoid:
        assert a.reason.get("zh") and a.reason.get("en") and a.rule, a.phrase

        def same(x):
            return x.replace("-", " ")

        assert all(same(a.phrase) in same(allowed) for allowed in a.allow), a.phrase


@pytest.mark.parametrize("phrase", FORBIDDEN)
def test_each_forbidden_wording_is_a_hit(phrase):
    # the trainee's own script, in the improvement step: a promise is a promise
    if phrase.isascii():
        text = f"Our pitch from now on: this product is {phrase}, 4.5% a year."
    else:
        text = f"以后统一口径：这款产品{phrase}4.5%。"
    fb = review_answers(PLAIN, FW, Answers(text={"q4": text}), lang="zh")
    assert [
        h.phrase for h in fb.avoid_hits if h.source == "builtin" and not h.phrase.startswith("rl-")
    ] == [phrase]
    fb.avoid_hits = [h for h in fb.avoid_hits if not h.phrase.startswith("rl-")]
    rule = next(a for a in builtin_compliance().avoid if a.phrase == phrase)
    assert fb.avoid_hits[0].reason == rule.reason.get("zh")
    assert fb.avoid_hits[0].rule == rule.rule
    assert fb.avoid_hits[0].charged == (rule.penalty > 0)


ALLOWED = [
    "本产品不保本。", "本产品非保本。", "这是非保本浮动收益型产品。", "我们不承诺保本。",
    "我们不保证收益。", "我们不承诺收益。", "理财并非无风险。", "理财产品不是存款。",
    "本产品不保本，不承诺保收益", "非保本浮动收益型",
    "This product is not principal-protected.", "There is no guaranteed return.",
    "It is not risk-free.", "It is not a deposit.",
    "第一季度的销量最高。", "我们第一次拜访时说明了风险。", "资管新规打破刚性兑付。",
]  # fmt: skip


@pytest.mark.parametrize("text", ALLOWED)
def test_compliant_wording_is_not_a_hit(text):
    assert hits(text).avoid_hits == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("不保证收益但是稳赚不赔", ["稳赚不赔"]),
        ("我们保证收益4.5%", ["保证收益"]),
        ("不承诺保本，但这个产品零风险。", ["零风险"]),
        ("我們保證收益", ["保证收益"]),  # Traditional
        ("ＧＵＡＲＡＮＴＥＥＤ ＲＥＴＵＲＮＳ for everyone", ["guaranteed return"]),
    ],
)
def test_forbidden_wording_next_to_compliant_wording_still_hits(text, expected):
    assert [h.phrase for h in hits(text).avoid_hits] == expected


def test_penalty_is_charged_once_per_phrase_and_shows_reason_and_rule():
    # said while analysing the case (q2): a penalty once, not a red line
    fb = review_answers(
        PLAIN, FW, Answers(text={"q2": "我们保证收益。后来我们又保证收益。"}), lang="en"
    )
    penalties = [line for line in fb.breakdown if line.kind == "penalty"]
    assert [(p.id, p.points) for p in penalties] == [("avoid:保证收益", -10.0)]
    assert "Returns may not be promised" in penalties[0].reason
    assert "第25条" in penalties[0].reason
    assert [h.charged for h in fb.avoid_hits] == [True, False]


def test_case_and_bank_phrases_apply_with_their_allow_lists():
    case = make_case(avoid=[avoid("包赚", 5, allow=["不包赚"])])
    assert [h.phrase for h in hits("这个产品包赚。", case).avoid_hits] == ["包赚"]
    assert hits("这个产品不包赚。", case).avoid_hits == []
    fb = review_answers(
        PLAIN, FW, Answers(text={"q3": "它稳收。"}), extra_avoid=[avoid("稳收", 3, source="bank")]
    )
    assert [(h.phrase, h.source, h.penalty) for h in fb.avoid_hits] == [("稳收", "bank", 3)]


MUST_ROWS = [
    ("ms-wealth-not-deposit", "理财非存款，产品有风险，投资须谨慎。"),
    (
        "ms-past-performance",
        "理财产品过往业绩不代表其未来表现，不等于理财产品实际收益，投资须谨慎。",
    ),
    ("ms-suitability", "客户风险等级C3，产品R3，风险等级匹配。"),
    ("ms-cooling-off", "我向客户说明了15天犹豫期。"),
    ("ms-exclusions", "我逐条解释了免责条款。"),
    ("ms-surrender-loss", "提前退保会有退保损失。"),
    ("ms-dividend-not-guaranteed", "分红不确定，演示利益不保证。"),
    ("ms-cooling-off", "We explained the cooling-off period."),
]


@pytest.mark.parametrize(("ms_id", "text"), MUST_ROWS)
def test_each_builtin_must_say_is_checked_when_the_rubric_names_it(ms_id, text):
    case = make_case(rubric=(Criterion("c", LText.of("c"), 10, (ms_id,)),))
    missing = review_answers(case, FW, Answers(text={"q3": "我们复盘了销售过程。"}))
    assert [m.id for m in missing.must_say_missing] == [ms_id]
    assert missing.must_say_missing[0].reason
    present = review_answers(case, FW, Answers(text={"q3": text}))
    assert present.must_say_missing == []
    assert present.must_say[0].where.slot == "q3"


def test_case_must_say_is_named_when_missing_and_negation_does_not_satisfy_it():
    case = make_case(must_say=[must("ms-risk", "产品有风险", "risk warning")])
    fb = review_answers(case, FW, Answers(text={"q3": "我们没有提示产品有风险。"}), lang="en")
    assert [m.id for m in fb.must_say_missing] == ["ms-risk"]
    assert fb.must_say_missing[0].note.startswith("Mentioned only as not done")
    fb = review_answers(case, FW, Answers(text={"q3": "We gave the risk warning."}))
    assert fb.must_say_missing == []
