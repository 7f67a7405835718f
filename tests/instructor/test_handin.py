"""Hand-in bundles: what they carry, anonymised deals, and the safety of reading them."""

from __future__ import annotations

import orjson
import pytest

from coach.domain.records import Answers, Attempt, Deal, Review
from coach.store import BundleInvalid, open_store
from coach.store.bundle import import_bundle, read_bundle
from coach.store.handin import build_handin, export_handin, safe_file_stem

CLIENTS = ["张伟", "Acme Ltd", "李秀英"]


def fill(store) -> None:
    store.attempts.save(
        Attempt(
            case_id="mini-peaks",
            answers=Answers(text={"q1": "张伟的案例让我想到开门红"}),
            self_score={"r1": 0.5},
            seconds=120,
        )
    )
    for name in CLIENTS:
        store.deals.save(Deal(client=name, notes=f"{name} 说收益太低; call {name} back"))
    store.reviews.save(
        Review(title="张伟 lost", answers=Answers(text={"s1": "Acme Ltd chose a rival"}))
    )
    store.lessons.save_many([])
    from coach.domain.records import Lesson

    store.lessons.save(Lesson(text="private lesson"))


def test_a_handin_carries_the_profile_and_only_attempts(tmp_path):
    with open_store(tmp_path / "d", "小王", daily_backup=False) as store:
        fill(store)
        ident = store.profile.id
        data, _, _ = build_handin(store)
    assert data["profile"] == {"id": ident, "name": "小王", "created": data["profile"]["created"]}
    assert data["kinds"] == ["attempts"] and set(data["records"]) == {"attempts"}
    assert data["purpose"] == "handin"
    (att,) = data["records"]["attempts"]
    assert att["self_score"] == {"r1": 0.5} and att["answers"]["text"]["q1"].startswith("张伟")
    assert "private lesson" not in orjson.dumps(data).decode()


def test_with_deals_everything_is_anonymised_free_text_included(tmp_path):
    with open_store(tmp_path / "d", "小王", daily_backup=False) as store:
        fill(store)
        report = export_handin(store, tmp_path / "h.json", with_deals=True)
    text = (tmp_path / "h.json").read_text(encoding="utf-8")
    data = orjson.loads(text)
    assert set(data["kinds"]) == {"attempts", "deals", "reviews"} and data["anonymised"] is True
    assert len(data["records"]["deals"]) == 3 and report.replaced > 0
    for name in CLIENTS:
        assert name not in text
        assert name.lower() not in text.lower()
    assert "客户-" in data["records"]["attempts"][0]["answers"]["text"]["q1"]


def test_a_handin_reads_back_as_a_valid_bundle(tmp_path):
    with open_store(tmp_path / "d", "a", daily_backup=False) as store:
        fill(store)
        export_handin(store, tmp_path / "h.json")
    assert read_bundle(tmp_path / "h.json")["counts"] == {"attempts": 1}


def test_size_limit(tmp_path):
    with open_store(tmp_path / "d", "a", daily_backup=False) as store:
        fill(store)
        export_handin(store, tmp_path / "h.json")
    with pytest.raises(BundleInvalid, match="limit"):
        read_bundle(tmp_path / "h.json", max_bytes=100)


@pytest.mark.parametrize("evil", ["../../outside", "/etc/passwd", "..\\..\\x", "a/../../b"])
def test_record_ids_never_become_paths(tmp_path, evil):
    with open_store(tmp_path / "d", "a", daily_backup=False) as store:
        fill(store)
        data, _, _ = build_handin(store)
    data["records"]["attempts"][0]["id"] = evil
    path = tmp_path / "h.json"
    path.write_bytes(orjson.dumps(data))
    before = sorted(p for p in tmp_path.rglob("*") if "trainee" not in p.parts)
    with open_store(tmp_path / "d", "a", daily_backup=False) as store:
        import_bundle(store, path)
        assert store.attempts.get(evil) is not None
        inside = store.path
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert all(inside in p.parents for p in new)
    # the record landed in a file of the store (a new shard, or one that was there already:
    # which depends on the random ids the store was filled with)
    holders = [p for p in after if p.is_file() and orjson.dumps(evil)[1:-1] in p.read_bytes()]
    holders = [p for p in holders if p != path and "backups" not in p.parts]
    assert holders and all(inside in p.parents for p in holders)


@pytest.mark.parametrize(
    ("name", "ident"),
    [("../../etc/passwd", "abc12345ff"), ("王芳", "0123456789"), ("", ""), ("a/b\\c:d", "x/y")],
)
def test_trainee_file_names_stay_in_their_folder(tmp_path, name, ident):
    stem = safe_file_stem(name, ident)
    assert "/" not in stem and "\\" not in stem and ".." not in stem and stem
    assert (tmp_path / f"{stem}.json").resolve().parent == tmp_path.resolve()
