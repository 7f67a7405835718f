"""kill -9 of the app in the middle of saving drafts, many times: the store always opens clean,
every acknowledged save is there, and the draft is never a mix of two saves.

Each round starts the real app (headless, in its own process: tests/drills/app_saver.py), lets it
acknowledge a random number of saves, and kills it with SIGKILL at that moment — in a save, or
between two. CI runs COACH_DRILL_KILLS rounds (8 by default; more on a quiet machine).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from coach import paths
from coach.store import open_store
from coach.tui.drafts import find_draft

from .app_saver import SEQ

REPO = Path(__file__).resolve().parents[2]
ROUNDS = int(os.environ.get("COACH_DRILL_KILLS", "8"))


def _start() -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.drills.app_saver"],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_of_the_app_mid_save_loses_no_acknowledged_draft() -> None:
    rng = random.Random(10)
    acked_rev, acked_len = 0, 0
    for round_ in range(ROUNDS):
        proc = _start()
        assert proc.stdout is not None and proc.stderr is not None
        wanted = rng.randint(1, 12)
        acks = []
        try:
            while len(acks) < wanted:
                line = proc.stdout.readline()
                assert line, f"round {round_}: the app ended early:\n{proc.stderr.read()[-3000:]}"
                acks.append(tuple(map(int, line.split())))
        finally:
            proc.send_signal(signal.SIGKILL)  # mid-loop: in a save, or between two
            proc.wait(timeout=30)
            proc.stdout.close()
            proc.stderr.close()
        assert proc.returncode == -signal.SIGKILL
        acked_rev = max(acked_rev, *(rev for rev, _ in acks))
        acked_len = max(acked_len, *(n for _, n in acks))
        with open_store(paths.data_root(), "tester", daily_backup=False) as store:
            assert store.check() == [], f"round {round_}: damaged store"
            drafts = store.drafts.list()
            assert len(drafts) == 1, f"round {round_}: one draft, continued each time"
            draft = find_draft(store, "case:mini-peaks")
            text = draft.answers.text["q1"]
            assert draft.rev >= acked_rev, f"round {round_}: an acknowledged save was lost"
            assert len(text) >= acked_len, f"round {round_}: acknowledged text was lost"
            assert SEQ.startswith(text), f"round {round_}: the saved text is damaged"
    leftovers = list(paths.data_root().rglob(".tmp-*"))
    assert leftovers == [], "temporary files are cleaned on the next open"
