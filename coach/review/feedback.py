"""What the engine returns: plain records the app and the reports render, and attempts store.

Every number in a Feedback can be traced: each breakdown line names the criterion or the rule,
its points and its maximum, and a reason in the reviewer's language.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Literal

RULES_VERSION = "review-rules/1"


@dataclass(slots=True)
class Where:
    """Where words were found: the answer (question or step id), its step, and a snippet."""

    slot: str
    step: str
    snippet: str
    start: int = 0  # offsets in the normalised answer text
    end: int = 0


@dataclass(slots=True)
class TermMatch:
    """One keyword occurrence and how it was counted."""

    keyword: str  # the keyword as the instructor wrote it (its first term)
    matched: str  # the words found, in matching form
    where: Where
    #: counted; negated (said to be absent); stuffed (in a list of words); dismissed (said to prove
    #: nothing: 试点选的都是好客户，说明不了什么); unquantified (a "quantifies" point, no figure near);
    #: vague (the sentence only says something was wrong: 系统流程有问题)
    status: Literal["counted", "negated", "stuffed", "dismissed", "unquantified", "vague"] = (
        "counted"
    )
    negation: str = ""  # the negating word, when negated


@dataclass(slots=True)
class KeyPointResult:
    id: str
    text: str
    weight: float
    question: str | None
    hit: bool
    matches: list[TermMatch] = field(default_factory=list)  # counted occurrences
    negated: list[TermMatch] = field(default_factory=list)
    stuffed: list[TermMatch] = field(default_factory=list)
    feedback: str = ""  # the instructor's hit feedback, or the missed hint
    note: str = ""  # why a mention did not count

    @property
    def status(self) -> str:
        if self.hit:
            return "hit"
        if self.negated:
            return "negated"
        if self.stuffed:
            return "stuffed"
        return "missed"


@dataclass(slots=True)
class AvoidHit:
    phrase: str
    matched: str
    penalty: float
    reason: str
    rule: str
    source: str  # case | bank | builtin
    where: Where
    charged: bool = True  # False for a repeat of a phrase already charged, or a warning (0)
    severity: str = (
        "penalty"  # warning | penalty | redline (caps the total: docs/feedback-rules.md)
    )
    cap: float = 100.0  # the highest total an answer with this hit can get


@dataclass(slots=True)
class MustSayResult:
    id: str
    phrases: list[str]
    satisfied: bool
    reason: str
    rule: str
    question: str | None = None
    where: Where | None = None
    note: str = ""


@dataclass(slots=True)
class SmartResult:
    """One improvement action against S, M, A, R (warning only) and T."""

    slot: str
    index: int
    text: str
    letters: dict[str, bool]
    missing: list[str]
    warnings: list[str] = field(default_factory=list)
    due: str = ""  # resolved ISO date, when understood
    reasons: list[str] = field(default_factory=list)  # one line per missing letter

    @property
    def share(self) -> float:
        return sum(self.letters[k] for k in "SMAT") / 4


@dataclass(slots=True)
class Pitfall:
    id: str
    title: str
    explanation: str
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class GoalGap:
    goal: float | None = None
    result: float | None = None
    goal_text: str = ""
    result_text: str = ""
    kind: str = ""
    currency: str = ""
    gap: float | None = None
    attainment: float | None = None  # percent of goal reached
    reason: str = ""
    doubtful: bool = False  # an attainment under 10% or over 300% with nothing saying so

    @property
    def complete(self) -> bool:
        return self.gap is not None and not self.doubtful


@dataclass(slots=True)
class CauseDepth:
    slot: str
    index: int
    text: str
    category: str
    depth: int
    has_evidence: bool
    flagged: bool
    reason: str = ""
    outside: bool = False  # put on someone the team does not control, nothing of its own


@dataclass(slots=True)
class StuffingFinding:
    slot: str
    snippet: str
    terms: list[str]
    reason: str


@dataclass(slots=True)
class BreakdownLine:
    id: str
    kind: Literal["criterion", "penalty"]
    title: str
    points: float
    max: float
    reason: str
    share: float = 0.0


@dataclass(slots=True)
class Feedback:
    """The full review of one set of answers. ``score`` is 0..100, explained by ``breakdown``."""

    score: float
    breakdown: list[BreakdownLine]
    key_points: list[KeyPointResult]
    avoid_hits: list[AvoidHit]
    must_say: list[MustSayResult]
    smart: list[SmartResult]
    pitfalls: list[Pitfall]
    goal_gap: GoalGap
    causes_depth: list[CauseDepth]
    stuffing: list[StuffingFinding]
    checks: dict[str, float]  # built-in check name -> share met, 0..1
    gates: list[str] = field(default_factory=list)  # the gates that closed (review/gates.py)
    content_hash: str = ""
    case_id: str = ""
    framework_id: str = ""
    lang: str = "zh"
    rules_version: str = RULES_VERSION

    @property
    def must_say_missing(self) -> list[MustSayResult]:
        return [m for m in self.must_say if not m.satisfied]

    @property
    def penalties(self) -> float:
        return -sum(line.points for line in self.breakdown if line.kind == "penalty")

    def to_data(self) -> dict[str, Any]:
        """JSON-ready (plain dicts, lists, strings, numbers), for storing in an attempt."""
        data = _plain(self)
        data["must_say_missing"] = [m["id"] for m in data["must_say"] if not m["satisfied"]]
        for kp, obj in zip(data["key_points"], self.key_points, strict=True):
            kp["status"] = obj.status
        return data


def _plain(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: _plain(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_plain(v) for v in obj]
    return obj
