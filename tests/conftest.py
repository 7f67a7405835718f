"""Shared test set-up: every test runs with its own data, cache and a fixed language."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """No test reads or writes the user's real data or cache, or depends on their locale."""
    base = tmp_path_factory.mktemp("coach-env")
    monkeypatch.setenv("COACH_HOME", str(base / "home"))
    monkeypatch.setenv("COACH_CACHE", str(base / "cache"))
    monkeypatch.delenv("COACH_CONTENT", raising=False)
    monkeypatch.delenv("COACH_LANG", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    from coach import i18n

    i18n.set_lang("en")


def shared_data(*parts: str) -> Path:
    """A file under ../shared/data, or skip: a user's fresh clone does not have it."""
    path = SHARED_DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not present at {path} (only CI and developers have ../shared)")
    return path
