"""Shared fixtures: a data root per test, and one sample record of every kind in both languages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from coach import i18n
from coach.domain.records import (
    Action,
    ActionItem,
    Answers,
    Attempt,
    Cause,
    Deal,
    Draft,
    Grade,
    GradeRecord,
    Lesson,
    Record,
    Review,
    Setting,
)
from coach.store import Store, open_store

TEXT = {
    "zh": {"client": "张伟", "note": "张伟说收益太低，下周再谈", "answer": "没有确认预算就报价了"},
    "en": {
        "client": "Acme Ltd",
        "note": "Acme Ltd said the yield is too low",
        "answer": "Quoted before the budget was confirmed",
    },
}


def sample(kind: str, lang: str) -> Record:
    t = TEXT[lang]
    answers = Answers(
        text={"q1": t["answer"], "q2": t["note"]},
        causes={"q1": [Cause(text=t["answer"], category="process", whys=["a", "b"], evidence="x")]},
        actions={"q2": [ActionItem(what=t["note"], owner="me", due="2025-03-10", measure="m")]},
    )
    return {
        "attempts": lambda: Attempt(
            case_id="c1",
            lang=lang,
            answers=answers,
            score=72.5,
            breakdown=[{"criterion": "k", "share": 0.5}],
            self_score={"k": 0.4},
            instructor_grades=[Grade("k", 3, "ok")],
        ),
        "drafts": lambda: Draft(target="case:c1", answers=answers, step=2, lang=lang),
        "reviews": lambda: Review(
            title=t["note"], deal_ids=["d1"], answers=answers, lessons=[t["answer"]]
        ),
        "deals": lambda: Deal(
            client=t["client"],
            product="年金险",
            amount=1_000_000.0,
            outcome="lost",
            loss_type="competitor",
            notes=t["note"],
            tags=["vip"],
        ),
        "actions": lambda: Action(review_id="r1", text=t["note"], due="2025-04-01"),
        "lessons": lambda: Lesson(text=t["answer"], card={"stability": 1.5, "nested": [1, 2]}),
        "settings": lambda: Setting(key="theme", value={"name": "dark", "size": [1, 2]}),
        "grades": lambda: GradeRecord(
            attempt_id="a1",
            trainee_id="p1",
            grader="teacher",
            auto_score=60.0,
            auto_points={"k": 10.0},
            criteria=[Grade("k", 12.5, t["note"])],
            comment=t["answer"],
            history=[{"score": 55.0}],
        ),
    }[kind]()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture
def store(root: Path) -> Iterator[Store]:
    with open_store(root, "alice") as s:
        yield s


@pytest.fixture(params=["zh", "en"])
def lang(request: pytest.FixtureRequest) -> Iterator[str]:
    before = i18n.get_lang()
    i18n.set_lang(request.param)
    yield request.param
    i18n.set_lang(before)
