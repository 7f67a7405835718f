"""Fault drills: writers killed with SIGKILL, two writers at once, random save/delete sequences."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.domain.records import Deal, Draft
from coach.store import StaleRevision, open_store

WRITER = Path(__file__).with_name("writer_proc.py")


def _spawn(root: Path, profile: str, count: int, tag: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])}
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(root), profile, str(count), tag],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_during_saves_loses_nothing_acknowledged(root):
    rng = random.Random(4)
    open_store(root, "alice").close()
    acked: dict[str, int] = {}
    kills = 20
    for round_ in range(kills):
        proc = _spawn(root, "alice", 10_000, f"r{round_}")
        wanted = rng.randint(1, 25)
        lines = []
        assert proc.stdout is not None
        while len(lines) < wanted:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "writer died"
            lines.append(line)
        proc.send_signal(signal.SIGKILL)  # the writer is mid-loop: in a save, or between two
        proc.wait()
        for line in lines:
            rid, rev = line.split()
            acked[rid] = max(acked.get(rid, 0), int(rev))
        with open_store(root, "alice") as s:  # every store opens after every kill
            assert s.check() == []
            for rid, rev in acked.items():
                got = s.deals.get(rid)
                assert got is not None and got.rev >= rev, (round_, rid)
    leftovers = [p for p in root.rglob(".tmp-*")]
    assert leftovers == [], "temporary files are cleaned on the next open"


@pytest.mark.slow
def test_two_processes_saving_at_once(root):
    open_store(root, "alice").close()
    procs = [_spawn(root, "alice", 200, tag) for tag in ("one", "two")]
    outputs = [p.communicate(timeout=300) for p in procs]
    for p, (out, err) in zip(procs, outputs, strict=True):
        assert p.returncode == 0, err
        assert len(out.splitlines()) == 200
    with open_store(root, "alice", read_only=True) as s:
        assert s.check() == []
        for out, _ in outputs:
            final: dict[str, int] = {}
            for line in out.splitlines():
                rid, rev = line.split()
                final[rid] = int(rev)
            for rid, rev in final.items():
                assert s.deals.get(rid).rev == rev
        made = {line.split()[0] for out, _ in outputs for line in out.splitlines()}
        assert s.deals.count() == len(made)


ops = st.lists(
    st.tuples(
        st.sampled_from(["new", "update", "delete", "stale"]),
        st.integers(min_value=0, max_value=50),
        st.text(max_size=12),
    ),
    max_size=40,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=ops)
def test_any_sequence_of_saves_and_deletes_reopens_to_the_same_records(tmp_path_factory, ops):
    root = tmp_path_factory.mktemp("prop")
    expected: dict[str, Deal | Draft] = {}
    with open_store(root, "p", daily_backup=False) as s:
        for op, n, text in ops:
            ids = sorted(expected)
            if op == "new" or not ids:
                rec = Deal(client=text) if n % 2 else Draft(target=text)
                saved = s.repo_for(rec).save(rec)
                expected[saved.id] = saved
                continue
            cur = expected[ids[n % len(ids)]]
            repo = s.repo_for(cur)
            if op == "update":
                if isinstance(cur, Deal):
                    cur.notes = text
                else:
                    cur.target = text
                expected[cur.id] = repo.save(cur)
            elif op == "delete":
                assert repo.delete(cur.id, rev=cur.rev)
                del expected[cur.id]
            else:
                stale = repo.get(cur.id)
                stale.rev -= 1
                with pytest.raises(StaleRevision):
                    repo.save(stale)
    with open_store(root, "p", read_only=True) as s:
        got = {r.id: r for kind in ("deals", "drafts") for r in s.repo(kind).list()}
        assert got == expected
