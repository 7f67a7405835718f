"""The cohort report: a folder of hand-in bundles, every attempt rescored, tables for the class.

Rules (issue 9): a score written in a bundle is never trusted — each attempt is rescored from its
answers with the instructor's own content; an attempt made on another version of a case is marked;
bundles of one profile id merge (by attempt id, the higher revision wins); a damaged or foreign
bundle is named and skipped, never fatal. An instructor's grade, where there is one, is the
attempt's score in the tables (the automatic score stays beside it).

Every hand-in is someone else's file (issue 14): one that is not a regular file, is over
MAX_HANDIN_BYTES or nests too deep is named and skipped; a second hand-in claiming a profile id
already seen under another identity (name, creation time) is set aside — never merged, never a
rename — and the id is *disputed*: no grade is returned or made for it until the instructor
removes the file that is not genuine. Names, ids and file names reach the report only through
``printable`` (no terminal escapes in the terminal or the .md/.html report).
"""

from __future__ import annotations

import csv
import io
import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from coach.analysis.rescore import Job, Rescorer
from coach.content import ContentIndex
from coach.domain.content import Curriculum
from coach.domain.records import Attempt, GradeRecord
from coach.i18n import get_lang, tr
from coach.review import answer_size_problem
from coach.store import codec
from coach.store.bundle import read_bundle
from coach.store.display import printable
from coach.store.errors import InputRefused, StoreError
from coach.store.handin import MAX_HANDIN_BYTES
from coach.store.jsonfile import read_input

DEFAULT_PASS = 60.0
#: A roster is a list of names: a few kilobytes; anything far larger is not one.
MAX_ROSTER_BYTES = 8 * 1024 * 1024


@dataclass(slots=True)
class Trainee:
    id: str
    name: str  # as the bundle gave it, made printable
    attempts: dict[str, Attempt] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    #: What the first hand-in said of the profile (name, created): later ones must agree.
    identity: tuple[str, str] = ("", "")


@dataclass(slots=True)
class Cohort:
    trainees: dict[str, Trainee] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # file, reason
    #: profile id -> the files claiming it: the one kept first, then those set aside.
    disputed: dict[str, list[str]] = field(default_factory=dict)

    def attempt(self, attempt_id: str) -> tuple[Trainee, Attempt] | None:
        for t in self.trainees.values():
            a = t.attempts.get(attempt_id)
            if a is not None:
                return t, a
        return None


def load_cohort(folder: Path, *, max_bytes: int = MAX_HANDIN_BYTES) -> Cohort:
    """Every ``*.json`` bundle under ``folder`` (not graded ones), merged per profile id."""
    folder = Path(folder)
    cohort = Cohort()
    if not folder.is_dir():
        raise StoreError(tr("{p} 不是文件夹", "{p} is not a folder", p=folder), folder)
    dec = codec.decoder(Attempt)
    for path in sorted(folder.rglob("*.json")):
        if path.is_dir():
            continue
        shown = printable(path, limit=None)
        try:  # a FIFO or a device named *.json is refused unread, and named
            data = read_bundle(path, max_bytes=max_bytes)
        except StoreError as e:
            cohort.skipped.append((shown, _reason(e)))
            continue
        if data.get("purpose") == "graded":
            continue  # the instructor's own returns, written next to the hand-ins
        docs = data["records"].get("attempts")
        if not docs:
            cohort.skipped.append(
                (shown, tr("数据包里没有练习记录", "the bundle holds no attempts"))
            )
            continue
        prof = data["profile"]
        pid = prof["id"]
        identity = (prof["name"], str(prof.get("created", "")))
        t = cohort.trainees.get(pid)
        if t is None:
            t = cohort.trainees[pid] = Trainee(pid, printable(prof["name"]), identity=identity)
        elif t.identity != identity:
            cohort.disputed.setdefault(pid, [t.sources[0]]).append(shown)
            cohort.skipped.append((shown, _claim_reason(pid, t, identity)))
            continue
        t.sources.append(shown)
        for doc in docs:
            a = dec(doc)
            too_long = answer_size_problem(a.answers)
            if too_long:  # never scored: a 4 MB answer made the whole report wait half a minute
                cohort.skipped.append((f"{shown} · {printable(a.id)}", too_long))
                continue
            old = t.attempts.get(a.id)
            if old is None or a.rev > old.rev:
                t.attempts[a.id] = a
    return cohort


def _reason(e: StoreError) -> str:
    reason = getattr(e, "reason", None)  # BundleInvalid: the reason without the file's name
    if isinstance(reason, str):
        return printable(reason, limit=500)
    text = str(e)
    return printable(text.split(": ", 1)[1] if ": " in text else text, limit=500)


def _claim_reason(pid: str, first: Trainee, identity: tuple[str, str]) -> str:
    return tr(
        "声称是 {f} 中的档案 {i}（{n}），但姓名或建档时间不同（{m}，{c}）；已搁置，未合并。"
        "请确认哪个文件是本人的，删掉另一个后再运行；在此之前这个档案的成绩不会返还",
        "claims profile {i} of {n} ({f}) but with another name or creation time ({m}, "
        "{c}); set aside, not merged. Check which file is genuine and remove the other; until "
        "then no grades are returned for this profile",
        i=pid,
        n=first.name,
        f=first.sources[0],
        m=printable(identity[0]),
        c=printable(identity[1]) or "-",
    )


def disputed_line(cohort: Cohort, pid: str) -> str:
    """Why the profile ``pid`` is disputed, naming every file that claims it."""
    t = cohort.trainees.get(pid)
    return tr(
        "档案 {i}（{n}）被不同身份的数据包认领：{f}",
        "profile {i} ({n}) is claimed by hand-ins of different identities: {f}",
        i=pid,
        n=t.name if t else "?",
        f=", ".join(cohort.disputed.get(pid, [])),
    )


# --- rescoring --------------------------------------------------------------------------------


@dataclass(slots=True)
class Scored:
    trainee: Trainee
    attempt: Attempt
    summary: dict[str, Any] | None  # None: the case is not in the instructor's content
    version: str  # "same" | "other" | "unknown"
    grade: GradeRecord | None = None

    @property
    def auto(self) -> float | None:
        return None if self.summary is None else float(self.summary["score"])

    @property
    def effective(self) -> float | None:
        if self.grade is not None and self.grade.score is not None:
            return float(self.grade.score)
        return self.auto

    @property
    def self_total(self) -> float | None:
        """The trainee's self-score on the engine's scale: shares times each criterion's maximum."""
        if not self.attempt.self_score or self.summary is None:
            return None
        crit = self.summary["crit"]
        total = sum(
            float(share) * crit[c][1]
            for c, share in self.attempt.self_score.items()
            if c in crit and isinstance(share, int | float)
        )
        return round(total, 1)


def job_of(a: Attempt) -> Job:
    return Job(a.case_id, a.answers, a.lang, (a.submitted or a.started or a.created)[:10])


def rescore_cohort(
    cohort: Cohort,
    index: ContentIndex,
    *,
    grades: Iterable[GradeRecord] = (),
    rescorer: Rescorer | None = None,
) -> list[Scored]:
    pairs = [(t, a) for t in cohort.trainees.values() for a in t.attempts.values()]
    own = rescorer is None
    r = rescorer or Rescorer(index)
    summaries = r.score_all([job_of(a) for _, a in pairs])
    if own:
        r.save()
    by_attempt = {g.attempt_id: g for g in grades}
    out = []
    for (t, a), s in zip(pairs, summaries, strict=True):
        case = index.cases.get(a.case_id)
        if case is None or s is None:
            version = "unknown"
        elif a.case_hash and a.case_hash != case.content_hash:
            version = "other"
        else:
            version = "same"
        out.append(Scored(t, a, s, version, by_attempt.get(a.id)))
    return out


# --- roster -----------------------------------------------------------------------------------

ROSTER_COLUMNS = ("id", "profile_id", "profile", "name", "姓名", "名字", "学员", "编号", "trainee")


def read_roster(path: Path) -> list[str]:
    """Names or profile ids from a CSV: a column named id/name/姓名…, else the first column."""
    path = Path(path)
    try:
        raw = read_input(path, MAX_ROSTER_BYTES)
    except InputRefused as e:
        raise StoreError(
            tr("{p}：无法读取（{e}）", "{p}: cannot read ({e})", p=path, e=e.reason), path
        ) from None
    text = None
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    if text is None:
        raise StoreError(tr("{p}：不是文本文件", "{p}: not a text file", p=path), path)
    rows = [r for r in csv.reader(io.StringIO(text)) if any(c.strip() for c in r)]
    if not rows:
        return []
    header = [c.strip().lower() for c in rows[0]]
    cols = [i for i, h in enumerate(header) if h in ROSTER_COLUMNS]
    if cols:
        return [r[cols[0]].strip() for r in rows[1:] if len(r) > cols[0] and r[cols[0]].strip()]
    return [r[0].strip() for r in rows if r and r[0].strip()]


# --- the report -------------------------------------------------------------------------------


@dataclass(slots=True)
class CohortReport:
    title: str
    curriculum: str
    pass_score: float
    trainees: pd.DataFrame
    cases: pd.DataFrame
    key_points: pd.DataFrame
    pitfalls: pd.DataFrame
    avoid: pd.DataFrame
    gaps: pd.DataFrame
    attempts: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table by name, in the order reports show them."""
        out = {
            "trainees": self.trainees,
            "cases": self.cases,
            "key_points": self.key_points,
            "pitfalls": self.pitfalls,
            "avoid": self.avoid,
            "gaps": self.gaps,
            "attempts": self.attempts,
            "missing": pd.DataFrame({"missing": self.missing}),
            "skipped": pd.DataFrame(self.skipped, columns=["file", "reason"]),
        }
        return out


TABLE_TITLES = {
    "trainees": ("学员", "Trainees"),
    "cases": ("案例", "Cases"),
    "key_points": ("最常漏掉的要点", "Most-missed key points"),
    "pitfalls": ("最常见的误区", "Most frequent pitfalls"),
    "avoid": ("禁用语命中", "Avoid-phrase hits"),
    "gaps": ("自评 / 自动 / 讲师评分差距", "Self vs automatic vs instructor"),
    "attempts": ("全部练习", "All attempts"),
    "missing": ("未交作业", "Not handed in"),
    "skipped": ("跳过的文件", "Files skipped"),
}


def pick_curriculum(
    index: ContentIndex, scored: Sequence[Scored], curriculum_id: str | None
) -> Curriculum | None:
    if curriculum_id:
        cur = index.curricula.get(curriculum_id)
        if cur is None:
            raise StoreError(
                tr(
                    "没有编号为“{c}”的课程（有：{a}）",
                    'no curriculum "{c}" (there are: {a})',
                    c=curriculum_id,
                    a=", ".join(index.curricula) or "-",
                )
            )
        return cur
    used = Counter(s.attempt.curriculum_id for s in scored if s.attempt.curriculum_id)
    for cid, _ in used.most_common():
        if cid in index.curricula:
            return index.curricula[cid]
    return None


def _r(x: float | None, nd: int = 1) -> float:
    return round(float(x), nd) if x is not None and not math.isnan(x) else math.nan


def build_report(
    cohort: Cohort,
    scored: Sequence[Scored],
    index: ContentIndex,
    *,
    curriculum_id: str | None = None,
    roster: Sequence[str] = (),
    today: date | None = None,
    lang: str | None = None,
) -> CohortReport:
    lang = lang or get_lang()
    today = today or date.today()
    cur = pick_curriculum(index, scored, curriculum_id)
    pass_score = float(cur.pass_score) if cur else DEFAULT_PASS
    if cur is not None:
        scope = list(cur.case_ids())
        due = {ref.case: m.due for m in cur.modules for ref in m.cases}
    else:
        scope = sorted({s.attempt.case_id for s in scored if s.version != "unknown"})
        due = {}
    in_scope = set(scope)

    def title_of(case_id: str) -> str:
        c = index.cases.get(case_id)
        return c.title.get(lang) if c else case_id

    # every attempt, one row each
    rows = []
    for s in scored:
        a = s.attempt
        rows.append(
            {
                "trainee_id": s.trainee.id,
                "trainee": s.trainee.name,
                "attempt_id": printable(a.id),
                "case_id": printable(a.case_id),
                "case": printable(title_of(a.case_id)),
                "curriculum_id": printable(a.curriculum_id),
                "submitted": printable(a.submitted or a.created),
                "minutes": round(a.seconds / 60, 1),
                "version": s.version,
                "auto": _r(s.auto),
                "instructor": _r(s.grade.score if s.grade else None),
                "score": _r(s.effective),
                "self": _r(s.self_total),
            }
        )
    cols = ["trainee_id", "trainee", "attempt_id", "case_id", "case", "curriculum_id",
            "submitted", "minutes", "version", "auto", "instructor", "score", "self"]  # fmt: skip
    attempts = pd.DataFrame(rows, columns=cols)
    if not attempts.empty:
        attempts = attempts.sort_values(["trainee", "case_id", "submitted"], kind="stable")
    attempts = attempts.reset_index(drop=True)

    scoped = attempts[attempts["case_id"].isin(in_scope) & attempts["score"].notna()]
    firsts = scoped.drop_duplicates(["trainee_id", "case_id"], keep="first")
    bests = scoped.groupby(["trainee_id", "case_id"], sort=False)["score"].max()

    # trainees: one pass over plain dicts (a pandas filter per trainee costs seconds at 200)
    first_of: dict[str, dict[str, tuple[float, str]]] = {}
    for tid, cid, score, sub in zip(
        firsts["trainee_id"], firsts["case_id"], firsts["score"], firsts["submitted"], strict=True
    ):
        first_of.setdefault(tid, {})[cid] = (float(score), str(sub)[:10])
    best_of: dict[str, list[float]] = {}
    for (tid, _cid), score in bests.items():
        best_of.setdefault(tid, []).append(float(score))
    minutes_of: dict[str, float] = {}
    other_of: Counter[str] = Counter()
    for tid, mins, version in zip(
        attempts["trainee_id"], attempts["minutes"], attempts["version"], strict=True
    ):
        minutes_of[tid] = minutes_of.get(tid, 0.0) + float(mins)
        other_of[tid] += version == "other"
    trows = []
    n_scope = len(scope) or 1
    today_iso = today.isoformat()
    for t in sorted(cohort.trainees.values(), key=lambda t: (t.name, t.id)):
        mine_first = first_of.get(t.id, {})
        mine_best = best_of.get(t.id, [])
        late = []
        for case_id in scope:
            d = due.get(case_id)
            if not d:
                continue
            got = mine_first.get(case_id)
            if (got and got[1] > d) or (not got and today_iso > d):
                late.append(case_id)
        passed_cases = sum(b >= pass_score for b in mine_best)
        firsts_v = [v[0] for v in mine_first.values()]
        trows.append(
            {
                "trainee_id": t.id,
                "trainee": t.name,
                "done": len(mine_first),
                "of": len(scope),
                "completion": round(100 * len(mine_first) / n_scope, 1),
                "first": _r(sum(firsts_v) / len(firsts_v)) if firsts_v else math.nan,
                "best": _r(sum(mine_best) / len(mine_best)) if mine_best else math.nan,
                "minutes": round(minutes_of.get(t.id, 0.0), 1),
                "passed_cases": passed_cases,
                "passed": bool(scope) and passed_cases == len(scope),
                "late": len(late),
                "late_cases": ", ".join(late),
                "other_version": int(other_of[t.id]),
                "bundles": len(t.sources),
            }
        )
    trainees = pd.DataFrame(
        trows,
        columns=["trainee_id", "trainee", "done", "of", "completion", "first", "best", "minutes",
                 "passed_cases", "passed", "late", "late_cases", "other_version", "bundles"],
    )  # fmt: skip

    # key points, pitfalls, avoid hits: over every scoped attempt
    kp_miss: Counter[tuple[str, str]] = Counter()
    kp_seen: Counter[tuple[str, str]] = Counter()
    pit: Counter[tuple[str, str, str]] = Counter()
    avoid: Counter[tuple[str, str]] = Counter()
    for s in scored:
        if s.summary is None or s.attempt.case_id not in in_scope:
            continue
        cid = s.attempt.case_id
        for kp_id, status in s.summary["kp"].items():
            kp_seen[cid, kp_id] += 1
            if status != "hit":
                kp_miss[cid, kp_id] += 1
        for pid, ptitle in s.summary["pit"]:
            pit[cid, pid, ptitle] += 1
        for phrase in s.summary["avoid"]:
            avoid[cid, phrase] += 1

    def kp_text(case_id: str, kp_id: str) -> str:
        c = index.cases.get(case_id)
        for k in c.key_points if c else ():
            if k.id == kp_id:
                return k.text.get(lang)
        return kp_id

    key_points = pd.DataFrame(
        [
            {
                "case_id": cid,
                "case": title_of(cid),
                "key_point": kid,
                "text": kp_text(cid, kid),
                "missed": kp_miss[cid, kid],
                "attempts": n,
                "missed_pct": round(100 * kp_miss[cid, kid] / n, 1),
            }
            for (cid, kid), n in kp_seen.items()
        ],
        columns=["case_id", "case", "key_point", "text", "missed", "attempts", "missed_pct"],
    )
    if not key_points.empty:
        key_points = key_points.sort_values(
            ["missed_pct", "case_id"], ascending=[False, True], kind="stable"
        ).reset_index(drop=True)
    pitfalls = pd.DataFrame(
        [
            {"case_id": c, "case": title_of(c), "pitfall": p, "title": t, "count": n}
            for (c, p, t), n in pit.most_common()
        ],
        columns=["case_id", "case", "pitfall", "title", "count"],
    )
    avoid_df = pd.DataFrame(
        [
            {"case_id": c, "case": title_of(c), "phrase": p, "count": n}
            for (c, p), n in avoid.most_common()
        ],
        columns=["case_id", "case", "phrase", "count"],
    )

    # cases
    crows = []
    for case_id in scope:
        b = bests[bests.index.get_level_values(1) == case_id] if len(bests) else bests
        n_att = int((scoped["case_id"] == case_id).sum())
        top_kp = key_points[key_points["case_id"] == case_id].head(3)
        top_pit = pitfalls[pitfalls["case_id"] == case_id].head(3)
        top_av = avoid_df[avoid_df["case_id"] == case_id].head(3)
        crows.append(
            {
                "case_id": case_id,
                "case": title_of(case_id),
                "trainees": len(b),
                "attempts": n_att,
                "mean": _r(b.mean()) if len(b) else math.nan,
                "sd": _r(b.std(ddof=0)) if len(b) else math.nan,
                "min": _r(b.min()) if len(b) else math.nan,
                "max": _r(b.max()) if len(b) else math.nan,
                "pass_rate": round(100 * float((b >= pass_score).mean()), 1)
                if len(b)
                else math.nan,
                "most_missed": "; ".join(
                    f"{r.text} ({r.missed_pct:g}%)" for r in top_kp.itertuples() if r.missed
                ),
                "pitfalls": "; ".join(f"{r.title} ×{r.count}" for r in top_pit.itertuples()),
                "avoid_hits": "; ".join(f"{r.phrase} ×{r.count}" for r in top_av.itertuples()),
                "due": due.get(case_id) or "",
            }
        )
    cases = pd.DataFrame(
        crows,
        columns=["case_id", "case", "trainees", "attempts", "mean", "sd", "min", "max",
                 "pass_rate", "most_missed", "pitfalls", "avoid_hits", "due"],
    )  # fmt: skip

    # self vs automatic vs instructor
    gaps = attempts[attempts["self"].notna() | attempts["instructor"].notna()][
        ["trainee", "case", "attempt_id", "self", "auto", "instructor"]
    ].copy()
    gaps["self_minus_auto"] = (gaps["self"] - gaps["auto"]).round(1)
    gaps["instructor_minus_auto"] = (gaps["instructor"] - gaps["auto"]).round(1)
    gaps = gaps.reset_index(drop=True)

    # roster
    missing = []
    if roster:
        known = {t.id.casefold() for t in cohort.trainees.values()}
        known |= {t.name.casefold() for t in cohort.trainees.values()}
        missing = [r for r in roster if r.casefold() not in known]

    notes = [
        disputed_line(cohort, pid)
        + tr(
            "（显示最先读到的那个；成绩不返还）",
            " (the first one read is shown; no grades are returned)",
        )
        for pid in cohort.disputed
    ]
    other = int((attempts["version"] == "other").sum())
    if other:
        notes.append(
            tr(
                "{n} 次练习做的是案例的另一个版本（已按当前版本重新评分，标为 other）",
                "{n} attempt(s) were made on another version of the case (rescored against the "
                "current one, marked other)",
                n=other,
            )
        )
    unknown = sorted(set(attempts.loc[attempts["version"] == "unknown", "case_id"]))
    if unknown:
        notes.append(
            tr(
                "这些案例不在你的内容里，相关练习没有评分：{c}",
                "these cases are not in your content; their attempts were not scored: {c}",
                c=", ".join(unknown),
            )
        )
    title = cur.title.get(lang) if cur else tr("全部案例", "All cases")
    return CohortReport(
        title=title,
        curriculum=cur.id if cur else "",
        pass_score=pass_score,
        trainees=trainees,
        cases=cases,
        key_points=key_points,
        pitfalls=pitfalls,
        avoid=avoid_df,
        gaps=gaps,
        attempts=attempts,
        missing=missing,
        skipped=list(cohort.skipped),
        notes=notes,
    )


def cohort_report(
    folder: Path,
    index: ContentIndex,
    *,
    curriculum_id: str | None = None,
    roster: Sequence[str] = (),
    grades: Iterable[GradeRecord] = (),
    today: date | None = None,
    rescorer: Rescorer | None = None,
) -> tuple[Cohort, list[Scored], CohortReport]:
    """Load, rescore and report in one call (the CLI and the Instructor screen use it)."""
    cohort = load_cohort(folder)
    scored = rescore_cohort(cohort, index, grades=grades, rescorer=rescorer)
    report = build_report(
        cohort, scored, index, curriculum_id=curriculum_id, roster=roster, today=today
    )
    return cohort, scored, report
