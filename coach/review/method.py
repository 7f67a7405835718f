"""The method of a 复盘, marked the way a senior trainer marks it (shared/design/marking-scheme.md):
data and gap 20, root causes 25, lessons and rules 15, actions 25, tracking 15.

A case's rubric says which of *its* points an answer makes; these five say how well the answer
does the review itself, whatever the case. Each is a share 0..1 from signals the trainee can see
in the feedback (figures found, why levels, own-side causes, rule lines, SMART letters, tracking
indicators with a date or a rhythm). They are added to every rubric as the criteria of
``METHOD`` (weight: ``METHOD_WEIGHT`` of the total), so a tidy answer that makes the case's points
but traces nothing and tracks nothing cannot score like an excellent one.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections.abc import Sequence

from coach.domain.content import ANALYSIS_STEPS
from coach.review.analyse import INSIGHT_STEPS, SlotResult
from coach.review.feedback import CauseDepth, GoalGap, SmartResult
from coach.review.normalize import text_units

#: The method criteria and their weights (the marking scheme's parts).
METHOD: dict[str, float] = {
    "method-data": 20.0,
    "method-causes": 25.0,
    "method-lessons": 15.0,
    "method-actions": 25.0,
    "method-tracking": 15.0,
}
#: The share of the total the method criteria carry beside a case's own rubric.
METHOD_WEIGHT = 0.5
#: A case is marked on its method when its questions span this many framework steps (a whole
#: review); a two-question exercise is marked on its own rubric alone.
METHOD_MIN_STEPS = 3

#: Figures from the case, in the steps that analyse what happened and outside lists of words,
#: that make a full data part: goal, result, gap and attainment for each measure, and the
#: comparison the case is built on (an excellent answer on the calibration set holds 20 or more).
FIGURES_FULL = 20
#: Causes traced at least two levels, with evidence, that make a full analysis.
CAUSES_FULL = 3
#: Rule lines in the lesson steps, and tracking lines (an indicator with a date or a rhythm),
#: that make those parts full.
RULES_FULL = 3
TRACKING_FULL = 3
#: SMART actions that make a full plan.
ACTIONS_FULL = 4

_RULE = re.compile(
    r"以后|下次|今后|规则|原则|经验|教训|必须|一律|每次|先[^，。]{1,12}再|要[^，。]{2,}|不能|不要|保留|坚持|继续"
    r"|\b(?:next time|always|never|rules?|lessons?|keep|every|each|first [^,.]{1,30} then|must|should)\b"
)
#: Rules are counted one per line or per sentence (a line of rules joined by ； holds several).
_RULE_SPLIT = re.compile(r"[\n。；;]|\.\s")
_TRACK = re.compile(
    r"跟踪|追踪|复盘|检查|回顾|看板|指标|监测|复核|抽查|抽检|对比|通报|反馈|周报|月报|晨会|例会|领先指标|滞后指标|过程指标|结果指标"
    r"|\b(?:track\w*|review\w*|check\w*|monitor\w*|dashboard|indicator\w*|kpi|leading|lagging|feedback|follow[- ]up)\b"
)
_RHYTHM = re.compile(
    r"每周|每月|每季|每天|每日|每两周|每半月|周[一二三四五六日]|月底|月末|季末|季度末|年底|\d{1,2}月\d{1,2}日|\d{4}-\d{1,2}"
    r"|\b(?:weekly|monthly|daily|quarterly|every (?:week|month|quarter|day)|by \w+|end of \w+)\b"
)


def in_spans(spans: Sequence[tuple[int, int]], pos: int) -> bool:
    """Is ``pos`` inside one of ``spans`` (sorted and disjoint, as ``list_lines`` gives them)?"""
    i = bisect_right(spans, (pos, math.inf)) - 1
    return i >= 0 and pos < spans[i][1]


def _share(x: float) -> float:
    return max(0.0, min(1.0, x))


def method_shares(
    results: Sequence[SlotResult],
    depths: Sequence[CauseDepth],
    smart: Sequence[SmartResult],
    gap: GoalGap,
) -> dict[str, float]:
    """The five method shares of one answer."""
    figures = sum(
        1
        for r in results
        if r.slot.step in ANALYSIS_STEPS
        for q, _cue in r.quantities
        if not in_spans(r.list_spans, q.start)
    )
    data = 0.5 * (
        1.0 if gap.complete else 0.5 if gap.goal is not None or gap.result is not None else 0.0
    )
    data += 0.5 * _share(figures / FIGURES_FULL)

    traced = [d for d in depths if d.depth >= 2]
    evidenced = [d for d in traced if d.has_evidence]
    own = [d for d in depths if not d.outside]
    causes = 0.5 * _share(len(traced) / CAUSES_FULL) + 0.25 * _share(len(evidenced) / 2)
    causes += 0.25 * (1.0 if own and traced else 0.0)

    lesson_text = [r for r in results if r.slot.step in INSIGHT_STEPS]
    rule_lines = sum(
        1
        for r in lesson_text
        for line in _RULE_SPLIT.split(r.norm)
        if text_units(line) >= 8 and _RULE.search(line)
    )
    lessons = _share(rule_lines / RULES_FULL)

    complete = [s for s in smart if all(s.letters.get(k) for k in "SMAT")]
    partial = [s for s in smart if s.share >= 0.5]
    actions = 0.7 * _share(len(complete) / ACTIONS_FULL) + 0.3 * _share(len(partial) / ACTIONS_FULL)

    tracking_lines = 0
    for r in results:
        for line in r.norm.splitlines():
            if _TRACK.search(line) and _RHYTHM.search(line):
                tracking_lines += 1
    tracking = _share(tracking_lines / TRACKING_FULL)
    return {
        "method-data": round(data, 4),
        "method-causes": round(causes, 4),
        "method-lessons": round(lessons, 4),
        "method-actions": round(actions, 4),
        "method-tracking": round(tracking, 4),
    }
