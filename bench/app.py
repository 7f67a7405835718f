"""App start-up: from a fresh interpreter to the first screen ready, headless."""

from __future__ import annotations

from bench.common import row, run_python


def run(quick: bool) -> list[dict]:
    n = 3 if quick else 7
    run_python(["-m", "bench.app_probe"])  # warm the content cache and the OS file cache
    start = [run_python(["-m", "bench.app_probe"]) for _ in range(n)]
    floor = [run_python("import textual.app") for _ in range(n)]
    return [
        row("app start → first screen ready (headless)", start, 0.6, floor,
            "python -c 'import textual.app'"),
    ]
