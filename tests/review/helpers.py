"""Test fixtures for the review engine: built-in frameworks and a small bilingual case, built
directly as domain objects (the content loader is developed separately)."""

from __future__ import annotations

from functools import cache

import yaml

from coach import paths
from coach.domain.content import (
    AvoidPhrase,
    Case,
    Criterion,
    Framework,
    KeyPoint,
    Keyword,
    MustSay,
    Question,
    Step,
)
from coach.domain.text import LText

L = LText.of


@cache
def frameworks() -> dict[str, Framework]:
    with open(paths.builtin_dir() / "frameworks.yaml", encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    out = {}
    for fw in data["frameworks"]:
        steps = tuple(
            Step(
                id=s["id"],
                title=L(s["title"]),
                prompts=tuple(L(p) for p in s.get("prompts", ())),
                hint=L(s.get("hint")),
                input=s.get("input", "text"),
            )
            for s in fw["steps"]
        )
        out[fw["id"]] = Framework(fw["id"], L(fw["title"]), steps, L(fw.get("summary")))
    return out


def kp(id, *keywords, question=None, weight=1.0, hit="", missed=""):
    kws = tuple(Keyword(tuple(k) if isinstance(k, list | tuple) else (k,)) for k in keywords)
    return KeyPoint(id, L({"zh": id, "en": id}), kws, weight, question, L(hit), L(missed))


def make_case(
    key_points=(),
    rubric=None,
    avoid=(),
    must_say=(),
    questions=None,
    case_id="t-case",
    framework="five-step",
):
    questions = questions or (
        Question(
            "q1", "collect", L({"zh": "目标和实际结果是多少？", "en": "What were goal and result?"})
        ),
        Question("q2", "analyse", L({"zh": "原因是什么？", "en": "What were the causes?"})),
        Question("q3", "lessons", L({"zh": "经验教训是什么？", "en": "What are the lessons?"})),
        Question("q4", "improve", L({"zh": "改进措施是什么？", "en": "What will you do?"})),
        Question("q5", "track", L({"zh": "如何跟踪？", "en": "How will you track it?"})),
    )
    if rubric is None:
        rubric = (
            Criterion("content", L("content"), 60, tuple(k.id for k in key_points)),
            Criterion(
                "method",
                L("method"),
                40,
                ("smart-actions", "root-cause-depth", "goal-gap", "no-pitfalls", "compliance"),
            ),
        )
    return Case(
        id=case_id,
        module="m",
        title=L("t"),
        summary=L("s"),
        background=L("b"),
        exhibits=(),
        questions=tuple(questions),
        key_points=tuple(key_points),
        rubric=tuple(rubric),
        avoid=tuple(avoid),
        must_say=tuple(must_say),
        framework=framework,
        content_hash="sha256:test",
    )


def avoid(phrase, penalty=10.0, allow=(), source="case"):
    return AvoidPhrase(
        phrase, penalty, L({"zh": "原因", "en": "reason"}), "rule", tuple(allow), source
    )


def must(id, *phrases, question=None):
    return MustSay(id, tuple(phrases), L({"zh": "必须说", "en": "must say"}), "rule", question)


def review_bundled(index, case_id: str, texts: dict[str, str], lang: str, today):
    """The full review of answers to a bundled case, with its bank's lists, as the app gives it."""
    from coach.domain.records import Answers
    from coach.review import review_answers

    case = index.cases[case_id]
    bank = index.bank_of(case)
    return review_answers(
        case, index.framework_for(case), Answers(text=texts), lang=lang, today=today,
        extra_avoid=bank.avoid if bank else (), extra_must_say=bank.must_say if bank else (),
    )  # fmt: skip
