"""Options shared by every subcommand, carried on click's context object."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from coach import paths


@dataclass
class CliContext:
    lang: str = "en"
    profile: str | None = None
    data_dir: str | None = None
    content: tuple[str, ...] = field(default_factory=tuple)

    @property
    def profile_name(self) -> str:
        """`--profile`, else the system user's name."""
        if self.profile:
            return self.profile
        try:
            return getpass.getuser() or "default"
        except Exception:
            return "default"

    @property
    def data_root(self) -> Path:
        return paths.data_root(self.data_dir)

    def content_dirs(self) -> list[Path]:
        return [*paths.bundled_content_dirs(), *paths.extra_content_dirs(self.content)]


def fail(message: str):
    """A one-line failure for the user: exit 1, no traceback."""
    from coach.cli import CoachError

    return CoachError(message)


@contextmanager
def profile_store(obj: CliContext, *, read_only: bool = False) -> Iterator:
    """The profile's store for one command; a store that cannot open becomes a one-line error."""
    from coach.store import StoreError, open_store

    try:
        with open_store(obj.data_root, obj.profile_name, read_only=read_only) as store:
            yield store
    except StoreError as e:
        raise fail(str(e)) from None
