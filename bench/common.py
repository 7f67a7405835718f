"""Small helpers shared by the benchmark modules: timing and subprocess runs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / ".work"


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def run_python(code: str | list[str], env: dict[str, str] | None = None) -> float:
    """Wall time of a fresh interpreter running ``code`` (a -c string or argv after python)."""
    argv = [sys.executable, "-c", code] if isinstance(code, str) else [sys.executable, *code]
    full_env = {**os.environ, **(env or {})}
    t0 = time.perf_counter()
    subprocess.run(argv, check=True, env=full_env, cwd=ROOT, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def peak_rss_mb() -> float:
    """This process's own peak resident memory in MB.

    Linux's VmHWM belongs to the process's own address space. ``ru_maxrss`` does not: a child
    started by fork/vfork + exec inherits the parent's high-water mark, so a probe started from a
    bench process that holds 300 MB would report 300 MB whatever it used itself.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB elsewhere
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale / 2**20


def row(
    figure: str,
    runs: list[float],
    target: float | None,
    floor: list[float] | None = None,
    floor_name: str = "",
    unit: str = "s",
) -> dict:
    return {
        "figure": figure,
        "runs": runs,
        "target": target,
        "floor": floor,
        "floor_name": floor_name,
        "unit": unit,
    }
