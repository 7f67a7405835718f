"""The bundled bootcamp is complete: every case is fully bilingual and has what a class needs."""

from __future__ import annotations

import dataclasses
import re

import pytest

from coach.content import load_content
from coach.domain.content import Case
from coach.domain.text import LText

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def index():
    return load_content(cache=False)


def texts_of(obj, path="case"):
    """Every LText inside a case, with where it sits, walking dataclasses, tuples and dicts."""
    if isinstance(obj, LText):
        yield path, obj
    elif dataclasses.is_dataclass(obj):
        for f in dataclasses.fields(obj):
            yield from texts_of(getattr(obj, f.name), f"{path}.{f.name}")
    elif isinstance(obj, tuple | list):
        for i, item in enumerate(obj):
            yield from texts_of(item, f"{path}[{i}]")
    elif isinstance(obj, dict):
        for key, item in obj.items():
            yield from texts_of(item, f"{path}[{key}]")


def bundled(index) -> list[Case]:
    return [c for c in index.cases.values() if c.bank == "bootcamp"]


def test_sixteen_cases_four_per_module(index) -> None:
    cases = bundled(index)
    assert len(cases) >= 16
    for module in ("product", "marketing", "selling", "client"):
        assert sum(c.module == module for c in cases) >= 4, module


def test_two_frameworks_at_least(index) -> None:
    frameworks = {index.framework_for(c).id for c in bundled(index)}
    assert {"five-step", "grai"} <= frameworks


def test_every_text_in_both_languages(index) -> None:
    for case in bundled(index):
        for where, text in texts_of(case):
            if not text or (text.plain is not None and not text.by_lang):
                continue  # absent, or a language-neutral plain string (a number, a code)
            assert {"zh", "en"} <= text.langs(), f"{case.id}: {where} lacks a language"
            assert all(v.strip() for v in text.by_lang.values()), f"{case.id}: {where} is empty"


@pytest.mark.parametrize("check", ["exhibits", "questions", "key_points", "notes", "background"])
def test_each_case_has_what_a_class_needs(index, check: str) -> None:
    for case in bundled(index):
        if check == "exhibits":
            assert case.exhibits, case.id
        elif check == "questions":
            assert len(case.questions) >= 4, case.id
            assert {q.id for q in case.questions} <= set(case.model_answer), case.id
        elif check == "key_points":
            assert len(case.key_points) >= 6, case.id
            assert all(kp.question for kp in case.key_points), case.id
            assert all(kp.feedback_hit and kp.feedback_missed for kp in case.key_points), case.id
        elif check == "notes":
            assert len(case.teaching_note.get("zh")) > 200, case.id
            assert len(case.teaching_note.get("en")) > 200, case.id
        else:
            assert len(CJK.findall(case.background.get("zh"))) >= 400, case.id
            assert len(case.background.get("en").split()) >= 250, case.id


def test_suitability_cases(index) -> None:
    """At least four cases turn on a risk rating, an older client or a risk test."""
    pattern = re.compile(r"C[1-5]|R[1-5]|风险测评|风险评估|双录|\d{2}岁")
    hits = [c.id for c in bundled(index) if pattern.search(c.background.get("zh"))]
    assert len(hits) >= 4, hits


def test_curricula_cover_every_module(index) -> None:
    boot = index.curricula["wm-bootcamp"]
    assert [m.module for m in boot.modules] == ["product", "marketing", "selling", "client"]
    assert all(len(m.cases) >= 4 for m in boot.modules)
    assert boot.pass_score > 0
    assert any(m.prerequisites for m in boot.modules)
    assert "deal-review" in index.curricula
