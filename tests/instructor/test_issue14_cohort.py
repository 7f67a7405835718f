"""Issue 14, item 11 (instructor side): forged hand-ins, escape sequences in names, deep or special
files in the hand-in folder — each named and set aside, never fatal, never acted on."""

from __future__ import annotations

import json
import os
import stat
import threading
from datetime import date
from pathlib import Path

import orjson
import pytest
from click.testing import CliRunner

from coach.analysis.cohort import cohort_report, load_cohort, read_roster
from coach.analysis.rescore import Rescorer
from coach.cli import _load_commands, cli
from coach.domain.records import GradeRecord
from coach.instructor.grading import grade_id
from coach.store import StoreError, open_store

from .conftest import FIXTURE_CONTENT, GOOD, WEAK

ESCAPES = ("\x1b", "\x07", "\x9b", "\u202e")


def run(*args: str):
    _load_commands()
    return CliRunner().invoke(cli, ["--lang", "en", "--content", str(FIXTURE_CONTENT), *args])


def report_of(trainees):
    idx = trainees.index
    return cohort_report(
        trainees.handins, idx, rescorer=Rescorer(idx, use_cache=False), today=date(2026, 3, 10)
    )


def forge(trainees, victim: Path, *, name: str | None, created: str | None, file: str) -> Path:
    """A classmate's own hand-in, edited to claim the victim's profile id (and her attempt)."""
    own = trainees.add("mallory", [trainees.attempt("mini-peaks", GOOD)], file=file)
    hers = orjson.loads(victim.read_bytes())
    data = orjson.loads(own.read_bytes())
    data["profile"]["id"] = hers["profile"]["id"]
    data["profile"]["name"] = hers["profile"]["name"] if name is None else name
    data["profile"]["created"] = hers["profile"]["created"] if created is None else created
    stolen = dict(hers["records"]["attempts"][0])
    stolen.update(answers=data["records"]["attempts"][0]["answers"], rev=99)
    data["records"]["attempts"].append(stolen)  # her attempt, "revised" by the forger
    own.write_bytes(orjson.dumps(data))
    return own


@pytest.mark.parametrize(
    ("name", "created"), [("mallory", None), (None, "2020-01-01T00:00:00+08:00")]
)
def test_a_second_handin_claiming_her_id_is_set_aside_not_merged(trainees, name, created):
    hers = trainees.add("mei", [trainees.attempt("mini-peaks", WEAK)])
    mei_id = trainees.profile_id("mei")
    forged = forge(trainees, hers, name=name, created=created, file="zz-forged.json")
    cohort = load_cohort(trainees.handins)
    t = cohort.trainees[mei_id]
    assert t.name == "mei" and t.sources == [str(hers)]
    (att,) = t.attempts.values()
    assert att.rev == 1 and att.answers.text == WEAK, "her attempt is not replaced"
    assert cohort.disputed[mei_id] == [str(hers), str(forged)]
    (why,) = [r for f, r in cohort.skipped if f == str(forged)]
    assert str(hers) in why and mei_id in why
    _, _, report = report_of(trainees)
    assert any(str(hers) in n and str(forged) in n for n in report.notes)


def test_the_same_profile_handing_in_twice_still_merges(trainees):
    trainees.add("sun", [trainees.attempt("mini-peaks", WEAK)], file="sun-1.json")
    trainees.add("sun", [trainees.attempt("mini-doubt", {"g1": "目标"})], file="sun-2.json")
    cohort = load_cohort(trainees.handins)
    (t,) = cohort.trainees.values()
    assert len(t.attempts) == 2 and not cohort.disputed and not cohort.skipped


def _grade(data: Path, attempt_id: str, trainee_id: str, score: float) -> None:
    with open_store(data, "teacher", daily_backup=False) as s:
        s.grades.save(
            GradeRecord(
                id=grade_id(attempt_id),
                attempt_id=attempt_id,
                trainee_id=trainee_id,
                trainee_name="mei",
                case_id="mini-peaks",
                score=score,
            )
        )


def test_return_never_grades_a_forgery_under_her_id(trainees, tmp_path):
    data = tmp_path / "teacher-data"
    hers = trainees.add("mei", [trainees.attempt("mini-peaks", WEAK)])
    mei_id = trainees.profile_id("mei")
    her_attempt = orjson.loads(hers.read_bytes())["records"]["attempts"][0]["id"]
    # the forgery sorts first, so it is the one read first and shown
    forged = forge(trainees, hers, name="mallory", created=None, file="a-forged.json")
    forged_attempt = orjson.loads(forged.read_bytes())["records"]["attempts"][0]["id"]
    _grade(data, forged_attempt, mei_id, 95.0)
    _grade(data, her_attempt, mei_id, 40.0)
    args = ("--data-dir", str(data), "--profile", "teacher", "cohort")
    r = run(*args, "return", str(trainees.handins))
    assert r.exit_code == 0, r.output
    assert str(hers) in r.output and str(forged) in r.output
    assert not list((trainees.handins / "returned").glob("*.json")), "nothing returned for her"
    r = run(*args, "grade", str(trainees.handins), forged_attempt)
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
    assert str(forged) in r.output
    # the instructor removes the forgery: her own grade goes back, the forgery's never
    forged.unlink()
    r = run(*args, "return", str(trainees.handins))
    assert r.exit_code == 0, r.output
    (returned,) = (trainees.handins / "returned").glob("*.json")
    assert stat.S_IMODE(os.stat(returned).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(returned.parent).st_mode) == 0o700
    grades = orjson.loads(returned.read_bytes())["records"]["grades"]
    assert [g["attempt_id"] for g in grades] == [her_attempt]


def test_names_and_ids_with_terminal_escapes_are_shown_harmless(trainees, tmp_path):
    path = trainees.add("eve", [trainees.attempt("mini-peaks", GOOD)])
    data = orjson.loads(path.read_bytes())
    data["profile"]["name"] = "\x1b[2J\x1b]0;pwned\x07eve\x9b31m\u202egnp.exe"
    att = data["records"]["attempts"][0]
    att["curriculum_id"] = "mini\x1b[8m-course"
    data["records"]["attempts"].append({**att, "id": "a2", "case_id": "gone\x1b[2J"})
    path.write_bytes(orjson.dumps(data))
    (trainees.handins / "\x1b[2Jbad.json").write_bytes(b'{"format": "coach-bundle", ')
    (trainees.handins / "kinds.json").write_bytes(
        orjson.dumps({**data, "records": {"\x1b]0;x\x07": []}})
    )
    r = run("cohort", "report", str(trainees.handins))
    assert r.exit_code == 0, r.output
    assert "eve" in r.output and "\\x1b" in r.output
    assert not any(e in r.output for e in ESCAPES), repr(r.output)
    out = tmp_path / "r.md"
    r = run("cohort", "report", str(trainees.handins), "--out", str(out))
    assert r.exit_code == 0, r.output
    text = out.read_text(encoding="utf-8")
    assert "eve" in text and not any(e in text for e in ESCAPES), repr(text)


def test_a_deeply_nested_handin_is_named_and_skipped(trainees):
    trainees.add("ok", [trainees.attempt("mini-peaks", GOOD)])
    path = trainees.add("deep", [trainees.attempt("mini-peaks", GOOD)])
    data = orjson.loads(path.read_bytes())
    v: object = 1
    for _ in range(300):
        v = [v]
    data["records"]["attempts"][0]["deep"] = v
    path.write_text(json.dumps(data), encoding="utf-8")
    cohort, _, report = report_of(trainees)
    assert [t.name for t in cohort.trainees.values()] == ["ok"]
    (skipped,) = report.skipped
    assert skipped[0] == str(path) and "nested" in skipped[1]
    r = run("cohort", "report", str(trainees.handins))
    assert r.exit_code == 0 and "nested" in r.output, r.output


def _in_thread(fn):
    """fn() run where a block cannot hang the test: (returned, raised) or a failure."""
    box: dict[str, object] = {}

    def go():
        try:
            box["value"] = fn()
        except BaseException as e:  # handed to the test thread
            box["error"] = e

    t = threading.Thread(target=go, daemon=True)
    t.start()
    t.join(10)
    return t, box


def test_a_fifo_in_the_folder_is_named_and_the_report_finishes(trainees):
    trainees.add("ok", [trainees.attempt("mini-peaks", GOOD)])
    fifo = trainees.handins / "pipe.json"
    os.mkfifo(fifo)
    t, box = _in_thread(lambda: load_cohort(trainees.handins))
    if t.is_alive():
        with open(fifo, "wb"):
            pass
        pytest.fail("a FIFO blocked the cohort")
    cohort = box["value"]
    assert [t.name for t in cohort.trainees.values()] == ["ok"]
    assert [f for f, _ in cohort.skipped] == [str(fifo)]
    assert "regular file" in cohort.skipped[0][1]


def test_a_fifo_roster_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    t, box = _in_thread(lambda: read_roster(fifo))
    if t.is_alive():
        with open(fifo, "wb"):
            pass
        pytest.fail("a FIFO roster blocked")
    assert isinstance(box.get("error"), StoreError) and "regular file" in str(box["error"])
