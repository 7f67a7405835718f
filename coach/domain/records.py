"""Records a person makes: attempts, drafts, reviews, deals, actions, lessons, settings, grades.

Every record has a stable ``id`` (a UUID string, also its key in the store) and a
``rev`` that the store raises on each save, so a save based on an old copy is refused.
Records are plain dataclasses; ``to_data`` / ``from_data`` turn them into JSON-ready
dicts and back (unknown keys from a newer version are kept in ``extra``).
"""

from __future__ import annotations

import dataclasses
import typing
import uuid
from dataclasses import dataclass, field
from functools import cache
from typing import Any, ClassVar, Literal, TypeVar

R = TypeVar("R", bound="Record")


def new_id() -> str:
    return uuid.uuid4().hex


@dataclass(slots=True)
class Record:
    """Base of every stored record."""

    KIND: ClassVar[str] = "record"

    id: str = field(default_factory=new_id)
    rev: int = 0
    created: str = ""  # ISO timestamp, set by the store on first save
    updated: str = ""  # ISO timestamp, set by the store on each save
    extra: dict[str, Any] = field(default_factory=dict)

    def to_data(self) -> dict[str, Any]:
        return _to_data(self)

    @classmethod
    def from_data(cls: type[R], data: dict[str, Any]) -> R:
        return _from_data(cls, data)


@dataclass(slots=True)
class Cause:
    """One cause in an analysis: its category, the statement, the why-chain and evidence."""

    text: str = ""
    category: str = ""  # a key of coach.domain.content.CAUSE_CATEGORIES
    whys: list[str] = field(default_factory=list)
    evidence: str = ""


@dataclass(slots=True)
class ActionItem:
    """An improvement action as written inside an answer (becomes an Action when saved)."""

    what: str = ""
    owner: str = ""
    due: str = ""  # as written: 2025-03-10, 下周五, within 2 weeks …
    measure: str = ""


@dataclass(slots=True)
class Answers:
    """What a person wrote in a framework instance: text per question or step, plus structure."""

    text: dict[str, str] = field(default_factory=dict)  # question id (or step id) -> text
    causes: dict[str, list[Cause]] = field(default_factory=dict)  # question/step id -> causes
    actions: dict[str, list[ActionItem]] = field(default_factory=dict)


@dataclass(slots=True)
class Grade:
    """An instructor's override of one rubric criterion, with a comment."""

    criterion: str = ""
    score: float = 0.0
    comment: str = ""


@dataclass(slots=True)
class Attempt(Record):
    """One practice of one case. Every attempt is kept; first and best are derived."""

    KIND: ClassVar[str] = "attempts"

    case_id: str = ""
    case_hash: str = ""  # the case version it was made on
    curriculum_id: str = ""
    framework_id: str = ""
    lang: str = "zh"
    answers: Answers = field(default_factory=Answers)
    started: str = ""
    submitted: str = ""
    seconds: float = 0.0  # time spent
    score: float | None = None  # the engine's score at submission (recomputable)
    breakdown: list[dict[str, Any]] = field(default_factory=list)
    self_score: dict[str, float] = field(default_factory=dict)  # criterion id -> share 0..1
    instructor_grades: list[Grade] = field(default_factory=list)
    instructor_comment: str = ""
    instructor: str = ""


@dataclass(slots=True)
class Draft(Record):
    """Unsubmitted work, saved as the person types; one per case (or per review)."""

    KIND: ClassVar[str] = "drafts"

    target: str = ""  # "case:<id>" or "review:<id>"
    framework_id: str = ""
    answers: Answers = field(default_factory=Answers)
    step: int = 0
    seconds: float = 0.0
    lang: str = "zh"


DealOutcome = Literal["won", "lost", "open"]
LossType = Literal["competitor", "no_decision", "unknown", ""]


@dataclass(slots=True)
class Deal(Record):
    """One deal in the salesperson's log. Amounts are in the currency's base unit (元, dollars)."""

    KIND: ClassVar[str] = "deals"

    client: str = ""
    product: str = ""
    amount: float | None = None
    currency: str = "CNY"
    target: float | None = None
    stage: str = ""
    outcome: DealOutcome = "open"
    loss_type: LossType = ""
    opened: str = ""  # ISO date
    closed: str = ""  # ISO date
    loss_reason: str = ""
    loss_reason_2: str = ""
    competitor: str = ""
    owner: str = ""
    tags: list[str] = field(default_factory=list)
    notes: str = ""
    source: str = ""  # where it came from: "manual", or an import file name
    external_id: str = ""  # the CRM's id, for re-imports


@dataclass(slots=True)
class Review(Record):
    """A filled-in framework about a deal, a set of deals, a period or a case."""

    KIND: ClassVar[str] = "reviews"

    subject: Literal["deal", "deals", "period", "case"] = "deal"
    title: str = ""
    framework_id: str = "five-step"
    deal_ids: list[str] = field(default_factory=list)
    period: str = ""  # e.g. 2025-Q2
    answers: Answers = field(default_factory=Answers)
    lessons: list[str] = field(default_factory=list)
    action_ids: list[str] = field(default_factory=list)
    status: Literal["draft", "done"] = "draft"


@dataclass(slots=True)
class Action(Record):
    """An improvement action tracked to closure (执行与跟踪)."""

    KIND: ClassVar[str] = "actions"

    review_id: str = ""
    text: str = ""
    owner: str = ""
    due: str = ""  # ISO date
    measure: str = ""
    status: Literal["open", "done", "dropped"] = "open"
    closed: str = ""
    worked: int | None = None  # 1..5: did it work?
    note: str = ""


@dataclass(slots=True)
class Lesson(Record):
    """A distilled rule that comes back on a spaced schedule until it is learned."""

    KIND: ClassVar[str] = "lessons"

    review_id: str = ""
    text: str = ""
    due: str = ""  # ISO timestamp of the next showing
    card: dict[str, Any] = field(default_factory=dict)  # the scheduler's own state
    reviews: int = 0


@dataclass(slots=True)
class Setting(Record):
    """One named setting of a profile (language, theme, last screen …)."""

    KIND: ClassVar[str] = "settings"

    key: str = ""
    value: Any = None


@dataclass(slots=True)
class GradeRecord(Record):
    """An instructor's grade of one trainee attempt, kept in the instructor's own store and
    returned to the trainee in a graded bundle. The attempt itself is never edited: this record
    names it, and keeps who graded, when, the automatic score it overrides and every earlier
    version (``history``) — an audit trail a compliance officer can read."""

    KIND: ClassVar[str] = "grades"

    attempt_id: str = ""
    trainee_id: str = ""  # the trainee's profile id
    trainee_name: str = ""
    case_id: str = ""
    case_hash: str = ""  # the case version the attempt was made on
    grader: str = ""
    graded: str = ""  # ISO timestamp of this version
    auto_score: float | None = None  # the engine's score (rescored by the instructor) overridden
    auto_points: dict[str, float] = field(default_factory=dict)  # criterion id -> engine points
    max_points: dict[str, float] = field(default_factory=dict)  # criterion id -> maximum
    criteria: list[Grade] = field(default_factory=list)  # overrides, in points of the criterion
    comment: str = ""  # the overall comment
    score: float | None = None  # the score after the overrides
    history: list[dict[str, Any]] = field(default_factory=list)  # earlier versions, oldest first


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls for cls in (Attempt, Draft, Deal, Review, Action, Lesson, Setting, GradeRecord)
}


# --- a small codec: dataclasses <-> JSON-ready dicts -------------------------------------


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _to_data(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if f.name == "extra":
                continue
            out[f.name] = _to_data(value)
        extra = getattr(obj, "extra", None)
        if extra:
            for k, v in extra.items():
                out.setdefault(k, v)
        return out
    if isinstance(obj, dict):
        return {str(k): _to_data(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_to_data(v) for v in obj]
    return obj


def _from_data(cls: type, data: Any) -> Any:
    if not isinstance(data, dict):
        raise TypeError(f"{cls.__name__}: expected an object, got {type(data).__name__}")
    hints = _hints(cls)
    kwargs: dict[str, Any] = {}
    names = {f.name for f in dataclasses.fields(cls)}
    extra: dict[str, Any] = {}
    for key, value in data.items():
        if key in names and key != "extra":
            kwargs[key] = _convert(hints[key], value)
        elif key != "extra":
            extra[key] = value
    if "extra" in names:
        kwargs["extra"] = extra
    return cls(**kwargs)


def _convert(hint: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        return _from_data(hint, value)
    if origin is list and args:
        return [_convert(args[0], v) for v in value]
    if origin is dict and len(args) == 2:
        return {k: _convert(args[1], v) for k, v in value.items()}
    if origin in (typing.Union, getattr(__import__("types"), "UnionType", None)):
        for arg in args:
            if arg is type(None):
                continue
            if dataclasses.is_dataclass(arg):
                return _from_data(arg, value)
        return value
    return value
