"""Issue 14, items 8 and 10: a damaged store is one clear line everywhere, never a traceback, and a
missing profile.json never silently becomes a new identity."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.records import Deal
from coach.store import StoreDamaged, list_profiles, open_store
from coach.store import backups as backups_mod
from coach.store.bundle import export_bundle
from coach.store.jsonfile import parse, write_json_atomic
from coach.store.layout import PROFILE_FILE

_load_commands()


def run(root, *args, lang="en"):
    return CliRunner().invoke(
        cli, ["--lang", lang, "--data-dir", str(root), "--profile", "alice", *args]
    )


def assert_one_line_failure(r, *needles):
    """A failure the user can read: exit 1 through click, no exception escaping the command."""
    assert r.exit_code == 1, r.output
    assert isinstance(r.exception, SystemExit), repr(r.exception)
    for n in needles:
        assert n in r.output, r.output


def _set_field(path, record_id, **fields):
    data = parse(path, path.read_bytes())
    data["deals"][record_id].update(fields)
    write_json_atomic(path, data)


@pytest.fixture
def damaged(root):
    """alice with one deal whose shard is truncated."""
    with open_store(root, "alice") as s:
        deal = s.deals.save(Deal(client="甲", amount=10.0, closed="2025-02-01", outcome="won"))
        path = s.deals.path_of(deal.id)
    path.write_bytes(path.read_bytes()[:20])
    return path


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_report_on_a_damaged_store_is_one_line(root, tmp_path, damaged, lang):
    r = run(root, "report", "--period", "2025", "--out", str(tmp_path / "r.md"), lang=lang)
    assert_one_line_failure(r, str(damaged))
    assert not (tmp_path / "r.md").exists()


def test_deals_import_on_a_damaged_store_is_one_line(root, tmp_path, damaged):
    csv = tmp_path / "crm.csv"
    csv.write_text("client,amount\n乙,100\n", encoding="utf-8")
    r = run(root, "deals", "import", str(csv), "--yes")
    assert_one_line_failure(r, str(damaged), "damaged")


@pytest.fixture
def lots(root):
    """alice with a deal whose amount was hand-edited to "lots"."""
    with open_store(root, "alice") as s:
        deal = s.deals.save(Deal(client="甲", amount=10.0, closed="2025-02-01", outcome="won"))
        path = s.deals.path_of(deal.id)
    _set_field(path, deal.id, amount="lots")
    return deal, path


def test_a_wrong_type_inside_a_record_is_damage_naming_file_and_record(root, lots):
    deal, path = lots
    with open_store(root, "alice") as s:
        for read in (s.deals.list, lambda: s.deals.get(deal.id)):
            with pytest.raises(StoreDamaged) as err:
                read()
            assert str(path) in str(err.value) and deal.id in str(err.value)
            assert "amount" in str(err.value)


def test_report_on_a_wrong_type_is_one_line(root, tmp_path, lots):
    deal, path = lots
    r = run(root, "report", "--period", "2025", "--out", str(tmp_path / "r.md"))
    assert_one_line_failure(r, str(path), deal.id)


def test_a_backup_of_a_record_of_the_wrong_type_is_not_good(root, lots):
    deal, _path = lots
    with open_store(root, "alice", daily_backup=False) as s:
        made = s.backup("manual")
    assert not made.good
    assert any(deal.id in p and "amount" in p for p in made.problems)
    listed = next(b for b in backups_mod.list_backups(root / "alice") if b.name == made.name)
    assert not listed.good


def test_export_refuses_a_store_that_import_would_reject(root, tmp_path, lots):
    deal, path = lots
    out = tmp_path / "b.json"
    with open_store(root, "alice", daily_backup=False) as s, pytest.raises(StoreDamaged) as err:
        export_bundle(s, out)
    assert str(path) in str(err.value) and deal.id in str(err.value)
    assert not out.exists()
    r = run(root, "export", "--bundle", str(out))
    assert_one_line_failure(r, str(path))
    assert not out.exists()


def test_a_huge_stored_revision_is_damage_not_a_crash(root):
    with open_store(root, "alice") as s:
        deal = s.deals.save(Deal(client="Acme Ltd"))
        path = s.deals.path_of(deal.id)
    _set_field(path, deal.id, rev=2**64 - 1)
    r = run(root, "forget-client", "Acme Ltd", "--yes", "--no-backups")
    assert_one_line_failure(r, str(path), "rev")
    assert "Acme Ltd" in path.read_text(encoding="utf-8")


# --- item 10: profile.json deleted --------------------------------------------------------------


def test_a_deleted_profile_file_is_damage_not_a_new_identity(root):
    with open_store(root, "alice") as s:
        ident = s.profile.id
        s.deals.save(Deal(client="甲"))
        good = s.backup("manual")
    (root / "alice" / PROFILE_FILE).unlink()
    for read_only in (False, True):
        with pytest.raises(StoreDamaged) as err:
            open_store(root, "alice", read_only=read_only)
        assert PROFILE_FILE in str(err.value) and good.name in str(err.value)
    assert not (root / "alice" / PROFILE_FILE).exists(), "no new identity was made"
    assert [(p.name, p.id) for p in list_profiles(root)] == [("alice", "")], "listed as damaged"
    r = run(root, "deals", "add", "乙 年金险 10万")
    assert_one_line_failure(r, PROFILE_FILE)
    assert not (root / "alice" / PROFILE_FILE).exists()
    # the backup brings the identity back
    r = run(root, "restore", good.name, "--yes")
    assert r.exit_code == 0, r.output
    with open_store(root, "alice", read_only=True) as s:
        assert s.profile.id == ident and [d.client for d in s.deals.list()] == ["甲"]


def test_a_new_profile_in_an_empty_folder_is_still_made(root):
    (root / "alice").mkdir(parents=True)
    with open_store(root, "alice") as s:
        assert s.profile.name == "alice"
