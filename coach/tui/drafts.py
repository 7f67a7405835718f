"""Drafts that save themselves: nothing typed is lost to a crash beyond the last second or two.

A DraftKeeper holds one Draft (one per case or review). The screen tells it when something
changed; it saves at most ``DELAY`` seconds after the first unsaved change (so steady typing
still saves every ``DELAY`` seconds), on every step change, on leaving and on quit. A hang-up
(SIGHUP: the terminal window was closed) saves every open draft before the process ends.

Saves are small and atomic (the store writes one shard file with rename); a save refused because
another window saved a newer revision raises StaleRevision to the screen, which asks the person.
"""

from __future__ import annotations

import contextlib
import os
import signal
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING

from coach.domain.records import Answers, Draft

if TYPE_CHECKING:
    from coach.store import Store

#: Seconds from the first unsaved change to its save (the promise is "within 2 seconds").
DELAY = 1.0


def find_draft(store: Store | None, target: str) -> Draft | None:
    """The saved draft of a case ("case:<id>") or a review, newest first when there are several."""
    if store is None:
        return None
    found = store.drafts.list(lambda d: d.target == target)
    return max(found, key=lambda d: (d.updated, d.rev)) if found else None


def has_draft(store: Store | None, target: str) -> bool:
    return find_draft(store, target) is not None


def is_blank(answers: Answers) -> bool:
    """Nothing written yet: no text, no cause, no action with any content."""
    if any(t.strip() for t in answers.text.values()):
        return False
    for rows in answers.causes.values():
        if any(
            c.text.strip() or c.evidence.strip() or any(w.strip() for w in c.whys) for c in rows
        ):
            return False
    for rows in answers.actions.values():
        if any((a.what + a.owner + a.due + a.measure).strip() for a in rows):
            return False
    return True


class DraftKeeper:
    """One draft, its unsaved state, and its saving."""

    def __init__(self, store: Store | None, draft: Draft, *, read_only: bool = False) -> None:
        self.store = store
        self.draft = draft
        self.read_only = read_only or store is None
        self.dirty = False
        self.saves = 0  # how many saves reached the store (tests and the status line read it)
        self.paused = False  # after a refused save, until the person decides
        _LIVE.add(self)

    @property
    def can_save(self) -> bool:
        return not self.read_only and not self.paused

    def changed(self) -> None:
        self.dirty = True

    def save(self, *, force: bool = False) -> bool:
        """Save now if there is anything unsaved; True when a save was written.

        An untouched, empty draft is not written (opening a case leaves no trace). Raises
        StaleRevision when another window saved this draft since it was read.
        """
        if not self.can_save or not (self.dirty or force):
            return False
        if self.draft.rev == 0 and is_blank(self.draft.answers):
            self.dirty = False
            return False
        assert self.store is not None
        saved = self.store.drafts.save(self.draft)
        # keep the live answers object (the screen edits it); take the stored bookkeeping
        self.draft.rev, self.draft.created, self.draft.updated = (
            saved.rev,
            saved.created,
            saved.updated,
        )
        self.dirty = False
        self.saves += 1
        return True

    def reload(self) -> Draft | None:
        """Take the stored copy (another window's), dropping what this window had not saved."""
        assert self.store is not None
        stored = self.store.drafts.get(self.draft.id)
        if stored is not None:
            self.draft = stored
        self.dirty = False
        self.paused = False
        return stored

    def overwrite(self) -> bool:
        """The person chose to keep this window's text over the other window's save."""
        assert self.store is not None
        stored = self.store.drafts.get(self.draft.id)
        self.draft.rev = stored.rev if stored else 0
        self.paused = False
        return self.save(force=True)

    def discard(self) -> None:
        """Delete the stored draft (after a submit, or when the person starts over)."""
        self.dirty = False
        if self.store is not None and not self.read_only and self.draft.rev:
            self.store.drafts.delete(self.draft.id)
        self.draft.rev = 0

    def close(self) -> None:
        _LIVE.discard(self)


#: Every keeper with a draft open, for the hang-up handler.
_LIVE: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


def save_all_now() -> int:
    """Save every open draft that has unsaved changes; never raises (used when the end is near)."""
    n = 0
    for keeper in list(_LIVE):
        try:
            n += keeper.save()
        except Exception:  # a refused or failed save must not stop the others
            continue
    return n


_previous: object = None
_installed = 0


def install_hangup_handler(on_hangup: Callable[[], None] | None = None) -> None:
    """On SIGHUP save every open draft, then end as a hang-up would have. Main thread only."""
    global _previous, _installed
    if not hasattr(signal, "SIGHUP"):
        return
    _installed += 1
    if _installed > 1:
        return

    def handler(signum, frame) -> None:
        save_all_now()
        if on_hangup is not None:
            on_hangup()
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        os.kill(os.getpid(), signal.SIGHUP)

    try:
        _previous = signal.signal(signal.SIGHUP, handler)
    except ValueError:  # not the main thread (an app run inside a test's worker thread)
        _installed -= 1


def remove_hangup_handler() -> None:
    global _installed
    if not hasattr(signal, "SIGHUP") or _installed == 0:
        return
    _installed -= 1
    if _installed == 0:
        with contextlib.suppress(ValueError):  # not the main thread
            signal.signal(signal.SIGHUP, _previous or signal.SIG_DFL)  # type: ignore[arg-type]
