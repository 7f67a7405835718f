"""Every failure of the store, each a StoreError with one clear bilingual line naming the file."""

from __future__ import annotations

from pathlib import Path

from coach.i18n import tr
from coach.store.display import printable


class StoreError(Exception):
    """Base of every store failure; ``str(error)`` is the message to show the user."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class StaleRevision(StoreError):
    """A save based on an older copy than the one stored: the app offers to reload."""

    def __init__(self, kind: str, record_id: str, given: int, stored: int, path: Path) -> None:
        super().__init__(
            tr(
                "{kind} 记录 {id} 已在别处更新（你的版本 {given}，已存版本 {stored}），未保存；"
                "请重新载入后再改（文件 {path}）",
                "{kind} record {id} was changed elsewhere (your revision {given}, stored "
                "{stored}); not saved — reload it and make the change again (file {path})",
                kind=kind,
                id=record_id,
                given=given,
                stored=stored,
                path=path,
            ),
            path,
        )
        self.kind, self.record_id, self.given, self.stored = kind, record_id, given, stored


class StoreLocked(StoreError):
    """Another process held the profile's write lock for longer than the timeout."""

    def __init__(self, path: Path, timeout: float) -> None:
        super().__init__(
            tr(
                "另一个程序正在写入这个档案（锁文件 {path}，已等待 {t:g} 秒）；"
                "请稍后再试，或以只读方式打开",
                "another program is writing to this profile (lock file {path}, waited {t:g} s); "
                "try again in a moment, or open it read-only",
                path=path,
                t=timeout,
            ),
            path,
        )


class StoreReadOnly(StoreError):
    def __init__(self, path: Path) -> None:
        super().__init__(
            tr(
                "档案以只读方式打开，不能保存（{path}）",
                "the profile is open read-only; nothing can be saved ({path})",
                path=path,
            ),
            path,
        )


class StoreTooNew(StoreError):
    """The store was written by a newer version of the program; it is left untouched."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            tr(
                "{path} 由更新版本的程序写入（数据版本 {found}，本程序最多支持 {supported}）；"
                "请升级 coach，文件未作任何改动",
                "{path} was written by a newer version of coach (data version {found}; this one "
                "reads up to {supported}); upgrade coach — nothing was changed",
                path=path,
                found=found,
                supported=supported,
            ),
            path,
        )


class StoreDamaged(StoreError):
    """A file that cannot be read as store data: where it is broken, and the newest good backup."""

    def __init__(
        self,
        path: Path,
        reason: str,
        *,
        line: int | None = None,
        column: int | None = None,
        offset: int | None = None,
        backup: str | None = None,
    ) -> None:
        self.reason, self.line, self.column, self.offset = reason, line, column, offset
        self.backup = backup
        where = ""
        if line is not None:
            where = tr(
                "第 {line} 行第 {col} 列（字节 {off}）",
                "line {line}, column {col} (byte {off})",
                line=line,
                col=column,
                off=offset,
            )
        if backup:
            offer = tr(
                "；最新的完好备份是 {b}，可用 `coach restore {b}` 恢复（原文件不会被覆盖，除非你选择恢复）",
                "; the newest good backup is {b} — restore it with `coach restore {b}` (nothing is "
                "overwritten until you choose to)",
                b=backup,
            )
        else:
            offer = tr(
                "；没有可用的完好备份，文件保持原样，可手工修复",
                "; there is no good backup; the file is left as it is for you to repair",
            )
        #: The damage alone, without the offer of a backup.
        self.summary = (
            tr(
                "文件已损坏：{path} {where}：{reason}",
                "damaged file: {path} {where}: {reason}",
                path=path,
                where=where,
                reason=reason,
            )
            .replace("  ", " ")
            .replace(" :", ":")
            .replace(" ：", "：")
        )
        super().__init__(self.summary + offer, path)

    def with_backup(self, backup: str | None) -> StoreDamaged:
        """The same damage, now naming the newest good backup to offer."""
        if self.path is None:
            return self
        return StoreDamaged(
            self.path,
            self.reason,
            line=self.line,
            column=self.column,
            offset=self.offset,
            backup=backup,
        )


class StoreWriteFailed(StoreError):
    """A write failed (disk full, no permission …); the old file is intact."""

    def __init__(self, path: Path, error: OSError) -> None:
        super().__init__(
            tr(
                "无法写入 {path}：{err}；原有数据未受影响",
                "could not write {path}: {err}; the data already there is intact",
                path=path,
                err=error.strerror or error,
            ),
            path,
        )
        self.errno = error.errno


class StoreNotWritable(StoreWriteFailed):
    """The profile's folder cannot be written (read-only disk or folder, no permission).

    Raised by a read-write open, before anything is changed; the app then opens read-only."""

    def __init__(self, path: Path, error: OSError) -> None:
        StoreError.__init__(
            self,
            tr(
                "档案目录 {path} 无法写入：{err}；什么都没有改动。可以只读方式打开，或修改目录权限",
                "the profile folder {path} cannot be written: {err}; nothing was changed — open "
                "it read-only, or make the folder writable",
                path=path,
                err=error.strerror or error,
            ),
            path,
        )
        self.errno = error.errno


class BundleInvalid(StoreError):
    """A bundle that cannot be imported; nothing of it was written."""

    def __init__(self, path: Path, reason: str) -> None:
        # the reason quotes the file (a kind, a key, a value): shown, never acted on by a terminal
        reason = printable(reason, limit=500)
        super().__init__(
            tr(
                "数据包 {path} 无效，未导入任何内容：{reason}",
                "bundle {path} is not valid; nothing was imported: {reason}",
                path=printable(path, limit=None),
                reason=reason,
            ),
            path,
        )
        self.reason = reason


class InputRefused(StoreError):
    """A file given to read that is not one: a device, a FIFO, a folder, or over its size limit.
    Refused before any byte of it is read (or after the limit, for a file that grows)."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(
            tr(
                "{path}：{reason}",
                "{path}: {reason}",
                path=printable(path, limit=None),
                reason=reason,
            ),
            path,
        )
        self.reason = reason
