"""Every finding of the expert review of the engine (issue 13, "What was seen"), as a table row in
Chinese and in English, on the bundled cases: each row failed on the engine before the change.

A row is (finding, language, case, question, answer text, what must hold of the feedback).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from coach.content import load_content
from coach.domain.records import Answers
from coach.review import Feedback, review_answers
from tests.review.helpers import review_bundled

INDEX = load_content()
TODAY = date(2026, 1, 5)


def review(case_id, texts, lang):
    return review_bundled(INDEX, case_id, texts, lang, TODAY)


def kp(fb: Feedback, kp_id: str) -> str:
    return next(k.status for k in fb.key_points if k.id == kp_id)


def redlines(fb: Feedback) -> list[str]:
    return [h.phrase for h in fb.avoid_hits if h.severity == "redline"]


def charged(fb: Feedback) -> list[str]:
    return [h.phrase for h in fb.avoid_hits if h.charged]


def must(fb: Feedback, ms_id: str) -> bool:
    return next(m.satisfied for m in fb.must_say if m.id == ms_id)


def max_depth(fb: Feedback) -> int:
    return max((d.depth for d in fb.causes_depth), default=0)


PEAKS, WON, LOST = (
    "marketing-seasonal-peaks",
    "selling-won-deal-concessions",
    "selling-lost-deals-review",
)
SURVEY, DCA, PAYROLL = "client-feedback-survey", "product-dca-restart", "marketing-payroll-segments"
ROADSHOW = "marketing-private-fund-roadshow"
Check = Callable[[Feedback], bool]

ROWS: list[tuple[str, str, str, str, str, Check]] = [
    # 1. Stuffing passes: a line of case words earns nothing, a list of nouns is no cause, the
    # bare word 负责人 is no owner
    ("1 stuffing", "zh", PEAKS, "q3", "营销日历、开门红、同比、环比、差距、闭环、复盘、赋能",
     lambda fb: kp(fb, "kp-calendar") == "stuffed" and fb.stuffing != []),
    ("1 stuffing", "en", PEAKS, "q3", "campaign calendar, kick-off, year on year, month on month, gap, closed loop, synergy",
     lambda fb: kp(fb, "kp-calendar") == "stuffed" and fb.stuffing != []),
    ("1 noun bullets", "zh", PEAKS, "q2", "- 产品: 额度 — 断档 — 目标\n- 营销: 日历 — 名单 — 节点",
     lambda fb: max_depth(fb) == 0),
    ("1 noun bullets", "en", PEAKS, "q2", "- product: quota — gap — target\n- marketing: calendar — list — dates",
     lambda fb: max_depth(fb) == 0),
    ("1 bare owner", "zh", PEAKS, "q4", "客户 负责人 期限 衡量 80%",
     lambda fb: all(not s.letters["A"] for s in fb.smart)),
    ("1 bare owner", "en", PEAKS, "q4", "client owner deadline measure 80%",
     lambda fb: all(not s.letters["A"] for s in fb.smart)),
    # 2. Naming what was missing is the finding
    ("2 absence", "zh", WON, "q3", "- 销售：四次让步都没有交换条件，因为事前没有让步清单。",
     lambda fb: kp(fb, "kp-one-sided") == "hit"),
    ("2 absence", "en", WON, "q3", "- selling: none of the four concessions got anything in exchange, because there was no plan.",
     lambda fb: kp(fb, "kp-one-sided") == "hit"),
    ("2 next step", "zh", LOST, "q3", "- 销售：七个未决的单子都没有约定下一步，因为面谈没有收尾的规矩。",
     lambda fb: kp(fb, "kp-next-step") == "hit"),
    ("2 next step", "en", LOST, "q3", "- selling: No next step was agreed in six of the seven open deals.",
     lambda fb: kp(fb, "kp-next-step") == "hit"),
    # 3. Quoting the evidence, forbidding a phrase, describing data
    ("3 quoted evidence", "zh", SURVEY, "q2", "有客户留言说理财经理告诉他“跟存款一样安全”，这是误导。",
     lambda fb: charged(fb) == []),
    ("3 quoted evidence", "en", SURVEY, "q2", 'One client wrote that the adviser called it "as safe as a deposit": that is mis-selling.',
     lambda fb: charged(fb) == []),
    ("3 prohibition", "zh", PEAKS, "q4", '- 统一话术，不许出现"保本""稳赚""保证收益"等表述 负责人：王芳 期限：2026-11-30 衡量：抽查100%',
     lambda fb: charged(fb) == [] and redlines(fb) == []),
    ("3 prohibition", "en", PEAKS, "q4", '- One script for all: never say "guaranteed return" or "risk-free" owner: Wang Fang due: 2026-11-30 measure: 100% checked',
     lambda fb: charged(fb) == [] and redlines(fb) == []),
    ("3 data superlative", "zh", PEAKS, "q1", "数据显示保险首年保费的季节性最强，一月占全年三成。",
     lambda fb: charged(fb) == []),
    ("3 data superlative", "en", PEAKS, "q1", "The data show January was the best-performing month for insurance, a third of the year.",
     lambda fb: charged(fb) == []),
    # 4. Real breaches in other words are red lines, and the total fails
    ("4 promise", "zh", DCA, "q4", "- 回访话术：跟着定投，明年肯定回正 负责人：徐磊 期限：2026-11-30",
     lambda fb: "rl-promise" in redlines(fb) and fb.score <= 20),
    ("4 promise", "en", DCA, "q4", "- Call script: stay with the plan, it will definitely bounce back next year owner: Xu Lei due: 2026-11-30",
     lambda fb: "rl-promise" in redlines(fb) and fb.score <= 20),
    ("4 risk test", "zh", DCA, "q4", "- 请客户重新做一次风险测评，调到C4，这样就能买R4了 负责人：韩雪",
     lambda fb: "rl-risk-test" in redlines(fb)),
    ("4 risk test", "en", DCA, "q4", "- Ask clients to redo the risk questionnaire and answer higher so the R4 fund fits owner: Han Xue",
     lambda fb: "rl-risk-test" in redlines(fb)),
    ("4 complaint deal", "zh", SURVEY, "q4", "- 客户撤回投诉的，私下补偿2000元 负责人：白雪",
     lambda fb: "rl-complaint-deal" in redlines(fb) and fb.score <= 10),
    ("4 complaint deal", "en", SURVEY, "q4", "- Refund CNY 2,000 on condition that they withdraw the complaint owner: Bai Xue",
     lambda fb: "rl-complaint-deal" in redlines(fb) and fb.score <= 10),
    ("4 disparage", "zh", LOST, "q4", "- 见客户就说：X银行的产品都是坑人的 负责人：何静",
     lambda fb: "rl-disparage" in redlines(fb)),
    ("4 disparage", "en", LOST, "q4", "- Tell clients that the rival bank's products are a rip-off owner: He Jing",
     lambda fb: "rl-disparage" in redlines(fb)),
    ("4 qualified proof", "zh", LOST, "q4", "- 帮严先生凑一份资产证明，把太太的钱临时转到他名下 负责人：何静",
     lambda fb: "rl-qualified-proof" in redlines(fb)),
    ("4 qualified proof", "en", LOST, "q4", "- Help the client put together an asset statement by borrowing family money owner: He Jing",
     lambda fb: "rl-qualified-proof" in redlines(fb)),
    ("4 conceal", "zh", PEAKS, "q4", "- 年金险话术：犹豫期的事就别提了 负责人：刘洋",
     lambda fb: "rl-conceal" in redlines(fb)),
    ("4 conceal", "en", PEAKS, "q4", "- Annuity script: don't mention the cooling-off period owner: Liu Yang",
     lambda fb: "rl-conceal" in redlines(fb)),
    # 5. Why-chains in prose
    ("5 prose whys", "zh", PEAKS, "q2", "额度一月九日就卖完了。为什么？因为额度是按上月销量申请的。为什么？因为没有营销日历。为啥？支行从没做过季节性复盘。",
     lambda fb: max_depth(fb) == 3),
    ("5 prose whys", "en", PEAKS, "q2", "The quota sold out on 9 January. Why? Because it was sized on last month's sales. Why? Because there was no calendar. Why? Because no seasonal review was ever done.",
     lambda fb: max_depth(fb) == 3),
    # 6. Goal vs result as people write them
    ("6 full-width colon", "zh", PEAKS, "q1", "目标：80分，实际：83分，超出3分。",
     lambda fb: fb.goal_gap.complete and fb.goal_gap.attainment == 103.8),
    ("6 colon", "en", PEAKS, "q1", "Target: 1.2 million, actual: 960k, a gap of 240k.",
     lambda fb: fb.goal_gap.complete and fb.goal_gap.attainment == 80.0),
    ("6 implausible pair", "zh", PEAKS, "q1", "目标新增500万元，实际只来了19万元的新客。",
     lambda fb: not fb.goal_gap.complete and fb.goal_gap.doubtful),
    ("6 implausible pair", "en", PEAKS, "q1", "The target was CNY 5m of new money; actual: CNY 190k from new clients.",
     lambda fb: not fb.goal_gap.complete and fb.goal_gap.doubtful),
    ("6 traditional", "zh", PEAKS, "q1", "目標：1.2億元，實際：9600萬元。",
     lambda fb: fb.goal_gap.complete and fb.goal_gap.attainment == 80.0),
    # 7. Precision and paraphrase
    ("7 vague cause", "zh", ROADSHOW, "q4", "- 流程：系统流程有问题。",
     lambda fb: kp(fb, "kp-cause-process") != "hit"),
    ("7 vague cause", "en", ROADSHOW, "q4", "- Process: the system and the process had problems.",
     lambda fb: kp(fb, "kp-cause-process") != "hit"),
    ("7 specific cause", "zh", ROADSHOW, "q4", "- 流程：系统里推介和认证是两个独立环节，材料在认证前就能发出。",
     lambda fb: kp(fb, "kp-cause-process") == "hit"),
    ("7 specific cause", "en", ROADSHOW, "q4", "- Process: the system kept promotion and verification as separate steps, so material went out before verification.",
     lambda fb: kp(fb, "kp-cause-process") == "hit"),
    ("7 points", "zh", SURVEY, "q1", "NPS目标40，实际只有12，低了28个百分点。",
     lambda fb: kp(fb, "kp-gap") == "hit"),
    ("7 points", "en", SURVEY, "q1", "The NPS target was 40 and the result 12: 28 percentage points below.",
     lambda fb: kp(fb, "kp-gap") == "hit"),
    ("7 paraphrase", "zh", "product-elderly-whole-life", "q5", "不要全额退保：可以办减额缴清，急用钱就做保单质押贷款。",
     lambda fb: kp(fb, "kp-remedy") == "hit"),
    ("7 paraphrase", "en", "product-elderly-whole-life", "q5", "Don't surrender it all: make the policy paid-up at a reduced sum, or borrow against the policy.",
     lambda fb: kp(fb, "kp-remedy") == "hit"),
    ("7 feedback loop", "zh", "product-insurer-expertise", "q5", "每季度继续做满意度调查，每位顾问每月收到自己的反馈摘要。",
     lambda fb: kp(fb, "kp-loop") == "hit"),
    ("7 feedback loop", "en", "product-insurer-expertise", "q5", "Keep the survey going, and each adviser gets a monthly summary of their own feedback.",
     lambda fb: kp(fb, "kp-loop") == "hit"),
    ("7 abbreviation", "zh", PAYROLL, "q3", "高管客户转介私行，由私行顾问一对一跟进。",
     lambda fb: kp(fb, "kp-try-segments") == "hit"),
    ("7 abbreviation", "en", PAYROLL, "q3", "Executives are referred to a private banker who follows up one to one.",
     lambda fb: kp(fb, "kp-try-segments") == "hit"),
    ("7 rounded figure", "zh", WON, "q2", "资产完成105%，但中收只完成29.9%，差15.4万。",
     lambda fb: kp(fb, "kp-gap") == "hit"),
    ("7 rounded figure", "en", WON, "q2", "Assets reached 105%, but fee income only 29.9% of goal, 154k short.",
     lambda fb: kp(fb, "kp-gap") == "hit"),
    ("7 quantifies needs a figure", "zh", "product-insurer-expertise", "q1", "培训以后投诉变少了，客户也更满意了。",
     lambda fb: kp(fb, "kp-trend") != "hit"),
    ("7 quantifies needs a figure", "en", "product-insurer-expertise", "q1", "After the training there were fewer complaints and happier clients.",
     lambda fb: kp(fb, "kp-trend") != "hit"),
    ("7 quantified", "zh", "product-insurer-expertise", "q1", "满意度从72分升到83分，投诉从19件降到8件。",
     lambda fb: kp(fb, "kp-trend") == "hit"),
    # 8. Insight steps are rules; the product maker is outside
    ("8 rules are not actions", "zh", WON, "q4", "每次让步都要有条件交换。\n谈判前先写好底线和让步清单。",
     lambda fb: fb.smart == []),
    ("8 rules are not actions", "en", WON, "q4", "Every concession is traded for something.\nWrite the walk-away line before the talks.",
     lambda fb: fb.smart == []),
    ("8 product maker", "zh", DCA, "q2", "- 产品：基金公司的产品太差，净值跌得比同类多\n- 市场：今年行情不好",
     lambda fb: all(d.outside for d in fb.causes_depth) and "outside-only" in {p.id for p in fb.pitfalls}),
    ("8 product maker", "en", DCA, "q2", "- product: the fund company's poor products fell more than their peers\n- market: a bad year",
     lambda fb: all(d.outside for d in fb.causes_depth) and "outside-only" in {p.id for p in fb.pitfalls}),
    # 11. Must-say by meaning; a negated mention breaches it
    ("11 wording", "zh", "client-cd-maturity-retention", "q4", "回电时先说明这类产品不等同于存款。",
     lambda fb: must(fb, "ms-not-deposit")),
    ("11 wording", "en", "client-cd-maturity-retention", "q4", "On every call we say it is not the same as a deposit.",
     lambda fb: must(fb, "ms-not-deposit")),
    # 12. "no risk test" is no promise; 暂不 … 作为对照组 keeps the control group
    ("12 no risk test", "en", PAYROLL, "q2", "Most of the 26 buyers had no risk test on file before the text went out.",
     lambda fb: charged(fb) == []),
    ("12 no risk test", "zh", PAYROLL, "q2", "26位购买的客户里多数无风险测评记录。",
     lambda fb: charged(fb) == []),
    # 13. A point named only to be waved away earns nothing
    ("13 dismissal", "zh", PAYROLL, "q1", "魏林的试点选的都是好客户，说明不了什么。",
     lambda fb: kp(fb, "kp-pilot") != "hit"),
    ("13 dismissal", "en", PAYROLL, "q1", "The pilot picked good clients, so it proves nothing.",
     lambda fb: kp(fb, "kp-pilot") != "hit"),
    ("13 kept", "zh", PAYROLL, "q1", "魏林的分客群试点响应率12%到26%，要保留并扩大。",
     lambda fb: kp(fb, "kp-pilot") == "hit"),
    ("12 slash list", "zh", PEAKS, "q2", "额度 / 售罄 / 双录 / 话术培训 / 断崖",
     lambda fb: kp(fb, "kp-quota") == "stuffed"),
    ("12 hashtags", "en", PEAKS, "q2", "#quota #sold-out #dual-recording #follow-up",
     lambda fb: kp(fb, "kp-quota") == "stuffed"),
    ("12 hashtags", "zh", PEAKS, "q2", "#额度 #售罄 #双录 #回访",
     lambda fb: kp(fb, "kp-quota") == "stuffed"),
    # 14. A difference is not a goal
    ("14 difference", "zh", PEAKS, "q1", "完成率65%，比目标少15个百分点。",
     lambda fb: fb.goal_gap.goal is None),
    ("14 difference", "en", PEAKS, "q1", "Attainment came in at 65%, 15 percentage points short of the goal.",
     lambda fb: fb.goal_gap.goal is None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("finding", "lang", "case_id", "qid", "text", "check"),
    ROWS,
    ids=[f"{r[0]}-{r[1]}" for r in ROWS],
)
def test_expert_finding(finding, lang, case_id, qid, text, check):
    fb = review(case_id, {qid: text}, lang)
    assert check(fb), (
        fb.score,
        [(k.id, k.status) for k in fb.key_points],
        [(h.phrase, h.severity) for h in fb.avoid_hits],
        [(d.text, d.depth, d.outside) for d in fb.causes_depth],
        [(s.text, s.letters) for s in fb.smart],
        fb.goal_gap,
    )


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("zh", "不足：第2到5轮，四次让步都没有交换条件，表上四个“无”。"),
        ("en", "Weak: in rounds 2 to 5, none of the four concessions got anything in exchange."),
    ],
)
def test_a_point_made_under_another_question_counts(lang, text):
    """A trainer reads the whole answer: the one-sided concessions (asked in q3) said in q2."""
    fb = review(WON, {"q2": text}, lang)
    point = next(k for k in fb.key_points if k.id == "kp-one-sided")
    assert point.hit and "q2" in point.note and "q3" in point.note


def test_a_negated_must_say_breaches_it():
    fb = review(PEAKS, {"q4": "- 年金险话术：犹豫期的事就别提了 负责人：刘洋"}, "zh")
    assert "rl-conceal" in redlines(fb)


def test_headings_with_titles_under_a_step_with_two_questions_are_not_warned():
    from coach.review import parse_answer_markdown

    case = INDEX.cases["product-netvalue-drawdown"]
    _, problems = parse_answer_markdown(
        "# q2: 结果\n规模3.6亿元。\n# q3 — 亮点\n回访做得及时。\n", case, INDEX.framework_for(case)
    )
    assert problems == []


@pytest.mark.parametrize(
    ("text", "fragments", "words"),
    [
        ("报价前没有拿到授权清单", {"前没", "价前", "权清"}, {"报价", "授权", "清单"}),
        ("输给了竞争对手的方案", {"争对", "对手的", "手的"}, {"竞争对手", "方案"}),
        ("We lost to a competitor on price", set(), {"competitor", "price"}),
    ],
)
def test_deal_suggestions_match_words_not_fragments(text, fragments, words):
    # finding 10: "practise these cases" showed [报价, 前没, 授权, 清单], [竞争, 争对, 对手, 手的]
    from coach.deal_review.coaching import terms

    found = terms(text)
    assert words <= found and not (fragments & found)


@pytest.mark.parametrize(
    ("due", "expected", "past"),
    [
        ("11月15日", "2025-11-15", False),
        ("2025年11月15日", "2025-11-15", False),
        ("by 15 November", "2025-11-15", False),
    ],
)
def test_dates_are_read_against_the_case_date(due, expected, past):
    # finding 9: a case has a date of its own, and answers are read against it
    from dataclasses import replace

    case = replace(INDEX.cases[DCA], as_of=date(2025, 6, 30))
    fb = review_answers(
        case,
        INDEX.framework_for(case),
        Answers(text={"q4": f"- 重写定投话术 负责人：徐磊 期限：{due} 衡量：全员通过考核"}),
        lang="zh",
        today=TODAY,  # the day the trainee practises: later than the case
    )
    (action,) = fb.smart
    assert action.due == expected
    assert any("已经过去" in w for w in action.warnings) is past


@pytest.mark.parametrize(
    "table",
    [
        "| # | Action | Owner | Due | Measure |\n|---|---|---|---|---|\n"
        "| 1 | Assign the 450 clients by name | Tao Ran | 2025-01-15 | 100% assigned |",
        "| 措施 | 负责人 | 期限 | 衡量 |\n|---|---|---|---|\n| 450户按名单分到人 | 陶然 | 2025-01-15 | 100%有负责人 |",
    ],
)
def test_a_table_of_actions_is_read_row_by_row(table):
    from coach.review import parse_answer_markdown

    case = INDEX.cases["client-segmentation-capacity"]
    answers, _ = parse_answer_markdown(f"# q4\n{table}\n", case, INDEX.framework_for(case))
    (action,) = answers.actions["q4"]
    assert action.owner in ("Tao Ran", "陶然") and action.due == "2025-01-15" and action.measure
