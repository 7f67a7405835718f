"""The cohort report: rescoring, versions, merging, skipping, roster, lateness, pass/fail."""

from __future__ import annotations

import math
from datetime import date

import orjson
import pytest

from coach.analysis.cohort import cohort_report, load_cohort, read_roster
from coach.analysis.rescore import Rescorer
from coach.content import load_content

from .conftest import GOOD, WEAK


def report_of(trainees, index=None, **kw):
    idx = index or trainees.index
    kw.setdefault("today", date(2026, 3, 10))
    return cohort_report(trainees.handins, idx, rescorer=Rescorer(idx, use_cache=False), **kw)


def test_scores_come_from_the_answers_never_from_the_bundle(trainees):
    path = trainees.add("wang", [trainees.attempt("mini-peaks", WEAK, score=100.0)])
    data = orjson.loads(path.read_bytes())
    data["records"]["attempts"][0]["score"] = 100.0  # a forged score
    data["records"]["attempts"][0]["breakdown"] = [{"id": "r1", "points": 100}]
    path.write_bytes(orjson.dumps(data))
    _, scored, report = report_of(trainees)
    (s,) = scored
    assert s.auto is not None and s.auto < 50
    row = report.attempts.iloc[0]
    assert row["auto"] == pytest.approx(s.auto, abs=0.05) and row["score"] < 50


def test_good_answers_score_higher_and_pass_marks_follow_the_curriculum(trainees):
    trainees.add("good", [trainees.attempt("mini-peaks", GOOD)])
    trainees.add("weak", [trainees.attempt("mini-peaks", WEAK)])
    _, _, report = report_of(trainees)
    assert report.curriculum == "mini-course" and report.pass_score == 70
    by = report.trainees.set_index("trainee")
    assert by.loc["good", "best"] > by.loc["weak", "best"]
    assert by.loc["good", "passed_cases"] == 1 and by.loc["weak", "passed_cases"] == 0
    assert not by.loc["good", "passed"]  # one of two curriculum cases done
    assert by.loc["good", "completion"] == 50.0 and by.loc["good", "of"] == 2
    case = report.cases.set_index("case_id").loc["mini-peaks"]
    assert case["trainees"] == 2 and case["pass_rate"] == 50.0
    assert case["mean"] == pytest.approx(
        (by.loc["good", "best"] + by.loc["weak", "best"]) / 2, abs=0.1
    )
    kp = report.key_points
    assert set(kp["key_point"]) == {"kp1", "kp2"}
    assert (kp["missed_pct"] == 50.0).all()  # the weak answer missed both, the good none


def test_first_and_best_and_time(trainees):
    first = trainees.attempt("mini-peaks", WEAK, submitted="2026-02-01T09:00:00", seconds=300)
    second = trainees.attempt("mini-peaks", GOOD, submitted="2026-02-02T09:00:00", seconds=900)
    trainees.add("li", [second, first])
    _, scored, report = report_of(trainees)
    weak, good = sorted(s.auto for s in scored)
    row = report.trainees.iloc[0]
    assert row["first"] == pytest.approx(weak, abs=0.05)
    assert row["best"] == pytest.approx(good, abs=0.05)
    assert row["minutes"] == 20.0


def test_another_version_of_a_case_is_marked(trainees):
    trainees.add("zhao", [trainees.attempt("mini-peaks", GOOD, case_hash="0" * 64)])
    _, scored, report = report_of(trainees)
    assert scored[0].version == "other"
    assert report.trainees.iloc[0]["other_version"] == 1
    assert any("another version" in n for n in report.notes)


def test_bundles_of_one_profile_merge(trainees):
    a1 = trainees.attempt("mini-peaks", WEAK)
    trainees.add("sun", [a1], file="sun-monday.json")
    a2 = trainees.attempt("mini-doubt", {"g1": "目标"})
    trainees.add("sun", [a2], file="sun-friday.json")  # the second holds both attempts
    cohort = load_cohort(trainees.handins)
    assert len(cohort.trainees) == 1
    (t,) = cohort.trainees.values()
    assert set(t.attempts) == {a1.id, a2.id} and len(t.sources) == 2


def test_two_profiles_with_one_name_stay_apart(trainees, tmp_path):
    trainees.add("student", [trainees.attempt("mini-peaks", GOOD)], file="lab1.json")
    other_root = trainees.root
    trainees.root = tmp_path / "other-pc"
    trainees.add("student", [trainees.attempt("mini-peaks", WEAK)], file="lab2.json")
    trainees.root = other_root
    assert len(load_cohort(trainees.handins).trainees) == 2


@pytest.mark.parametrize(
    ("name", "body", "reason"),
    [
        ("broken.json", b'{"format": "coach-bundle", ', "line 1"),
        ("foreign.json", b'{"hello": "world"}', "not a coach bundle"),
        ("newer.json", b'{"format": "coach-bundle", "version": 99}', "newer"),
        ("empty.json", b"", "line"),
    ],
)
def test_damaged_or_foreign_bundles_are_named_and_skipped(trainees, name, body, reason):
    trainees.add("ok", [trainees.attempt("mini-peaks", GOOD)])
    (trainees.handins / name).write_bytes(body)
    cohort, _, report = report_of(trainees)
    assert len(cohort.trainees) == 1
    (skipped,) = report.skipped
    assert skipped[0].endswith(name) and reason in skipped[1]


def test_roster_lists_who_has_not_handed_in(trainees, tmp_path):
    trainees.add("王芳", [trainees.attempt("mini-peaks", GOOD)])
    pid = trainees.profile_id("王芳")
    trainees.add("Lee", [trainees.attempt("mini-peaks", GOOD)])
    roster = tmp_path / "roster.csv"
    roster.write_text("姓名,班级\n王芳,1\nlee,1\n刘洋,1\n", encoding="utf-8")
    names = read_roster(roster)
    assert names == ["王芳", "lee", "刘洋"]
    _, _, report = report_of(trainees, roster=names)
    assert report.missing == ["刘洋"]
    ids = tmp_path / "ids.csv"
    ids.write_text(f"{pid}\nnobody-id\n", encoding="utf-8")
    _, _, report = report_of(trainees, roster=read_roster(ids))
    assert report.missing == ["nobody-id"]


def test_late_against_the_curriculum_deadlines(trainees, content_with_due):
    index = load_content([content_with_due], cache=False)
    on_time = trainees.attempt("mini-peaks", GOOD, submitted="2026-02-27T10:00:00")
    trainees.add("early", [on_time])
    late = trainees.attempt("mini-peaks", GOOD, submitted="2026-03-05T10:00:00")
    trainees.add("late", [late])
    _, _, report = report_of(trainees, index=index, today=date(2026, 3, 10))
    by = report.trainees.set_index("trainee")
    assert by.loc["early", "late"] == 0
    assert by.loc["late", "late_cases"] == "mini-peaks"
    # after the second deadline, a case never handed in is late too
    _, _, report = report_of(trainees, index=index, today=date(2026, 3, 21))
    by = report.trainees.set_index("trainee")
    assert by.loc["early", "late_cases"] == "mini-doubt"


def test_self_score_beside_the_automatic_one(trainees):
    trainees.add("zhou", [trainees.attempt("mini-peaks", WEAK, self_score={"r1": 0.9})])
    _, scored, report = report_of(trainees)
    (gap,) = report.gaps.itertuples()
    assert gap.self == 90.0 and gap.auto == pytest.approx(scored[0].auto, abs=0.05)
    assert gap.self_minus_auto == pytest.approx(90.0 - gap.auto, abs=0.1)
    assert math.isnan(gap.instructor)


def test_a_case_not_in_the_instructors_content_is_reported_not_fatal(trainees):
    trainees.add("wu", [trainees.attempt("mini-peaks", GOOD)])
    a = trainees.attempt("mini-peaks", GOOD)
    a.case_id = "somebody-elses-case"
    trainees.add("wu2", [a])
    _, scored, report = report_of(trainees)
    assert {s.version for s in scored} == {"same", "unknown"}
    assert any("somebody-elses-case" in n for n in report.notes)


def test_the_rescore_cache_gives_the_same_result_and_follows_content(trainees, tmp_path):
    trainees.add("a", [trainees.attempt("mini-peaks", GOOD), trainees.attempt("mini-peaks", WEAK)])
    r1 = Rescorer(trainees.index, cache_dir=tmp_path / "c")
    _, s1, _ = cohort_report(trainees.handins, trainees.index, rescorer=r1)
    r1.save()
    assert r1.misses == 2 and r1.hits == 0
    r2 = Rescorer(trainees.index, cache_dir=tmp_path / "c")
    _, s2, _ = cohort_report(trainees.handins, trainees.index, rescorer=r2)
    assert r2.hits == 2 and r2.misses == 0
    assert sorted(s.auto for s in s1) == sorted(s.auto for s in s2)
    (tmp_path / "c" / "rescore-cache.json").write_bytes(b"{damaged")
    r3 = Rescorer(trainees.index, cache_dir=tmp_path / "c")
    _, s3, _ = cohort_report(trainees.handins, trainees.index, rescorer=r3)
    assert r3.misses == 2 and sorted(s.auto for s in s3) == sorted(s.auto for s in s1)
