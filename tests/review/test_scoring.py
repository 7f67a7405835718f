"""The score: shares by weight, penalties, bounds, determinism, JSON, deals and live checks."""

import json
from datetime import date

import pytest

from coach.domain.content import Criterion
from coach.domain.records import Answers
from coach.domain.text import LText
from coach.review import LiveChecker, review_answers, review_deal
from tests.review.helpers import frameworks, kp, make_case

FW = frameworks()["five-step"]
KPS = [
    kp("a", "开门红", weight=2),
    kp("b", "客户分层", weight=1),
    kp("c", "年终奖", weight=1),
]
RUBRIC = (
    Criterion("content", LText.of({"zh": "内容", "en": "Content"}), 80, ("a", "b", "c")),
    Criterion("smart", LText.of({"zh": "措施", "en": "Actions"}), 20, ("smart-actions", "nope")),
)
CASE = make_case(KPS, rubric=RUBRIC)
#: Enough of the trainee's own sentences (no keyword in them) that the answer is not "too thin"
#: to be a review (review/gates.py): the tests below are about the rubric's arithmetic.
FILL = "数据来自分行月报和客户回访记录：一月销量1.2亿元，是平时的2.4倍，问题主要集中在高峰期的准备上，名单和额度都比去年晚了两周才到位。"


def test_share_is_by_key_point_weight_and_penalties_are_subtracted():
    text = "我们发现一月开门红是全年最大的高峰，客户分层也做得很细。"
    fb = review_answers(CASE, FW, Answers(text={"q1": text, "q2": FILL}), lang="en")
    content = fb.breakdown[0]
    # the case's rubric carries half of the total, the method of the review half (review/method.py)
    assert (content.points, content.max, content.share) == (30.0, 40.0, 0.75)
    assert content.reason == "✓ a; ✓ b; ✗ c"
    assert fb.breakdown[1].reason.endswith("? nope (unknown, not counted)")
    method = [line for line in fb.breakdown if line.id.startswith("method-")]
    assert [line.id for line in method] == [
        "method-data", "method-causes", "method-lessons", "method-actions", "method-tracking",
    ]  # fmt: skip
    assert sum(line.max for line in fb.breakdown) == pytest.approx(100.0)
    assert fb.score == pytest.approx(sum(line.points for line in fb.breakdown), abs=0.1)
    fb2 = review_answers(
        CASE, FW, Answers(text={"q1": text + "这个产品保本。", "q2": FILL}), lang="en"
    )
    assert fb2.score == pytest.approx(fb.score - 10.0, abs=0.1)
    assert fb2.breakdown[-1].kind == "penalty" and fb2.breakdown[-1].points == -10.0


def test_score_never_goes_below_zero():
    text = "这个产品保本，保证收益，零风险，稳赚不赔，刚性兑付，银行兜底，就是存款，本金无忧，肯定不亏，只赚不赔，绝对安全。"
    fb = review_answers(CASE, FW, Answers(text={"q1": text}))
    assert fb.score == 0.0
    assert sum(line.points for line in fb.breakdown) < 0


def test_empty_answer_scores_zero_with_default_rubric_too():
    assert review_answers(CASE, FW, Answers()).score == 0.0
    assert review_answers(make_case(KPS, rubric=()), FW, Answers()).score == 0.0
    assert review_deal(FW, Answers()).score == 0.0


def test_deterministic_and_json_ready():
    answers = Answers(
        text={
            "q1": "我们发现一月开门红是全年最大的高峰。",
            "q4": "- 组织培训 owner: 张 due: 下周五",
        }
    )
    a = review_answers(CASE, FW, answers, today=date(2025, 3, 5))
    b = review_answers(CASE, FW, answers, today=date(2025, 3, 5))
    assert a.to_data() == b.to_data()
    data = json.loads(json.dumps(a.to_data(), ensure_ascii=False))
    assert data["content_hash"] == "sha256:test"
    assert data["key_points"][0]["status"] == "hit"
    assert data["smart"][0]["due"] == "2025-03-14"
    assert data["rules_version"]


def test_deal_review_without_a_case_uses_the_builtin_checks():
    grai = frameworks()["grai"]
    answers = Answers(
        text={
            "goal": "这一单的目标是200万的年金险。",
            "result": "最终签了150万，比目标少50万，不足在于拖了三周才给方案。",
            "analyse": "- self: 我们方案给得太慢 — 因为没有模板 — 因为产品培训晚 — 因为排期冲突 — evidence: 三周才出方案",
            "insight": "- 建立年金险方案模板 owner: 我 due: 两周内 measure: 出方案时间不超过3天",
        }
    )
    fb = review_deal(grai, answers, today=date(2025, 3, 5))
    assert [line.id for line in fb.breakdown] == [
        "goal-gap",
        "root-cause-depth",
        "smart-actions",
        "no-pitfalls",
        "compliance",
    ]
    assert fb.score == 100.0
    assert fb.case_id == "" and fb.framework_id == "grai"


def test_live_check_of_one_step():
    case = make_case([kp("a", "开门红", question="q1"), kp("b", "客户分层", question="q2")])
    live = LiveChecker(case, FW, "en", today=date(2025, 3, 5))
    answers = Answers(text={"q1": "我们没有做开门红。", "q2": "客户分层做得很好，这个产品保本。"})
    step = live.check_step("collect", answers)
    # naming what was missing, while collecting the facts, is the finding itself
    assert [(k.id, k.status) for k in step.key_points] == [("a", "hit")]
    assert step.avoid_hits == []
    step2 = live.check_step("analyse", answers)
    assert [(k.id, k.status) for k in step2.key_points] == [("b", "hit")]
    assert [h.phrase for h in step2.avoid_hits] == ["保本"]
    assert live.check_step("improve", Answers(text={"q4": "加强沟通"})).smart[0].missing == [
        "S",
        "M",
        "A",
        "T",
    ]
    assert live.check_step("lessons", Answers(text={"q3": "经验教训是什么？"})).warnings == [
        "This answer copies the prompt; write your own."
    ]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_breakdown_reasons_in_the_language_asked(lang):
    fb = review_answers(CASE, FW, Answers(text={"q1": "保本"}), lang=lang)
    penalty = fb.breakdown[-1]
    assert penalty.title == ("违规表述“保本”" if lang == "zh" else 'Phrase to avoid "保本"')
