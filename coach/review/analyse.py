"""Everything found in one answer slot: keyword, phrase and disclosure matches, stuffing, the
causes and actions it holds, and the signals the pitfall checks need.

The full review runs this for every slot; the live checker runs it for one step's slots.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from coach.domain.quantities import Quantity, find_quantities
from coach.domain.records import ActionItem, Answers, Cause
from coach.review.builtin import REDLINE_CAP, RedLine
from coach.review.compiled import ALLOW, AVOID, KP, MUST, CompiledReview, Slot
from coach.review.cues import CueWords
from coach.review.feedback import AvoidHit, StuffingFinding, TermMatch, Where
from coach.review.matcher import Hit
from coach.review.messages import t
from coach.review.negation import clause_before, negation_before
from coach.review.normalize import is_break, normalize, sentence_spans, text_units, to_simplified
from coach.review.segment import is_list
from coach.review.structure import parse_actions, parse_causes
from coach.review.voice import ANALYSIS_STEPS, Voice

#: Words that wave a point away in its own sentence: it is named, and said to prove nothing.
_DISMISSAL = re.compile(
    r"说明不了(?:什么|问题)|证明不了|不能说明什么|没什么用|没有意义|没意义|意义不大|不值一提|纯属运气|碰巧而已"
    r"|\b(?:proves? nothing|doesn't prove anything|does not prove anything|means nothing|is meaningless"
    r"|was (?:just )?luck|tells us nothing)\b"
)
#: What is left of a sentence once its keywords are taken out, when it only says "there was a
#: problem": 系统流程有问题 / the process had problems names a place, not a cause.
_VAGUE = re.compile(
    r"(?:[^，。,;；:：]{0,12}[：:])?\s*(?:"
    r"(?:的|也|都|还|上|方面|等)*(?:存在|有|出了)?(?:一些|很多|一定|较大|明显|不少|很大)?"
    r"(?:问题|缺陷|漏洞|不足|毛病)"
    r"|(?:的|也|都|还|上|方面|等)*(?:不完善|不到位|不够(?:好|完善|到位)?|不合理|太差"
    r"|有待(?:加强|提高|完善|改进)|需要(?:加强|改进|完善|提高)|要加强|待加强)"
    r"|(?:(?:the|our|and|of|in|its|both|a)\s+)*(?:was|were|is|are|had|has|have)\s+"
    r"(?:some\s+|many\s+|big\s+)?(?:problems?|issues?|flaws?|weak|poor|inadequate"
    r"|not good enough|room for improvement)"
    r"|(?:(?:the|our|and|of|in|its|both|a)\s+)*needs?\s+(?:to be\s+)?improv\w*)"
)
_VAGUE_STRIP = re.compile(r"[\s。.!！?？,，、;；]+")
_FIGURE = re.compile(r"\d|[一二两三四五六七八九十百千万]+(?:成|倍|个点|个百分点)|百分之")
#: Steps that distil rules and lessons (GRAI insight, KPT keep, AAR sustain, five-step lessons).
INSIGHT_STEPS = frozenset(("insight", "lessons", "keep", "sustain"))
_DATED = re.compile(
    r"\d{1,4}[-/.年]\d{1,2}|\d{1,2}月|月底|周[一二三四五六日末]|下周|本周|月内|季度末|年底|前完成|之前|以内|内完成"
    r"|\b(?:by|before|within|until|due)\s+(?:the\s+)?(?:end of\s+)?(?:\d|next|this|mon|tue|wed|thu|fri|week|month|q[1-4]|"
    r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)",
    re.IGNORECASE,
)
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
    voice: Voice | None = None  # whose words: quotations, reported speech, prohibitions
    list_spans: list[tuple[int, int]] = field(default_factory=list)  # lines that are bare lists

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


def blank_cause(c: Cause) -> bool:
    """A cause row with nothing typed in it (a category picked alone is not a cause)."""
    return not (c.text.strip() or c.evidence.strip() or any(w.strip() for w in c.whys))


def blank_action(a: ActionItem) -> bool:
    """An action row with nothing typed in it."""
    return not (a.what.strip() or a.owner.strip() or a.due.strip() or a.measure.strip())


def slot_inputs(slot: Slot, answers: Answers) -> tuple[str, list[Cause], list[ActionItem]]:
    """The slot's searchable text and its causes and actions (parsed from prose if not given).

    A row left blank (a draft keeps the editor's empty row) counts as no row: the prose is then
    read for causes and actions as if the editor had none."""
    raw = answers.text.get(slot.id) or ""
    raw = raw if isinstance(raw, str) else str(raw)
    causes = [c for c in answers.causes.get(slot.id) or () if not blank_cause(c)]
    actions = [a for a in answers.actions.get(slot.id) or () if not blank_action(a)]
    extra = [_cause_line(c) for c in causes] + [_action_line(a) for a in actions]
    if not causes and slot.kind == "causes" and raw.strip():
        causes = parse_causes(to_simplified(raw))  # 為什麼 read as 为什么
    if not actions and slot.kind == "actions" and raw.strip():
        actions = parse_actions(to_simplified(raw))
    full = raw + ("\n" + "\n".join(extra) if extra else "")
    return full, causes, actions


def analyse_slot(c: CompiledReview, slot: Slot, answers: Answers, lang: str) -> SlotResult:
    full, causes, actions = slot_inputs(slot, answers)
    causes = [x for x in causes if not is_list(_cause_line(x))]
    actions = [x for x in actions if not is_list(_action_line(x))]
    if slot.step in INSIGHT_STEPS:
        # rules and lessons are not actions: only lines with an owner, a date or a measure are
        actions = [x for x in actions if x.owner or x.due or x.measure or _DATED.search(x.what)]
    norm = normalize(full)
    res = SlotResult(slot=slot, norm=norm, causes=causes, actions=actions)
    if not norm.strip():
        return res
    hits = list(c.matcher.iter(norm))
    kp_hits = [h for h in hits if c.entries[h.entry].kind == KP]
    if c.kp_numbers:
        kp_hits.extend(_near_figures(c, norm, kp_hits))
    spans = sentence_spans(norm)
    res.voice = Voice(norm)
    res.list_spans = list_lines(norm)
    stuffed_sentences = _stuffed_sentences(c, res, kp_hits, spans, lang)
    starts = [s for s, _ in spans]
    finding = slot.step in ANALYSIS_STEPS or slot.kind == "causes"
    in_sentence: dict[int, list[Hit]] = {}
    for h in kp_hits:
        in_sentence.setdefault(bisect_right(starts, h.start) - 1, []).append(h)
    # what a sentence says of every keyword in it, read once per sentence
    said: dict[int, tuple[re.Match[str] | None, bool, bool]] = {}
    for h in kp_hits:
        entry = c.entries[h.entry]
        where = Where(slot.id, slot.step, _snippet(norm, h.start, h.end), h.start, h.end)
        neg = negation_before(norm, h.start)
        sentence = bisect_right(starts, h.start) - 1
        if sentence not in said:
            s_start, s_end = spans[sentence] if sentence >= 0 else (0, len(norm))
            said[sentence] = (
                _DISMISSAL.search(norm, s_start, s_end),
                _vague(norm, s_start, s_end, in_sentence[sentence]),
                _FIGURE.search(norm, s_start, s_end) is not None,
            )
        dismissal, vague, has_figure = said[sentence]
        if sentence in stuffed_sentences:
            match = TermMatch(entry.keyword, h.text, where, "stuffed")
        elif vague:
            # 系统流程有问题: names where the trouble was, not what it was
            match = TermMatch(entry.keyword, h.text, where, "vague")
        elif dismissal:
            # 试点选的都是好客户，说明不了什么: named to be waved away
            match = TermMatch(entry.keyword, h.text, where, "dismissed", dismissal.group())
        elif entry.index in c.kp_quantified and not has_figure:
            match = TermMatch(entry.keyword, h.text, where, "unquantified")
        elif neg and finding:
            # 没有约定下一步 / no handover: in a step that analyses what happened, naming what
            # was missing is the finding itself
            match = TermMatch(entry.keyword, h.text, where, "counted", neg)
        elif neg:
            match = TermMatch(entry.keyword, h.text, where, "negated", neg)
        else:
            match = TermMatch(entry.keyword, h.text, where)
        res.kp.setdefault(entry.index, []).append(match)
    _avoid_hits(c, res, [h for h in hits if c.entries[h.entry].kind in (AVOID, ALLOW)], lang)
    _redline_hits(c, res, lang)
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
    concealed = [h.where for h in res.avoid if h.phrase == "rl-conceal"]
    for i, where in list(res.must.items()):
        if any(w.start - 30 <= where.start <= w.end for w in concealed):
            del res.must[i]  # "犹豫期的事就别提了" names the disclosure to hide it
            res.must_negated.setdefault(i, norm[where.start : where.end])
    _signals(res, full, norm, spans, stuffed_sentences)
    return res


def _vague(norm: str, start: int, end: int, kp_hits: list[Hit]) -> bool:
    """True when the sentence, its keywords (``kp_hits``, all inside it) taken out, only says
    that something was wrong."""
    parts, prev = [], start
    for h in sorted(kp_hits, key=lambda h: h.start):
        parts.append(norm[prev : max(prev, h.start)])
        prev = max(prev, h.end)
    parts.append(norm[prev:end])
    rest = _VAGUE_STRIP.sub(" ", _LEADING_MARK.sub("", " ".join(parts))).strip()
    rest = re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])|^ | $", "", rest)
    return bool(rest) and _VAGUE.fullmatch(rest.lower()) is not None


def _stuffed_sentences(
    c: CompiledReview, res: SlotResult, kp_hits: list[Hit], spans: list[tuple[int, int]], lang: str
) -> set[int]:
    """Sentences that are keywords with (almost) nothing around them."""
    starts = [s for s, _ in spans]
    stuffed: set[int] = set()
    by_start = sorted((h.start, h.text) for h in kp_hits)
    hit_starts = [s for s, _ in by_start]
    for a, b in res.list_spans:
        # a line of items with no verb or connective: a list, whoever's words they are
        first, last = bisect_right(starts, a) - 1, bisect_right(starts, max(a, b - 1)) - 1
        for idx in range(max(first, 0), last + 1):
            stuffed.add(idx)
        in_line = by_start[bisect_left(hit_starts, a) : bisect_left(hit_starts, b)]
        terms = sorted({text for _, text in in_line})
        res.stuffing.append(
            StuffingFinding(
                res.slot.id,
                _snippet(res.norm, a, b, 0),
                terms,
                t(
                    lang,
                    "这一行只是词语罗列（没有动词或连接词成句），不计要点、原因层级或 SMART。",
                    "This line is a list of words (no verb or connective makes a clause): it earns "
                    "no key point, no why level and no SMART letter.",
                ),
            )
        )
    if not kp_hits:
        return stuffed
    by_sentence: dict[int, list[Hit]] = {}
    for h in kp_hits:
        by_sentence.setdefault(bisect_right(starts, h.start) - 1, []).append(h)
    for idx, group in by_sentence.items():
        if idx < 0 or idx in stuffed:
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


#: How close a written figure must be to a keyword's figure to be the same: a percentage within
#: 0.6 points (62.5% is 63%), an amount or count within 1.5% (0.83亿 is 8,300万).
PERCENT_POINTS = 0.6
AMOUNT_SHARE = 0.015


def same_figure(a: Quantity, b: Quantity) -> bool:
    if not a.same_kind(b):
        return False
    if a.kind == "percent":
        return abs(a.value - b.value) <= PERCENT_POINTS
    return abs(a.value - b.value) <= AMOUNT_SHARE * max(abs(a.value), abs(b.value))


def _near_figures(c: CompiledReview, norm: str, exact: list[Hit]) -> list[Hit]:
    """Keyword figures written another way or rounded: 62.5% for 63%, 0.83亿 for 8,300万."""
    taken = {(h.entry, h.start) for h in exact}
    out: list[Hit] = []
    for q in find_quantities(norm):
        for entry, figure in c.kp_numbers:
            if (entry, q.start) not in taken and same_figure(q, figure):
                taken.add((entry, q.start))
                out.append(Hit(entry, q.start, q.end, norm[q.start : q.end]))
    return out


def list_lines(norm: str) -> list[tuple[int, int]]:
    """(start, end) of every line of ``norm`` that is a bare list (segment.is_list)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for line in norm.split("\n"):
        if line.strip() and is_list(line):
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


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
    allowed_spans: dict[int, list[tuple[int, int]]] = {}
    for h in hits:
        if c.entries[h.entry].kind == ALLOW:
            allowed_spans.setdefault(c.entries[h.entry].index, []).append((h.start, h.end))
    allowed = {i: _Cover(spans) for i, spans in allowed_spans.items()}
    kept: list[Hit] = []
    analysis = slot.step in ANALYSIS_STEPS
    action_step = slot.kind == "actions"
    voice = res.voice or Voice(norm)
    for h in hits:
        entry = c.entries[h.entry]
        if entry.kind != AVOID:
            continue
        cover = allowed.get(entry.index)
        if cover is not None and cover.covers(h.start, h.end):
            continue
        if negation_before(norm, h.start, zh_reach=4, en_words=3):
            continue
        near = c.near.get(entry.index)
        if near and not _near(norm, h.start, h.end, near):
            continue
        if voice.exempt(h.start, h.end, action_step=action_step):
            continue  # a quotation analysed, reported speech, or a rule that forbids the phrase
        if analysis and entry.index in c.superlatives:
            continue  # 季节性最强 describes data; a superlative counts only as a product claim
        kept.append(h)
    # a phrase inside a longer one that also hit (稳赚 in 稳赚不赔) is reported once, as the longer
    kept = _longest(kept)
    for h in kept:
        index = c.entries[h.entry].index
        phrase = c.avoid[index]
        severity = c.severity.get(index, "penalty")
        if severity == "redline" and analysis:
            severity = "penalty"  # said while describing the case: charged, not a fail
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
                severity=severity,
                cap=REDLINE_CAP if severity == "redline" else 100.0,
            )
        )


class _Cover:
    """Spans (possibly overlapping) asked, by binary search, whether one of them covers a range."""

    __slots__ = ("_reach", "_starts")

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        spans = sorted(spans)
        self._starts = [a for a, _ in spans]
        self._reach: list[int] = []  # the furthest end among the spans up to each one
        for _, b in spans:
            self._reach.append(max(b, self._reach[-1]) if self._reach else b)

    def covers(self, start: int, end: int) -> bool:
        """Is there a span [a, b) with a <= start and end <= b?"""
        i = bisect_right(self._starts, start) - 1
        return i >= 0 and self._reach[i] >= end

    def holds(self, pos: int) -> bool:
        """Is there a span [a, b) with a <= pos < b?"""
        i = bisect_right(self._starts, pos) - 1
        return i >= 0 and self._reach[i] > pos


def _longest(hits: list[Hit]) -> list[Hit]:
    """``hits`` without those inside a longer one (稳赚 in 稳赚不赔), in their order.

    A hit is inside a longer one when another starts before it and ends at or after its end, or
    starts where it starts and ends after it: one sweep by start, not every pair."""
    order = sorted(range(len(hits)), key=lambda i: (hits[i].start, -hits[i].end))
    inside: set[int] = set()
    reach = -1  # the furthest end among hits that start before the current start
    k = 0
    while k < len(order):
        start = hits[order[k]].start
        j = k
        while j < len(order) and hits[order[j]].start == start:
            j += 1
        group = order[k:j]
        longest = hits[group[0]].end  # sorted by end descending within a start
        for i in group:
            if reach >= hits[i].end or longest > hits[i].end:
                inside.add(i)
        reach = max(reach, longest)
        k = j
    return [h for i, h in enumerate(hits) if i not in inside]


def _redline_hits(c: CompiledReview, res: SlotResult, lang: str) -> None:
    """Breaches in any words (肯定回正, 重新测评调到C4, 撤诉就私下补偿 …), in the trainee's own
    voice only: steps that analyse what happened describe the case, they do not plan."""
    norm, slot = res.norm, res.slot
    if slot.step in ANALYSIS_STEPS or not c.redlines:
        return
    action_step = slot.kind == "actions"
    voice = res.voice or Voice(norm)
    taken = _Cover([(h.where.start, h.where.end) for h in res.avoid])

    def breach(rl: RedLine) -> re.Match[str] | None:
        """The first match of the red line that is no rule, no negation, not someone else's."""
        for pattern in rl.patterns:
            for m in pattern.finditer(norm):
                a, b = m.start(), m.end()
                clause = clause_before(norm, a, reach=30) + norm[a:b] + _clause_after(norm, b)
                if (
                    any(w in clause for w in rl.unless)
                    or negation_before(norm, a, zh_reach=4, en_words=8) is not None
                    or (rl.scope == "own" and voice.exempt(a, b, action_step=action_step))
                    or taken.holds(a)
                ):
                    continue
                return m
        return None

    for rl in c.redlines:
        m = breach(rl)
        if m is None:
            continue
        a, b = m.start(), m.end()
        res.avoid.append(
            AvoidHit(
                phrase=rl.id,
                matched=norm[a:b],
                penalty=0.0,
                reason=rl.reason.get(lang),
                rule=rl.rule,
                source="builtin",
                where=Where(slot.id, slot.step, _snippet(norm, a, b), a, b),
                charged=True,
                severity="redline",
                cap=rl.cap,
            )
        )


def _clause_after(norm: str, end: int, reach: int = 24) -> str:
    stop = end
    while stop < len(norm) and stop - end < reach and not is_break(norm, stop):
        stop += 1
    return norm[end:stop]


def _near(norm: str, start: int, end: int, words: tuple[str, ...]) -> bool:
    clause = clause_before(norm, start) + norm[start:end] + _clause_after(norm, end)
    clause = clause.replace("理财经理", "").replace("理财师", "")  # a person, not a product
    return any(w in clause for w in words)


def _blank(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with each of the (disjoint) ``spans`` replaced by as many spaces, in one pass."""
    parts, prev = [], 0
    for s, e in sorted(spans):
        parts.extend((text[prev:s], " " * (e - s)))
        prev = e
    parts.append(text[prev:])
    return "".join(parts)


def _signals(
    res: SlotResult, full: str, norm: str, spans: list[tuple[int, int]], stuffed: set[int]
) -> None:
    own = _blank(norm, [spans[idx] for idx in stuffed])
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
    simple = to_simplified(full)  # 目標…億元，實際…萬元 read as 目标…亿元，实际…万元
    if len(simple) == len(full):
        full = simple
    low = full.lower()
    for q in find_quantities(full):
        res.evidence = True
        if _GAP_BEFORE.search(low[max(0, q.start - 8) : q.start]) or _GAP_AFTER.match(low, q.end):
            # 比目标少15个百分点: a difference, not a goal or a result
            res.quantities.append((q, "gap"))
            continue
        before = _label_before(low, q.start)
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


_GAP_BEFORE = re.compile(
    r"(?:比|较|离|距|距离)(?:目标|计划|预期|去年|上年|同期)?(?:少|多|差|低|高|短|落后|超出?)了?约?$|差距|缺口|相差|gap of|short by|shortfall of|below (?:the )?(?:target|goal) by"
)
_GAP_AFTER = re.compile(
    r"\s?(?:个百分点|百分点|pp\b|percentage points?|points? (?:short|below|behind))"
)
_LABEL_END = re.compile(r"[,，。;；!！?？\n]")


def _label_before(low: str, start: int, reach: int = 16) -> str:
    """The words just before a number, back to a comma or full stop — a colon is kept, since
    目标：80分 and "target: 1.2 million" label the number after it."""
    stop = max(0, start - reach)
    i = start
    while i > stop and not _LABEL_END.match(low, i - 1):
        i -= 1
    return low[i:start]
