"""Where the program writes: one module decides, and the environment's folders are followed."""

from __future__ import annotations

from pathlib import Path

from coach import paths


def test_the_cache_follows_coach_home_when_no_cache_folder_is_named(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("COACH_CACHE", raising=False)
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "class"))
    assert paths.cache_dir() == tmp_path / "class" / paths.HOME_CACHE


def test_a_named_cache_folder_wins(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("COACH_HOME", str(tmp_path / "class"))
    monkeypatch.setenv("COACH_CACHE", str(tmp_path / "cache"))
    assert paths.cache_dir() == tmp_path / "cache"


def test_without_either_the_cache_is_the_users_cache_folder(monkeypatch, tmp_path: Path):
    monkeypatch.delenv("COACH_CACHE", raising=False)
    monkeypatch.delenv("COACH_HOME", raising=False)
    from platformdirs import user_cache_dir

    assert paths.cache_dir() == Path(user_cache_dir(paths.APP_NAME, appauthor=False))


def test_the_cache_folder_is_never_listed_as_a_profile(monkeypatch, tmp_path: Path):
    from coach.store.profiles import list_profiles

    monkeypatch.delenv("COACH_CACHE", raising=False)
    monkeypatch.setenv("COACH_HOME", str(tmp_path))
    (paths.cache_dir() / "content").mkdir(parents=True)
    assert list_profiles(tmp_path) == []


def test_the_data_root_and_its_missing_parents_are_private_whatever_the_umask(tmp_path: Path):
    import os
    import stat

    from coach.store import open_store

    root = tmp_path / "made" / "for" / "coach"
    old = os.umask(0o022)
    try:
        store = open_store(root, "小王", daily_backup=False)
        store.close()
    finally:
        os.umask(old)
    for folder in (tmp_path / "made", tmp_path / "made" / "for", root, root / "小王"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder
