"""Read-only folders: a clear one-line error naming the folder, every old byte intact, and the
app still opens — read-only, saying so — instead of failing or losing what is typed."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from coach import paths
from coach.cli.context import CliContext
from coach.domain.records import Answers, Deal, Draft
from coach.store import StoreError, StoreNotWritable, StoreWriteFailed, open_store
from coach.tui.app import CoachApp
from coach.tui.launch import open_session
from coach.tui.screens.practice import PracticeScreen
from tests.tui.helpers import FIXTURE_CONTENT
from tests.tui.practice_helpers import type_answer, wait_for, wait_screen

from .faults import chmod_read_only, read_only_disk, snapshot

IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def _seed(root: Path) -> dict[str, str]:
    with open_store(root, "tester", daily_backup=False) as s:
        deal = s.deals.save(Deal(client="张伟", notes="旧数据"))
        draft = s.drafts.save(Draft(target="case:mini-doubt", answers=Answers(text={"q1": "旧"})))
    return {"deal": deal.id, "draft": draft.id}


def _fault(kind: str, monkeypatch: pytest.MonkeyPatch, folder: Path):
    if kind == "chmod":
        if IS_ROOT:
            pytest.skip("root writes through permission bits; the 'disk' case covers it")
        return contextlib.contextmanager(chmod_read_only)(folder)
    return read_only_disk(monkeypatch, folder)


KINDS = ["chmod", "disk"]


@pytest.mark.parametrize("kind", KINDS)
def test_read_write_open_is_refused_clearly_and_read_only_open_reads(kind, monkeypatch, tmp_path):
    root = tmp_path / "data"
    ids = _seed(root)
    folder = root / "tester"
    before = snapshot(folder)
    with _fault(kind, monkeypatch, folder):
        with pytest.raises(StoreNotWritable) as err:
            open_store(root, "tester")
        message = str(err.value)
        assert str(folder) in message and "\n" not in message
        assert "read-only" in message
        with open_store(root, "tester", read_only=True) as s:
            assert s.deals.get(ids["deal"]).notes == "旧数据"
            assert s.check() == []
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_folder_that_turns_read_only_while_open_refuses_saves_and_keeps_data(
    kind, monkeypatch, tmp_path
):
    root = tmp_path / "data"
    ids = _seed(root)
    folder = root / "tester"
    with open_store(root, "tester", daily_backup=False) as s:
        before = snapshot(folder)
        deal = s.deals.get(ids["deal"])
        deal.notes = "新数据"
        saves: list[Callable[[], object]] = [
            lambda: s.deals.save(deal),
            lambda: s.deals.save(Deal(client="new")),
            lambda: s.deals.save_many([Deal(client="a"), Deal(client="b")]),
            lambda: s.deals.delete(ids["deal"]),
        ]
        with _fault(kind, monkeypatch, folder):
            for save in saves:
                with pytest.raises(StoreWriteFailed) as err:
                    save()
                assert "\n" not in str(err.value) and str(folder) in str(err.value)
            assert s.deals.get(ids["deal"]).notes == "旧数据", "the cache kept no failed write"
        assert snapshot(folder) == before
        assert s.deals.save(deal).notes == "新数据", "saving works once the folder is writable"


@pytest.mark.parametrize("kind", KINDS)
def test_the_cli_names_the_folder_without_a_traceback(kind, monkeypatch, tmp_path):
    from click.testing import CliRunner

    from coach.cli import _load_commands, cli

    _load_commands()

    root = tmp_path / "data"
    _seed(root)
    folder = root / "tester"
    before = snapshot(folder)
    with _fault(kind, monkeypatch, folder):
        args = ["--lang", "en", "--profile", "tester", "--data-dir", str(root)]
        result = CliRunner().invoke(cli, [*args, "deals", "add", "王芳 50万 丢单"])
    assert result.exit_code != 0
    assert "Traceback" not in result.output and str(folder) in result.output, result.output
    assert not isinstance(result.exception, OSError | StoreError | TypeError), result.exception
    assert snapshot(folder) == before


@pytest.mark.parametrize("kind", KINDS)
async def test_the_app_opens_read_only_says_so_and_writes_nothing(kind, monkeypatch, tmp_path):
    root = paths.data_root()
    ids = _seed(root)
    folder = root / "tester"
    before = snapshot(folder)
    ctx = CliContext(lang="en", profile="tester", content=(str(FIXTURE_CONTENT),))
    with _fault(kind, monkeypatch, folder):
        session = open_session(ctx)
        assert session.read_only and session.store is not None
        assert any("cannot be written" in n for n in session.notices), session.notices
        app = CoachApp(session, start_case="mini-peaks", practice=True)
        async with app.run_test(size=(120, 40)) as pilot:
            await wait_screen(pilot, PracticeScreen)
            await wait_for(
                pilot,
                lambda: any("read-only" in str(n.message) for n in app._notifications),
                "the read-only notice",
            )
            screen = app.screen
            assert "Read-only" in str(screen.query_one("#draft-status").render())
            await type_answer(pilot, "q1", "typed while read-only")
            assert screen.save_draft() is False
            assert screen.answers.text["q1"] == "typed while read-only", "the text stays"
            assert session.store.drafts.get(ids["draft"]).answers.text["q1"] == "旧"
        session.store.close()
    assert snapshot(folder) == before
