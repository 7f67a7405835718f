"""Issue 14, items 11 and 15 (store side): every limit of a bundle is enforced before anything is
written — nesting, revisions, size, special files — a BOM is fine, and forget-client refuses a
name that would match everything."""

from __future__ import annotations

import json
import os
import stat
import threading

import orjson
import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.records import Deal
from coach.store import BundleInvalid, StoreError, open_store
from coach.store.bundle import MAX_DEPTH, build_bundle, import_bundle, read_bundle
from coach.store.codec import MAX_REV
from coach.store.layout import PROFILE_FILE
from coach.store.privacy import forget_client

_load_commands()


def run(root, *args):
    return CliRunner().invoke(
        cli, ["--lang", "en", "--data-dir", str(root), "--profile", "alice", *args]
    )


def bundle_of(root, tmp_path, name="bob", deals=None):
    with open_store(root, name, daily_backup=False) as s:
        s.deals.save_many(list(deals or [Deal(client="甲")]))
        data, _, _ = build_bundle(s)
    return data


def nest(depth):
    v: object = "x"
    for _ in range(depth):
        v = [v]
    return v


def snapshot(folder):
    return {
        p: p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"
    }


@pytest.mark.parametrize("depth", [MAX_DEPTH, 300])
def test_deep_nesting_is_refused_before_the_identity_changes(root, tmp_path, depth):
    data = bundle_of(root, tmp_path)
    data["records"]["deals"][0]["deep"] = nest(depth)
    path = tmp_path / "deep.json"
    path.write_text(json.dumps(data), encoding="utf-8")  # orjson cannot write 255+ levels
    with open_store(root, "alice", daily_backup=False) as s:
        ident = s.profile.id
        before = snapshot(s.path)
        with pytest.raises(BundleInvalid, match="nested"):
            import_bundle(s, path)
        assert s.profile.id == ident
        assert snapshot(s.path) == before, "nothing was written"
    r = run(root, "import", str(path))
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output


def test_nesting_within_the_limit_imports_and_writes_back(root, tmp_path):
    data = bundle_of(root, tmp_path)
    data["records"]["deals"][0]["deep"] = nest(MAX_DEPTH - 5)  # bundle > records > deals > [0]
    path = tmp_path / "ok.json"
    path.write_bytes(orjson.dumps(data))
    with open_store(root, "alice", daily_backup=False) as s:
        assert import_bundle(s, path).added == {"deals": 1}
        s.deals.save(s.deals.list()[0])  # and it can be saved again


@pytest.mark.parametrize("rev", [2**64 - 1, MAX_REV + 1, 0])
def test_revisions_out_of_range_are_refused(root, tmp_path, rev):
    data = bundle_of(root, tmp_path)
    data["records"]["deals"][0]["rev"] = rev
    path = tmp_path / "rev.json"
    path.write_bytes(orjson.dumps(data))
    with open_store(root, "alice", daily_backup=False) as s:
        before = snapshot(s.path)
        with pytest.raises(BundleInvalid, match="rev"):
            import_bundle(s, path)
        assert snapshot(s.path) == before


def test_the_highest_revision_is_accepted_and_forget_client_still_works(root, tmp_path):
    data = bundle_of(root, tmp_path, deals=[Deal(client="Acme Ltd")])
    data["records"]["deals"][0]["rev"] = MAX_REV - 1
    path = tmp_path / "rev.json"
    path.write_bytes(orjson.dumps(data))
    with open_store(root, "alice", daily_backup=False) as s:
        import_bundle(s, path, other_profile=True)
        r = forget_client(s, "Acme Ltd")
        assert r.records == 1
        (deal,) = s.deals.list()
        assert deal.client != "Acme Ltd" and deal.rev == MAX_REV


def test_a_utf8_bom_is_accepted(root, tmp_path):
    data = bundle_of(root, tmp_path)
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + orjson.dumps(data))
    assert read_bundle(path)["counts"]["deals"] == 1
    with open_store(root, "alice", daily_backup=False) as s:
        assert import_bundle(s, path).added == {"deals": 1}


def test_a_device_is_refused_without_reading_it(tmp_path):
    with pytest.raises(BundleInvalid, match="regular file"):
        read_bundle("/dev/zero")


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    caught: list[BaseException] = []

    def read():
        try:
            read_bundle(fifo)
        except BaseException as e:  # handed to the test thread
            caught.append(e)

    t = threading.Thread(target=read, daemon=True)
    t.start()
    t.join(10)
    if t.is_alive():  # unblock the reader so the test run can end, then fail
        with open(fifo, "wb"):
            pass
        pytest.fail("reading a FIFO blocked")
    assert len(caught) == 1 and isinstance(caught[0], BundleInvalid), caught
    assert "regular file" in str(caught[0])


def test_a_folder_and_a_missing_file_are_named(tmp_path):
    with pytest.raises(BundleInvalid, match="folder"):
        read_bundle(tmp_path)
    with pytest.raises(BundleInvalid, match=r"nope\.json"):
        read_bundle(tmp_path / "nope.json")


def test_the_size_limit_counts_bytes_read_not_only_the_stat(tmp_path, monkeypatch):
    path = tmp_path / "b.json"
    path.write_bytes(b'{"format": "coach-bundle"}' + b" " * 500)
    real_fstat = os.fstat

    def lying_fstat(fd):  # a file that grows after it was checked: reports 10 bytes
        st = real_fstat(fd)
        if stat.S_ISREG(st.st_mode):
            return os.stat_result((st.st_mode, *st[1:6], 10, *st[7:]))
        return st

    def lying_stat(p, **kw):
        fd = os.open(p, os.O_RDONLY)
        try:
            return lying_fstat(fd)
        finally:
            os.close(fd)

    monkeypatch.setattr(os, "fstat", lying_fstat)
    monkeypatch.setattr(os, "stat", lying_stat)
    with pytest.raises(BundleInvalid, match=r"over the \S+ bytes limit"):
        read_bundle(path, max_bytes=100)


def test_profile_ids_with_control_characters_are_refused(root, tmp_path):
    data = bundle_of(root, tmp_path)
    data["profile"]["id"] = "abc\x1b[2J"
    path = tmp_path / "id.json"
    path.write_bytes(orjson.dumps(data))
    with pytest.raises(BundleInvalid, match="profile id") as err:
        read_bundle(path)
    assert "\x1b" not in str(err.value)


def test_a_bundle_reason_never_carries_raw_escapes(tmp_path):
    path = tmp_path / "k.json"
    body = {"format": "coach-bundle", "version": 1, "profile": {"id": "a", "name": "b"}}
    path.write_bytes(orjson.dumps({**body, "records": {"\x1b]0;pwned\x07": []}}))
    with pytest.raises(BundleInvalid) as err:
        read_bundle(path)
    assert "\x1b" not in str(err.value) and "\\x1b" in str(err.value)


# --- item 15: forget-client "." -----------------------------------------------------------------


@pytest.mark.parametrize("name", [".", " . ", "-", "a", "12", "2025", "张"])
def test_forget_client_refuses_a_name_that_matches_everything(root, name):
    with open_store(root, "alice") as s:
        s.deals.save(Deal(client="甲", notes="see deals.xlsx. 2025-03-10", source="crm.csv"))
        s.backup("manual")
        before = snapshot(s.path)
        with pytest.raises(StoreError, match="cannot be erased"):
            forget_client(s, name, include_backups=True)
        assert snapshot(s.path) == before
    r = run(root, "forget-client", name, "--yes", "--include-backups")
    assert r.exit_code == 1 and isinstance(r.exception, SystemExit), r.output
    assert "cannot be erased" in r.output


def test_forget_client_keeps_ids_and_timestamps_in_backups(root):
    with open_store(root, "alice") as s:
        s.deals.save(Deal(id="deal-acme-1", client="Acme", notes="Acme called"))
        made = s.backup("manual")
        forget_client(s, "Acme", include_backups=True)
        (deal,) = s.deals.list()
        assert deal.id == "deal-acme-1" and "Acme" not in deal.notes
    for path in (made.path / "deals").glob("*.json"):
        data = orjson.loads(path.read_bytes())
        for doc_id, doc in data["deals"].items():
            assert doc["id"] == doc_id == "deal-acme-1"
            assert doc["client"] != "Acme"
    with open_store(root, "alice") as s:
        s.restore(made.name)
        assert s.deals.get("deal-acme-1") is not None
    assert (root / "alice" / PROFILE_FILE).is_file()
