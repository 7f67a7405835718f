"""A grade the instructor returned shows in Feedback beside the automatic and self scores."""

from __future__ import annotations

from textual.widgets import Static

from coach.domain.records import Answers, Grade, GradeRecord
from coach.tui.practice_target import case_target
from coach.tui.screens.feedback import FeedbackScreen

from .helpers import make_app


async def test_returned_grade_shows_beside_the_scores() -> None:
    app = make_app("en")
    session = app.session
    case = session.content.cases["mini-peaks"]
    target = case_target(session, case)
    answers = Answers(text={"q1": "The January kick-off is the peak.", "q2": "Bonus money."})
    feedback = target.review(answers, lang="en", today=session.today())
    attempt_id = target.keep_result(session, answers, feedback, seconds=60, started="")
    session.store.grades.save(
        GradeRecord(
            attempt_id=attempt_id,
            case_id=case.id,
            grader="Ms Zhou",
            graded="2026-03-11T10:00:00",
            auto_score=feedback.score,
            criteria=[Grade(criterion="r1", score=55, comment="Say why January peaks")],
            comment="Good start; quantify the gap next time.",
            score=55,
        )
    )
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.open_feedback(attempt_id)
        await pilot.pause()
        assert isinstance(app.screen, FeedbackScreen)
        header = str(app.screen.query_one("#fb-score", Static).render())
        assert "instructor 55" in header
        breakdown = str(app.screen.query_one("#fb-breakdown", Static).render())
        assert "instructor 55: Say why January peaks" in breakdown
        assert "Ms Zhou" in breakdown and "quantify the gap" in breakdown
        # the trainee's own attempt is untouched
        assert session.store.attempts.get(attempt_id).instructor_grades == []
