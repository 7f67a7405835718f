"""One store file as a TinyDB storage: atomic orjson writes and a read cache checked against disk.

``ShardStorage`` implements TinyDB's ``Storage`` interface, so any store file can be opened with
``TinyDB(path, storage=ShardStorage)`` for inspection; the repositories use it directly. Unlike
TinyDB's ``JSONStorage`` it never rewrites a file in place, and unlike ``CachingMiddleware`` it never
holds a write in memory: every ``write`` is on disk when it returns. Reads are cached and the cache is
used only while the file's inode, size, mtime and ctime are unchanged, so a change made by another
process is seen on the next read.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from coach.i18n import tr
from coach.store.errors import StoreDamaged
from coach.store.jsonfile import dumps, parse, write_json_atomic, write_many_atomic

Tables = dict[str, dict[str, dict[str, Any]]]
StatKey = tuple[int, int, int, int]


def stat_key(st: os.stat_result) -> StatKey:
    return (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


class ShardStorage(Storage):
    """A TinyDB storage over one JSON file ``{table: {doc_id: document}}``."""

    def __init__(self, path: str | os.PathLike[str], **_: Any) -> None:
        self.path = Path(path)
        self._key: StatKey | None = None
        self._data: Tables | None = None
        #: Anything derived from the cached data (decoded records); dropped with it.
        self.derived: dict[str, Any] = {}

    def _load(self, fresh: bool) -> Tables | None:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            self._key, self._data, self.derived = None, None, {}
            return None
        key = stat_key(st)
        if not fresh and key == self._key and self._data is not None:
            return self._data
        raw = self.path.read_bytes()
        data = parse(self.path, raw)
        check_shape(self.path, data)
        self._data, self.derived = data, {}
        # the stat taken before reading: if the file changed while we read, the key differs
        # next time and the file is read again.
        self._key = key
        return data

    def tables(self, *, fresh: bool = False) -> Tables | None:
        """The cached parsed file (do not mutate); ``fresh`` re-reads it from disk."""
        return self._load(fresh)

    def read(self) -> Tables | None:
        data = self._load(False)
        if data is None:
            return None
        # TinyDB replaces whole tables in the dict it gets; a shallow copy keeps the cache intact.
        return dict(data)

    def write(self, data: Tables) -> None:
        self._key, self._data, self.derived = None, None, {}
        st = write_json_atomic(self.path, data)
        self._data, self._key = data, stat_key(st)

    def written(self, data: Tables, st: os.stat_result) -> None:
        """Adopt ``data`` as the cache after it was written elsewhere (``write_many``)."""
        self._data, self._key, self.derived = data, stat_key(st), {}

    def forget(self) -> None:
        self._key, self._data, self.derived = None, None, {}

    def close(self) -> None:
        self.forget()


def check_shape(path: Path, data: Any) -> None:
    """A store file is an object of tables, each an object of documents (objects)."""
    if not isinstance(data, dict):
        raise StoreDamaged(path, tr("顶层应是对象 {…}", "the top level should be an object {…}"))
    for table, docs in data.items():
        if not isinstance(docs, dict):
            raise StoreDamaged(
                path,
                tr("表 {t} 应是对象", "table {t} should be an object", t=table),
            )
        for doc_id, doc in docs.items():
            if not isinstance(doc, dict):
                raise StoreDamaged(
                    path,
                    tr(
                        "表 {t} 中的记录 {i} 应是对象",
                        "record {i} in table {t} should be an object",
                        t=table,
                        i=doc_id,
                    ),
                )


def check_records(path: Path, data: Tables) -> None:
    """Every record in a shard file (already shape-checked) is a well-formed record of the file's
    kind (its folder's name): the first that is not raises StoreDamaged naming it."""
    from coach.domain.records import RECORD_TYPES
    from coach.store import codec

    kind = path.parent.name
    cls = RECORD_TYPES.get(kind)
    if cls is None:
        return
    for doc_id, doc in data.get(kind, {}).items():
        bad = codec.problems(cls, doc, f"{kind}[{doc_id}]")
        if bad:
            raise StoreDamaged(path, bad[0])


def open_tinydb(path: str | os.PathLike[str]) -> Any:
    """A TinyDB over one store file (ids are strings), for inspection and tooling."""
    from tinydb import TinyDB
    from tinydb.table import Table

    class StrIdTable(Table):
        document_id_class = str

    class StoreTinyDB(TinyDB):
        table_class = StrIdTable

    return StoreTinyDB(path, storage=ShardStorage)


def write_many(
    pairs: list[tuple[ShardStorage, Tables]], written: Callable[[int], None] | None = None
) -> None:
    """Write several store files at once: one folder sync instead of one per file.
    ``written(i)`` is called after the i-th file's new content is fsynced."""
    for st, _ in pairs:
        st.forget()
    stats = write_many_atomic(
        [(st.path, lambda data=data: dumps(data)) for st, data in pairs], written
    )
    for (st, data), stat in zip(pairs, stats, strict=True):
        st.written(data, stat)
