"""Issue 15: one status per case. A case that two curricula list is locked only when both lock
it (its attempts count in both, so a lock one of them does not have is no lock)."""

from __future__ import annotations

from pathlib import Path

from coach.analysis.progress import compute_progress
from coach.content import load_content
from coach.domain.records import Attempt, Draft

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "content"
SECOND = (
    "kind: curriculum\nid: second\ntitle: {zh: 第二, en: Second}\npass_score: 50\n"
    "modules:\n  - module: mini-client\n    cases: [mini-doubt]\n"
)
LOCKED_TOO = (
    "kind: curriculum\nid: second\ntitle: {zh: 第二, en: Second}\npass_score: 50\n"
    "modules:\n  - module: mini-product\n    cases: [mini-peaks]\n"
    "  - module: mini-client\n    prerequisites: [mini-product]\n    cases: [mini-doubt]\n"
)


def _content(tmp_path: Path, text: str):
    (tmp_path / "second.yaml").write_text(text, encoding="utf-8")
    content = load_content([FIXTURE, tmp_path], cache=False)
    assert not [d for d in content.diagnostics if d.severity == "error"]
    return content


def test_a_curriculum_without_the_lock_opens_the_case_everywhere(tmp_path: Path) -> None:
    progress = compute_progress(_content(tmp_path, SECOND), [], [])
    first = progress.case("mini-doubt", "mini-course")
    second = progress.case("mini-doubt", "second")
    assert (first.status, first.locked_by) == ("new", ())
    assert (second.status, second.locked_by) == ("new", ())
    assert progress.locked("mini-doubt") is None
    # the module itself still waits for its prerequisite in the first curriculum
    module = progress.curriculum("mini-course").modules[1]
    assert module.locked_by == ("mini-product",)
    assert progress.curriculum("mini-course").next_case == "mini-peaks"


def test_a_case_both_curricula_lock_stays_locked(tmp_path: Path) -> None:
    progress = compute_progress(_content(tmp_path, LOCKED_TOO), [], [])
    assert progress.case("mini-doubt", "mini-course").status == "locked"
    assert progress.case("mini-doubt", "second").status == "locked"
    locked = progress.locked("mini-doubt")
    assert locked is not None and locked.locked_by == ("mini-product",)
    assert progress.locked("mini-peaks") is None


def test_work_done_is_never_locked() -> None:
    content = load_content([FIXTURE], cache=False)
    assert compute_progress(content, [], []).locked("mini-doubt") is not None
    drafted = compute_progress(content, [], [Draft(target="case:mini-doubt")])
    assert drafted.locked("mini-doubt") is None
    tried = [Attempt(case_id="mini-doubt", score=10, submitted="2026-03-01T10:00:00")]
    assert compute_progress(content, tried, []).locked("mini-doubt") is None
