"""The instructor's commands end to end: hand in, report, grade, return, import, calibrate."""

from __future__ import annotations

from pathlib import Path

import orjson
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.records import Answers, Attempt
from coach.store import open_store

from .conftest import FIXTURE_CONTENT, GOOD, WEAK


def run(*args: str):
    _load_commands()
    result = CliRunner().invoke(cli, ["--lang", "en", "--content", str(FIXTURE_CONTENT), *args])
    return result


def test_the_whole_loop(tmp_path: Path, index):
    data = tmp_path / "data"
    handins = tmp_path / "handins"
    handins.mkdir()
    case = index.cases["mini-peaks"]
    with open_store(data, "wang", daily_backup=False) as s:
        att = s.attempts.save(
            Attempt(
                case_id=case.id,
                case_hash=case.content_hash,
                curriculum_id="mini-course",
                answers=Answers(text=dict(WEAK)),
                submitted="2026-02-20T10:00:00",
                seconds=60,
            )
        )
    r = run("--data-dir", str(data), "--profile", "wang", "handin", str(handins / "wang.json"))
    assert r.exit_code == 0, r.output
    assert "wang.json" in r.output and "attempts 1" in r.output

    roster = tmp_path / "roster.csv"
    roster.write_text("name\nwang\nli\n", encoding="utf-8")
    r = run(
        "--data-dir",
        str(data),
        "--profile",
        "teacher",
        "cohort",
        "report",
        str(handins),
        "--roster",
        str(roster),
    )
    assert r.exit_code == 0, r.output
    assert "wang" in r.output and "not handed in: li" in r.output
    out = tmp_path / "report.html"
    r = run(
        "--data-dir",
        str(data),
        "--profile",
        "teacher",
        "cohort",
        "report",
        str(handins),
        "--out",
        str(out),
    )
    assert r.exit_code == 0 and out.is_file()

    r = run(
        "--data-dir",
        str(data),
        "--profile",
        "teacher",
        "cohort",
        "grade",
        str(handins),
        att.id,
        "--criterion",
        "r1=88:well argued",
        "--comment",
        "很好",
    )
    assert r.exit_code == 0, r.output
    assert "instructor" in r.output and "revision 1" in r.output

    r = run("--data-dir", str(data), "--profile", "teacher", "cohort", "return", str(handins))
    assert r.exit_code == 0, r.output
    (returned,) = (handins / "returned").glob("*.json")
    r = run("--data-dir", str(data), "--profile", "wang", "import", str(returned))
    assert r.exit_code == 0, r.output
    with open_store(data, "wang", daily_backup=False) as s:
        (g,) = s.grades.list()
        assert g.comment == "很好" and g.criteria[0].comment == "well argued"
        assert g.grader == "teacher" and s.attempts.get(att.id).rev == 1

    # the report now shows the instructor's score beside the automatic one
    r = run(
        "--data-dir",
        str(data),
        "--profile",
        "teacher",
        "cohort",
        "report",
        str(handins),
        "--out",
        str(tmp_path / "r.csv"),
    )
    assert r.exit_code == 0, r.output
    text = (tmp_path / "r.attempts.csv").read_text(encoding="utf-8-sig")
    assert "wang" in text


def test_report_skips_a_damaged_bundle_with_its_name(tmp_path: Path):
    handins = tmp_path / "h"
    handins.mkdir()
    (handins / "broken.json").write_text("{nope", encoding="utf-8")
    r = run("--data-dir", str(tmp_path / "d"), "cohort", "report", str(handins))
    assert r.exit_code == 0, r.output
    assert "broken.json" in r.output


def test_handin_with_deals_says_what_was_anonymised(tmp_path: Path):
    from coach.domain.records import Deal

    with open_store(tmp_path / "d", "x", daily_backup=False) as s:
        s.deals.save(Deal(client="张伟", notes="张伟 again"))
    r = run(
        "--data-dir",
        str(tmp_path / "d"),
        "--profile",
        "x",
        "handin",
        str(tmp_path / "h.json"),
        "--with-deals",
    )
    assert r.exit_code == 0, r.output
    assert "client name" in r.output and "张伟" not in (tmp_path / "h.json").read_text("utf-8")


def test_calibrate_command(tmp_path: Path):
    for name, text in (("good.md", GOOD), ("weak.md", WEAK)):
        (tmp_path / name).write_text(
            "\n\n".join(f"## {q}\n\n{t}" for q, t in text.items()), "utf-8"
        )
    (tmp_path / "m.csv").write_text("answer_file,score\ngood.md,90\nweak.md,75\n", "utf-8")
    (tmp_path / "o.csv").write_text("answer_file,score\ngood.md,85\nweak.md,75\n", "utf-8")
    r = run("calibrate", "mini-peaks", str(tmp_path / "m.csv"))
    assert r.exit_code == 0, r.output
    assert "quadratic-weighted kappa" in r.output and "keywords that would match" in r.output
    r = run("calibrate", "mini-peaks", str(tmp_path / "m.csv"), "--vs", str(tmp_path / "o.csv"))
    assert r.exit_code == 0 and "exactly equal: 50%" in r.output
    (tmp_path / "bad.csv").write_text("answer_file,score\ngood.md,x\n", "utf-8")
    r = run("calibrate", "mini-peaks", str(tmp_path / "bad.csv"))
    assert r.exit_code == 1 and "line 2" in r.output and "Traceback" not in r.output


def test_graded_bundle_of_another_trainee_is_refused(tmp_path: Path):
    from coach.store.handin import graded_bundle

    bundle = graded_bundle("someone-else-id", "li", [])
    (tmp_path / "g.json").write_bytes(orjson.dumps(bundle))
    with open_store(tmp_path / "d", "wang", daily_backup=False) as s:
        s.attempts.save(Attempt(case_id="x"))
    r = run(
        "--data-dir", str(tmp_path / "d"), "--profile", "wang", "import", str(tmp_path / "g.json")
    )
    assert r.exit_code == 1 and "another profile" in r.output
