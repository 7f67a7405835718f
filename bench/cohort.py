"""Instructor figures against the targets of issue 9, each beside a floor.

- cohort report for 200 trainees x 20 cases from hand-in bundles, every attempt rescored with the
  instructor's content (an empty rescore cache): target 3 s; and the same report again (the
  instructor's cache already holds the rescored answers): shown;
- calibration of one case over 1,000 marked answer files: target 2 s (cold cache), and again.
Floor: reading and decoding the same bundles (or answer files) — what any report pays before a
single score. Content: 20 generated cases (bench/gen_bank.py); each trainee's answers are the
model answers with sentences dropped, reworded or padded, 300–700 characters per question.
Run: ``python -m bench --only cohort`` or ``python -m bench.cohort``.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import WORK, row  # noqa: E402
from bench.gen_bank import generate  # noqa: E402

FILLER = (
    "这个月我们复盘了支行的客户经营情况，数据来自分行月报和客户回访记录，",
    "主要的问题出在名单准备和跟进节奏上，晨会上已经和团队对齐了下一步，",
    "客户对收益的预期和产品的风险等级不匹配，需要在适当性环节讲清楚，",
    "We reviewed the branch's pipeline with the team and agreed next steps.",
)


def _answers(case, rng: random.Random) -> dict[str, str]:
    out = {}
    for q, text in case.model_answer.items():
        parts = [text.get("zh")] if rng.random() < 0.7 else []
        while sum(len(p) for p in parts) < rng.randint(300, 700):
            parts.append(rng.choice(FILLER))
        rng.shuffle(parts)
        out[q] = "".join(parts)
    return out


def build(folder: Path, trainees: int, cases: int, seed: int = 9):
    """Content, a data root of trainee profiles, and their hand-ins; returns (index, handins)."""
    from coach.content import load_content
    from coach.domain.records import Answers, Attempt
    from coach.store import open_store
    from coach.store.handin import export_handin

    content = folder / "content"
    generate(content, cases=cases, files=1, seed=seed)
    index = load_content([content], cache=False)
    rng = random.Random(seed)
    handins = folder / "handins"
    handins.mkdir(parents=True, exist_ok=True)
    all_cases = list(index.cases.values())
    for t in range(trainees):
        with open_store(folder / "data", f"trainee{t:03d}", daily_backup=False) as store:
            store.attempts.save_many(
                Attempt(
                    case_id=c.id,
                    case_hash=c.content_hash,
                    framework_id=index.framework_for(c).id,
                    answers=Answers(text=_answers(c, rng)),
                    submitted=f"2026-03-{1 + (t + i) % 28:02d}T10:00:00",
                    seconds=rng.uniform(300, 2400),
                    self_score={"analysis": rng.random(), "actions": rng.random()},
                )
                for i, c in enumerate(all_cases)
            )
            export_handin(store, handins / f"trainee{t:03d}.json")
    return index, handins


def build_marks(folder: Path, index, n: int, seed: int = 11) -> tuple[str, Path]:
    rng = random.Random(seed)
    case = next(iter(index.cases.values()))
    answers = folder / "answers"
    answers.mkdir(parents=True, exist_ok=True)
    lines = ["answer_file,score"]
    for i in range(n):
        body = "\n\n".join(f"## {q}\n\n{t}" for q, t in _answers(case, rng).items())
        (answers / f"a{i:04d}.md").write_text(body, encoding="utf-8")
        lines.append(f"answers/a{i:04d}.md,{rng.randint(30, 100)}")
    marks = folder / "marks.csv"
    marks.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return case.id, marks


def run(quick: bool) -> list[dict]:
    from coach.analysis.calibrate import attach_answers, calibrate, read_marks
    from coach.analysis.cohort import build_report, load_cohort, rescore_cohort
    from coach.analysis.rescore import Rescorer
    from coach.store.bundle import read_bundle

    trainees, cases, marks_n = (20, 5, 100) if quick else (200, 20, 1000)
    runs = 1 if quick else 5
    WORK.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="cohort-", dir=WORK))
    try:
        index, handins = build(folder, trainees, cases)
        case_id, marks_path = build_marks(folder, index, marks_n)

        def report(cache: Path) -> None:
            r = Rescorer(index, cache_dir=cache)
            cohort = load_cohort(handins)
            scored = rescore_cohort(cohort, index, rescorer=r)
            r.save()
            build_report(cohort, scored, index)

        def calib(cache: Path) -> None:
            r = Rescorer(index, cache_dir=cache)
            key, marks = read_marks(marks_path)
            attach_answers(marks, key, index.cases[case_id], index, marks_path.parent)
            calibrate(index.cases[case_id], marks, index, rescorer=r)
            r.save()

        def timed_fresh(fn) -> tuple[list[float], list[float]]:
            cold, warm = [], []
            for i in range(runs):
                cache = folder / f"cache-{fn.__name__}-{i}"
                t0 = time.perf_counter()
                fn(cache)
                cold.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                fn(cache)
                warm.append(time.perf_counter() - t0)
            return cold, warm

        def floor_bundles() -> float:
            t0 = time.perf_counter()
            for p in sorted(handins.glob("*.json")):
                read_bundle(p)
            return time.perf_counter() - t0

        def floor_answers() -> float:
            t0 = time.perf_counter()
            for p in sorted((marks_path.parent / "answers").glob("*.md")):
                p.read_text(encoding="utf-8")
            return time.perf_counter() - t0

        rep_cold, rep_warm = timed_fresh(report)
        cal_cold, cal_warm = timed_fresh(calib)
        fb = [floor_bundles() for _ in range(runs)]
        fa = [floor_answers() for _ in range(runs)]
        size = f"{trainees} trainees x {cases} cases"
        return [
            row(f"cohort: report, {size}, all rescored", rep_cold, 3.0, fb, "read+check bundles"),
            row(
                "cohort: same report again (rescore cache)",
                rep_warm,
                None,
                fb,
                "read+check bundles",
            ),
            row(f"calibrate: {marks_n:,} marked answers", cal_cold, 2.0, fa, "read answer files"),
            row(
                f"calibrate: {marks_n:,} again (rescore cache)",
                cal_warm,
                None,
                fa,
                "read answer files",
            ),
        ]
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    for r in run("--quick" in sys.argv):
        print(
            r["figure"],
            [round(x, 3) for x in r["runs"]],
            "target",
            r["target"],
            "floor",
            [round(x, 3) for x in r["floor"] or []],
        )
