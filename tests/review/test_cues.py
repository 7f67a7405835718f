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


#: An owner is a name or a role next to a responsibility, not the bare label (issue 13, item 1).
OWNER_ROWS = [
    ("张经理负责，3月底前完成", True),
    ("由孙悦牵头", True),
    ("负责人：马骏", True),
    ("马骏负责起草授权表", True),
    ("每个理财经理负责10户", True),
    ("owner: sun yue", True),
    ("i will call 20 clients", True),
    ("客户 负责人 期限 衡量 80%", False),
    ("负责人", False),
    ("组织培训 负责人: 期限:", False),
    ("owner", False),
    ("owners due measure", False),
]


@pytest.mark.parametrize(("text", "named"), OWNER_ROWS)
def test_owner_is_a_name_or_role_next_to_a_responsibility(text: str, named: bool) -> None:
    assert checks._owner_named(text) is named
