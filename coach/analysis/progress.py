"""A trainee's progress through the curricula, in plain Python.

The Home screen shows these counts at start-up, so this module must never import pandas: a few
hundred attempts are summed faster by hand than pandas takes to import.

Definitions (the F1 help of Home and Progress says the same):
- an attempt counts once it is submitted and scored;
- a case is *passed* when its best score reaches its curriculum's ``pass_score``, *failed* when
  it has attempts but none reaches it; a module is passed when every case in it is;
- a case is *locked* while a prerequisite module of its curriculum is not passed (and it has
  neither attempts nor a draft: work already done is never hidden behind a lock); a case that
  two curricula list is locked only when both lock it: one that offers it without prerequisites
  opens it (a case has one status, the same in Learn, Progress and Home, since its attempts
  count in every curriculum that lists it);
- "done" of a module counts its passed cases; its average is the mean of its cases' best scores;
- the next case is the first case of the current curriculum (the one last worked in, else the
  first) that is neither passed nor locked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from coach.content import ContentIndex
from coach.domain.content import Curriculum
from coach.domain.records import Attempt, Draft

Status = Literal["new", "draft", "passed", "failed", "locked"]

DEFAULT_PASS_SCORE = 60.0  # cases outside every curriculum
RECENT = 8  # scores in a module's sparkline


@dataclass(slots=True)
class ScorePoint:
    """One submitted attempt on the time line."""

    when: str  # ISO timestamp of submission
    case_id: str
    score: float
    attempt_id: str


@dataclass(slots=True)
class CaseProgress:
    case_id: str
    module_id: str
    curriculum_id: str  # "" for a case outside every curriculum
    pass_score: float
    status: Status = "new"
    attempts: int = 0
    first: float | None = None
    best: float | None = None
    last: float | None = None
    seconds: float = 0.0
    points: list[ScorePoint] = field(default_factory=list)  # oldest first
    draft_id: str | None = None
    first_attempt_id: str | None = None
    best_attempt_id: str | None = None
    last_attempt_id: str | None = None
    locked_by: tuple[str, ...] = ()  # prerequisite module ids not yet passed

    @property
    def passed(self) -> bool:
        return self.best is not None and self.best >= self.pass_score


@dataclass(slots=True)
class ModuleProgress:
    module_id: str
    curriculum_id: str
    cases: list[CaseProgress]
    prerequisites: tuple[str, ...] = ()
    locked_by: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return len(self.cases)

    @property
    def done(self) -> int:
        return sum(1 for c in self.cases if c.passed)

    @property
    def passed(self) -> bool:
        return bool(self.cases) and all(c.passed for c in self.cases)

    @property
    def average(self) -> float | None:
        bests = [c.best for c in self.cases if c.best is not None]
        return sum(bests) / len(bests) if bests else None

    @property
    def recent(self) -> list[float]:
        points = sorted((p for c in self.cases for p in c.points), key=lambda p: p.when)
        return [p.score for p in points[-RECENT:]]

    @property
    def seconds(self) -> float:
        return sum(c.seconds for c in self.cases)

    @property
    def attempts(self) -> int:
        return sum(c.attempts for c in self.cases)


@dataclass(slots=True)
class CurriculumProgress:
    curriculum_id: str  # "" for the cases outside every curriculum
    pass_score: float
    modules: list[ModuleProgress]
    next_case: str | None = None

    @property
    def cases(self) -> list[CaseProgress]:
        return [c for m in self.modules for c in m.cases]


@dataclass(slots=True)
class Progress:
    curricula: list[CurriculumProgress]  # bundled order; the "other cases" group last
    current: str | None  # the curriculum last worked in, else the first
    drafts: list[Draft]  # open drafts of known cases, most recently saved first
    points: list[ScorePoint]  # every scored attempt, oldest first

    def curriculum(self, curriculum_id: str | None) -> CurriculumProgress | None:
        return next((c for c in self.curricula if c.curriculum_id == curriculum_id), None)

    def case(self, case_id: str, curriculum_id: str | None = None) -> CaseProgress | None:
        """A case's progress: in the given curriculum, else the first that lists it."""
        for cur in self.curricula:
            if curriculum_id is not None and cur.curriculum_id != curriculum_id:
                continue
            for cp in cur.cases:
                if cp.case_id == case_id:
                    return cp
        return None

    def locked(self, case_id: str) -> CaseProgress | None:
        """The case's progress when it is locked (its ``locked_by`` says what unlocks it), else
        None: a case with work done, or that some curriculum offers without a lock, is open."""
        cp = self.case(case_id)
        return cp if cp is not None and cp.status == "locked" else None

    @property
    def next_case(self) -> str | None:
        cur = self.curriculum(self.current)
        return cur.next_case if cur else None

    @property
    def seconds(self) -> float:
        seen: set[str] = set()
        total = 0.0
        for cur in self.curricula:
            for cp in cur.cases:
                if cp.case_id not in seen:
                    seen.add(cp.case_id)
                    total += cp.seconds
        return total


def draft_case_id(draft: Draft) -> str | None:
    """The case a draft belongs to ("case:<id>"), or None for a review's draft."""
    kind, _, rest = draft.target.partition(":")
    return rest if kind == "case" and rest else None


def scored(attempts: Iterable[Attempt]) -> list[Attempt]:
    """Submitted attempts with a score, oldest first."""
    done = [a for a in attempts if a.submitted and a.score is not None]
    return sorted(done, key=lambda a: (a.submitted, a.id))


def compute_progress(
    content: ContentIndex, attempts: Iterable[Attempt], drafts: Iterable[Draft]
) -> Progress:
    """Progress per curriculum, module and case from the profile's attempts and drafts."""
    by_case: dict[str, list[Attempt]] = {}
    all_scored = scored(attempts)
    for a in all_scored:
        by_case.setdefault(a.case_id, []).append(a)
    draft_of: dict[str, Draft] = {}
    for d in sorted(drafts, key=lambda d: d.updated):
        cid = draft_case_id(d)
        if cid is not None and cid in content.cases:
            draft_of[cid] = d  # the newest draft of a case wins

    groups: list[CurriculumProgress] = []
    placed: set[str] = set()
    for cur in content.curricula.values():
        groups.append(_curriculum_progress(cur, content, by_case, draft_of))
        placed.update(cur.case_ids())
    _one_lock_per_case(groups)
    rest = [c for c in content.cases.values() if c.id not in placed]
    if rest:
        modules: dict[str, list[CaseProgress]] = {}
        for case in rest:
            cp = _case_progress(case.id, case.module, "", DEFAULT_PASS_SCORE, by_case, draft_of)
            modules.setdefault(case.module, []).append(cp)
        mods = [ModuleProgress(mid, "", cps) for mid, cps in modules.items()]
        groups.append(CurriculumProgress("", DEFAULT_PASS_SCORE, mods, _next_in(mods)))

    current = _current_curriculum(content, all_scored, groups)
    open_drafts = sorted(draft_of.values(), key=lambda d: d.updated, reverse=True)
    points = [ScorePoint(a.submitted, a.case_id, float(a.score or 0), a.id) for a in all_scored]
    return Progress(groups, current, open_drafts, points)


def _curriculum_progress(
    cur: Curriculum,
    content: ContentIndex,
    by_case: dict[str, list[Attempt]],
    draft_of: dict[str, Draft],
) -> CurriculumProgress:
    modules: list[ModuleProgress] = []
    for cm in cur.modules:
        cps = [
            _case_progress(ref.case, cm.module, cur.id, cur.pass_score, by_case, draft_of)
            for ref in cm.cases
            if ref.case in content.cases
        ]
        modules.append(ModuleProgress(cm.module, cur.id, cps, tuple(cm.prerequisites)))
    passed = {m.module_id for m in modules if m.passed}
    for m in modules:
        m.locked_by = tuple(p for p in m.prerequisites if p not in passed)
        if not m.locked_by:
            continue
        for cp in m.cases:
            cp.locked_by = m.locked_by
            if cp.status == "new":
                cp.status = "locked"
    return CurriculumProgress(cur.id, cur.pass_score, modules, _next_in(modules))


def _one_lock_per_case(groups: list[CurriculumProgress]) -> None:
    """A case another curriculum offers without a lock is open in every curriculum."""
    open_somewhere = {cp.case_id for g in groups for cp in g.cases if not cp.locked_by}
    for g in groups:
        changed = False
        for cp in g.cases:
            if cp.locked_by and cp.case_id in open_somewhere:
                cp.locked_by = ()
                if cp.status == "locked":
                    cp.status = "new"
                changed = True
        if changed:
            g.next_case = _next_in(g.modules)


def _case_progress(
    case_id: str,
    module_id: str,
    curriculum_id: str,
    pass_score: float,
    by_case: dict[str, list[Attempt]],
    draft_of: dict[str, Draft],
) -> CaseProgress:
    cp = CaseProgress(case_id, module_id, curriculum_id, pass_score)
    done = by_case.get(case_id, [])
    draft = draft_of.get(case_id)
    cp.draft_id = draft.id if draft else None
    if done:
        scores = [float(a.score or 0) for a in done]
        best_i = max(range(len(done)), key=lambda i: (scores[i], -i))  # the earliest best
        cp.attempts = len(done)
        cp.first, cp.best, cp.last = scores[0], scores[best_i], scores[-1]
        cp.first_attempt_id, cp.best_attempt_id = done[0].id, done[best_i].id
        cp.last_attempt_id = done[-1].id
        cp.seconds = sum(max(a.seconds, 0.0) for a in done)
        cp.points = [
            ScorePoint(a.submitted, case_id, s, a.id) for a, s in zip(done, scores, strict=True)
        ]
    if cp.passed:
        cp.status = "passed"
    elif draft is not None:
        cp.status = "draft"
    elif done:
        cp.status = "failed"
    return cp


def _next_in(modules: list[ModuleProgress]) -> str | None:
    for m in modules:
        for cp in m.cases:
            if cp.status in ("new", "draft", "failed"):
                return cp.case_id
    return None


def _current_curriculum(
    content: ContentIndex, done: list[Attempt], groups: list[CurriculumProgress]
) -> str | None:
    ids = {g.curriculum_id for g in groups}
    for a in reversed(done):
        if a.curriculum_id in ids and a.curriculum_id:
            return a.curriculum_id
        cur = content.curriculum_of(a.case_id)
        if cur is not None:
            return cur.id
    return groups[0].curriculum_id if groups else None
