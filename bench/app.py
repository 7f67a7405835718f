"""App start-up to Home ready, and the app's peak resident memory, on the bundled content.

Every run (the floor too) reads compiled bytecode, as an installed app does (pip compiles on
install): this environment sets PYTHONDONTWRITEBYTECODE, which made every start compile each
coach module from source again (about 0.1 s that no user pays). The cache lives under
bench/.work/pycache, outside the source folders; the first, untimed run fills it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from bench.common import ROOT, WORK, row, run_python

#: Bytecode as installed: written once, then read (see the module doc).
BYTECODE = {"PYTHONDONTWRITEBYTECODE": "", "PYTHONPYCACHEPREFIX": str(WORK / "pycache")}


def peak_rss_mb(env: dict[str, str]) -> float:
    out = subprocess.run(
        [sys.executable, "-m", "bench.app_probe", "--rss"],
        check=True,
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    ).stdout
    return float(out.strip().splitlines()[-1])


def run(quick: bool) -> list[dict]:
    n = 3 if quick else 7  # start-up runs
    env = {"COACH_BENCH_HOME": tempfile.mkdtemp(prefix="coach-bench-"), **BYTECODE}
    # warm the content cache, the bytecode cache and the OS file cache
    run_python(["-m", "bench.app_probe"], env)
    run_python(["-m", "bench.app_probe", "--cli"], env)
    run_python("import textual.app", BYTECODE)
    start, cli, floor = [], [], []
    for _ in range(n):  # interleaved: a busy moment of a shared machine hits all three
        start.append(run_python(["-m", "bench.app_probe"], env))
        cli.append(run_python(["-m", "bench.app_probe", "--cli"], env))
        floor.append(run_python("import textual.app", BYTECODE))
    memory = [peak_rss_mb(env) for _ in range(2 if quick else 5)]
    bare = [_bare_textual_rss() for _ in range(2 if quick else 5)]
    return [
        row(
            "app start → Home ready (headless)",
            start,
            0.6,
            floor,
            "python -c 'import textual.app'",
        ),
        row(
            "`coach` → Home ready (the command, headless)",
            cli,
            0.8,
            floor,
            "python -c 'import textual.app'",
        ),
        row(
            "app peak memory (Home, Learn, Progress, a case)",
            memory,
            150.0,
            bare,
            "bare Textual app",
            unit="MB",
        ),
    ]


def _bare_textual_rss() -> float:
    code = (
        "from textual.app import App\nfrom bench.common import peak_rss_mb\n"
        "class A(App):\n    def on_ready(self): self.exit()\n"
        "A().run(headless=True)\n"
        "print(peak_rss_mb())\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT
    ).stdout
    return float(out.strip().splitlines()[-1])
