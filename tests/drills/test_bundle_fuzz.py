"""Fuzzing the bundle importer: arbitrary JSON, arbitrary bytes and mutated valid bundles.

Whatever the file holds, ``import_bundle`` either merges it (and the store then opens and checks
clean, every record readable) or refuses it with BundleInvalid — one line naming the file and
what is wrong — having written nothing. Never a traceback, never a half-imported bundle.
"""

from __future__ import annotations

import copy
import tempfile
from pathlib import Path
from typing import Any

import orjson
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.store import BundleInvalid, open_store
from coach.store.bundle import build_bundle, import_bundle
from coach.store.layout import KINDS
from tests.store.conftest import sample

from .faults import snapshot

SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

json_scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
)
json_values = st.recursive(
    json_scalars,
    lambda inner: (
        st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=12), inner, max_size=5)
    ),
    max_leaves=25,
)


def _valid_bundle() -> dict[str, Any]:
    """A real export of one record of every kind in both languages."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp), "src") as store:
        for kind in KINDS:
            for lang in ("zh", "en"):
                store.repo(kind).save(sample(kind, lang))
        return build_bundle(store)[0]


VALID = _valid_bundle()


def _import(raw: bytes) -> None:
    """Import ``raw`` into a profile that already holds records; check the outcome."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        with open_store(root, "mine", daily_backup=False) as store:
            store.deals.save(sample("deals", "zh"))
            store.drafts.save(sample("drafts", "en"))
            path = Path(tmp) / "in.json"
            path.write_bytes(raw)
            before = snapshot(store.path)
            try:
                import_bundle(store, path, other_profile=True)
            except BundleInvalid as err:
                message = str(err)
                assert str(path) in message and err.reason, message
                assert "Traceback" not in message
                assert snapshot(store.path) == before, "a refused bundle wrote something"
                return
        with open_store(root, "mine", read_only=True) as again:  # accepted: all of it readable
            assert again.check() == []
            for kind in KINDS:
                again.repo(kind).list()


@SETTINGS
@given(json_values)
def test_any_json_is_merged_or_refused_cleanly(value) -> None:
    _import(orjson.dumps(value))


@SETTINGS
@given(st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
def test_any_bytes_are_refused_cleanly(raw: bytes) -> None:
    _import(raw)


def _paths(node: Any, prefix: tuple = ()) -> list[tuple]:
    out = [prefix]
    if isinstance(node, dict):
        for k, v in node.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out += _paths(v, (*prefix, i))
    return out


ALL_PATHS = _paths(VALID)


@st.composite
def mutated_bundles(draw) -> dict[str, Any]:
    """The valid export with one to four changes: a value replaced by any JSON, a key dropped
    or added, a list entry duplicated."""
    data = copy.deepcopy(VALID)
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.sampled_from(ALL_PATHS))
        if not where:
            continue
        parent = data
        try:
            for step in where[:-1]:
                parent = parent[step]
            key = where[-1]
            parent[key]  # the path may be gone after an earlier change
        except (KeyError, IndexError, TypeError):
            continue
        how = draw(st.sampled_from(["replace", "drop", "add", "duplicate"]))
        if how == "replace":
            parent[key] = draw(json_values)
        elif how == "drop":
            del parent[key]
        elif how == "add" and isinstance(parent, dict):
            parent[draw(st.text(max_size=10))] = draw(json_values)
        elif how == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[key]))
    return data


@SETTINGS
@given(mutated_bundles())
def test_mutated_bundles_are_merged_whole_or_refused_whole(data) -> None:
    _import(orjson.dumps(data))


@SETTINGS
@given(st.integers(0, 10**9), st.integers(1, 64))
def test_truncated_or_corrupted_bundles_are_refused(seed: int, n: int) -> None:
    raw = bytearray(orjson.dumps(VALID))
    cut = seed % len(raw)
    if seed % 2:
        _import(bytes(raw[:cut]))
    else:
        for i in range(n):
            raw[(cut + i * 997) % len(raw)] = (seed >> (i % 24)) & 0xFF
        _import(bytes(raw))


def test_the_valid_bundle_itself_is_merged() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "data"
        path = Path(tmp) / "b.json"
        path.write_bytes(orjson.dumps(VALID))
        with open_store(root, "mine", daily_backup=False) as store:
            report = import_bundle(store, path, other_profile=True)
            assert sum(report.added.values()) == 2 * len(KINDS)
