"""The engine against the calibration set's expert marks (casebank/calibration): the agreement
issue 13 asks for, kept from going back. The figures themselves: python -m bench.validity."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analysis.validity import Validity, evaluate
from coach.content import load_content

SET = Path(__file__).resolve().parents[2] / "casebank" / "calibration"
PASS_MARK = 70  # the bundled curriculum's pass score


@pytest.fixture(scope="module")
def validity() -> Validity:
    v, problems = evaluate(SET, load_content())
    assert problems == []
    assert len(v.items) >= 12 * 16
    return v


def test_agreement_overall_and_above_keyword_counting(validity: Validity) -> None:
    assert validity.overall.kappa >= 0.90
    assert validity.overall.kappa >= validity.floor_overall.kappa + 0.25
    assert validity.overall.mae <= 10


def test_agreement_on_every_case(validity: Validity) -> None:
    low = {cid: round(e.kappa, 2) for cid, (e, _f) in validity.by_case().items() if e.kappa < 0.80}
    assert low == {}


@pytest.mark.parametrize(("kind", "ceiling"), [("stuffed", 15), ("poor", 15), ("blame-only", 35)])
def test_answers_that_are_no_review_stay_low(validity: Validity, kind: str, ceiling: float) -> None:
    scores = [e for m, e in zip(validity.items, validity.engine, strict=True) if m.kind == kind]
    assert scores and max(scores) <= ceiling


def test_every_red_line_breach_fails(validity: Validity) -> None:
    scores = [
        e for m, e in zip(validity.items, validity.engine, strict=True) if m.kind == "noncompliant"
    ]
    assert scores and max(scores) < PASS_MARK


def test_every_excellent_answer_scores_as_excellent(validity: Validity) -> None:
    """Formal or colloquial: how an excellent review is worded does not change its band."""
    scores = {
        f"{m.case_id}/{m.file}": e
        for m, e in zip(validity.items, validity.engine, strict=True)
        if m.kind.startswith("excellent")
    }
    assert len(scores) == 32
    assert {k: v for k, v in scores.items() if v < 80} == {}
