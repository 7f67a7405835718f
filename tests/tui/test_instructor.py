"""The Instructor screen: hand-ins become tables with charts; an attempt is graded in the app."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable, Input

from coach import paths
from coach.domain.records import Answers, Attempt
from coach.store import open_store
from coach.store.handin import export_handin
from tests.tui.helpers import make_app

WEAK = {"q1": "三月和二月差不多。", "q2": "年终奖以后客户有钱。"}


def handins(folder: Path, content) -> str:
    folder.mkdir(parents=True, exist_ok=True)
    case = content.cases["mini-peaks"]
    for name in ("王芳", "Lee"):
        with open_store(folder.parent / "trainees", name, daily_backup=False) as s:
            s.attempts.save(
                Attempt(
                    case_id=case.id,
                    case_hash=case.content_hash,
                    curriculum_id="mini-course",
                    answers=Answers(text=dict(WEAK)),
                    submitted="2026-03-01T10:00:00",
                    seconds=600,
                    self_score={"r1": 0.8},
                )
            )
            export_handin(s, folder / f"{name}.json")
    return str(folder)


async def wait_rows(pilot, table: DataTable, n: int) -> None:
    for _ in range(400):
        if table.row_count >= n:
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{table.id} never had {n} rows")


@pytest.mark.parametrize("lang", ["en", "zh"])
async def test_report_and_grade_in_the_app(tmp_path, lang):
    app = make_app(lang)
    folder = handins(tmp_path / "handins", app.session.content)
    async with app.run_test(size=(120, 40)) as pilot:
        app.action_open_instructor()
        await pilot.pause()
        box = app.screen.query_one("#instructor-folder", Input)
        box.value = folder
        await pilot.press("enter")
        trainees = app.screen.query_one("#instructor-trainees", DataTable)
        await wait_rows(pilot, trainees, 2)
        assert {str(trainees.get_row_at(i)[0]) for i in range(2)} == {"王芳", "Lee"}
        attempts = app.screen.query_one("#instructor-attempts", DataTable)
        assert attempts.row_count == 2
        app.screen.query_one("#instructor-tabs").active = "tab-attempts"
        await pilot.pause()
        attempts.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert type(app.screen).__name__ == "GradeScreen"
        app.screen.query_one("#pts-r1", Input).value = "77"
        app.screen.query_one("#cmt-r1", Input).value = "说对了年终奖"
        app.screen.query_one("#grade-overall", Input).value = "继续"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert type(app.screen).__name__ == "InstructorScreen"
        (g,) = app.session.store.grades.list()
        assert g.criteria[0].score == 77 and g.comment == "继续" and g.auto_score is not None
        await wait_rows(pilot, attempts, 2)
        for _ in range(400):  # the report reloads with the instructor's score in it
            cells = [str(attempts.get_row_at(i)[4]) for i in range(attempts.row_count)]
            if any(c not in ("-", "") for c in cells):
                break
            await pilot.pause(0.02)
        assert any(c not in ("-", "") for c in cells)
        if lang == "zh":
            app.save_screenshot(str(paths.cache_dir() / "instructor.svg"))


async def test_a_missing_folder_is_one_clear_line(tmp_path):
    app = make_app("en")
    async with app.run_test(size=(80, 24)) as pilot:
        app.action_open_instructor()
        await pilot.pause()
        app.screen.query_one("#instructor-folder", Input).value = str(tmp_path / "nope")
        await pilot.press("enter")
        status = app.screen.query_one("#instructor-status")
        for _ in range(200):
            if "not a folder" in str(status.render()):
                break
            await pilot.pause(0.02)
        assert "not a folder" in str(status.render())
