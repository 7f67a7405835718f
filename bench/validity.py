"""Validity: the engine's agreement with a senior trainer's marks on the calibration set.

For every case under ``casebank/calibration/`` and overall: quadratic-weighted kappa (10-point
bands), Pearson r, mean absolute error and the share within 10 points — beside, as the floor
measured in the same run, plain keyword coverage (the share of key points with any keyword
anywhere). Then the mean engine score per kind of answer. Targets (issue 13): kappa ≥ 0.90
overall and ≥ 0.80 on every case, ≥ 0.25 above the floor, MAE ≤ 10.

    python -m bench --only validity     # the table, and the time to score the whole set
    python -m bench.validity            # the table alone
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import row  # noqa: E402

SET = ROOT / "casebank" / "calibration"


def table() -> tuple[list[str], float, int]:
    from coach.analysis.validity import evaluate, figures, report_lines, second_marks
    from coach.content import load_content

    index = load_content()
    t0 = time.perf_counter()
    v, problems = evaluate(SET, index)
    took = time.perf_counter() - t0
    ceiling = figures(*second_marks(SET))
    lines = [*(f"problem: {p}" for p in problems[:20]), *report_lines(v, ceiling)]
    return lines, took, len(v.items)


def run(quick: bool = False) -> list[dict]:
    lines, took, n = table()
    print("validity (engine vs the calibration set's expert marks)")
    print("\n".join(lines), flush=True)
    return [row(f"validity: score all {n} calibration answers", [took], None)]


if __name__ == "__main__":
    print("\n".join(table()[0]))
