"""Bundles: export, anonymise, import merging by id and revision; forget-client."""

from __future__ import annotations

import orjson
import pytest

from coach.domain.records import Answers, Deal, Review
from coach.store import BundleInvalid, StoreError, open_store
from coach.store.bundle import BUNDLE_FORMAT, export_bundle, import_bundle, read_bundle
from coach.store.layout import KINDS
from coach.store.privacy import FORGOTTEN, NameReplacer, forget_client, pseudonym

from .conftest import sample


def _fill(store):
    return {kind: store.repo(kind).save(sample(kind, lang)) for kind in KINDS for lang in ("zh",)}


def _snapshot(store):
    return {
        k: sorted((r.to_data() for r in store.repo(k).list()), key=lambda d: d["id"]) for k in KINDS
    }


def test_round_trip_into_an_empty_profile_takes_its_identity(root, tmp_path):
    with open_store(root, "alice") as a:
        _fill(a)
        a.deals.save(sample("deals", "en"))
        export_bundle(a, tmp_path / "b.json")
        before, ident = _snapshot(a), a.profile
    data = orjson.loads((tmp_path / "b.json").read_bytes())
    assert data["format"] == BUNDLE_FORMAT and data["profile"]["id"] == ident.id
    assert data["profile"]["name"] == "alice" and "secret" not in str(data["profile"])
    with open_store(root, "alice-laptop") as b:
        r = import_bundle(b, tmp_path / "b.json")
        assert r.adopted_identity and b.profile.id == ident.id
        assert sum(r.added.values()) == len(KINDS) + 1  # one record per kind, two deals
        assert _snapshot(b) == before
        again = import_bundle(b, tmp_path / "b.json")
        assert again.changed == 0 and sum(again.unchanged.values()) == len(KINDS) + 1, "idempotent"
        assert _snapshot(b) == before


def test_newer_wins_older_is_kept_and_conflicts_are_reported(root, tmp_path):
    with open_store(root, "alice") as a:
        d1, d2, d3 = a.deals.save_many([Deal(client="甲"), Deal(client="乙"), Deal(client="丙")])
        export_bundle(a, tmp_path / "v1.json")
        d1.stage = "won in bundle"
        d1 = a.deals.save(d1)
        export_bundle(a, tmp_path / "v2.json")
    with open_store(root, "laptop") as b:
        import_bundle(b, tmp_path / "v1.json")
        mine2 = b.deals.get(d2.id)
        mine2.stage = "edited here"
        b.deals.save(mine2)  # rev 2 here; the bundle has rev 1 -> ours kept
        mine3 = b.deals.get(d3.id)
        mine3.notes = "different edit"
        b.deals.save(mine3)
        with open_store(root, "alice") as a:
            other3 = a.deals.get(d3.id)
            other3.notes = "their edit"
            a.deals.save(other3)  # rev 2 there too, different content -> conflict
            export_bundle(a, tmp_path / "v3.json")
        r = import_bundle(b, tmp_path / "v3.json")
        assert b.deals.get(d1.id).stage == "won in bundle"
        assert r.updated == {"deals": 1}
        assert b.deals.get(d2.id).stage == "edited here" and r.kept_newer == {"deals": 1}
        assert r.conflicts == [("deals", d3.id, 2, 2)]
        assert b.deals.get(d3.id).notes == "different edit"


def test_only_some_kinds(store, tmp_path):
    _fill(store)
    rep = export_bundle(store, tmp_path / "b.json", only="attempts,reviews")
    data = read_bundle(tmp_path / "b.json")
    assert set(data["records"]) == {"attempts", "reviews"} == set(rep.counts)
    with pytest.raises(StoreError, match="--only"):
        export_bundle(store, tmp_path / "c.json", only="attempts,nonsense")


def test_anonymise_replaces_names_everywhere_with_stable_pseudonyms(store, tmp_path):
    store.deals.save_many(
        [
            Deal(client="张伟", notes="张伟说再考虑"),
            Deal(client="Li Na"),
            Deal(client="Acme", notes="ACME and Acmeology"),
        ]
    )
    store.reviews.save(Review(title="张伟复盘", answers=Answers(text={"q": "li na 拒绝了"})))
    export_bundle(store, tmp_path / "a.json", anonymise=True)
    export_bundle(store, tmp_path / "b.json", anonymise=True)
    a = (tmp_path / "a.json").read_text(encoding="utf-8")
    data = read_bundle(tmp_path / "a.json")
    assert data["anonymised"] is True
    for name in ("张伟", "Li Na", "li na", "ACME and"):
        assert name not in a
    assert "Acmeology" in a, "whole words only for Latin names"
    p = pseudonym(store.secret, "张伟")
    assert a.count(p) == 3
    assert pseudonym(store.secret, "li na") == pseudonym(store.secret, "Li Na")
    b = (tmp_path / "b.json").read_text(encoding="utf-8")
    strip = [line for line in a.splitlines() if '"exported"' not in line]
    assert strip == [line for line in b.splitlines() if '"exported"' not in line], "stable"


def _bundle(**over):
    base = {
        "format": BUNDLE_FORMAT,
        "version": 1,
        "schema": 1,
        "profile": {"id": "p1", "name": "x"},
        "records": {"deals": [{"id": "d1", "rev": 1, "client": "甲"}]},
    }
    base.update(over)
    return base


BAD = {
    "not json": b'{"format": ',
    "not a bundle": orjson.dumps({"hello": 1}),
    "newer version": orjson.dumps(_bundle(version=99)),
    "newer schema": orjson.dumps(_bundle(schema=99)),
    "no profile": orjson.dumps(_bundle(profile={})),
    "unknown kind": orjson.dumps(_bundle(records={"spells": []})),
    "bad id": orjson.dumps(_bundle(records={"deals": [{"id": "", "rev": 1}]})),
    "dup id": orjson.dumps(
        _bundle(records={"deals": [{"id": "a", "rev": 1}, {"id": "a", "rev": 1}]})
    ),
    "rev zero": orjson.dumps(_bundle(records={"deals": [{"id": "a", "rev": 0}]})),
    "wrong type": orjson.dumps(
        _bundle(records={"deals": [{"id": "a", "rev": 1}, {"id": "b", "rev": 1, "amount": "lots"}]})
    ),
    "bad literal": orjson.dumps(
        _bundle(records={"deals": [{"id": "a", "rev": 1, "outcome": "maybe"}]})
    ),
    "nested": orjson.dumps(
        _bundle(records={"reviews": [{"id": "a", "rev": 1, "answers": {"text": {"q": 3}}}]})
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_invalid_bundles_are_rejected_whole(store, tmp_path, case):
    store.deals.save(Deal(client="mine"))
    before = _snapshot(store)
    path = tmp_path / "bad.json"
    path.write_bytes(BAD[case])
    with pytest.raises(BundleInvalid) as err:
        import_bundle(store, path, other_profile=True)
    assert str(path) in str(err.value) and err.value.reason
    assert _snapshot(store) == before


def test_size_limit_and_other_profiles(store, tmp_path):
    store.deals.save(Deal(client="mine"))
    path = tmp_path / "b.json"
    path.write_bytes(orjson.dumps(_bundle()))
    with pytest.raises(BundleInvalid, match="limit"):
        import_bundle(store, path, max_bytes=10)
    with pytest.raises(StoreError, match="another profile"):
        import_bundle(store, path)
    assert import_bundle(store, path, other_profile=True).added == {"deals": 1}


def test_name_replacer_longest_match_and_word_boundaries():
    r = NameReplacer({"张伟": "A", "张伟强": "B", "Li": "L"})
    assert r("张伟强和张伟") == ("B和A", 2)
    assert r("Lisa met li, LI.") == ("Lisa met L, L.", 2)
    assert r("nothing") == ("nothing", 0)


def test_forget_client_everywhere_including_backups(store):
    deal = store.deals.save(Deal(client="张伟", notes="张伟很犹豫"))
    store.reviews.save(Review(title="与张伟的谈判", answers=Answers(text={"q": "张伟说不"})))
    store.lessons.save(sample("lessons", "zh"))
    b = store.backup("has-name")
    r = forget_client(store, "张伟", include_backups=True)
    assert (r.records, r.places) == (2, 4)
    assert r.by_kind == {"reviews": 1, "deals": 1}
    assert r.backup_files >= 1 and r.backup_places == 4
    for path in [*store.path.rglob("*.json")]:
        assert "张伟" not in path.read_text(encoding="utf-8"), path
    got = store.deals.get(deal.id)
    assert got.client == FORGOTTEN and got.rev == deal.rev + 1
    assert b.path.is_dir()
    again = forget_client(store, "张伟", include_backups=True)
    assert (again.records, again.places, again.backup_places) == (0, 0, 0)
