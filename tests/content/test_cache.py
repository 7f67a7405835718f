"""The per-file cache: same results warm as cold, changed files re-read, damage ignored."""

from __future__ import annotations

import os
from pathlib import Path

from coach.content import FileCache, load_content
from tests.content.conftest import edit, write_files
from tests.content.test_diagnostics import BANK, CUR


def load(root: Path, cache: FileCache):
    return load_content([root], shown=[root], cache=cache)


def snapshot(index) -> tuple:
    return (
        [str(d) for d in index.diagnostics],
        index.cases,
        index.curricula,
        index.banks,
        index.modules,
        index.frameworks,
    )


def test_a_second_load_gives_equal_results(in_tmp):
    write_files(in_tmp, {"bank.yaml": edit(BANK, {19: "    difficulty: 9"}), "cur.yaml": CUR})
    cache = FileCache(in_tmp / "cache")
    cold = load(in_tmp, cache)
    assert list((in_tmp / "cache").iterdir()), "the first load fills the cache"
    warm = load(in_tmp, cache)
    assert snapshot(warm) == snapshot(cold)
    assert snapshot(warm) == snapshot(load_content([in_tmp], shown=[in_tmp], cache=False))
    assert cold.diagnostics and "c1" in warm.cases


def test_a_changed_file_is_read_again(in_tmp):
    write_files(in_tmp, {"bank.yaml": BANK, "cur.yaml": CUR})
    cache = FileCache(in_tmp / "cache")
    assert load(in_tmp, cache).cases["c1"].difficulty == 2
    path = in_tmp / "bank.yaml"
    before = path.stat()
    path.write_text(edit(BANK, {19: "    difficulty: 4"}), encoding="utf-8")
    # the same size; a different mtime even on a coarse clock
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 2_000_000_000))
    assert path.stat().st_size == before.st_size
    assert load(in_tmp, cache).cases["c1"].difficulty == 4


def test_a_changed_size_alone_is_noticed(in_tmp):
    write_files(in_tmp, {"bank.yaml": BANK})
    cache = FileCache(in_tmp / "cache")
    load(in_tmp, cache)
    path = in_tmp / "bank.yaml"
    before = path.stat()
    path.write_text(edit(BANK, {19: "    difficulty: 10"}), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))  # same mtime, new size
    assert path.stat().st_size != before.st_size
    assert [d.line for d in load(in_tmp, cache).diagnostics] == [19]


def test_a_damaged_cache_file_is_ignored(in_tmp):
    write_files(in_tmp, {"bank.yaml": edit(BANK, {20: "    minutes: 0"}), "cur.yaml": CUR})
    cache = FileCache(in_tmp / "cache")
    cold = load(in_tmp, cache)
    entries = [p for p in (in_tmp / "cache").iterdir() if p.is_file()]
    assert entries
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes([b"", b"garbage", data[: len(data) // 2]][n % 3])
    assert snapshot(load(in_tmp, cache)) == snapshot(cold)
    assert snapshot(load(in_tmp, cache)) == snapshot(cold)  # and the repaired entries load


def test_an_unwritable_cache_folder_only_costs_speed(in_tmp):
    write_files(in_tmp, {"bank.yaml": BANK, "blocker": "a file where the folder should be"})
    index = load(in_tmp, FileCache(in_tmp / "blocker" / "cache"))
    assert "c1" in index.cases and not index.diagnostics
