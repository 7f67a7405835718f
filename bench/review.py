"""Review-engine speed against the targets of issue 5, each beside a floor.

- full feedback for a 5-step review of 3,000 characters against 20 key points and 30 avoid
  phrases (plus the built-in compliance list): target 10 ms;
- live re-check of one step as the user types: target 2 ms;
- preparing a case (automaton, slots; once per case and session): shown, no target;
- issue 14: an answer of ``MAX_ANSWER_CHARS`` characters (the bundled cases' model answers
  repeated) scored in full: target 2 s; a 10 MB answer (ten million characters) refused with its
  message: target 2 s; and, in the full run, four million characters scored with the limit lifted
  (no target: it shows that the time grows with the length, not with its square).
Floor: normalising the same text once and one ``str.find`` pass over it — what any correct
matcher must pay at least. Run: ``python -m bench`` or ``python -m bench.review``.
"""

from __future__ import annotations

import random
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import row, timed  # noqa: E402
from coach.domain.content import Criterion  # noqa: E402
from coach.domain.records import Answers  # noqa: E402
from coach.domain.text import LText  # noqa: E402
from coach.review import MAX_ANSWER_CHARS, AnswerTooLong, LiveChecker, review_answers  # noqa: E402
from coach.review.analyse import analyse_slot  # noqa: E402
from coach.review.compiled import compile_review, compiled_for  # noqa: E402
from coach.review.engine import assemble  # noqa: E402
from coach.review.normalize import normalize  # noqa: E402
from tests.review.helpers import avoid, frameworks, kp, make_case  # noqa: E402

ZH_WORDS = ["开门红", "年终奖", "客户分层", "资产配置", "双录", "定投", "大额存单", "年金险", "回访",
            "风险测评", "额度", "话术", "名单", "转化率", "晨会", "看板", "沙龙", "异议", "存量客户",
            "新客"]  # fmt: skip
EN_WORDS = ["kick-off", "bonus season", "segmentation", "asset allocation", "follow-up", "quota",
            "pipeline", "objection", "referral", "dashboard"]  # fmt: skip
FILLER = (
    "本季度我们复盘了销售过程，发现问题主要集中在高峰期的准备上，数据来自分行月报和客户回访记录。"
)


def build():
    rng = random.Random(5)
    fw = frameworks()["five-step"]
    steps = [s.id for s in fw.steps]
    kps = []
    for i in range(20):
        words = [*rng.sample(ZH_WORDS, 2), rng.choice(EN_WORDS)]
        kps.append(kp(f"kp{i}", words, question=f"q{i % 5 + 1}", weight=1 + i % 3))
    phrases = [avoid(f"违规说法{i}", 5, allow=[f"不{i}违规说法{i}"]) for i in range(30)]
    rubric = (
        Criterion("content", LText.of("content"), 70, tuple(k.id for k in kps)),
        Criterion("method", LText.of("method"), 30, ("smart-actions", "root-cause-depth", "goal-gap", "no-pitfalls", "compliance")),
    )  # fmt: skip
    case = make_case(kps, rubric=rubric, avoid=phrases)
    texts = {}
    for n, _step in enumerate(steps, start=1):
        parts = []
        while sum(len(p) for p in parts) < 640:
            word = rng.choice(ZH_WORDS + EN_WORDS)
            parts.append(f"{FILLER}关于{word}，我们没有做到位，因为名单准备晚了两周。")
        texts[f"q{n}"] = "".join(parts)[:640]
    texts["q1"] = "目标是1200万，实际完成960万元。" + texts["q1"][20:]
    texts["q4"] = (
        "\n".join(
            f"- 组织第{i}场产品培训 负责人：张经理；期限：下周五；衡量：通过率90%"
            for i in range(1, 9)
        )
        + texts["q4"][:200]
    )
    return case, fw, Answers(text=texts)


def long_answers():
    """A bundled case, and answers of any length from its cases' model answers repeated."""
    from coach.content import load_content

    index = load_content()
    case = index.cases["client-cd-maturity-retention"]
    blob = "\n".join(
        lt.get(lang)
        for lang in ("zh", "en")
        for _, c in sorted(index.cases.items())
        for lt in c.model_answer.values()
    )
    bank = index.bank_of(case)
    avoid = tuple(bank.avoid) if bank else ()

    def answers(n: int) -> Answers:
        return Answers(text={case.questions[0].id: (blob * (n // len(blob) + 1))[:n]})

    return case, index.framework_for(case), avoid, answers


def long_rows(quick: bool) -> list[dict]:
    case, fw, avoid, answers = long_answers()
    at_limit = answers(MAX_ANSWER_CHARS)
    ten_mb = answers(10_000_000)
    text = at_limit.text[case.questions[0].id]

    def score(a: Answers):
        return lambda: review_answers(case, fw, a, today=case.as_of, extra_avoid=avoid)

    def refuse():
        try:
            review_answers(case, fw, ten_mb, today=case.as_of, extra_avoid=avoid)
        except AnswerTooLong:
            return
        raise AssertionError("a 10 MB answer was scored")

    def lifted(a: Answers):
        """review_answers without its size check: the engine's own time at any length."""
        c = compiled_for(case, fw, avoid, ())
        return lambda: assemble(
            c, [analyse_slot(c, s, a, "zh") for s in c.slots], lang="zh", today=case.as_of
        )

    score(answers(1000))()  # the segmenter and the prepared case, once, as in the app
    runs = 1 if quick else 3
    rows = [
        row(f"review: score an answer at the limit ({MAX_ANSWER_CHARS:,} chars)",
            timed(score(at_limit), runs), 2.0,
            timed(lambda: normalize(text).find("开门红"), runs), "normalise + one str.find"),
        row("review: a 10 MB answer (10,000,000 chars): refused with its message",
            timed(refuse, runs), 2.0),
    ]  # fmt: skip
    if not quick:
        rows.append(
            row("review: score 4,000,000 chars, limit lifted (growth; 4× the limit)",
                timed(lifted(answers(4 * MAX_ANSWER_CHARS)), 1), None)
        )  # fmt: skip
    return rows


def run(quick: bool = False) -> list[dict]:
    case, fw, answers = build()
    n = 30 if quick else 300
    total = "\n".join(answers.text.values())
    one_step = answers.text["q2"]
    review_answers(case, fw, answers)  # prepare once, as the app does when a case opens
    live = LiveChecker(case, fw, "zh")
    full = timed(lambda: review_answers(case, fw, answers), n)
    step = timed(lambda: live.check_step("analyse", answers), n)
    prep = timed(lambda: compile_review(case, fw, (), ()), max(5, n // 10))

    def floor_of(text: str):
        return lambda: normalize(text).find("开门红")

    return [
        row(f"review: full feedback, 5 steps, {len(total):,} chars, 20 key points, 30 avoid", full, 0.010,
            timed(floor_of(total), n), "normalise + one str.find pass over the same text"),
        row(f"review: live re-check of one step ({len(one_step)} chars)", step, 0.002,
            timed(floor_of(one_step), n), "normalise + one str.find pass over the step"),
        row("review: prepare a case (automaton over all phrases; once per case)", prep, None),
        *long_rows(quick),
    ]  # fmt: skip


if __name__ == "__main__":
    for r in run(quick="--quick" in sys.argv):
        med = statistics.median(r["runs"]) * 1000
        floor = (
            f"  floor {statistics.median(r['floor']) * 1000:.3f} ms ({r['floor_name']})"
            if r["floor"]
            else ""
        )
        target = f"  target {r['target'] * 1000:.0f} ms" if r["target"] else ""
        print(f"{r['figure']}: median {med:.3f} ms{target}{floor}")
