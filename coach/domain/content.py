"""Content records: frameworks, case banks and curricula, as loaded and checked by coach.content.

These are immutable once loaded. The review engine reads them; nothing writes them back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from coach.domain.text import LText

#: How a step or question collects its answer: free text, a cause table, or an action list.
InputKind = Literal["text", "causes", "actions"]

#: Built-in checks a rubric criterion may cover, besides key points and must-say ids.
#: The review engine computes each one; the checker rejects any other name.
BUILTIN_CHECKS: dict[str, LText] = {
    "smart-actions": LText.of({"zh": "改进措施符合 SMART", "en": "Improvement actions are SMART"}),
    "root-cause-depth": LText.of(
        {"zh": "原因分析追问到三层以上", "en": "Causes traced through three or more whys"}
    ),
    "goal-gap": LText.of(
        {"zh": "目标与结果量化并算出差距", "en": "Goal and result quantified, gap computed"}
    ),
    "no-pitfalls": LText.of({"zh": "避开复盘五大误区", "en": "Avoids the five pitfalls of 复盘"}),
    "compliance": LText.of({"zh": "没有违规表述", "en": "No non-compliant wording"}),
    # the method of a review, as a senior trainer marks it (review/method.py)
    "method-data": LText.of({"zh": "方法：数据与差距", "en": "Method: data and gap"}),
    "method-causes": LText.of({"zh": "方法：根因与证据", "en": "Method: root causes and evidence"}),
    "method-lessons": LText.of({"zh": "方法：经验与规则", "en": "Method: lessons and rules"}),
    "method-actions": LText.of({"zh": "方法：措施（SMART）", "en": "Method: actions (SMART)"}),
    "method-tracking": LText.of({"zh": "方法：跟踪与反馈", "en": "Method: tracking and feedback"}),
}

#: Framework steps in which a trainee describes and analyses what happened (the built-in
#: frameworks' ids). There, naming what was missing is a finding and quoting a bad line is
#: evidence; every other step is the trainee's own lessons, plans and scripts.
ANALYSIS_STEPS = frozenset(
    ("collect", "analyse", "goal", "result", "intended", "happened", "why", "problem")
)

#: Cause categories a why-chain can be filed under.
CAUSE_CATEGORIES: dict[str, LText] = {
    "product": LText.of({"zh": "产品", "en": "Product"}),
    "marketing": LText.of({"zh": "营销", "en": "Marketing"}),
    "selling": LText.of({"zh": "销售", "en": "Selling"}),
    "client": LText.of({"zh": "客户", "en": "Client"}),
    "market": LText.of({"zh": "市场", "en": "Market"}),
    "competitor": LText.of({"zh": "竞争对手", "en": "Competitor"}),
    "self": LText.of({"zh": "自身 / 团队", "en": "Self / team"}),
}


@dataclass(frozen=True, slots=True)
class Loc:
    """Where a node was written: file path, 1-based line and column."""

    path: str
    line: int
    col: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: LText
    prompts: tuple[LText, ...] = ()
    hint: LText = field(default_factory=LText)
    input: InputKind = "text"


@dataclass(frozen=True, slots=True)
class Framework:
    id: str
    title: LText
    steps: tuple[Step, ...]
    summary: LText = field(default_factory=LText)
    loc: Loc | None = None

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.steps if s.id == step_id), None)


@dataclass(frozen=True, slots=True)
class Module:
    id: str
    title: LText
    summary: LText = field(default_factory=LText)
    loc: Loc | None = None


@dataclass(frozen=True, slots=True)
class Chart:
    type: Literal["line", "bar"]
    x: int  # column index
    y: tuple[int, ...]  # column indexes


@dataclass(frozen=True, slots=True)
class Exhibit:
    id: str
    title: LText
    columns: tuple[LText, ...]
    rows: tuple[tuple[str | int | float | LText | None, ...], ...]  # LText: a cell in both languages
    chart: Chart | None = None
    note: LText = field(default_factory=LText)


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    step: str
    prompt: LText
    hints: tuple[LText, ...] = ()
    input: InputKind | None = None  # None: the framework step's input kind


@dataclass(frozen=True, slots=True)
class Keyword:
    """A keyword and its synonyms: any one of ``terms`` counts; ``terms[0]`` is the keyword."""

    terms: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class KeyPoint:
    id: str
    text: LText
    keywords: tuple[Keyword, ...]
    weight: float = 1.0
    question: str | None = None  # None: matched anywhere in the answer
    feedback_hit: LText = field(default_factory=LText)
    feedback_missed: LText = field(default_factory=LText)


@dataclass(frozen=True, slots=True)
class AvoidPhrase:
    phrase: str
    penalty: float
    reason: LText
    rule: str = ""
    allow: tuple[str, ...] = ()  # compliant wordings that contain the phrase and must not count
    source: str = "case"  # case | bank | builtin


@dataclass(frozen=True, slots=True)
class MustSay:
    id: str
    phrases: tuple[str, ...]  # the phrase and its synonyms: any one satisfies it
    reason: LText
    rule: str = ""
    question: str | None = None


@dataclass(frozen=True, slots=True)
class Level:
    score: float  # share of the criterion, 0..1
    text: LText


@dataclass(frozen=True, slots=True)
class Criterion:
    id: str
    title: LText
    weight: float
    covers: tuple[str, ...]  # key point ids, must-say ids or BUILTIN_CHECKS names
    levels: tuple[Level, ...] = ()


@dataclass(frozen=True, slots=True)
class Case:
    id: str
    module: str
    title: LText
    summary: LText
    background: LText
    exhibits: tuple[Exhibit, ...]
    questions: tuple[Question, ...]
    key_points: tuple[KeyPoint, ...]
    rubric: tuple[Criterion, ...]
    avoid: tuple[AvoidPhrase, ...] = ()
    must_say: tuple[MustSay, ...] = ()
    teaching_note: LText = field(default_factory=LText)
    model_answer: dict[str, LText] = field(default_factory=dict)
    hints_in_practice: bool = False
    tags: tuple[str, ...] = ()
    difficulty: int = 2
    minutes: int = 30
    framework: str | None = None  # None: the curriculum's, else five-step
    bank: str = ""  # id of the bank it came from
    content_hash: str = ""  # sha256 of the case as written; attempts record it
    loc: Loc | None = None
    as_of: date | None = None  # the case's own "today": dates in answers are read against it

    def question(self, qid: str) -> Question | None:
        return next((q for q in self.questions if q.id == qid), None)


@dataclass(frozen=True, slots=True)
class Bank:
    """A case bank: one file or a folder of files sharing an id."""

    id: str
    title: LText
    modules: tuple[Module, ...] = ()
    avoid: tuple[AvoidPhrase, ...] = ()
    must_say: tuple[MustSay, ...] = ()


@dataclass(frozen=True, slots=True)
class CaseRef:
    case: str
    time_limit: int | None = None  # minutes, for class mode


@dataclass(frozen=True, slots=True)
class CurriculumModule:
    module: str
    cases: tuple[CaseRef, ...]
    prerequisites: tuple[str, ...] = ()  # module ids to pass first
    title: LText = field(default_factory=LText)  # defaults to the module's own title
    due: str | None = None  # ISO date, for "late" in cohort reports


@dataclass(frozen=True, slots=True)
class Curriculum:
    id: str
    title: LText
    modules: tuple[CurriculumModule, ...]
    framework: str = "five-step"
    pass_score: float = 60.0
    summary: LText = field(default_factory=LText)
    loc: Loc | None = None

    def case_ids(self) -> list[str]:
        return [ref.case for m in self.modules for ref in m.cases]
