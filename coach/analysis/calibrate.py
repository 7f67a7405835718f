"""Calibration: how far the automatic score is from human marks, and which keywords to fix.

``MARKS.csv`` has a ``score`` column (0–100, the human mark) and either ``answer_file`` (a
Markdown answer as ``coach score`` reads it, relative to the CSV's folder) or ``attempt_id`` (an
attempt in the hand-in bundles). The figures: the share exactly equal (within half a point) and
within a tolerance, mean over- and under-scoring, and quadratic-weighted Cohen's kappa over
10-point bands (0–9, 10–19 … 90–100). Per key point, the answers where engine and human disagree
most, with the keywords that would have made a match and what the answer said instead.
The same figures compare two human graders (``compare_marks``).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd

from coach.analysis.rescore import Job, Rescorer
from coach.content import ContentIndex
from coach.domain.content import Case
from coach.domain.records import Answers, Attempt
from coach.i18n import get_lang, tr
from coach.review import parse_answer_markdown
from coach.store.errors import StoreError

BANDS = 10


class MarksError(StoreError):
    """A marks file that cannot be read: the message names the file and line."""


@dataclass(slots=True)
class Mark:
    key: str  # the answer file (as written) or the attempt id
    score: float
    line: int
    answers: Answers | None = None
    lang: str = "zh"
    day: str = ""


@dataclass(slots=True)
class Agreement:
    n: int
    exact: float  # share, 0..1
    within: float
    tolerance: float
    mean_diff: float  # a - b
    over_n: int  # a above b by more than half a point
    over_mean: float  # mean of the positive differences
    under_n: int
    under_mean: float  # mean of the negative differences (as a positive number)
    kappa: float  # quadratic-weighted, over 10-point bands


@dataclass(slots=True)
class KeyPointDisagreement:
    key_point: str
    text: str
    keywords: list[str]  # any one of these would have matched
    rows: list[dict[str, object]] = field(default_factory=list)


@dataclass(slots=True)
class Calibration:
    case_id: str
    agreement: Agreement
    table: pd.DataFrame  # key, human, engine, diff
    key_points: list[KeyPointDisagreement]
    problems: list[str] = field(default_factory=list)


def band(score: float) -> int:
    return min(BANDS - 1, max(0, int(float(score) // 10)))


def quadratic_kappa(a: Sequence[float], b: Sequence[float], bands: int = BANDS) -> float:
    """Cohen's kappa with quadratic weights over score bands; 1 = perfect, 0 = chance."""
    if not a:
        return math.nan
    obs = [[0.0] * bands for _ in range(bands)]
    for x, y in zip(a, b, strict=True):
        obs[band(x)][band(y)] += 1
    n = float(len(a))
    ra = [sum(row) for row in obs]
    rb = [sum(obs[i][j] for i in range(bands)) for j in range(bands)]
    num = den = 0.0
    for i in range(bands):
        for j in range(bands):
            w = (i - j) ** 2 / (bands - 1) ** 2
            num += w * obs[i][j]
            den += w * ra[i] * rb[j] / n
    if den == 0:
        return 1.0 if num == 0 else math.nan
    return 1.0 - num / den


def agreement(a: Sequence[float], b: Sequence[float], tolerance: float = 10.0) -> Agreement:
    diffs = [float(x) - float(y) for x, y in zip(a, b, strict=True)]
    n = len(diffs)
    over = [d for d in diffs if d > 0.5]
    under = [-d for d in diffs if d < -0.5]

    def mean(xs: list[float]) -> float:
        return round(sum(xs) / len(xs), 1) if xs else 0.0

    return Agreement(
        n=n,
        exact=sum(abs(d) <= 0.5 for d in diffs) / n if n else math.nan,
        within=sum(abs(d) <= tolerance for d in diffs) / n if n else math.nan,
        tolerance=tolerance,
        mean_diff=mean(diffs),
        over_n=len(over),
        over_mean=mean(over),
        under_n=len(under),
        under_mean=mean(under),
        kappa=round(quadratic_kappa(a, b), 3) if n else math.nan,
    )


# --- reading marks ----------------------------------------------------------------------------


#: A marks file is one line per marked answer: a few MB at most; anything larger is refused.
MAX_MARKS_BYTES = 16 << 20


def _decode(path: Path) -> str:
    from coach.store.errors import InputRefused
    from coach.store.jsonfile import read_input

    try:
        raw = read_input(path, MAX_MARKS_BYTES)  # a regular file only: a FIFO would hang here
    except InputRefused as e:
        raise MarksError(str(e), path) from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise MarksError(
            tr(
                "{p}：第 {b} 字节不是 UTF-8，请另存为 UTF-8。",
                "{p}: not UTF-8 at byte {b}; save it as UTF-8.",
                p=path,
                b=e.start,
            ),
            path,
        ) from None


def read_marks(path: Path) -> tuple[str, list[Mark]]:
    """The key column (answer_file or attempt_id) and one Mark per row; errors name the line."""
    path = Path(path)
    rows = list(csv.reader(io.StringIO(_decode(path))))
    if not rows:
        raise MarksError(tr("{p}：文件是空的", "{p}: the file is empty", p=path), path)
    header = [h.strip().lower() for h in rows[0]]
    key_col = next((c for c in ("answer_file", "attempt_id") if c in header), None)
    if key_col is None or "score" not in header:
        raise MarksError(
            tr(
                "{p}：第 1 行应有 score 列，以及 answer_file 或 attempt_id 列（收到 {h}）",
                "{p}: line 1 needs a score column and an answer_file or attempt_id column "
                "(got {h})",
                p=path,
                h=", ".join(header) or "-",
            ),
            path,
        )
    ki, si = header.index(key_col), header.index("score")
    marks = []
    seen: set[str] = set()
    for line, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        key = row[ki].strip() if len(row) > ki else ""
        raw = row[si].strip() if len(row) > si else ""
        try:
            score = float(raw)
        except ValueError:
            score = math.nan
        if not key or math.isnan(score) or not 0 <= score <= 100:
            raise MarksError(
                tr(
                    "{p}：第 {n} 行：需要 {k} 和 0–100 的 score（收到“{s}”）",
                    '{p}: line {n}: needs {k} and a score of 0–100 (got "{s}")',
                    p=path,
                    n=line,
                    k=key_col,
                    s=raw,
                ),
                path,
            )
        if key in seen:
            raise MarksError(
                tr(
                    "{p}：第 {n} 行：{k} 重复出现",
                    "{p}: line {n}: {k} appears twice",
                    p=path,
                    n=line,
                    k=key,
                ),
                path,
            )
        seen.add(key)
        marks.append(Mark(key, score, line))
    return key_col, marks


def attach_answers(
    marks: list[Mark],
    key_col: str,
    case: Case,
    index: ContentIndex,
    base: Path,
    attempts: dict[str, Attempt] | None = None,
) -> list[str]:
    """Fill each mark's answers from its file or attempt; returns problems (one line each)."""
    framework = index.framework_for(case)
    problems: list[str] = []
    for m in marks:
        if key_col == "answer_file":
            p = Path(m.key)
            p = p if p.is_absolute() else base / p
            answers, bad = parse_answer_markdown(_decode(p), case, framework)
            problems.extend(f"{p}: {b}" for b in bad)
            m.answers, m.lang, m.day = answers, "zh", date.today().isoformat()
        else:
            a = (attempts or {}).get(m.key)
            if a is None:
                raise MarksError(
                    tr(
                        "第 {n} 行：在数据包里找不到练习 {a}（用 --bundles 指定文件夹）",
                        "line {n}: attempt {a} is not in the bundles (give them with --bundles)",
                        n=m.line,
                        a=m.key,
                    )
                )
            if a.case_id != case.id:
                raise MarksError(
                    tr(
                        "第 {n} 行：练习 {a} 做的是 {c}，不是 {me}",
                        "line {n}: attempt {a} is on {c}, not {me}",
                        n=m.line,
                        a=m.key,
                        c=a.case_id,
                        me=case.id,
                    )
                )
            m.answers, m.lang = a.answers, a.lang
            m.day = (a.submitted or a.created)[:10]
    return problems


# --- the comparison ---------------------------------------------------------------------------


def calibrate(
    case: Case,
    marks: list[Mark],
    index: ContentIndex,
    *,
    tolerance: float = 10.0,
    worst: int = 3,
    rescorer: Rescorer | None = None,
    lang: str | None = None,
) -> Calibration:
    """Engine vs human over ``marks`` (with answers attached)."""
    lang = lang or get_lang()
    r = rescorer or Rescorer(index)
    summaries = r.score_all([Job(case.id, m.answers or Answers(), m.lang, m.day) for m in marks])
    if rescorer is None:
        r.save()
    engine = [float(s["score"]) if s else 0.0 for s in summaries]
    human = [m.score for m in marks]
    table = pd.DataFrame(
        {
            "key": [m.key for m in marks],
            "human": human,
            "engine": [round(e, 1) for e in engine],
        }
    )
    table["diff"] = (table["engine"] - table["human"]).round(1)
    kps = []
    for kp in case.key_points:
        rows = []
        for m, s, e in zip(marks, summaries, engine, strict=True):
            if not s:
                continue
            status = s["kp"].get(kp.id, "missed")
            gap = e - m.score
            # a miss where the human gave more, or a hit where the human gave less
            if (status != "hit" and gap < 0) or (status == "hit" and gap > 0):
                rows.append((abs(gap), m, status, e))
        rows.sort(key=lambda x: -x[0])
        out = []
        for gap, m, status, e in rows[:worst]:
            text = _answer_text(m.answers, kp.question)
            out.append(
                {
                    "key": m.key,
                    "human": m.score,
                    "engine": round(e, 1),
                    "status": status,
                    "answer": text[:120],
                    "gap": round(gap, 1),
                }
            )
        if out:
            kps.append(
                KeyPointDisagreement(
                    kp.id,
                    kp.text.get(lang),
                    [t for k in kp.keywords for t in k.terms],
                    out,
                )
            )
    kps.sort(key=lambda k: -max(float(r["gap"]) for r in k.rows))  # type: ignore[arg-type]
    return Calibration(case.id, agreement(engine, human, tolerance), table, kps)


def _answer_text(answers: Answers | None, question: str | None) -> str:
    if answers is None:
        return ""
    if question and question in answers.text:
        return " ".join(answers.text[question].split())
    return " ".join(" ".join(answers.text.values()).split())


def compare_marks(
    a: list[Mark], b: list[Mark], *, tolerance: float = 10.0
) -> tuple[Agreement, pd.DataFrame, list[str]]:
    """Two graders over the answers both marked; the keys only one marked are listed."""
    bmap = {m.key: m.score for m in b}
    common = [m for m in a if m.key in bmap]
    only = sorted({m.key for m in a} ^ {m.key for m in b})
    xs = [m.score for m in common]
    ys = [bmap[m.key] for m in common]
    table = pd.DataFrame({"key": [m.key for m in common], "a": xs, "b": ys})
    table["diff"] = (table["a"] - table["b"]).round(1)
    return agreement(xs, ys, tolerance), table, only
