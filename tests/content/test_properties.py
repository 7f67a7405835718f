"""Whatever a file holds, checking it never raises and every problem has a real position."""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.content.loader import check_file
from tests.content.conftest import load_gen_bank

CHARS = [*list("kind:casebank\n -[]{},'\"&*!|>#%@`?~0123456789.abc中文\t\\"), "\x07", "é", "𝕏"]
TOKENS = [
    "!!int ", "!!float ", "!!bool ", "!!timestamp ", "!!binary ", "!!set ", "!!omap ", "!!str ",
    "!!python/object:os.system ", "&a ", "*a", "\n  - ", "\n    ", ": ", "cases:", "- id: c1",
    "module: m", "difficulty: ", "weight: ", "rows: [[", "columns: [", "chart: {x: ", "keywords: ",
    "title: ", "{zh: ", "en: ", ".nan", "1e999", "0x1F", "2024-13-45", "~", "²", "---\n",
]  # fmt: skip
YAMLISH = st.lists(st.sampled_from(CHARS) | st.sampled_from(TOKENS), max_size=80).map("".join)
HEADERS = st.sampled_from(
    ["", "kind: casebank\nbank: b\n", "kind: curriculum\n", "kind: frameworks\n"]
)


def check_bytes(data: bytes):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "f.yaml"
        path.write_bytes(data)
        return check_file(path, "f.yaml", None)


def assert_positions(result) -> None:
    for d in result.diags:
        assert d.line >= 1 and d.col >= 1, d
        assert d.severity in ("error", "warning") and d.message


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(HEADERS, YAMLISH)
def test_yamlish_text_never_raises(header, body):
    assert_positions(check_bytes((header + body).encode("utf-8", "surrogatepass")))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_arbitrary_bytes_never_raise(data):
    assert_positions(check_bytes(data))


JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=12) | st.dates(),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_case_shaped_data_never_raises(data):
    """A valid generated case with some of its fields (at any depth) replaced by anything."""
    gen = load_gen_bank()
    case = gen.make_case(1, random.Random(data.draw(st.integers(0, 1000))))
    for _ in range(data.draw(st.integers(1, 4))):
        target = case
        path = []
        while isinstance(target, (dict, list)) and target and data.draw(st.booleans()):
            key = data.draw(
                st.sampled_from(list(target) if isinstance(target, dict) else range(len(target)))
            )
            path.append(key)
            if isinstance(target[key], (dict, list)) and target[key]:
                target = target[key]
            else:
                break
        if isinstance(target, dict) and target:
            key = data.draw(st.sampled_from(list(target)))
            target[key] = data.draw(JSONISH)
        elif isinstance(target, list) and target:
            target[data.draw(st.integers(0, len(target) - 1))] = data.draw(JSONISH)
    doc = {**gen.bank_header(), "cases": [case]}
    result = check_bytes(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False).encode("utf-8"))
    assert_positions(result)


def test_the_unchanged_generated_case_is_clean():
    """The property above starts from valid content, so what it finds is due to its changes."""
    gen = load_gen_bank()
    doc = {**gen.bank_header(), "cases": [gen.make_case(1, random.Random(3))]}
    result = check_bytes(yaml.safe_dump(doc, allow_unicode=True).encode("utf-8"))
    assert result.diags == [] and len(result.cases) == 1
