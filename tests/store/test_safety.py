"""Locks, read-only opening, schema versions, backups, damaged files and a full disk."""

from __future__ import annotations

import errno
import os
import random

import pytest

from coach.domain.records import Deal
from coach.store import (
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreReadOnly,
    StoreTooNew,
    StoreWriteFailed,
    jsonfile,
    list_profiles,
    migrations,
    open_store,
)
from coach.store import backups as backups_mod
from coach.store.layout import PROFILE_FILE


def test_profiles_have_stable_ids(root):
    with open_store(root, "小王") as s:
        first = s.profile
    with open_store(root, "小王") as s:
        assert s.profile == first
    open_store(root, "bob").close()
    assert {p.name for p in list_profiles(root)} == {"小王", "bob"}
    assert len({p.id for p in list_profiles(root)}) == 2


@pytest.mark.parametrize("name", ["", "..", ".hidden", "a/b", "a\\b", "x" * 65, "a:b", "tab\there"])
def test_bad_profile_names_are_refused(root, name):
    with pytest.raises(StoreError):
        open_store(root, name)


def test_read_only_needs_an_existing_profile(root):
    with pytest.raises(StoreError, match="no profile"):
        open_store(root, "nobody", read_only=True)


def test_a_held_lock_gives_a_clear_message_and_read_only_still_works(root, lang):
    with open_store(root, "alice") as writer:
        saved = writer.deals.save(Deal(client="甲"))
        with open_store(root, "alice", lock_timeout=0.05) as other, writer.writing():
            with pytest.raises(StoreLocked) as err:
                other.deals.save(Deal(client="乙"))
            assert ".lock" in str(err.value)
            assert ("只读" in str(err.value)) == (lang == "zh")
            assert ("read-only" in str(err.value)) == (lang == "en")
            with open_store(root, "alice", read_only=True) as ro:
                assert ro.deals.get(saved.id) == saved
                with pytest.raises(StoreReadOnly):
                    ro.deals.save(Deal())


def test_newer_schema_is_refused_and_untouched(root):
    open_store(root, "alice").close()
    prof = root / "alice" / PROFILE_FILE
    data = jsonfile.read_json(prof)
    data["schema"] = migrations.SCHEMA_VERSION + 1
    jsonfile.write_json_atomic(prof, data)
    before = {p: p.read_bytes() for p in (root / "alice").rglob("*") if p.is_file()}
    for ro in (False, True):
        with pytest.raises(StoreTooNew, match="newer version"):
            open_store(root, "alice", read_only=ro)
    after = {p: p.read_bytes() for p in (root / "alice").rglob("*") if p.is_file()}
    assert after == before


def test_migrations_run_in_order_after_a_backup(root, monkeypatch):
    with open_store(root, "alice") as s:
        s.deals.save(Deal(client="甲"))
    seen = []

    def step(version):
        def run(folder):
            seen.append((version, [b.reason for b in backups_mod.list_backups(folder)]))

        return run

    monkeypatch.setattr(migrations, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(migrations, "MIGRATIONS", {1: step(1), 2: step(2)})
    with pytest.raises(StoreError, match="upgraded"):
        open_store(root, "alice", read_only=True)
    with open_store(root, "alice") as s:
        assert s.schema == 3
    assert [v for v, _ in seen] == [1, 2]
    assert "before-migration-v1" in seen[0][1]
    with open_store(root, "alice") as s:  # nothing left to run
        assert len(seen) == 2


def test_backups_keep_seven_and_the_newest_good_one(store):
    store.deals.save(Deal(client="甲"))
    good = store.backup("first")
    shard = next((store.path / "deals").glob("*.json"))
    shard.write_bytes(shard.read_bytes()[:-10])  # damage it
    for _ in range(9):
        b = store.backup("later")
        assert not b.good and b.problems
    names = [b.name for b in store.backups()]
    assert len(names) == 8 and good.name in names, "7 newest + the newest good one"
    assert store.newest_good_backup() == good.name


def test_daily_backup_once_a_day(root):
    open_store(root, "alice").close()
    open_store(root, "alice").close()
    assert [b.reason for b in backups_mod.list_backups(root / "alice")] == ["daily"]


def _shard_with_data(store):
    saved = store.deals.save_many([Deal(client=f"客户{i}", notes="备注" * 20) for i in range(40)])
    return saved, store.deals.path_of(saved[0].id)


@pytest.mark.parametrize("seed", range(8))
def test_truncated_file_is_reported_and_nothing_is_lost(root, seed, lang):
    with open_store(root, "alice") as s:
        saved, path = _shard_with_data(s)
        good = s.backup("good")
    raw = path.read_bytes()
    cut = random.Random(seed).randrange(0, len(raw) - 2)
    path.write_bytes(raw[:cut])
    with open_store(root, "alice") as s:
        with pytest.raises(StoreDamaged) as err:
            s.deals.get(saved[0].id)
        msg = str(err.value)
        assert str(path) in msg and good.name in msg
        assert err.value.offset is not None and err.value.line is not None
        with pytest.raises(StoreDamaged):
            s.deals.save(Deal(id=saved[0].id, client="x", rev=1))
        assert path.read_bytes() == raw[:cut], "the damaged file is not overwritten"
        assert [d.path for d in s.check()] == [path]
        s.restore(good.name)
        assert s.deals.get(saved[0].id) == saved[0]
        assert s.check() == []
    # the damaged copy was kept in the pre-restore backup
    pre = next(b for b in backups_mod.list_backups(root / "alice") if b.reason == "before-restore")
    assert not pre.good


@pytest.mark.parametrize(
    ("edit", "line"),
    [
        (lambda t: t.replace('"client": "客户0"', '"client": 客户0"'), None),
        (lambda t: t.replace("{", "[", 1), None),
        (lambda t: t + "}", None),
    ],
)
def test_hand_broken_json_names_the_position(store, edit, line):
    _saved, path = _shard_with_data(store)
    text = path.read_text(encoding="utf-8")
    path.write_text(edit(text), encoding="utf-8")
    with pytest.raises(StoreDamaged) as err:
        store.deals.list()
    assert err.value.line is not None and err.value.line >= 1
    assert f"line {err.value.line}" in str(err.value)


def test_invalid_utf8_and_wrong_shapes(store):
    saved, path = _shard_with_data(store)
    raw = path.read_bytes()
    path.write_bytes(raw[:30] + b"\xff\xfe" + raw[30:])
    with pytest.raises(StoreDamaged, match="UTF-8") as err:
        store.deals.get(saved[0].id)
    assert err.value.offset == 30
    data = jsonfile.parse(path, raw)
    data["deals"][saved[0].id]["answers_missing"] = 1
    data["deals"][saved[0].id]["tags"] = 7
    jsonfile.write_json_atomic(path, data)
    with pytest.raises(StoreDamaged, match=saved[0].id):
        store.deals.get(saved[0].id)
    assert store.check() and str(path) in str(store.check()[0])
    data["deals"][saved[0].id]["tags"] = []
    data["deals"][saved[0].id]["rev"] = "3"
    jsonfile.write_json_atomic(path, data)
    with pytest.raises(StoreDamaged, match="rev"):
        store.deals.save(Deal(id=saved[0].id, rev=3))


def test_damaged_profile_file_is_reported_at_open(root):
    open_store(root, "alice").close()
    (root / "alice" / PROFILE_FILE).write_text('{"format": "coach-profile", ', encoding="utf-8")
    with pytest.raises(StoreDamaged, match=r"profile\.json"):
        open_store(root, "alice")


@pytest.mark.parametrize("fail_on", ["write", "fsync"])
def test_full_disk_reports_and_keeps_the_old_data(store, monkeypatch, fail_on, lang):
    saved = store.deals.save(Deal(client="甲"))
    path = store.deals.path_of(saved.id)
    before = path.read_bytes()
    real = getattr(os, fail_on)

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(jsonfile.os, fail_on, full)
    changed = store.deals.get(saved.id)
    changed.client = "乙"
    with pytest.raises(StoreWriteFailed) as err:
        store.deals.save(changed)
    assert str(path) in str(err.value) and err.value.errno == errno.ENOSPC
    monkeypatch.setattr(jsonfile.os, fail_on, real)
    assert path.read_bytes() == before
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".tmp-")]
    assert store.deals.get(saved.id) == saved, "the cache did not keep the failed write"
    assert store.deals.save(changed).client == "乙", "saving works once there is room again"
