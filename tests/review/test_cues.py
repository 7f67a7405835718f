"""CueWords finds what its single-pattern equivalent finds (the split is only for speed)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from coach.review import analyse, checks
from coach.review.cues import CueWords

CUES = {
    "shortfall": analyse._SHORTFALL,
    "reasoning": analyse._REASONING,
    "evidence": analyse._EVIDENCE,
    "vague": checks._VAGUE,
    "concrete": checks._CONCRETE,
}
PIECES = [
    "因为", "问题", "没有", "数据", "%", "加强", "继续提升", "培训", "每周",
    "because", "due to", "problems", "issues", "tissues", "didn't", "did not", "not enough",
    "data", "database", "improve", "improved", "focus on", "call", "recall", "set up",
    "_data", "3data", "é", "x", " ", "-", ".", "。", "，", "\n", "客户", "We", "the",
]  # fmt: skip


@pytest.mark.parametrize("name", sorted(CUES))
@settings(max_examples=400, deadline=None)
@given(parts=st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=12))
def test_same_match_as_the_single_pattern(name: str, parts: list[str]) -> None:
    cue: CueWords = CUES[name]
    text = "".join(parts)
    m = re.compile(cue.pattern).search(text)
    assert cue.first(text) == (m.group(0) if m else "")
    assert cue.found(text) == (m is not None)


OWNER_PIECES = [
    "负责", "负责人", "责任人", "由", "张经理", "\n", "牵头", "我会", "本人", "owner", "owners",
    "responsible", "assigned to", "i will", "i'll", "led by", "xled by", " ", "，", "a", "_",
]  # fmt: skip
OWNER_PATTERN = re.compile(
    r"负责人|责任人|由.{1,8}?负责|.{1,6}负责|牵头|我来|我会|我将|本人|\bowner\b|\bresponsible\b"
    r"|\bassigned to\b|\bi will\b|\bi'll\b|\bled by\b"
)  # the pattern _owner_named replaced


@settings(max_examples=600, deadline=None)
@given(parts=st.lists(st.sampled_from(OWNER_PIECES) | st.text(max_size=2), max_size=10))
def test_owner_named_as_the_old_pattern(parts: list[str]) -> None:
    text = "".join(parts)
    assert checks._owner_named(text) == bool(OWNER_PATTERN.search(text))
