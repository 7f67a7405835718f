"""The built-in checks: SMART actions, cause depth, goal vs result, and the five pitfalls of 复盘.

Each returns records with reasons in the reviewer's language, plus a share 0..1 that a rubric
criterion covering the check earns.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from coach.domain.content import CAUSE_CATEGORIES
from coach.domain.dates import parse_due
from coach.domain.quantities import Quantity, find_quantities, format_value
from coach.domain.records import ActionItem, Cause
from coach.review.analyse import SlotResult
from coach.review.cues import CueWords
from coach.review.feedback import CauseDepth, GoalGap, Pitfall, SmartResult
from coach.review.messages import t
from coach.review.normalize import normalize, text_units

MIN_WHYS = 3
OUTSIDE = frozenset({"market", "client", "competitor"})

_VAGUE = CueWords(
    "^(?:继续|进一步|持续|努力|尽量|争取)?(?:加强|提升|提高|改进|改善|优化|注意|重视|关注|强化|加大|做好|完善)",
    "improve|enhance|strengthen|try to|focus on|work harder|pay attention|be more|do better"
    "|optimi[sz]e",
)
_CONCRETE = CueWords(
    "开展|组织|举办|培训|拜访|致电|打电话|电话|回访|制定|编写|建立|上线|推出|发送|整理|召开|安排|梳理|设计|更新"
    "|录制|演练|考取|邀约|统计|复盘|约见|面谈|讲座|沙龙|写出|做一份|每周|每月|每天",
    "call|visit|run|hold|train|write|draft|build|launch|send|schedule|organi[sz]e|publish|"
    "review|update|meet|host|complete|prepare|set up|test|record|analy[sz]e|interview|contact|"
    "follow up|role-play|rehearse|every week|weekly|monthly|daily",
)
#: Is an owner named? ``负责人|责任人|由.{1,8}?负责|.{1,6}负责|牵头|…|\bowner\b|…`` as a test: "由…负责"
#: and "…负责" both come down to 负责 after some character on its line (see _owner_named).
_OWNER_WORDS = CueWords(
    "负责人|责任人|牵头|我来|我会|我将|本人",
    "owner|responsible|assigned to|i will|i'll|led by",
)


def _owner_named(text: str) -> bool:
    i = text.find("负责")
    while i != -1:
        if i > 0 and text[i - 1] != "\n":  # what ".负责" matches ("." is anything but \n)
            return True
        i = text.find("负责", i + 1)
    return _OWNER_WORDS.found(text)


_CN_COUNT = re.compile(
    r"[一二两三四五六七八九十百千]+\s?(?:场|次|个|位|户|名|家|笔|单|件|份|期|轮|遍|成)"
)
_SELF_WORDS = re.compile(r"我们|自己|团队|我的|本人|\b(?:we|our|i|my|team|us)\b")
_MARKET_WORDS = re.compile(
    r"市场|行情|政策|利率|股市|经济|监管|疫情|\b(?:market|rates?|economy|regulation|policy)\b"
)
_CLIENT_WORDS = re.compile(r"客户|\b(?:clients?|customers?)\b")
_COMPETITOR_WORDS = re.compile(r"竞争|对手|同业|竞品|\b(?:competitors?|rivals?|competition)\b")


def check_action(
    slot: str, index: int, action: ActionItem, today: date | None, lang: str
) -> SmartResult:
    """Name which of Specific, Measurable, Assignable, Realistic, Time-bound an action lacks."""
    what = action.what.strip()
    text = " ".join(p for p in (action.what, action.owner, action.due, action.measure) if p)
    norm_text = normalize(text)
    norm_what = norm_text if what == text else normalize(what)
    quantities = find_quantities(action.what + " " + action.measure)
    letters: dict[str, bool] = {}
    reasons: list[str] = []
    warnings: list[str] = []
    vague = _VAGUE.found(norm_what) and not _CONCRETE.found(norm_what) and not quantities
    letters["S"] = text_units(norm_what) >= 4 and not vague
    if not letters["S"]:
        reasons.append(
            t(
                lang,
                "S 不具体：只有“加强、提升”这类笼统说法，写出具体做什么。",
                "S not specific: only a vague verb (improve, strengthen); say exactly what will be done.",
            )
            if vague
            else t(
                lang,
                "S 不具体：措施太短，看不出要做什么。",
                "S not specific: too short to tell what will be done.",
            )
        )
    letters["M"] = bool(action.measure.strip() or quantities or _CN_COUNT.search(what))
    if not letters["M"]:
        reasons.append(
            t(
                lang,
                "M 不可衡量：没有数字或验收标准。",
                "M not measurable: no number or measure of done.",
            )
        )
    letters["A"] = bool(action.owner.strip()) or _owner_named(norm_text)
    if not letters["A"]:
        reasons.append(t(lang, "A 没有责任人：写明谁来做。", "A not assigned: say who owns it."))
    extreme = [
        q
        for q in quantities
        if (q.kind == "percent" and q.value >= 100) or (q.unit == "x" and q.value >= 3)
    ]
    letters["R"] = not extreme
    if extreme:
        warnings.append(
            t(
                lang,
                "R 请确认是否现实：{q} 是很高的目标。",
                "R check it is realistic: {q} is a steep target.",
                q=extreme[0].text,
            )
        )
    due_text = action.due.strip()
    when = today or date.today()
    found = parse_due(due_text, when) if due_text else parse_due(action.what, when)
    letters["T"] = found is not None
    due_iso = found.date.isoformat() if found else ""
    if found is None:
        reasons.append(
            t(
                lang,
                "T 期限看不懂：“{d}”，请写成 2025-03-10、下周五、两周内 等。",
                'T due date not understood: "{d}"; write 2025-03-10, next Friday, within 2 weeks …',
                d=due_text,
            )
            if due_text
            else t(lang, "T 没有期限：写明什么时候完成。", "T not time-bound: say by when.")
        )
    elif today is not None and found.date < today:
        warnings.append(t(lang, "期限 {d} 已经过去。", "The due date {d} has passed.", d=due_iso))
    missing = [k for k in "SMAT" if not letters[k]]
    return SmartResult(slot, index, what or text, letters, missing, warnings, due_iso, reasons)


def guess_category(cause: Cause) -> str:
    """The category a cause is filed under, or guessed from its words when none was given."""
    if cause.category in CAUSE_CATEGORIES:
        return cause.category
    said = cause.text.lower()
    if _SELF_WORDS.search(said):
        return "self"
    if _COMPETITOR_WORDS.search(said):
        return "competitor"
    if _MARKET_WORDS.search(said):
        return "market"
    if _CLIENT_WORDS.search(said):
        return "client"
    return ""


def cause_depths(results: Sequence[SlotResult], lang: str) -> list[CauseDepth]:
    out: list[CauseDepth] = []
    for res in results:
        for i, cause in enumerate(res.causes):
            depth = len([w for w in cause.whys if w.strip()])
            evidence = bool(cause.evidence.strip()) or bool(
                find_quantities(" ".join([cause.text, *cause.whys]))
            )
            flagged = depth < MIN_WHYS
            reason = (
                t(
                    lang,
                    "只追问了 {n} 层为什么，至少要三层才能找到根因。",
                    "Only {n} level(s) of why; ask at least three to reach the root cause.",
                    n=depth,
                )
                if flagged
                else t(lang, "追问了 {n} 层为什么。", "Traced through {n} whys.", n=depth)
            )
            out.append(
                CauseDepth(
                    res.slot.id,
                    i,
                    cause.text,
                    guess_category(cause),
                    depth,
                    evidence,
                    flagged,
                    reason,
                )
            )
    return out


def depth_share(depths: Sequence[CauseDepth]) -> float:
    if not depths:
        return 0.0
    return min(max(d.depth for d in depths), MIN_WHYS) / MIN_WHYS


def goal_gap(
    results: Sequence[SlotResult],
    lang: str,
    goal: Quantity | float | None = None,
    result: Quantity | float | None = None,
) -> GoalGap:
    """Goal and result from cue words (目标 / 实际, target / actual) or goal / result steps."""
    g = _as_quantity(goal)
    r = _as_quantity(result)
    found: list[tuple[Quantity, str, str]] = [
        (q, cue, res.slot.step) for res in results for q, cue in res.quantities
    ]
    if g is None:
        g = next((q for q, cue, _ in found if cue == "goal"), None) or next(
            (q for q, _, step in found if step in ("goal", "intended")), None
        )
    if r is None:
        r = next(
            (
                q
                for q, cue, _ in found
                if cue == "result" and (g is None or q.same_kind(g)) and q is not g
            ),
            None,
        ) or next(
            (
                q
                for q, _, step in found
                if step in ("result", "happened") and (g is None or q.same_kind(g))
            ),
            None,
        )
    gap = GoalGap()
    if g is not None:
        gap.goal, gap.goal_text, gap.kind, gap.currency = g.value, g.text, g.kind, g.currency
    if r is not None:
        gap.result, gap.result_text = r.value, r.text
        gap.kind = gap.kind or r.kind
    if g is not None and r is not None and g.same_kind(r):
        gap.gap = r.value - g.value
        gap.attainment = round(r.value / g.value * 100, 1) if g.value else None
        gap.reason = t(
            lang,
            "目标 {g}，实际 {r}，差距 {d}，完成率 {a}。",
            "Goal {g}, result {r}, gap {d}, attainment {a}.",
            g=format_value(g),
            r=format_value(r),
            d=format_value(gap.gap, g.kind),
            a=f"{gap.attainment:g}%" if gap.attainment is not None else "—",
        )
    elif g is not None or r is not None:
        gap.reason = t(
            lang,
            "只找到{w}的数字，请把目标和结果都量化。",
            "Only the {w} is quantified; give both the goal and the result as numbers.",
            w=t(lang, "目标", "goal") if g is not None else t(lang, "结果", "result"),
        )
    else:
        gap.reason = t(
            lang,
            "没有找到量化的目标和结果（例如：目标120万，实际96万）。",
            "No quantified goal or result found (e.g. target 1.2 million, actual 960k).",
        )
    return gap


def _as_quantity(value: Quantity | float | None) -> Quantity | None:
    if value is None or isinstance(value, Quantity):
        return value
    return Quantity(float(value), "number", format_value(float(value)))


def goal_gap_share(gap: GoalGap) -> float:
    if gap.complete:
        return 1.0
    return 0.5 if gap.goal is not None or gap.result is not None else 0.0


PITFALL_IDS = ("proving-right", "going-through-motions", "blame-session", "outside-only", "jumping")


def pitfalls(
    results: Sequence[SlotResult], depths: Sequence[CauseDepth], lang: str
) -> list[Pitfall]:
    """The five pitfalls of 复盘, each with a one-line explanation and what triggered it."""
    out: list[Pitfall] = []
    written = [r for r in results if not r.empty]
    if written and not any(r.shortfall for r in results):
        out.append(
            Pitfall(
                "proving-right",
                t(lang, "证明自己对", "Proving yourself right"),
                t(
                    lang,
                    "通篇没有写出任何不足或差距；复盘是为了找到可以改进的地方。",
                    "No shortfall or gap is named anywhere; a review exists to find what to improve.",
                ),
            )
        )
    if motions_evidence(results):
        out.append(
            Pitfall(
                "going-through-motions",
                t(lang, "走过场", "Going through the motions"),
                t(
                    lang,
                    "回答照抄提示或过于简短，看不出真正的思考。",
                    "Answers copy the prompts or are too short to show real thinking.",
                ),
                motions_evidence(results),
            )
        )
    blamed = [b for r in results for b in r.blame]
    if blamed:
        out.append(
            Pitfall(
                "blame-session",
                t(lang, "开成批判会", "A blame session"),
                t(
                    lang,
                    "把原因归到某个人身上；复盘对事不对人，要找做法上的原因。",
                    "A person is named as the cause; review what was done, not who did it.",
                ),
                blamed,
            )
        )
    cats = [d.category for d in depths]
    if cats and all(c in OUTSIDE for c in cats):
        out.append(
            Pitfall(
                "outside-only",
                t(lang, "只怪外部因素", "Blaming outside factors only"),
                t(
                    lang,
                    "所有原因都是市场、客户或竞争对手；也要找自己能控制的原因。",
                    "Every cause is the market, the client or a competitor; look for causes you control too.",
                ),
                [d.text for d in depths],
            )
        )
    if written and not any(r.reasoning for r in results) and not any(r.evidence for r in results):
        out.append(
            Pitfall(
                "jumping",
                t(lang, "急于下结论", "Jumping to conclusions"),
                t(
                    lang,
                    "既没有证据（数据、反馈），也没有追问为什么，结论站不住。",
                    "No evidence (data, feedback) and no why-chain: the conclusions do not stand.",
                ),
            )
        )
    return out


def motions_evidence(results: Sequence[SlotResult]) -> list[str]:
    """Why the answer looks like going through the motions (empty list: it does not)."""
    results = [r for r in results if r.slot.expected or not r.empty]
    found = [f"copied:{r.slot.id}" for r in results if r.copied]
    short = [r for r in results if r.own_units < 10]
    total = sum(r.own_units for r in results)
    if results and (len(short) * 2 > len(results) or total < 40):
        found.append(f"short:{total}")
    return found


def pitfall_share(found: Sequence[Pitfall]) -> float:
    return 1 - len(found) / len(PITFALL_IDS)


def smart_share(items: Sequence[SmartResult]) -> float:
    if not items:
        return 0.0
    return sum(i.share for i in items) / len(items)
