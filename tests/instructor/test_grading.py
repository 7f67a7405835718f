"""Grades: their own records with an audit trail, returned in a bundle the trainee imports."""

from __future__ import annotations

from datetime import datetime

import orjson
import pytest

from coach.analysis.cohort import job_of, load_cohort
from coach.analysis.rescore import review_job
from coach.instructor.grading import Override, graded_score, save_grade
from coach.store import StoreError, open_store
from coach.store.bundle import import_bundle
from coach.store.handin import attach_grades, write_graded_bundles

from .conftest import WEAK


def grade_one(trainees, tmp_path, overrides, comment="", now=None):
    cohort = load_cohort(trainees.handins)
    (t,) = cohort.trainees.values()
    (a,) = t.attempts.values()
    fb = review_job(trainees.index, job_of(a))
    with open_store(tmp_path / "teacher-data", "teacher", daily_backup=False) as store:
        g = save_grade(
            store,
            attempt=a,
            trainee_id=t.id,
            trainee_name=t.name,
            feedback=fb,
            overrides=overrides,
            comment=comment,
            grader="林老师",
            now=now,
        )
    return t, a, fb, g


def test_a_grade_overrides_a_criterion_and_keeps_the_automatic_score(trainees, tmp_path):
    trainees.add("wang", [trainees.attempt("mini-peaks", WEAK)])
    t, a, fb, g = grade_one(
        trainees, tmp_path, {"r1": Override(80, "找到了高峰，只是措辞不同")}, "不错"
    )
    assert g.auto_score == fb.score and g.grader == "林老师" and g.graded
    assert g.criteria[0].criterion == "r1" and g.criteria[0].comment.startswith("找到")
    assert g.score == graded_score(fb.score, g.auto_points, g.criteria)
    assert g.score == pytest.approx(fb.score - g.auto_points["r1"] + 80, abs=0.05)
    assert g.attempt_id == a.id and g.trainee_id == t.id and g.comment == "不错"


def test_regrading_keeps_the_history_and_never_edits_the_attempt(trainees, tmp_path):
    trainees.add("wang", [trainees.attempt("mini-peaks", WEAK)])
    before = (trainees.handins / "wang.json").read_bytes()
    _, _, _, g1 = grade_one(trainees, tmp_path, {"r1": Override(50)}, now=datetime(2026, 3, 1))
    _, _, _, g2 = grade_one(
        trainees, tmp_path, {"r1": Override(90)}, "改了", now=datetime(2026, 3, 2)
    )
    assert g2.id == g1.id and g2.rev == g1.rev + 1
    assert [h["score"] for h in g2.history] == [g1.score]
    assert g2.history[0]["graded"].startswith("2026-03-01")
    assert (trainees.handins / "wang.json").read_bytes() == before
    with open_store(trainees.root, "wang", daily_backup=False) as store:
        (att,) = store.attempts.list()
        assert att.instructor_grades == [] and att.rev == 1


@pytest.mark.parametrize(("crit", "points"), [("nope", 1), ("r1", 101), ("r1", -1)])
def test_bad_overrides_are_refused(trainees, tmp_path, crit, points):
    trainees.add("wang", [trainees.attempt("mini-peaks", WEAK)])
    with pytest.raises(StoreError):
        grade_one(trainees, tmp_path, {crit: Override(points)})


def test_returned_grades_import_into_the_trainees_store(trainees, tmp_path):
    trainees.add("wang", [trainees.attempt("mini-peaks", WEAK)])
    t, _, _, g = grade_one(trainees, tmp_path, {"r1": Override(75, "好")}, "继续努力")
    (path,) = write_graded_bundles(tmp_path / "returned", [g], {t.id: t.name}, grader="林老师")
    assert orjson.loads(path.read_bytes())["profile"]["id"] == t.id
    with open_store(trainees.root, "wang", daily_backup=False) as store:
        report = import_bundle(store, path)
        assert report.added == {"grades": 1}
        again = import_bundle(store, path)
        assert again.changed == 0
        (att,) = store.attempts.list()
        assert att.rev == 1 and att.instructor_grades == []  # the attempt itself is untouched
        (shown,) = attach_grades(store.attempts.list(), store.grades.list())
    assert shown.instructor_comment == "继续努力" and shown.instructor == "林老师"
    assert shown.instructor_grades[0].score == 75 and shown.extra["instructor_score"] == g.score


def test_a_regrade_returned_again_replaces_the_first(trainees, tmp_path):
    trainees.add("wang", [trainees.attempt("mini-peaks", WEAK)])
    t, _, _, g1 = grade_one(trainees, tmp_path, {"r1": Override(40)})
    (p1,) = write_graded_bundles(tmp_path / "r1", [g1], {t.id: t.name})
    _, _, _, g2 = grade_one(trainees, tmp_path, {"r1": Override(85)})
    (p2,) = write_graded_bundles(tmp_path / "r2", [g2], {t.id: t.name})
    with open_store(trainees.root, "wang", daily_backup=False) as store:
        import_bundle(store, p1)
        assert import_bundle(store, p2).updated == {"grades": 1}
        (g,) = store.grades.list()
    assert g.score == g2.score and len(g.history) == 1
