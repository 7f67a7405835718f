"""Every folder the program reads or writes, decided in one place.

- bundled content: ``casebank/`` and ``curricula/`` (inside the installed package, or the repo);
- extra content: ``--content PATH`` (repeatable), then ``COACH_CONTENT`` (os.pathsep-separated);
- data root (one folder per profile): ``--data-dir``, else ``COACH_HOME``, else platformdirs;
- cache (checked content, rescoring): ``COACH_CACHE``, else ``.cache`` inside ``COACH_HOME`` when
  that is set (a classroom or a test run keeps everything it writes under one folder; no profile
  name starts with a dot), else platformdirs' user cache folder.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "coach"
_PKG = Path(__file__).resolve().parent


def bundled_content_dirs() -> list[Path]:
    """The bundled case bank and curricula: packaged copy first, else the source checkout."""
    packaged = _PKG / "_bundled"
    base = packaged if (packaged / "casebank").is_dir() else _PKG.parent
    return [p for p in (base / "casebank", base / "curricula") if p.is_dir()]


def builtin_dir() -> Path:
    """Built-in frameworks and the compliance phrase list, shipped with the code."""
    return _PKG / "content" / "builtin"


def extra_content_dirs(cli_paths: list[str] | tuple[str, ...] = ()) -> list[Path]:
    env = os.environ.get("COACH_CONTENT", "")
    paths = [*cli_paths, *(p for p in env.split(os.pathsep) if p.strip())]
    return [Path(p).expanduser() for p in paths]


def data_root(data_dir: str | os.PathLike[str] | None = None) -> Path:
    if data_dir:
        return Path(data_dir).expanduser()
    if os.environ.get("COACH_HOME"):
        return Path(os.environ["COACH_HOME"]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False))


#: The cache's folder inside ``COACH_HOME``.
HOME_CACHE = ".cache"


def cache_dir() -> Path:
    if os.environ.get("COACH_CACHE"):
        return Path(os.environ["COACH_CACHE"]).expanduser()
    if os.environ.get("COACH_HOME"):
        return Path(os.environ["COACH_HOME"]).expanduser() / HOME_CACHE
    from platformdirs import user_cache_dir

    return Path(user_cache_dir(APP_NAME, appauthor=False))


def exports_dir(profile_folder: str | os.PathLike[str]) -> Path:
    """Markdown / HTML exports the app writes: in the profile's own (private) folder."""
    return Path(profile_folder) / "exports"
