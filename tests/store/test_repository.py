"""The typed API over every record kind, in both languages: save, get, list, revisions, delete."""

from __future__ import annotations

import os
import stat

import pytest

from coach.domain.records import RECORD_TYPES, Deal, Setting
from coach.store import StaleRevision, open_store
from coach.store.codec import decoder, encoder
from coach.store.layout import KINDS
from coach.store.storage import open_tinydb

from .conftest import TEXT, sample


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_round_trips(store, kind, lang):
    repo = store.repo(kind)
    rec = sample(kind, lang)
    saved = repo.save(rec)
    assert saved.rev == 1 and saved.created and saved.updated
    assert rec.rev == 0, "the caller's copy is not changed"
    got = repo.get(rec.id)
    assert got == saved
    assert got.to_data() == {
        **rec.to_data(),
        "rev": 1,
        "created": saved.created,
        "updated": saved.updated,
    }
    assert [r.id for r in repo.list(lambda r: r.id == rec.id)] == [rec.id]
    assert repo.list(lambda r: False) == []
    again = repo.save(got)
    assert again.rev == 2 and again.created == saved.created
    with pytest.raises(StaleRevision) as err:
        repo.save(got)  # still rev 1: based on an old copy
    assert rec.id in str(err.value) and str(repo.path_of(rec.id)) in str(err.value)
    assert ("已在别处更新" in str(err.value)) == (lang == "zh")
    assert repo.get(rec.id).rev == 2, "the refused save changed nothing"
    with pytest.raises(StaleRevision):
        repo.delete(rec.id, rev=1)
    assert repo.delete(rec.id, rev=2) is True
    assert repo.get(rec.id) is None and repo.delete(rec.id) is False


@pytest.mark.parametrize("kind", KINDS)
def test_records_survive_reopening(root, kind, lang):
    with open_store(root, "alice") as s:
        saved = s.repo(kind).save(sample(kind, lang))
    with open_store(root, "alice", read_only=True) as s:
        assert s.repo(kind).get(saved.id) == saved
        assert s.repo(kind).list() == [saved]


def test_returned_records_do_not_share_the_cache(store):
    saved = store.lessons.save(sample("lessons", "zh"))
    listed = store.lessons.list(lambda r: True)[0]
    listed.card["nested"].append(99)
    listed.text = "changed"
    got = store.lessons.get(saved.id)
    assert got.card == {"stability": 1.5, "nested": [1, 2]} and got.text == saved.text
    assert store.lessons.list(lambda r: True)[0] == saved


def test_codec_matches_the_domain_codec():
    for kind, cls in RECORD_TYPES.items():
        for lang in TEXT:
            rec = sample(kind, lang)
            rec.extra = {"future_field": {"x": [1, "二"]}}
            data = rec.to_data()
            assert encoder(cls)(rec) == data
            assert decoder(cls)(data) == cls.from_data(data)
            sparse = {"id": "x1", "unknown": 3}
            assert decoder(cls)(sparse) == cls.from_data(sparse)


def test_save_many_checks_every_revision_before_writing(store):
    a, b = store.deals.save_many([Deal(client="甲"), Deal(client="乙")])
    with pytest.raises(StaleRevision):
        store.deals.save_many([a, Deal(client="丙"), Deal(id=b.id, client="乙2")])
    assert {d.client for d in store.deals.list()} == {"甲", "乙"}
    assert store.deals.get(a.id).rev == 1


def test_list_is_sorted_and_filters(store):
    deals = store.deals.save_many(
        Deal(client=f"c{i}", outcome="lost" if i % 3 else "won") for i in range(300)
    )
    lost = store.deals.list(lambda d: d.outcome == "lost")
    assert len(lost) == sum(1 for d in deals if d.outcome == "lost")
    assert [(d.created, d.id) for d in lost] == sorted((d.created, d.id) for d in lost)
    assert store.deals.count() == 300


def test_files_are_private_and_readable(store):
    saved = store.deals.save(Deal(client="张伟", notes="中文备注"))
    path = store.deals.path_of(saved.id)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.path).st_mode) == 0o700
    raw = path.read_bytes()
    assert "中文备注".encode() in raw and b"\\u" not in raw
    # the file is a TinyDB database keyed by the record id
    db = open_tinydb(path)
    assert db.table("deals").get(doc_id=saved.id)["client"] == "张伟"


def test_settings_convenience(store):
    assert store.settings.get_value("lang", "en") == "en"
    store.settings.set_value("lang", "zh")
    store.settings.set_value("lang", "zh-TW")
    assert store.settings.get_value("lang") == "zh-TW"
    assert store.settings.count() == 1
    assert isinstance(store.settings.find("lang"), Setting)


def test_another_instance_sees_changes_and_stale_saves_are_refused(root):
    with open_store(root, "alice") as one, open_store(root, "alice") as two:
        mine = one.deals.save(Deal(client="甲"))
        theirs = two.deals.get(mine.id)
        theirs.stage = "proposal"
        two.deals.save(theirs)
        assert one.deals.get(mine.id).stage == "proposal", "the read cache saw the other write"
        with pytest.raises(StaleRevision):
            one.deals.save(mine)
