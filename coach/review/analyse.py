"""Everything found in one answer slot: keyword, phrase and disclosure matches, stuffing, the
causes and actions it holds, and the signals the pitfall checks need.

The full review runs this for every slot; the live checker runs it for one step's slots.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from coach.domain.quantities import Quantity, find_quantities
from coach.domain.records import ActionItem, Answers, Cause
from coach.review.compiled import ALLOW, AVOID, KP, MUST, CompiledReview, Slot
from coach.review.cues import CueWords
from coach.review.feedback import AvoidHit, StuffingFinding, TermMatch, Where
from coach.review.matcher import Hit
from coach.review.messages import t
from coach.review.negation import clause_before, negation_before
from coach.review.normalize import is_break, normalize, sentence_spans, text_units
from coach.review.structure import parse_actions, parse_causes

#: A sentence earns nothing when, once its keywords are taken out, fewer units than this remain.
MIN_SENTENCE_UNITS = 4

_SHORTFALL = CueWords(
    "不足|差距|问题|失误|失败|教训|没有|没能|未能|未完成|欠缺|缺乏|不够|遗憾|丢单|流失|下降|低于|偏低"
    "|短板|落后|输给|错过|不理想|不到位",
    "shortfalls?|problems?|issues?|gaps?|mistakes?|failed|failures?|lessons?|missed|lost|below"
    "|short of|weak(?:ness|nesses)?|declined|dropped|didn't|did not|not enough|fell short"
    "|underperformed|behind",
)
_SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁"
    "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方白邹孟熊秦邱江薛段雷侯龙陶贺顾毛郝龚邵钱严武戴孔汤"
)
_ZH_PERSON = re.compile(
    rf"[小老][{_SURNAMES}]|[{_SURNAMES}](?:经理|主管|总|行长|柜员|同事|专员|助理|姐|哥)"
    r"|他|她|某人|那个人|新人|实习生|这个同事"
)
_ZH_BLAME = re.compile(
    r"怪|的错|责任在|不负责|不给力|能力差|能力不行|太懒|偷懒|不专业|拖后腿|没用心|不认真|马虎|粗心|失职"
)
_EN_PERSON = re.compile(r"\b(?:he|she|him|her|his|the intern|the new hire|my colleague|\w+'s)\b")
_EN_BLAME = re.compile(
    r"\b(?:fault|blame[ds]?|lazy|careless|incompetent|sloppy|messed up|dropped the ball)\b"
)
_REASONING = CueWords(
    "因为|由于|原因|导致|所以|为什么|归根",
    "because|due to|why|caused|since|root cause|therefore",
)
_EVIDENCE = CueWords(
    "数据|调查|显示|统计|报表|同比|环比|反馈|问卷|记录|台账|%",
    "data|survey|surveys|showed|shows|report|reports|feedback|records|figures",
)
_GOAL_CUES = (
    "目标",
    "计划",
    "预期",
    "指标",
    "任务",
    "预算",
    "target",
    "goal",
    "plan",
    "aim",
    "budget",
    "quota",
    "expected",
)
_RESULT_CUES = (
    "实际",
    "完成",
    "达成",
    "结果",
    "实现",
    "做到",
    "仅",
    "只有",
    "actual",
    "achieved",
    "result",
    "reached",
    "closed",
    "came in",
    "only",
    "delivered",
    "sold",
)
_LEADING_MARK = re.compile(r"^[\s#>*\-•+·]*(?:\d{1,2}[.、)）])?\s*")


@dataclass
class SlotResult:
    slot: Slot
    norm: str
    kp: dict[int, list[TermMatch]] = field(default_factory=dict)
    avoid: list[AvoidHit] = field(default_factory=list)
    must: dict[int, Where] = field(default_factory=dict)
    must_negated: dict[int, str] = field(default_factory=dict)
    stuffing: list[StuffingFinding] = field(default_factory=list)
    causes: list[Cause] = field(default_factory=list)
    actions: list[ActionItem] = field(default_factory=list)
    own_units: int = 0
    copied: bool = False
    shortfall: str = ""
    blame: list[str] = field(default_factory=list)
    reasoning: bool = False
    evidence: bool = False
    quantities: list[tuple[Quantity, str]] = field(default_factory=list)  # (q, goal|result|"")

    @property
    def empty(self) -> bool:
        return not self.norm.strip()


def _snippet(norm: str, start: int, end: int, pad: int = 14) -> str:
    a, b = max(0, start - pad), min(len(norm), end + pad)
    text = norm[a:b].replace("\n", " ").strip()
    return ("…" if a > 0 else "") + text + ("…" if b < len(norm) else "")


def _cause_line(c: Cause) -> str:
    parts = [c.text, *c.whys]
    if c.evidence:
        parts.append(c.evidence)
    return " — ".join(p for p in parts if p)


def _action_line(a: ActionItem) -> str:
    return " ".join(p for p in (a.what, a.owner, a.due, a.measure) if p)


def slot_inputs(slot: Slot, answers: Answers) -> tuple[str, list[Cause], list[ActionItem]]:
    """The slot's searchable text and its causes and actions (parsed from prose if not given)."""
    raw = answers.text.get(slot.id) or ""
    raw = raw if isinstance(raw, str) else str(raw)
    causes = list(answers.causes.get(slot.id) or ())
    actions = list(answers.actions.get(slot.id) or ())
    extra = [_cause_line(c) for c in causes] + [_action_line(a) for a in actions]
    if not causes and slot.kind == "causes" and raw.strip():
        causes = parse_causes(raw)
    if not actions and slot.kind == "actions" and raw.strip():
        actions = parse_actions(raw)
    full = raw + ("\n" + "\n".join(extra) if extra else "")
    return full, causes, actions


def analyse_slot(c: CompiledReview, slot: Slot, answers: Answers, lang: str) -> SlotResult:
    full, causes, actions = slot_inputs(slot, answers)
    norm = normalize(full)
    res = SlotResult(slot=slot, norm=norm, causes=causes, actions=actions)
    if not norm.strip():
        return res
    hits = list(c.matcher.iter(norm))
    kp_hits = [h for h in hits if c.entries[h.entry].kind == KP]
    spans = sentence_spans(norm)
    stuffed_sentences = _stuffed_sentences(c, res, kp_hits, spans, lang)
    starts = [s for s, _ in spans]
    for h in kp_hits:
        entry = c.entries[h.entry]
        scope = c.kp_slots.get(entry.index)
        if scope is not None and slot.id not in scope:
            continue
        where = Where(slot.id, slot.step, _snippet(norm, h.start, h.end), h.start, h.end)
        neg = negation_before(norm, h.start)
        if neg:
            match = TermMatch(entry.keyword, h.text, where, "negated", neg)
        elif (bisect_right(starts, h.start) - 1) in stuffed_sentences:
            match = TermMatch(entry.keyword, h.text, where, "stuffed")
        else:
            match = TermMatch(entry.keyword, h.text, where)
        res.kp.setdefault(entry.index, []).append(match)
    _avoid_hits(c, res, [h for h in hits if c.entries[h.entry].kind in (AVOID, ALLOW)], lang)
    for h in hits:
        entry = c.entries[h.entry]
        if entry.kind != MUST or entry.index in res.must:
            continue
        scope = c.must_slots.get(entry.index)
        if scope is not None and slot.id not in scope:
            continue
        neg = negation_before(norm, h.start)
        if neg:
            res.must_negated.setdefault(entry.index, neg)
            continue
        res.must[entry.index] = Where(
            slot.id, slot.step, _snippet(norm, h.start, h.end), h.start, h.end
        )
    _signals(res, full, norm, spans, stuffed_sentences)
    return res


def _stuffed_sentences(
    c: CompiledReview, res: SlotResult, kp_hits: list[Hit], spans: list[tuple[int, int]], lang: str
) -> set[int]:
    """Sentences that are keywords with (almost) nothing around them."""
    if not kp_hits:
        return set()
    starts = [s for s, _ in spans]
    by_sentence: dict[int, list[Hit]] = {}
    for h in kp_hits:
        by_sentence.setdefault(bisect_right(starts, h.start) - 1, []).append(h)
    stuffed: set[int] = set()
    for idx, group in by_sentence.items():
        if idx < 0:
            continue
        s, e = spans[idx]
        sentence = res.norm[s:e]
        runs = _merge([(max(h.start, s) - s, min(h.end, e) - s) for h in group])
        gaps, prev = [], 0
        for a, b in runs:
            gaps.append(sentence[prev:a])
            prev = max(prev, b)
        gaps.append(sentence[prev:])
        filler_units = text_units(_LEADING_MARK.sub("", " ".join(gaps)))
        kw_units = sum(text_units(sentence[a:b]) for a, b in runs)
        distinct = len({sentence[a:b] for a, b in runs})
        repeated = len(runs) >= 3 and distinct == 1
        if filler_units < MIN_SENTENCE_UNITS or (len(runs) >= 3 and filler_units < kw_units):
            stuffed.add(idx)
            terms = sorted({h.text for h in group})
            if repeated:
                reason = t(
                    lang,
                    "同一个关键词重复堆砌，没有成句，不计分。",
                    "The same keyword repeated without a sentence around it earns nothing.",
                )
            elif distinct > 1:
                reason = t(
                    lang,
                    "关键词罗列，没有成句说明，不计分。",
                    "A list of keywords without a sentence explaining them earns nothing.",
                )
            else:
                reason = t(
                    lang,
                    "只写了关键词，没有成句说明，不计分。",
                    "A bare keyword without a sentence around it earns nothing.",
                )
            res.stuffing.append(
                StuffingFinding(res.slot.id, _snippet(res.norm, s, e, 0), terms, reason)
            )
    return stuffed


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping spans (synonyms over the same words) merged; touching ones kept apart."""
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _avoid_hits(c: CompiledReview, res: SlotResult, hits: list[Hit], lang: str) -> None:
    norm, slot = res.norm, res.slot
    allowed: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        if c.entries[h.entry].kind == ALLOW:
            allowed.setdefault(c.entries[h.entry].index, []).append((h.start, h.end))
    kept: list[Hit] = []
    for h in hits:
        entry = c.entries[h.entry]
        if entry.kind != AVOID:
            continue
        if any(a <= h.start and h.end <= b for a, b in allowed.get(entry.index, ())):
            continue
        if negation_before(norm, h.start, zh_reach=4, en_words=3):
            continue
        near = c.near.get(entry.index)
        if near and not _near(norm, h.start, h.end, near):
            continue
        kept.append(h)
    # a phrase inside a longer one that also hit (稳赚 in 稳赚不赔) is reported once, as the longer
    kept = [
        h
        for h in kept
        if not any(
            o is not h
            and o.start <= h.start
            and h.end <= o.end
            and (o.end - o.start) > (h.end - h.start)
            for o in kept
        )
    ]
    for h in kept:
        phrase = c.avoid[c.entries[h.entry].index]
        res.avoid.append(
            AvoidHit(
                phrase=phrase.phrase,
                matched=h.text,
                penalty=phrase.penalty,
                reason=phrase.reason.get(lang),
                rule=phrase.rule,
                source=phrase.source,
                where=Where(slot.id, slot.step, _snippet(norm, h.start, h.end), h.start, h.end),
                charged=phrase.penalty > 0,
            )
        )


def _near(norm: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    stop = end
    while stop < len(norm) and stop - end < 24 and not is_break(norm, stop):
        stop += 1
    clause = clause_before(norm, start) + norm[start:stop]
    return any(w in clause for w in words)


def _signals(
    res: SlotResult, full: str, norm: str, spans: list[tuple[int, int]], stuffed: set[int]
) -> None:
    own = norm
    for idx in stuffed:
        s, e = spans[idx]
        own = own[:s] + " " * (e - s) + own[e:]
    copied = False
    for prompt in res.slot.prompts:
        if len(prompt) >= 6 and prompt in own:
            copied = True
            own = own.replace(prompt, " ")
    res.own_units = text_units(own)
    res.copied = copied and res.own_units < 10
    res.shortfall = _SHORTFALL.first(norm)
    res.reasoning = _REASONING.found(norm) or any(c.whys for c in res.causes)
    res.evidence = _EVIDENCE.found(norm) or any(c.evidence for c in res.causes)
    for cause in res.causes:
        said = " ".join([cause.text, *cause.whys]).lower()
        # blame words first: a plain list of words, searched far faster than the person pattern
        if (_ZH_BLAME.search(said) and _ZH_PERSON.search(said)) or (
            _EN_BLAME.search(said) and _EN_PERSON.search(said)
        ):
            res.blame.append(cause.text)
    low = full.lower()
    for q in find_quantities(full):
        res.evidence = True
        before = clause_before(low, q.start, reach=16)
        cue = ""
        best = -1
        for word in _GOAL_CUES:
            pos = before.rfind(word)
            if pos > best:
                best, cue = pos, "goal"
        for word in _RESULT_CUES:
            pos = before.rfind(word)
            if pos > best:
                best, cue = pos, "result"
        res.quantities.append((q, cue))
