"""The store's commands, run through the real `coach` group, in both languages."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from coach.cli import _load_commands, cli
from coach.domain.records import Deal
from coach.store import open_store

_load_commands()


def run(root, *args, input=None, lang="en"):
    result = CliRunner().invoke(
        cli, ["--lang", lang, "--data-dir", str(root), "--profile", "alice", *args], input=input
    )
    return result


def test_locate_and_profiles(root):
    r = run(root, "locate", "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.output)
    assert data["profile_folder"] == str(root / "alice") and not data["profile_exists"]
    open_store(root, "alice").close()
    r = run(root, "profiles", "--format", "json")
    assert [p["name"] for p in json.loads(r.output)] == ["alice"]
    assert "alice" in run(root, "profiles").output


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_import_backup_restore_forget(root, tmp_path, lang):
    with open_store(root, "alice") as s:
        s.deals.save(Deal(client="张伟", notes="张伟说不"))
    bundle = tmp_path / "b.json"
    r = run(root, "export", "--bundle", str(bundle), "--anonymise", lang=lang)
    assert r.exit_code == 0, r.output
    assert "张伟" not in bundle.read_text(encoding="utf-8")
    r = run(root, "import", str(bundle), "--format", "json")
    # the anonymised copy differs at the same revision: a conflict, and our real record stays
    assert r.exit_code == 0 and len(json.loads(r.output)["conflicts"]) == 1
    with open_store(root, "alice", read_only=True) as s:
        assert s.deals.list()[0].client == "张伟"
    r = run(root, "backup", lang=lang)
    assert r.exit_code == 0 and "manual" in r.output
    name = next(ln.split("\t")[0] for ln in r.output.splitlines() if "\tmanual\t" in ln)
    r = run(root, "forget-client", "张伟", "--yes", "--include-backups", lang=lang)
    assert r.exit_code == 0 and ("2" in r.output), r.output
    r = run(root, "restore", name, input="n\n", lang=lang)
    assert r.exit_code != 0 and ("cancelled" in r.output or "已取消" in r.output)
    r = run(root, "restore", lang=lang)
    assert name in r.output


def test_errors_are_one_line_without_traceback(root, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "coach-bundle"', encoding="utf-8")
    r = run(root, "import", str(bad))
    assert r.exit_code != 0 and "Traceback" not in r.output
    assert str(bad) in r.output and "nothing was imported" in r.output
    r = run(root, "restore", "nope", "--yes")
    assert r.exit_code != 0 and "no backup named nope" in r.output
    r = run(root, "export", "--bundle", str(tmp_path / "x.json"), "--only", "spells")
    assert r.exit_code != 0 and "--only" in r.output
