"""Run every benchmark and print one table: median, min–max, target, and a floor measured in
the same run with the ratio to it.

    python -m bench            # the full set (minutes); docs/performance.md holds its table
    python -m bench --quick    # a small version for CI (about a minute): proves nothing rotted
    python -m bench --only content,store

The exit status is 1 when a benchmark fails to run (an exception, a module listed here that is
missing, a row without timings) — a benchmark that rots must fail CI. A figure over its target is
named in the table and on stderr but does not fail the command: targets are judged on the full
run on a quiet machine, not on a busy CI runner.
"""

from __future__ import annotations

import argparse
import importlib
import math
import platform
import statistics
import sys
import time
import traceback

MODULES = [
    "content",
    "app",
    "practice",
    "review",
    "store",
    "deals_import",
    "deals_screen",
    "period",
    "cohort",
    "validity",
]


def fmt_time(value: float, unit: str = "s") -> str:
    if unit != "s":
        return f"{value:,.1f} {unit}"
    if value < 0.001:
        return f"{value * 1e6:,.0f} µs"
    if value < 1:
        return f"{value * 1e3:,.1f} ms"
    return f"{value:,.2f} s"


def _number(x: object) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x) and x >= 0


def row_problem(r: object) -> str | None:
    """Why a row a module returned cannot be shown, or None when it is well formed."""
    if not isinstance(r, dict) or not isinstance(r.get("figure"), str):
        return f"not a row: {r!r:.80}"
    runs = r.get("runs")
    if not isinstance(runs, list) or not runs or not all(_number(x) for x in runs):
        return f"{r['figure']!r}: runs must be a non-empty list of numbers, got {runs!r:.80}"
    floor = r.get("floor")
    if floor is not None and (not isinstance(floor, list) or not all(_number(x) for x in floor)):
        return f"{r['figure']!r}: floor must be a list of numbers, got {floor!r:.80}"
    target = r.get("target")
    if target is not None and not _number(target):
        return f"{r['figure']!r}: target must be a number or None, got {target!r}"
    return None


COLUMNS = ["figure", "n", "median", "min–max", "target", "floor (same run)", "×floor", "ok"]


def row_cells(r: dict, quick: bool) -> tuple[list[str], bool]:
    """One table row's cells and whether the figure missed its target (never judged on --quick).

    ``n`` is the number of timings behind the figure (a row may name it with "n" when its runs
    are a summary, such as a p99 over many keystrokes)."""
    runs = r["runs"]
    unit = r.get("unit", "s")
    med = statistics.median(runs)
    span = f"{fmt_time(min(runs), unit)}–{fmt_time(max(runs), unit)}"
    target = r.get("target")
    missed = target is not None and not quick and med > target
    ok = "–" if target is None or quick else ("NO" if missed else "yes")
    floor = r.get("floor")
    if floor:
        fmed = statistics.median(floor)
        floor_txt = f"{r.get('floor_name', '')}: {fmt_time(fmed, unit)}"
        ratio = f"{med / fmed:,.1f}" if fmed else "–"
    else:
        floor_txt, ratio = "–", "–"
    tgt = fmt_time(target, unit) if target is not None else "–"
    n = str(r.get("n") or len(runs))
    return [r["figure"], n, fmt_time(med, unit), span, tgt, floor_txt, ratio, ok], missed


def table(cells: list[list[str]]) -> list[str]:
    """A Markdown table, columns as wide as their widest cell (text left, numbers right)."""
    widths = [max(len(c[i]) for c in [COLUMNS, *cells]) for i in range(len(COLUMNS))]

    def line(row: list[str]) -> str:
        parts = [
            row[i].ljust(widths[i]) if i in (0, 5) else row[i].rjust(widths[i])
            for i in range(len(COLUMNS))
        ]
        return "| " + " | ".join(parts) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return [line(COLUMNS), rule, *(line(c) for c in cells)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs (CI)")
    parser.add_argument("--only", default="", help="comma-separated module names")
    args = parser.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()] or MODULES
    rows: list[dict] = []
    failed: list[str] = []
    started = time.perf_counter()
    for name in names:
        t0 = time.perf_counter()
        try:
            mod = importlib.import_module(f"bench.{name}")
            got = list(mod.run(args.quick))
            problems = [p for p in map(row_problem, got) if p] or ([] if got else ["no rows"])
            if problems:
                raise ValueError("; ".join(problems))
            rows.extend(got)
        except Exception:
            traceback.print_exc()
            failed.append(name)
        print(f"bench.{name}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
    print(
        f"machine: {platform.platform()}, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, {'quick' if args.quick else 'full'} run"
    )
    cells, missed = [], []
    for r in rows:
        c, miss = row_cells(r, args.quick)
        cells.append(c)
        if miss:
            missed.append(r["figure"].strip())
    print("\n".join(table(cells)))
    print(f"total {time.perf_counter() - started:.0f} s", file=sys.stderr)
    if missed:
        print(f"over target ({len(missed)}): {'; '.join(missed)}", file=sys.stderr)
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
