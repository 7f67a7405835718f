"""The review engine: explainable feedback and scores, without AI, from an instructor's rules.

Pure Python: frameworks and cases come in loaded (coach.content); nothing here reads or writes
user data. The one file it reads is the built-in compliance list (coach/review/builtin.py).
"""

from coach.review.answer_markdown import parse_answer_markdown
from coach.review.engine import (
    MAX_ANSWER_CHARS,
    AnswerTooLong,
    answer_chars,
    answer_size_problem,
    review_answers,
    review_deal,
)
from coach.review.feedback import (
    AvoidHit,
    BreakdownLine,
    CauseDepth,
    Feedback,
    GoalGap,
    KeyPointResult,
    MustSayResult,
    Pitfall,
    SmartResult,
    StuffingFinding,
    TermMatch,
    Where,
)
from coach.review.live import LiveChecker, StepFindings

__all__ = [
    "MAX_ANSWER_CHARS",
    "AnswerTooLong",
    "AvoidHit",
    "BreakdownLine",
    "CauseDepth",
    "Feedback",
    "GoalGap",
    "KeyPointResult",
    "LiveChecker",
    "MustSayResult",
    "Pitfall",
    "SmartResult",
    "StepFindings",
    "StuffingFinding",
    "TermMatch",
    "Where",
    "answer_chars",
    "answer_size_problem",
    "parse_answer_markdown",
    "review_answers",
    "review_deal",
]
