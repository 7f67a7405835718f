"""One rule for writing a score (issue 15): Feedback said 75.5 where Progress and Home said 76."""

from __future__ import annotations

import pytest

from coach.domain.scores import points_text, score_text


@pytest.mark.parametrize(
    ("value", "text"),
    [(75.5, "76"), (74.5, "75"), (75.49, "75"), (100.0, "100"), (0.0, "0"), (13.6, "14"), (None, "–")],
)
def test_a_total_is_a_whole_number_rounded_half_up(value, text):
    assert score_text(value) == text


@pytest.mark.parametrize(
    ("value", "text"), [(3.75, "3.8"), (3.8, "3.8"), (15.0, "15"), (100.0, "100"), (0.05, "0.1")]
)
def test_points_keep_one_decimal_where_they_have_one(value, text):
    assert points_text(value) == text
