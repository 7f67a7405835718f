"""Drafts that save themselves: nothing typed is lost to a crash beyond the last second or two.

A DraftKeeper holds one Draft (one per case or review). The screen tells it when something
changed; it saves at most ``DELAY`` seconds after the first unsaved change (so steady typing
still saves every ``DELAY`` seconds), on every step change, on leaving and on quit. A hang-up
(SIGHUP: the terminal window was closed) saves every open draft before the process ends.

Saves are small and atomic (the store writes one shard file with rename); a save refused because
another window saved a newer revision raises StaleRevision to the screen, which asks the person.

The autosave while typing writes from a thread (``start_background_save``): the store write, with
its fsync, never holds up a keystroke. It writes an immutable copy, one save at a time, and every
save made on the spot (step change, leaving, hang-up) first waits for the one in flight, so the
revisions stay in order and a refusal is still reported once, to the screen.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import signal
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import Future
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
        self._edits = 0  # bumped by every change; a save knows which edits it holds
        self._pending: Future[Draft] | None = None  # the background save in flight
        self._pending_edits = 0
        _LIVE.add(self)

    @property
    def can_save(self) -> bool:
        return not self.read_only and not self.paused

    @property
    def saving(self) -> bool:
        """A background save was started and its outcome not yet taken (see ``settle``)."""
        return self._pending is not None

    def changed(self) -> None:
        self.dirty = True
        self._edits += 1

    def _should_write(self, force: bool) -> bool:
        if not self.can_save or not (self.dirty or force):
            return False
        if self.draft.rev == 0 and is_blank(self.draft.answers):
            self.dirty = False
            return False
        return True

    def _took(self, saved: Draft, edits: int) -> None:
        # keep the live answers object (the screen edits it); take the stored bookkeeping
        self.draft.rev, self.draft.created, self.draft.updated = (
            saved.rev,
            saved.created,
            saved.updated,
        )
        if self._edits == edits:  # nothing typed since the copy was taken
            self.dirty = False
        self.saves += 1

    def save(self, *, force: bool = False) -> bool:
        """Save now if there is anything unsaved; True when a save was written.

        An untouched, empty draft is not written (opening a case leaves no trace). Raises
        StaleRevision when another window saved this draft since it was read (also when it
        refused a background save still unreported).
        """
        self.settle(wait=True)
        if not self._should_write(force):
            return False
        assert self.store is not None
        self._took(self.store.drafts.save(self.draft), self._edits)
        return True

    def start_background_save(self, done: Callable[[], None]) -> bool:
        """Write an immutable copy of the draft from a thread; ``done`` is called there when
        the write ends (the screen posts itself a message and calls ``settle``). False when
        there is nothing to save or a save is already in flight."""
        if self._pending is not None or not self._should_write(False):
            return False
        assert self.store is not None
        copy = snapshot(self.draft)
        future: Future[Draft] = Future()
        self._pending, self._pending_edits = future, self._edits
        store = self.store

        def write() -> None:
            try:
                future.set_result(store.drafts.save(copy))
            except BaseException as exc:  # reported by settle(), on the screen's thread
                future.set_exception(exc)
            done()

        threading.Thread(target=write, name="draft-save", daemon=True).start()
        return True

    def settle(self, *, wait: bool = False) -> bool:
        """Take the outcome of the background save: True when it was written. Raises what the
        write raised (StaleRevision, StoreError). Without ``wait``, a save still running is
        left alone (False)."""
        future = self._pending
        if future is None or not (wait or future.done()):
            return False
        self._pending = None
        self._took(future.result(), self._pending_edits)
        return True

    def reload(self) -> Draft | None:
        """Take the stored copy (another window's), dropping what this window had not saved."""
        assert self.store is not None
        self._drop_pending()
        stored = self.store.drafts.get(self.draft.id)
        if stored is not None:
            self.draft = stored
        self.dirty = False
        self.paused = False
        return stored

    def overwrite(self) -> bool:
        """The person chose to keep this window's text over the other window's save."""
        assert self.store is not None
        self._drop_pending()
        stored = self.store.drafts.get(self.draft.id)
        self.draft.rev = stored.rev if stored else 0
        self.paused = False
        return self.save(force=True)

    def _drop_pending(self) -> None:
        """Wait out a background save whose outcome no longer matters (the person decided)."""
        future, self._pending = self._pending, None
        if future is not None:
            with contextlib.suppress(Exception):
                saved = future.result()
                self.draft.rev = saved.rev

    def discard(self) -> None:
        """Delete the stored draft (after a submit, or when the person starts over)."""
        self._drop_pending()
        self.dirty = False
        if self.store is not None and not self.read_only and self.draft.rev:
            self.store.drafts.delete(self.draft.id)
        self.draft.rev = 0

    def close(self) -> None:
        _LIVE.discard(self)


def snapshot(draft: Draft) -> Draft:
    """A copy of ``draft`` that later edits on the screen cannot reach (for a thread to write)."""
    a = draft.answers
    answers = Answers(
        text=dict(a.text),
        causes={
            k: [dataclasses.replace(c, whys=list(c.whys)) for c in v] for k, v in a.causes.items()
        },
        actions={k: [dataclasses.replace(x) for x in v] for k, v in a.actions.items()},
    )
    return dataclasses.replace(draft, answers=answers)


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
