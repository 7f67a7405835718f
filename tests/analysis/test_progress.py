"""Progress through a curriculum: statuses, first / best scores, locks, the next case."""

from __future__ import annotations

import random
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.analysis.progress import RECENT, compute_progress, draft_case_id
from coach.content import load_content
from coach.domain.records import Attempt, Draft

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content"
CONTENT = load_content([FIXTURE], cache=False)  # mini-course: peaks, then doubt (needs product)
PASS = CONTENT.curricula["mini-course"].pass_score


def attempt(case: str, score: float | None, day: int, seconds: float = 60, **kw) -> Attempt:
    return Attempt(
        case_id=case,
        score=score,
        submitted=f"2026-03-{day:02d}T10:00:00" if day else "",
        seconds=seconds,
        **kw,
    )


def draft(case: str, updated: str = "2026-03-09T10:00:00") -> Draft:
    return Draft(target=f"case:{case}", updated=updated)


@pytest.mark.parametrize(
    "attempts, drafts, peaks, doubt, next_case",
    [
        ([], [], "new", "locked", "mini-peaks"),
        ([attempt("mini-peaks", PASS - 1, 1)], [], "failed", "locked", "mini-peaks"),
        ([attempt("mini-peaks", PASS, 1)], [], "passed", "new", "mini-doubt"),
        ([], [draft("mini-peaks")], "draft", "locked", "mini-peaks"),
        ([attempt("mini-peaks", 10, 1)], [draft("mini-peaks")], "draft", "locked", "mini-peaks"),
        ([attempt("mini-peaks", 90, 1)], [draft("mini-peaks")], "passed", "new", "mini-doubt"),
        # work done on a locked case shows as what it is, never hidden behind the lock
        ([attempt("mini-doubt", 40, 1)], [], "new", "failed", "mini-peaks"),
        ([], [draft("mini-doubt")], "new", "draft", "mini-peaks"),
        # not submitted, or not scored: does not count
        ([attempt("mini-peaks", 90, 0)], [], "new", "locked", "mini-peaks"),
        ([attempt("mini-peaks", None, 1)], [], "new", "locked", "mini-peaks"),
        (
            [attempt("mini-peaks", 95, 1), attempt("mini-doubt", 99, 2)],
            [],
            "passed",
            "passed",
            None,
        ),
    ],
)
def test_statuses_and_next_case(attempts, drafts, peaks, doubt, next_case) -> None:
    progress = compute_progress(CONTENT, attempts, drafts)
    assert progress.case("mini-peaks").status == peaks
    assert progress.case("mini-doubt").status == doubt
    assert progress.next_case == next_case


def test_lock_names_the_missing_prerequisite() -> None:
    progress = compute_progress(CONTENT, [], [])
    assert progress.case("mini-doubt").locked_by == ("mini-product",)
    assert progress.case("mini-peaks").locked_by == ()
    passed = compute_progress(CONTENT, [attempt("mini-peaks", 100, 1)], [])
    assert passed.case("mini-doubt").locked_by == ()


def test_first_best_last_time_and_attempt_ids() -> None:
    tries = [
        attempt("mini-peaks", 80, 3, seconds=300),
        attempt("mini-peaks", 50, 1, seconds=600),
        attempt("mini-peaks", 80, 4, seconds=120),
        attempt("mini-peaks", 65, 5, seconds=-5),  # a broken clock never subtracts time
    ]
    cp = compute_progress(CONTENT, tries, []).case("mini-peaks")
    assert (cp.attempts, cp.first, cp.best, cp.last) == (4, 50, 80, 65)
    assert cp.first_attempt_id == tries[1].id
    assert cp.best_attempt_id == tries[0].id  # the earliest of two equal bests
    assert cp.last_attempt_id == tries[3].id
    assert cp.seconds == 300 + 600 + 120
    assert [p.score for p in cp.points] == [50, 80, 80, 65]


def test_module_counts_average_and_recent() -> None:
    tries = [attempt("mini-peaks", 40 + i, i + 1) for i in range(RECENT + 3)]
    progress = compute_progress(CONTENT, tries, [])
    cur = progress.curriculum("mini-course")
    product, client = cur.modules
    assert (product.done, product.total) == (0, 1)  # best is 50 < 70
    assert product.average == 40 + RECENT + 2
    assert product.recent == [40 + i for i in range(3, RECENT + 3)]
    assert (client.done, client.total, client.average, client.recent) == (0, 1, None, [])
    assert client.locked_by == ("mini-product",)
    assert product.attempts == RECENT + 3


def test_drafts_newest_first_and_only_known_cases() -> None:
    drafts = [
        draft("mini-peaks", "2026-03-01T08:00:00"),
        draft("mini-doubt", "2026-03-02T08:00:00"),
        draft("no-such-case", "2026-03-03T08:00:00"),
        Draft(target="review:abc", updated="2026-03-04T08:00:00"),
    ]
    progress = compute_progress(CONTENT, [], drafts)
    assert [draft_case_id(d) for d in progress.drafts] == ["mini-doubt", "mini-peaks"]


def test_current_curriculum_is_the_last_worked_in(tmp_path: Path) -> None:
    other = tmp_path / "other.yaml"
    other.write_text(
        "kind: curriculum\nid: second\ntitle: {zh: 第二, en: Second}\npass_score: 50\n"
        "modules:\n  - module: mini-client\n    cases: [mini-doubt]\n",
        encoding="utf-8",
    )
    content = load_content([FIXTURE, tmp_path], cache=False)
    assert not [d for d in content.diagnostics if d.severity == "error"]
    first = compute_progress(content, [], [])
    assert first.current == next(iter(content.curricula))
    tries = [attempt("mini-doubt", 55, 2, curriculum_id="second")]
    progress = compute_progress(content, tries, [])
    assert progress.current == "second"
    # the same score passes in one curriculum and not in the other
    assert progress.case("mini-doubt", "second").status == "passed"
    assert progress.case("mini-doubt", "mini-course").status == "failed"
    assert progress.seconds == 60  # a case in two curricula counts its time once


def test_cases_outside_every_curriculum_form_their_own_group(tmp_path: Path) -> None:
    bank = (FIXTURE / "mini.yaml").read_text(encoding="utf-8")
    (tmp_path / "mini.yaml").write_text(bank, encoding="utf-8")  # no curriculum file
    content = load_content([tmp_path], cache=False)
    progress = compute_progress(content, [attempt("mini-doubt", 61, 1)], [])
    (group,) = progress.curricula
    assert group.curriculum_id == ""
    assert progress.case("mini-doubt").status == "passed"  # the default pass score, 60
    assert progress.next_case == "mini-peaks"


@settings(max_examples=60, deadline=None)
@given(
    scores=st.lists(st.floats(0, 100, allow_nan=False), min_size=1, max_size=12),
    seed=st.integers(0, 1000),
)
def test_properties_of_scores(scores: list[float], seed: int) -> None:
    tries = [attempt("mini-peaks", s, i + 1) for i, s in enumerate(scores)]
    shuffled = tries[:]
    random.Random(seed).shuffle(shuffled)
    cp = compute_progress(CONTENT, shuffled, []).case("mini-peaks")
    assert cp.first == scores[0]  # the first in time, whatever order the store lists them
    assert cp.best == max(scores)
    assert cp.last == scores[-1]
    assert cp.passed == (max(scores) >= PASS)
    assert cp.status == ("passed" if cp.passed else "failed")


def test_no_pandas_on_the_home_path() -> None:
    code = (
        "import sys, coach.analysis.progress, coach.io.export\n"
        "bad = [m for m in ('pandas', 'numpy', 'textual') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
