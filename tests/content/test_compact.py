"""The compact cache: cases survive encoding exactly, are rebuilt only when asked for, and a
large uncached load split across two processes gives the same index as one process."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.content import FileCache, load_content, loader, parallel
from coach.content.codec import (
    CaseHead,
    case_blob,
    case_from_blob,
    decode_case,
    encode_case,
    head_of,
)
from coach.content.compact import LazyCases
from coach.domain.content import Case, Chart, Exhibit, KeyPoint, Keyword, Loc, Question
from coach.domain.text import LText
from tests.content.conftest import load_gen_bank, write_files
from tests.content.test_diagnostics import BANK, CUR


def odd_case() -> Case:
    """Every shape the encoding distinguishes: plain, per-language, both and empty texts; a
    cell in both languages beside text, int, float and empty cells; no chart; no location."""
    both = LText(by_lang={"zh": "中", "en": "en"}, plain="plain")
    return Case(
        id="odd",
        module="m",
        title=LText(plain="Title"),
        summary=LText(by_lang={"en": "only English"}),
        background=both,
        exhibits=(
            Exhibit(
                "e1",
                LText(plain="E"),
                (LText(plain="a"), LText(by_lang={"zh": "乙"})),
                (("x", 1), (2.5, None), (LText(by_lang={"zh": "格", "en": "cell"}), "")),
                None,
            ),
            Exhibit("e2", LText(plain="F"), (LText(plain="c"),), (), Chart("bar", 0, (0,))),
        ),
        questions=(Question("q1", "goal", LText(plain="?"), (LText(plain="h"),), "causes"),),
        key_points=(
            KeyPoint("k1", LText(plain="k"), (Keyword(("a", "b")),), 0.5, None, both, LText()),
        ),
        rubric=(),
        model_answer={"q1": LText(plain="answer")},
        hints_in_practice=True,
        tags=("t1", "t2"),
        difficulty=5,
        minutes=1,
        framework=None,
        loc=None,
    )


def bundled_cases() -> list[Case]:
    return list(load_content(cache=False).cases.values())


def generated_cases(tmp_path: Path, n: int = 30) -> list[Case]:
    gen = load_gen_bank()
    root = tmp_path / "gen"
    gen.generate(root, cases=n, files=3)
    index = load_content([root], cache=False)
    assert len(index.cases) == n
    return list(index.cases.values())


def test_every_case_survives_encoding(tmp_path):
    cases = [odd_case(), *bundled_cases(), *generated_cases(tmp_path)]
    for case in cases:
        assert decode_case(encode_case(case)) == case, case.id
        assert case_from_blob(case_blob(case)) == case, case.id
        assert encode_case(case)[0] == encode_case(decode_case(encode_case(case)))[0]


def test_the_location_survives_encoding():
    case = decode_case(encode_case(Case(**{**_fields(odd_case()), "loc": Loc("b.yaml", 3, 5)})))
    assert case.loc == Loc("b.yaml", 3, 5)


def _fields(case: Case) -> dict:
    return {name: getattr(case, name) for name in case.__dataclass_fields__}


def test_a_warm_load_rebuilds_a_case_only_when_asked(in_tmp):
    write_files(in_tmp, {"bank.yaml": BANK, "cur.yaml": CUR})
    cache = FileCache(in_tmp / "cache")
    cold = load_content([in_tmp], cache=cache)
    warm = load_content([in_tmp], cache=cache)
    cases = warm.cases
    assert isinstance(cases, LazyCases)
    assert "c1" in cases and "nope" not in cases and len(cases) == len(cold.cases)
    assert list(cases) == list(cold.cases)
    assert "0 read" in repr(cases), "loading read no case"
    first = cases["c1"]
    assert cases.get("c1") is first, "a case is rebuilt once, then kept"
    assert cases.get("nope") is None
    assert first == cold.cases["c1"]
    assert dict(cases.items()) == dict(cold.cases.items())


def test_heads_agree_with_their_cases(tmp_path):
    gen = load_gen_bank()
    root = tmp_path / "gen"
    gen.generate(root, cases=12, files=2)
    cache = FileCache(tmp_path / "cache")
    for index in (load_content([root], cache=cache), load_content([root], cache=cache)):
        assert list(index.heads) == list(index.cases)
        for cid, head in index.heads.items():
            assert isinstance(head, CaseHead)
            assert head == head_of(index.cases[cid])


def test_a_case_listed_twice_keeps_the_first(in_tmp):
    write_files(in_tmp, {"a.yaml": BANK, "z.yaml": BANK.replace("bank: b\n", "bank: b2\n", 1)})
    index = load_content([in_tmp], cache=False)
    assert any("duplicate id 'c1'" in d.message for d in index.diagnostics)
    assert index.cases["c1"].bank == "b" and index.heads["c1"].bank == "b"


# -- two processes -------------------------------------------------------------------------------


@pytest.fixture
def two_processes(monkeypatch):
    """Split even a small load, and record whether a child process really ran."""
    if not hasattr(parallel.os, "fork"):
        pytest.skip("no fork on this system")
    started: list[object] = []
    real_start = parallel.start

    def start(work):
        child = real_start(work)
        started.append(child)
        return child

    monkeypatch.setattr(loader, "PARALLEL_MIN_BYTES", 0)
    monkeypatch.setattr(parallel, "available", lambda: True)
    monkeypatch.setattr(parallel, "start", start)
    return started


def broken_and_good_files(root: Path) -> None:
    gen = load_gen_bank()
    gen.generate(root / "gen", cases=24, files=4)
    write_files(root, {"bank.yaml": BANK.replace("difficulty: 2", "difficulty: 9"), "c.yaml": CUR})


def summary(index) -> tuple:
    return ([str(d) for d in index.diagnostics], dict(index.cases), index.curricula, index.banks)


def test_two_processes_give_the_same_index_as_one(in_tmp, two_processes, monkeypatch):
    broken_and_good_files(in_tmp)
    split = load_content([in_tmp], cache=FileCache(in_tmp / "cache"), shown=[in_tmp])
    assert two_processes and two_processes[0] is not None, "the load was not split"
    monkeypatch.setenv("COACH_CONTENT_WORKERS", "1")
    single = load_content([in_tmp], cache=False, shown=[in_tmp])
    assert summary(split) == summary(single)
    assert split.diagnostics, "the broken file is reported"
    # the child cached its files too: a second load reads every file from the cache
    monkeypatch.setattr(loader, "_build", _must_not_build)
    assert summary(load_content([in_tmp], cache=FileCache(in_tmp / "cache"), shown=[in_tmp])) == (
        summary(single)
    )


def _must_not_build(path, display):
    raise AssertionError(f"{display} was checked again instead of read from the cache")


def test_a_failing_child_only_costs_time(in_tmp, two_processes, monkeypatch):
    broken_and_good_files(in_tmp)

    def fail(*args):
        raise RuntimeError("the child breaks")

    monkeypatch.setattr(loader, "_checked_blob", fail)
    split = load_content([in_tmp], cache=False, shown=[in_tmp])
    assert two_processes and two_processes[0] is not None
    monkeypatch.setenv("COACH_CONTENT_WORKERS", "1")
    assert summary(split) == summary(load_content([in_tmp], cache=False, shown=[in_tmp]))


def test_search_reads_the_encoding_as_it_would_the_cases(tmp_path):
    from dataclasses import replace

    from coach.content.search import haystacks, search_cases

    gen = load_gen_bank()
    gen.generate(tmp_path / "gen", cases=20, files=2)
    cache = FileCache(tmp_path / "cache")
    load_content([tmp_path / "gen"], cache=cache)
    lazy = load_content([tmp_path / "gen"], cache=cache)
    built = replace(lazy, cases=dict(lazy.cases.items()))  # plain Case objects, no encoding
    assert haystacks(lazy) == haystacks(built)
    target = list(built.cases.values())[7]
    word = target.background.get("en").split()[0].lower()
    found = search_cases(lazy, f"{target.id} {word}")
    assert [c.id for c in found] == [target.id]
    fresh = load_content([tmp_path / "gen"], cache=cache)
    search_cases(fresh, target.id)
    assert "1 read" in repr(fresh.cases), "only the case found is built"
