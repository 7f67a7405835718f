"""How far the engine agrees with a senior trainer: the calibration set, scored and compared.

The set lives in ``casebank/calibration/<case-id>/``: answer files in the ``coach score`` format
and ``marks.csv`` (answer_file, score, kind, lang, why) marked by hand before any engine ran.
Beside the engine, the same answers are scored by plain keyword coverage — the share of key
points with any keyword anywhere, what H5P Essay does — as the floor any rule set must beat.

Plain Python (no pandas): the bench and a test both run it over about two hundred answers.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from coach.analysis.calibrate import quadratic_kappa
from coach.content import ContentIndex
from coach.domain.content import Case
from coach.domain.records import Answers
from coach.review import parse_answer_markdown, review_answers
from coach.review.matcher import PhraseMatcher
from coach.review.normalize import normalize

#: The day answers are read against when a case declares none (due dates, "next Friday").
DEFAULT_DAY = date(2026, 1, 5)


@dataclass(slots=True)
class Marked:
    """One hand-marked answer of the calibration set."""

    case_id: str
    file: str
    kind: str
    lang: str  # zh | en | zh-Hant
    human: float
    answers: Answers
    why: str = ""


@dataclass(slots=True)
class Figures:
    n: int
    kappa: float
    r: float
    mae: float
    within10: float


@dataclass(slots=True)
class Validity:
    items: list[Marked]
    engine: list[float]
    floor: list[float]
    overall: Figures = field(init=False)
    floor_overall: Figures = field(init=False)

    def __post_init__(self) -> None:
        self.overall = figures([m.human for m in self.items], self.engine)
        self.floor_overall = figures([m.human for m in self.items], self.floor)

    def by_case(self) -> dict[str, tuple[Figures, Figures]]:
        out: dict[str, tuple[Figures, Figures]] = {}
        for cid in sorted({m.case_id for m in self.items}):
            idx = [i for i, m in enumerate(self.items) if m.case_id == cid]
            human = [self.items[i].human for i in idx]
            out[cid] = (
                figures(human, [self.engine[i] for i in idx]),
                figures(human, [self.floor[i] for i in idx]),
            )
        return out

    def by_kind(self) -> dict[str, tuple[int, float, float, float, float]]:
        """kind -> (n, mean human, mean engine, min engine, max engine)."""
        out: dict[str, tuple[int, float, float, float, float]] = {}
        for kind in sorted({m.kind for m in self.items}):
            idx = [i for i, m in enumerate(self.items) if m.kind == kind]
            eng = [self.engine[i] for i in idx]
            out[kind] = (
                len(idx),
                sum(self.items[i].human for i in idx) / len(idx),
                sum(eng) / len(eng),
                min(eng),
                max(eng),
            )
        return out


def pearson(a: Sequence[float], b: Sequence[float]) -> float:
    n = len(a)
    if n < 2:
        return math.nan
    ma, mb = sum(a) / n, sum(b) / n
    sa = math.sqrt(sum((x - ma) ** 2 for x in a))
    sb = math.sqrt(sum((y - mb) ** 2 for y in b))
    if not sa or not sb:
        return math.nan
    return sum((x - ma) * (y - mb) for x, y in zip(a, b, strict=True)) / (sa * sb)


def figures(human: Sequence[float], other: Sequence[float]) -> Figures:
    diffs = [abs(x - y) for x, y in zip(human, other, strict=True)]
    n = len(diffs)
    return Figures(
        n=n,
        kappa=quadratic_kappa(list(human), list(other)) if n else math.nan,
        r=pearson(human, other),
        mae=sum(diffs) / n if n else math.nan,
        within10=sum(d <= 10 for d in diffs) / n if n else math.nan,
    )


def read_set(root: Path, index: ContentIndex) -> tuple[list[Marked], list[str]]:
    """Every marked answer under ``root`` (one folder per case) and one line per problem."""
    items: list[Marked] = []
    problems: list[str] = []
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        case = index.cases.get(folder.name)
        marks = folder / "marks.csv"
        if case is None or not marks.is_file():
            problems.append(f"{folder}: no case with this id, or no marks.csv")
            continue
        framework = index.framework_for(case)
        with open(marks, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(io.StringIO(fh.read())))
        for n, row in enumerate(rows, start=2):
            path = folder / (row.get("answer_file") or "").strip()
            try:
                human = float(row["score"])
                text = path.read_text(encoding="utf-8")
            except (KeyError, ValueError, OSError) as e:
                problems.append(f"{marks}:{n}: {e}")
                continue
            answers, bad = parse_answer_markdown(text, case, framework)
            problems.extend(f"{path}: {b}" for b in bad)
            items.append(
                Marked(
                    case.id,
                    path.name,
                    (row.get("kind") or "").strip(),
                    (row.get("lang") or "zh").strip(),
                    human,
                    answers,
                    (row.get("why") or "").strip(),
                )
            )
    return items, problems


def second_marks(root: Path) -> tuple[list[float], list[float]]:
    """(first marker, second marker) over every answer a second marker marked blind
    (``marks-b.csv`` beside ``marks.csv``): the agreement two experts reach is the ceiling."""
    first: list[float] = []
    second: list[float] = []
    for folder in sorted(p for p in Path(root).iterdir() if p.is_dir()):
        b_path = folder / "marks-b.csv"
        if not b_path.is_file() or not (folder / "marks.csv").is_file():
            continue
        with open(folder / "marks.csv", encoding="utf-8-sig", newline="") as fh:
            a = {r["answer_file"].strip(): float(r["score"]) for r in csv.DictReader(fh)}
        with open(b_path, encoding="utf-8-sig", newline="") as fh:
            for r in csv.DictReader(fh):
                key = r["answer_file"].strip()
                if key in a:
                    first.append(a[key])
                    second.append(float(r["score"]))
    return first, second


def engine_lang(lang: str) -> str:
    """The language feedback is given in: Traditional Chinese answers get Chinese feedback."""
    return "en" if lang == "en" else "zh"


def case_day(case: Case) -> date:
    return getattr(case, "as_of", None) or DEFAULT_DAY


def engine_score(index: ContentIndex, m: Marked) -> float:
    case = index.cases[m.case_id]
    bank = index.bank_of(case)
    fb = review_answers(
        case,
        index.framework_for(case),
        m.answers,
        lang=engine_lang(m.lang),
        today=case_day(case),
        extra_avoid=bank.avoid if bank else (),
        extra_must_say=bank.must_say if bank else (),
    )
    return fb.score


_COVERAGE: dict[str, PhraseMatcher] = {}


def keyword_coverage(case: Case, answers: Answers) -> float:
    """The floor: 100 × the weighted share of key points with any keyword anywhere."""
    matcher = _COVERAGE.get(case.id)
    if matcher is None:
        matcher = PhraseMatcher(
            (i, term)
            for i, kp in enumerate(case.key_points)
            for kw in kp.keywords
            for term in kw.terms
        )
        _COVERAGE[case.id] = matcher
    parts = [t for t in answers.text.values() if isinstance(t, str)]
    for causes in answers.causes.values():
        parts.extend(" ".join([c.text, *c.whys, c.evidence]) for c in causes)
    for actions in answers.actions.values():
        parts.extend(" ".join([a.what, a.owner, a.due, a.measure]) for a in actions)
    text = normalize("\n".join(parts))
    found = {h.entry for h in matcher.iter(text)}
    total = sum(max(0.0, kp.weight) for kp in case.key_points)
    got = sum(max(0.0, kp.weight) for i, kp in enumerate(case.key_points) if i in found)
    return round(100 * got / total, 1) if total else 0.0


def evaluate(
    root: Path,
    index: ContentIndex,
    score: Callable[[ContentIndex, Marked], float] = engine_score,
) -> tuple[Validity, list[str]]:
    items, problems = read_set(root, index)
    engine = [score(index, m) for m in items]
    floor = [keyword_coverage(index.cases[m.case_id], m.answers) for m in items]
    return Validity(items, engine, floor), problems


def _f(x: float, digits: int = 2) -> str:
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{digits}f}"


def report_lines(v: Validity, ceiling: Figures | None = None) -> list[str]:
    """The validity table: per case and overall, then the mean engine score per kind."""
    head = "| case | n | κ | r | MAE | ≤10 pts | floor κ | floor MAE |"
    lines = [head, "|---|--:|--:|--:|--:|--:|--:|--:|"]

    def row(name: str, e: Figures, f: Figures) -> str:
        return (
            f"| {name} | {e.n} | {_f(e.kappa)} | {_f(e.r)} | {_f(e.mae, 1)} | "
            f"{e.within10:.0%} | {_f(f.kappa)} | {_f(f.mae, 1)} |"
        )

    for cid, (e, f) in v.by_case().items():
        lines.append(row(cid, e, f))
    lines.append(row("**overall**", v.overall, v.floor_overall))
    if ceiling is not None and ceiling.n:
        lines.append(
            f"| second marker vs first (blind, the ceiling) | {ceiling.n} | {_f(ceiling.kappa)} | "
            f"{_f(ceiling.r)} | {_f(ceiling.mae, 1)} | {ceiling.within10:.0%} | | |"
        )
    lines += [
        "",
        "| kind | n | expert (mean) | engine (mean) | engine min–max |",
        "|---|--:|--:|--:|--:|",
    ]
    for kind, (n, h, e, lo, hi) in v.by_kind().items():
        lines.append(f"| {kind} | {n} | {h:.1f} | {e:.1f} | {lo:.0f}–{hi:.0f} |")
    return lines
