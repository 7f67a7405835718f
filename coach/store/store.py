"""Opening a profile's store: create or check it, migrate it, back it up, and lock its writes."""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

import filelock

from coach.domain.records import (
    Action,
    Attempt,
    Deal,
    Draft,
    GradeRecord,
    Lesson,
    Record,
    Review,
    Setting,
)
from coach.i18n import tr
from coach.store import backups as _backups
from coach.store import migrations
from coach.store.errors import (
    StoreDamaged,
    StoreError,
    StoreLocked,
    StoreNotWritable,
    StoreReadOnly,
    StoreTooNew,
)
from coach.store.jsonfile import (
    FILE_MODE,
    ensure_dir,
    read_json,
    remove_stale_tmp,
    write_json_atomic,
)
from coach.store.layout import KINDS, LOCK_FILE, PROFILE_FILE, SHARDS, data_files
from coach.store.profiles import (
    Profile,
    identity_lost,
    new_profile_data,
    profile_dir,
    profile_of,
    read_profile_data,
)
from coach.store.repository import Repository, SettingsRepository, now_iso
from coach.store.storage import check_records, check_shape


class Store:
    """One profile's records. Use ``open_store``; close it (or use ``with``) when done."""

    def __init__(self, path: Path, *, read_only: bool, lock_timeout: float) -> None:
        self.path = path
        self.read_only = read_only
        self.lock_timeout = lock_timeout
        self._rlock = threading.RLock()
        self._depth = 0
        self._flock = filelock.FileLock(
            path / LOCK_FILE, timeout=lock_timeout, mode=FILE_MODE, thread_local=False
        )
        self._profile_data: dict[str, Any] = {}
        self.attempts: Repository[Attempt] = Repository(self, Attempt, SHARDS["attempts"])
        self.drafts: Repository[Draft] = Repository(self, Draft, SHARDS["drafts"])
        self.reviews: Repository[Review] = Repository(self, Review, SHARDS["reviews"])
        self.deals: Repository[Deal] = Repository(self, Deal, SHARDS["deals"])
        self.actions: Repository[Action] = Repository(self, Action, SHARDS["actions"])
        self.lessons: Repository[Lesson] = Repository(self, Lesson, SHARDS["lessons"])
        self.settings: SettingsRepository = SettingsRepository(self, Setting, SHARDS["settings"])
        self.grades: Repository[GradeRecord] = Repository(self, GradeRecord, SHARDS["grades"])
        self.closed = False

    # --- identity ------------------------------------------------------------------------

    @property
    def profile(self) -> Profile:
        return profile_of(self._profile_data)

    @property
    def schema(self) -> int:
        return int(self._profile_data["schema"])

    @property
    def secret(self) -> str:
        """The per-profile salt of client pseudonyms (kept out of bundles)."""
        return str(self._profile_data.get("secret") or self._profile_data["id"])

    def repositories(self) -> dict[str, Repository[Any]]:
        return {kind: getattr(self, kind) for kind in KINDS}

    def repo(self, kind: str) -> Repository[Any]:
        if kind not in KINDS:
            raise StoreError(tr("未知的记录类型：{k}", "unknown record kind: {k}", k=kind))
        return getattr(self, kind)

    def repo_for(self, record: Record) -> Repository[Any]:
        return self.repo(type(record).KIND)

    # --- locking -------------------------------------------------------------------------

    @contextmanager
    def writing(self, timeout: float | None = None) -> Iterator[None]:
        """Hold the profile's cross-process write lock (re-entrant within this process)."""
        if self.read_only:
            raise StoreReadOnly(self.path)
        if self.closed:
            raise StoreError(
                tr("档案已关闭：{p}", "the store is closed: {p}", p=self.path), self.path
            )
        with self._rlock:
            if self._depth == 0:
                try:
                    wait = self.lock_timeout if timeout is None else timeout
                    self._flock.acquire(timeout=wait)
                except filelock.Timeout:
                    raise StoreLocked(self.path / LOCK_FILE, wait) from None
                except OSError as e:  # the lock file cannot be made or opened for writing
                    raise StoreNotWritable(self.path, e) from e
            self._depth += 1
            try:
                yield
            finally:
                self._depth -= 1
                if self._depth == 0:
                    self._flock.release()

    # --- backups and checks --------------------------------------------------------------

    def backups(self) -> list[_backups.BackupInfo]:
        return _backups.list_backups(self.path)

    def newest_good_backup(self) -> str | None:
        b = _backups.newest_good(self.path)
        return b.name if b else None

    def backup(self, reason: str = "manual") -> _backups.BackupInfo:
        with self.writing():
            return _backups.make_backup(self.path, reason, self.schema)

    def backup_if_due(self) -> _backups.BackupInfo | None:
        """The daily backup (reads every file); the app may call this after its first screen."""
        if self.read_only or not _backups.due_today(self.path):
            return None
        return self.backup("daily")

    def check(self) -> list[StoreDamaged]:
        """Read every data file and record; the damaged ones, each naming the newest good backup.

        A full read: the app runs it after its first screen is up.
        """
        found: list[StoreDamaged] = []
        offer: str | None = None
        for path in data_files(self.path):
            try:
                if path.name == PROFILE_FILE:
                    read_profile_data(path.parent)
                    continue
                data = read_json(path)
                check_shape(path, data)
                check_records(path, data)
            except StoreDamaged as e:
                if offer is None:
                    offer = self.newest_good_backup() or ""
                found.append(e.with_backup(offer or None))
        return found

    def restore(self, name: str, *, force: bool = False) -> _backups.BackupInfo:
        """Replace the data with a backup's, after taking a backup of the current state."""
        chosen = _backups.find_backup(self.path, name)
        if not chosen.good and not force:
            raise StoreError(
                tr(
                    "备份 {n} 本身有损坏（{p}）；如仍要恢复请加 --force",
                    "backup {n} is itself damaged ({p}); add --force to restore it anyway",
                    n=chosen.name,
                    p="; ".join(chosen.problems),
                ),
                chosen.path,
            )
        with self.writing():
            _backups.make_backup(self.path, "before-restore", self._schema_on_disk())
            _backups.restore_files(self.path, chosen)
            self.forget_caches()
            self._profile_data = read_profile_data(self.path)
            _migrate(self)
        return chosen

    def _schema_on_disk(self) -> int | None:
        try:
            return int(read_profile_data(self.path)["schema"])
        except (StoreError, OSError, ValueError):
            return None

    def forget_caches(self) -> None:
        for repo in self.repositories().values():
            repo.forget_cache()

    def write_profile(self, **changes: Any) -> None:
        """Change profile.json fields (name, id when adopting a bundle's identity, schema)."""
        with self.writing():
            data = {**read_profile_data(self.path), **changes}
            write_json_atomic(self.path / PROFILE_FILE, data)
            self._profile_data = data

    def is_empty(self) -> bool:
        return all(repo.count() == 0 for repo in self.repositories().values())

    # --- lifetime ------------------------------------------------------------------------

    def close(self) -> None:
        if not self.closed:
            self.forget_caches()
            self.closed = True

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self, et: type[BaseException] | None, ev: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<Store {self.path} {'read-only' if self.read_only else 'read-write'}>"


def _migrate(store: Store) -> None:
    found = store.schema
    if found > migrations.SCHEMA_VERSION:
        raise StoreTooNew(store.path / PROFILE_FILE, found, migrations.SCHEMA_VERSION)
    if found == migrations.SCHEMA_VERSION:
        return
    if store.read_only:
        raise StoreError(
            tr(
                "{p} 需要先升级数据格式（版本 {a} → {b}）；请以可写方式打开一次",
                "{p} needs its data upgraded (version {a} → {b}); open it once without read-only",
                p=store.path,
                a=found,
                b=migrations.SCHEMA_VERSION,
            ),
            store.path,
        )
    with store.writing():
        _backups.make_backup(store.path, f"before-migration-v{found}", found)
        for version, step in migrations.steps(found):
            step(store.path)
            store.write_profile(schema=version + 1)
        store.forget_caches()


def _lost_profile(folder: Path) -> StoreDamaged:
    good = _backups.newest_good(folder)
    return StoreDamaged(
        folder / PROFILE_FILE,
        tr(
            "档案文件不见了，但文件夹里还有记录或备份。新建它会给档案换一个身份（id）："
            "数据包不再能合并，客户化名也会改变，所以没有新建。要重新开始，请把这个文件夹移走",
            "profile.json is missing, but the folder holds records or backups. Making a new one "
            "would give the profile a new identity (its bundles would stop merging, client "
            "pseudonyms would change), so none was made. To start afresh, move the folder away",
        ),
        backup=good.name if good else None,
    )


def open_store(
    data_root: Path,
    profile: str,
    *,
    read_only: bool = False,
    lock_timeout: float = 5.0,
    daily_backup: bool = True,
) -> Store:
    """Open (creating if needed) the store of ``profile`` under ``data_root``.

    Checks the schema version (a newer one is refused, untouched), runs migrations after a backup,
    and takes the daily backup unless ``daily_backup`` is False (then call ``backup_if_due`` later).
    """
    folder = profile_dir(Path(data_root), profile)
    exists = (folder / PROFILE_FILE).is_file()
    if not exists and identity_lost(folder):
        raise _lost_profile(folder)
    if not exists and read_only:
        raise StoreError(
            tr("没有档案 {n}（{p}）", "there is no profile {n} ({p})", n=profile, p=folder), folder
        )
    if exists and not read_only and not os.access(folder, os.W_OK):
        raise StoreNotWritable(folder, PermissionError(errno.EACCES, os.strerror(errno.EACCES)))
    if not exists:
        try:
            ensure_dir(folder)
        except OSError as e:
            raise StoreError(
                tr(
                    "无法创建档案目录 {p}：{e}",
                    "cannot create the profile folder {p}: {e}",
                    p=folder,
                    e=e.strerror or e,
                ),
                folder,
            ) from e
    store = Store(folder, read_only=read_only, lock_timeout=lock_timeout)
    if not exists:
        with store.writing():
            if not (folder / PROFILE_FILE).is_file():
                if identity_lost(folder):  # another process wrote records meanwhile
                    raise _lost_profile(folder)
                data = new_profile_data(folder.name, now_iso(), migrations.SCHEMA_VERSION)
                write_json_atomic(folder / PROFILE_FILE, data)
    try:
        store._profile_data = read_profile_data(folder)
    except StoreDamaged as e:
        raise e.with_backup(store.newest_good_backup()) from None
    _migrate(store)
    if not read_only:
        # upkeep that can wait: skipped when another process is writing right now
        try:
            with store.writing(timeout=0):
                for kind in (".", *KINDS):
                    remove_stale_tmp(folder / kind)
                if daily_backup:
                    store.backup_if_due()
        except StoreLocked:
            pass
    return store
