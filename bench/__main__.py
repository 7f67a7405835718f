"""Run every benchmark and print one table: median, min–max, target, and a floor measured in
the same run with the ratio to it.

    python -m bench            # the full set (minutes)
    python -m bench --quick    # a small version for CI (seconds): proves nothing rotted
    python -m bench --only content,store
"""

from __future__ import annotations

import argparse
import importlib
import platform
import statistics
import sys
import traceback

MODULES = ["content", "app", "review", "store", "deals_import", "period", "cohort", "deals_screen"]


def fmt_time(value: float, unit: str = "s") -> str:
    if unit != "s":
        return f"{value:,.1f} {unit}"
    if value < 0.001:
        return f"{value * 1e6:,.0f} µs"
    if value < 1:
        return f"{value * 1e3:,.1f} ms"
    return f"{value:,.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench")
    parser.add_argument("--quick", action="store_true", help="small sizes, few runs (CI)")
    parser.add_argument("--only", default="", help="comma-separated module names")
    args = parser.parse_args(argv)
    names = [n for n in args.only.split(",") if n] or MODULES
    rows: list[dict] = []
    failed = []
    for name in names:
        try:
            mod = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"bench.{name}":
                print(f"(bench.{name} not present, skipped)", file=sys.stderr)
                continue
            raise
        try:
            rows.extend(mod.run(args.quick))
        except Exception:
            traceback.print_exc()
            failed.append(name)
    print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
          f"{'quick' if args.quick else 'full'} run")
    header = f"| {'figure':<52} | {'median':>10} | {'min–max':>21} | {'target':>9} | {'floor (same run)':>34} | {'×floor':>7} | ok |"
    print(header)
    print("|" + "|".join("-" * (len(c)) for c in header.split("|")[1:-1]) + "|")
    misses = 0
    for r in rows:
        runs = r["runs"]
        unit = r.get("unit", "s")
        med = statistics.median(runs)
        span = f"{fmt_time(min(runs), unit)}–{fmt_time(max(runs), unit)}"
        target = r.get("target")
        ok = "–" if target is None or args.quick else ("yes" if med <= target else "NO")
        misses += ok == "NO"
        floor = r.get("floor")
        if floor:
            fmed = statistics.median(floor)
            floor_txt = f"{r.get('floor_name', '')}: {fmt_time(fmed, unit)}"
            ratio = f"{med / fmed:,.1f}" if fmed else "–"
        else:
            floor_txt, ratio = "–", "–"
        tgt = fmt_time(target, unit) if target is not None else "–"
        print(f"| {r['figure']:<52} | {fmt_time(med, unit):>10} | {span:>21} | {tgt:>9} | {floor_txt[:34]:>34} | {ratio:>7} | {ok:>2} |")
    if failed:
        print(f"benchmarks that failed to run: {', '.join(failed)}", file=sys.stderr)
        return 1
    if misses:
        print(f"{misses} figure(s) over target", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
