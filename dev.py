#!/usr/bin/env python3
"""Set up and run 复盘 Coach from a fresh clone with nothing but Python 3.11+.

    python3 dev.py run [coach args...]   # make .venv if needed, install, open the app
    python3 dev.py test [pytest args...] # make .venv if needed, install with test extras, run tests
    python3 dev.py bench [--quick]       # run the benchmark harness

The virtual environment lives in ./.venv and is reused; it is reinstalled only when
pyproject.toml changes, so the second run starts at once.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _stamp(extra: str) -> str:
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    return f"{digest}-{extra}"


def ensure_venv(extras: str) -> None:
    """Create .venv and install the project (editable) unless it is already up to date."""
    if sys.version_info < (3, 11):
        sys.exit(f"复盘 Coach needs Python 3.11 or newer; this is {sys.version.split()[0]}.")
    marker = VENV / ".coach-installed"
    want = _stamp(extras)
    good = {want, _stamp("test")}  # a test install also serves "run"
    if marker.exists() and marker.read_text() in good and PY.exists():
        return
    if not PY.exists():
        print("Creating .venv …", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    spec = f".[{extras}]" if extras else "."
    print(f"Installing {spec} into .venv …", flush=True)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "--upgrade", "pip"], cwd=ROOT)
    subprocess.check_call([str(PY), "-m", "pip", "install", "-q", "-e", spec], cwd=ROOT)
    marker.write_text(want)


def main(argv: list[str]) -> int:
    cmd, rest = (argv[0], argv[1:]) if argv else ("run", [])
    if cmd == "run":
        ensure_venv("")
        return subprocess.call([str(PY), "-m", "coach", *rest], cwd=os.getcwd())
    if cmd == "test":
        ensure_venv("test")
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT)
    if cmd == "bench":
        ensure_venv("test")
        return subprocess.call([str(PY), "-m", "bench", *rest], cwd=ROOT)
    sys.exit(f"unknown command {cmd!r}: use run, test or bench")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
