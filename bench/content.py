"""Content loading and checking speed (issue 2, section 5), each figure beside a floor.

- the bundled content, loaded in-process without a cache (target 0.15 s);
  floor: ``json.load`` of the same data;
- a generated bank of 5,000 cases (bench/gen_bank.py): ``coach check`` in a fresh process with
  an empty cache (target 4 s), as it runs (a second process checks half the files where a
  second CPU is free) and with one process only (``COACH_CONTENT_WORKERS=1``, for comparison);
  floor: a fresh ``python`` that imports yaml and json-loads the same data;
- the app's load of that bank once the cache is warm (target 0.3 s); floor: ``json.load``;
  and, for comparison, what the app pays later: every case head (the Learn tree), the text of
  every case (the first search) and every case rebuilt.

    python -m bench.content [--quick]
"""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from bench.gen_bank import generate

REPO = Path(__file__).resolve().parents[1]
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def as_json(files: list[Path], dest: Path) -> Path:
    """The same data as JSON, for the floor: what loading costs with no YAML at all."""
    docs = [yaml.load(p.read_text(encoding="utf-8"), Loader=Loader) for p in files]
    dest.write_text(json.dumps(docs, ensure_ascii=False, default=str), encoding="utf-8")
    return dest


def json_load(path: Path) -> object:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def run(quick: bool = False) -> list[dict]:
    from coach import paths
    from coach.content import FileCache, load_content
    from coach.content.search import haystacks

    runs = 2 if quick else 5
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="coach-bench-") as tmp:
        tmp_path = Path(tmp)

        # -- bundled content -------------------------------------------------------------------
        bundled = [p for d in paths.bundled_content_dirs() for p in sorted(d.rglob("*.yaml"))]
        bundled_json = as_json(bundled, tmp_path / "bundled.json")
        rows.append(
            {
                "figure": f"load bundled content ({len(bundled)} files, no cache)",
                "runs": timed(lambda: load_content(cache=False), runs),
                "target": 0.15,
                "floor": timed(lambda: json_load(bundled_json), runs),
                "floor_name": "json.load of the same data",
            }
        )

        # -- a generated bank of 5,000 cases ---------------------------------------------------
        bank = tmp_path / "bank"
        n_cases, n_files = (1000, 10) if quick else (5000, 50)  # quick: the same work, smaller
        files = generate(bank, cases=n_cases, files=n_files)
        size_mb = sum(p.stat().st_size for p in files) / 1e6
        bank_json = as_json(files, tmp_path / "bank.json")
        gc.collect()

        def cold_check(workers: str = "") -> None:
            cache = tempfile.mkdtemp(dir=tmp_path, prefix="cache-")
            env = {**os.environ, "COACH_CACHE": cache, "COACH_CONTENT_WORKERS": workers}
            proc = subprocess.run(
                [sys.executable, "-m", "coach", "check", str(bank)],
                cwd=REPO,
                env=env,
                capture_output=True,
                text=True,
            )
            if proc.returncode != 0:
                raise RuntimeError(
                    f"coach check failed:\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}"
                )

        def floor_process() -> None:
            code = f"import yaml, json; json.load(open({str(bank_json)!r}, encoding='utf-8'))"
            subprocess.run([sys.executable, "-c", code], check=True)

        check_runs = 1 if quick else 5
        floor = timed(floor_process, check_runs)
        rows.append(
            {
                "figure": f"coach check, {n_cases:,} cases ({size_mb:.1f} MB, {n_files} files), cold",
                "runs": timed(cold_check, check_runs),
                "target": 4.0,
                "floor": floor,
                "floor_name": "python start + import yaml + json.load of the same data",
            }
        )
        rows.append(
            {
                "figure": "  the same in one process (COACH_CONTENT_WORKERS=1)",
                "runs": timed(lambda: cold_check("1"), check_runs),
                "target": None,
                "floor": floor,
                "floor_name": "python start + import yaml + json.load of the same data",
            }
        )

        warm = FileCache(tmp_path / "warm-cache")
        roots = [*paths.bundled_content_dirs(), bank]
        load_content(roots, cache=warm)  # fill the cache
        json_floor = timed(lambda: json_load(bank_json), runs)
        rows.append(
            {
                "figure": f"app load, {n_cases:,} cases + bundled, warm cache",
                "runs": timed(lambda: load_content(roots, cache=warm), runs),
                "target": 0.3,
                "floor": json_floor,
                "floor_name": "json.load of the same data",
            }
        )
        loaded = [load_content(roots, cache=warm) for _ in range(runs)]
        rows.append(
            {
                "figure": "  later: every case head (the Learn tree's titles)",
                "runs": [timed(lambda i=i: list(i.heads.values()), 1)[0] for i in loaded],
                "target": None,
                "floor": json_floor,
                "floor_name": "json.load of the same data",
            }
        )
        rows.append(
            {
                "figure": "  later: the first search's text of every case",
                "runs": [timed(lambda i=i: haystacks(i), 1)[0] for i in loaded],
                "target": None,
                "floor": json_floor,
                "floor_name": "json.load of the same data",
            }
        )
        rows.append(
            {
                "figure": "  later: every case rebuilt",
                "runs": [timed(lambda i=i: list(i.cases.values()), 1)[0] for i in loaded],
                "target": None,
                "floor": json_floor,
                "floor_name": "json.load of the same data",
            }
        )
    return rows


def main() -> None:
    quick = "--quick" in sys.argv
    for row in run(quick):
        best = min(row["runs"])
        floor = min(row["floor"]) if row["floor"] else float("nan")
        target = row["target"]
        verdict = "" if target is None else ("  ok" if best <= target else "  MISSED")
        print(
            f"{row['figure']}: best {best:.3f} s of {len(row['runs'])} "
            f"(target {target} s{verdict}); floor {floor:.3f} s ({row['floor_name']})"
        )


if __name__ == "__main__":
    main()
