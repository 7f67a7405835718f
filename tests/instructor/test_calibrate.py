"""Calibration: the figures against hand counts, kappa's known values, marks files' errors."""

from __future__ import annotations

import math
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st

from coach.analysis.calibrate import (
    MarksError,
    agreement,
    attach_answers,
    band,
    calibrate,
    compare_marks,
    quadratic_kappa,
    read_marks,
)
from coach.analysis.rescore import Rescorer

from .conftest import GOOD, WEAK


@pytest.mark.parametrize(
    ("score", "expected"), [(0, 0), (9.9, 0), (10, 1), (55, 5), (99.5, 9), (100, 9)]
)
def test_ten_point_bands(score, expected):
    assert band(score) == expected


def test_kappa_perfect_and_reversed():
    xs = [5, 15, 25, 35, 45, 55, 65, 75, 85, 95]
    assert quadratic_kappa(xs, xs) == pytest.approx(1.0)
    assert quadratic_kappa(xs, list(reversed(xs))) == pytest.approx(-1.0)


def test_kappa_against_a_hand_computed_table():
    # two bands used: a = [0,0,1,1], b = [0,1,1,1] -> w(0,1)=1/81
    a, b = [5, 5, 15, 15], [5, 15, 15, 15]
    obs_w = 1 / 81  # one disagreement of one band
    # rows total [2, 2], columns [1, 3]: the off-diagonal cells expect (2*3 + 2*1) / n
    exp_w = (2 * 3 + 2 * 1) / 4 * (1 / 81)
    assert quadratic_kappa(a, b) == pytest.approx(1 - obs_w / exp_w)


@given(st.lists(st.integers(0, 100), min_size=1, max_size=40))
def test_kappa_of_a_grader_with_itself_is_one(xs):
    k = quadratic_kappa(xs, xs)
    assert k == pytest.approx(1.0)


def test_agreement_counts():
    a = agreement([50, 60, 80, 30], [50, 65, 60, 45], tolerance=10)
    assert a.n == 4 and a.exact == 0.25 and a.within == 0.5
    assert a.over_n == 1 and a.over_mean == 20.0
    assert a.under_n == 2 and a.under_mean == 10.0
    assert a.mean_diff == pytest.approx((0 - 5 + 20 - 15) / 4, abs=0.05)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("file,mark\na.md,3\n", "line 1 needs a score column"),
        ("answer_file,score\na.md,abc\n", "line 2"),
        ("answer_file,score\na.md,50\nb.md,150\n", "line 3"),
        ("attempt_id,score\nx,50\nx,60\n", "appears twice"),
        ("", "empty"),
    ],
)
def test_marks_errors_name_the_line(tmp_path, text, message):
    p = tmp_path / "marks.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(MarksError, match=message) as err:
        read_marks(p)
    assert str(p) in str(err.value)


def write_answer(folder, name, text):
    body = "\n\n".join(f"## {q}\n\n{t}" for q, t in text.items())
    (folder / name).write_text(body, encoding="utf-8")


def test_engine_against_human_marks_from_answer_files(tmp_path, index):
    write_answer(tmp_path, "good.md", GOOD)
    write_answer(tmp_path, "weak.md", WEAK)
    # the human thinks the weak one deserves much more: the engine missed its key points
    (tmp_path / "marks.csv").write_text(
        "answer_file,score\ngood.md,95\nweak.md,70\n", encoding="utf-8"
    )
    key, marks = read_marks(tmp_path / "marks.csv")
    case = index.cases["mini-peaks"]
    problems = attach_answers(marks, key, case, index, tmp_path)
    assert problems == []
    result = calibrate(case, marks, index, rescorer=Rescorer(index, use_cache=False), lang="en")
    engine = dict(zip(result.table["key"], result.table["engine"], strict=True))
    assert engine["good.md"] > engine["weak.md"]
    assert result.agreement.n == 2 and result.agreement.under_n >= 1
    kps = {k.key_point: k for k in result.key_points}
    assert "kp1" in kps and kps["kp1"].rows[0]["key"] == "weak.md"
    assert "开门红" in kps["kp1"].keywords  # the words that would have made a match
    assert kps["kp1"].rows[0]["status"] == "missed" and "三月" in kps["kp1"].rows[0]["answer"]


def test_attempt_ids_need_the_bundles(tmp_path, index, trainees):
    a = trainees.attempt("mini-peaks", GOOD)
    (tmp_path / "m.csv").write_text(f"attempt_id,score\n{a.id},80\n", encoding="utf-8")
    key, marks = read_marks(tmp_path / "m.csv")
    with pytest.raises(MarksError, match="line 2"):
        attach_answers(marks, key, index.cases["mini-peaks"], index, tmp_path, {})
    attach_answers(marks, key, index.cases["mini-peaks"], index, tmp_path, {a.id: a})
    assert marks[0].answers.text == GOOD


def test_two_graders(tmp_path):
    (tmp_path / "a.csv").write_text(
        "answer_file,score\nx.md,50\ny.md,80\nz.md,10\n", encoding="utf-8"
    )
    (tmp_path / "b.csv").write_text(
        "answer_file,score\ny.md,70\nx.md,50\nw.md,1\n", encoding="utf-8"
    )
    _, a = read_marks(tmp_path / "a.csv")
    _, b = read_marks(tmp_path / "b.csv")
    agr, table, only = compare_marks(a, b, tolerance=5)
    assert agr.n == 2 and agr.exact == 0.5 and agr.within == 0.5 and agr.over_n == 1
    assert only == ["w.md", "z.md"] and not math.isnan(agr.kappa)
    assert list(table["diff"]) == [0.0, 10.0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_marks_file_that_is_a_pipe_is_refused_without_waiting(tmp_path):
    fifo = tmp_path / "marks.csv"
    os.mkfifo(fifo)
    with pytest.raises(MarksError, match=r"not a regular file|不是普通文件"):
        read_marks(fifo)
