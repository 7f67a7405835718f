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
from coach.review.segment import has_clause, words

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
#: Is an owner named? A name or a role next to a responsibility (张经理负责, 由孙悦牵头, owner: Sun
#: Yue, I will …) — not the bare label 负责人 or owner with nobody after it.
_OWNER_LABELLED = re.compile(
    r"(?:负责人|责任人|\bowner\b|\bowned by|\bassigned to|\bled by)\s*[:：是为]?\s*(?![:：,，;；。\s]|$)"
    r"(?!期限|截止|衡量|标准|due|measure|deadline)"
)
_OWNER_ROLE = re.compile(
    r"(?:由|请|让)?[^\s,，;；。:：]{0,6}?(?:经理|主管|行长|组长|专员|柜员|顾问|助理|小组|团队|部门|岗|人员|老师|总|我|本人"
    r"|[王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江薛段雷侯龙陶贺顾毛郝龚邵钱严武戴孔汤白][\u4e00-\u9fff]{1,2})"
    r"(?:负责(?!人)|牵头|跟进|落实|来做|来办|主导)"
)
_OWNER_WORDS = CueWords(
    "我来|我会|我将|本人将|由我",
    "i will|i'll|we will|responsible:|responsible for",
)


def _owner_named(text: str) -> bool:
    return bool(
        _OWNER_LABELLED.search(text) or _OWNER_ROLE.search(text) or _OWNER_WORDS.found(text)
    )


_CN_COUNT = re.compile(
    r"[一二两三四五六七八九十百千]+\s?(?:场|次|个|位|户|名|家|笔|单|件|份|期|轮|遍|成|页|条|套|项)"
)
_SELF_WORDS = re.compile(
    r"我们|团队|我的|本人|我没|我也|我当时|支行|网点|本行|客户经理|理财经理|顾问|柜员|主管|行长|流程|制度|培训|考核"
    r"|话术|准备不足|没准备|面谈|约定|下一步|跟进|录入|系统里填|需求分析|交接|只介绍|只讲|只推"
    r"|\b(?:we|our|i|my|team|us|branch|sub-branch|adviser|advisor|manager|process|training|didn't|did not|never)\b"
)
#: Actors outside the team's control: head office, the product's maker, the market, the client.
_OUTSIDE_ACTORS = re.compile(
    r"总行|总部|总公司|上级|分行(?!月报|报表|数据|统计|系统|的数据)|理财子公司|新规|基金公司|保险公司|管理人|产品方|发行方|理财公司|监管|政策|市场|行情|股市|经济|利率"
    r"|客户(?!经理)|竞争|对手|他行|同业|券商|代理人|合规部|代发企业|运营商|家属|嘉宾"
    r"|\b(?:head office|headquarters|hq|the region|fund (?:company|companies|manager|house)s?|insurers?|product "
    r"(?:maker|provider|issuer)s?|issuers?|the market|markets|economy|regulat\w+|clients?|customers?|competitors?|rivals?)\b"
)
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
    found = parse_due(due_text, when) if due_text else parse_due(text, when)
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


#: A cause written under an outsider's label: 总行：…, 基金公司：…, Head office: …
_OUTSIDE_LABEL = re.compile(
    r"^\s*(?:[\u4e00-\u9fff]{1,4}的问题\s*[。:：]|总公司|理财子公司|新规|规定|总行|分行|总部|上级|总行/分行|总行和分行|基金公司|保险公司|产品方|管理人|发行方|理财公司|家属|客户|客户和市场|"
    r"市场|监管|政策|嘉宾|合规部|运营|代发企业|企业|他行|同业|对手|竞争对手|外部|大环境|行情|系统和总行规定|系统|离职员工)"
    r"\s*[:：]|^\s*(?:head office|headquarters|the region|regional office|the fund company|fund company|the insurer|"
    r"insurer|the client|clients|the market|market|regulators?|competitors?)\s*:",
    re.IGNORECASE,
)
#: Our side named only as the one who could not help it: 我们根本拼不过, 支行没有权限, 不是我们能解决的.
_EXCUSE = re.compile(
    r"不是我们|我们根本|我们也没|我们没办法|没有权限|没有选择|没办法|拼不过|控制不了|谁也|不是销售的问题|"
    r"是客户自己|客户自己的原因|是他们的责任|他们的问题|也不是我们能|只能|被迫|层层下压|压得太重|没有时间|没时间|没精力|"
    r"想[^，。]{0,6}都(?:没|不)|不是[^，。]{0,8}能(?:决定|左右|控制|改变|解决)|换谁都|"
    r"\b(?:not our fault|nothing we could|out of our hands|we had no choice|beyond our control|no say)\b"
)


def is_outside(cause: Cause, category: str) -> bool:
    """Is the cause put on someone the team does not control (market, client, competitor, head
    office, the product's maker), with nothing of the team's own in the whole why-chain — or
    with the team named only as the one who could not help it?"""
    said = " ".join([cause.text, *cause.whys]).lower()
    outside = (
        bool(_EXCUSE.search(said))
        or category in OUTSIDE
        or bool(_OUTSIDE_LABEL.search(cause.text))
        or bool(_OUTSIDE_ACTORS.search(said))
    )
    if not outside:
        return False
    return bool(_EXCUSE.search(said)) or not _own_side(said)


#: Words before 我们 / 支行 that make the team the object (比我们高, 给我们, 把我们的客户挖走).
_OBJECT_BEFORE = (
    "比", "给", "让", "把", "被", "对", "向", "帮", "替", "和", "跟", "找", "告诉", "跟着", "来", "去", "到", "在",
)  # fmt: skip


def _own_side(said: str) -> bool:
    """Does the team itself act or fail in this text (not only suffer what others did)?"""
    for m in _SELF_WORDS.finditer(said):
        before = said[max(0, m.start() - 2) : m.start()]
        if not before.endswith(_OBJECT_BEFORE):
            return True
    return False


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


def is_a_why(text: str) -> bool:
    """A level of why says something: a clause (名单太长), or a phrase of two words or more
    (排期冲突) — not one bare noun (断档, 目标)."""
    return has_clause(text) or (text_units(text) >= 4 and len(words(text)) >= 2)


def cause_depths(results: Sequence[SlotResult], lang: str) -> list[CauseDepth]:
    out: list[CauseDepth] = []
    for res in results:
        for i, cause in enumerate(res.causes):
            # a why is a clause: 名单太长 is one, a bare noun (断档) is not
            depth = len([w for w in cause.whys if is_a_why(w)])
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
            category = guess_category(cause)
            out.append(
                CauseDepth(
                    res.slot.id,
                    i,
                    cause.text,
                    category,
                    depth,
                    evidence,
                    flagged,
                    reason,
                    is_outside(cause, category),
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
        (q, cue, res.slot.step) for res in results for q, cue in res.quantities if cue != "gap"
    ]
    said = " ".join(res.norm for res in results)
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
        if (
            gap.attainment is not None
            and not 10 <= gap.attainment <= 300
            and not _EXTREME_SAID.search(said)
        ):
            gap.doubtful = True
            gap.reason = t(
                lang,
                "目标 {g} 和实际 {r} 的完成率是 {a}%，不像同一个指标，请核对是否配对正确（同一单位）。",
                "Goal {g} and result {r} give an attainment of {a}%: they do not look like the same "
                "measure; check that they are a pair in the same unit.",
                g=format_value(g),
                r=format_value(r),
                a=f"{gap.attainment:g}",
            )
            return gap
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


#: Words that make an extreme attainment plausible: it was said to be far off.
_EXTREME_SAID = re.compile(
    r"几倍|数倍|翻了|远超|远低于|几乎为零|接近零|颗粒无收|\b(?:times|fold|almost nothing|near zero)\b"
)


def _as_quantity(value: Quantity | float | None) -> Quantity | None:
    if value is None or isinstance(value, Quantity):
        return value
    return Quantity(float(value), "number", format_value(float(value)))


def goal_gap_share(gap: GoalGap) -> float:
    if gap.complete:
        return 1.0
    if gap.doubtful:
        return 0.5
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
    if depths and all(d.outside for d in depths):
        out.append(
            Pitfall(
                "outside-only",
                t(lang, "只怪外部因素", "Blaming outside factors only"),
                t(
                    lang,
                    "所有原因都推给了市场、客户、竞争对手、总行或产品方；也要找自己能控制的原因。",
                    "Every cause is put on the market, the client, a competitor, head office or the "
                    "product's maker; look for causes you control too.",
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
