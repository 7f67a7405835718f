"""Typed repositories: domain records in, domain records out; TinyDB's file format underneath.

Each record's id is its document id in its kind's file. Reads use the storage's stat-checked cache;
every write takes the profile's write lock, re-reads the files it changes from disk (another process
may have written them), checks revisions, and only then writes — so a save based on an old copy is
refused, never applied, whichever process made the newer one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from coach.domain.records import Record, Setting
from coach.i18n import tr
from coach.store.codec import MAX_REV, decoder, encoder
from coach.store.errors import StaleRevision, StoreDamaged
from coach.store.layout import shard_of, shard_path
from coach.store.storage import ShardStorage, write_many

if TYPE_CHECKING:
    from coach.store.store import Store

T = TypeVar("T", bound=Record)
Doc = dict[str, Any]


def now_iso() -> str:
    return datetime.now().astimezone().isoformat(timespec="milliseconds")


class Repository(Generic[T]):
    """All records of one kind in one profile."""

    def __init__(self, store: Store, cls: type[T], shards: int) -> None:
        self._store = store
        self.cls = cls
        self.kind: str = cls.KIND
        self.shards = shards
        self._files: dict[int, ShardStorage] = {}
        self._decode = decoder(cls)
        self._encode = encoder(cls)

    # --- files ---------------------------------------------------------------------------

    def path_of(self, record_id: str) -> Path:
        """The file that holds (or would hold) this record."""
        return shard_path(self._store.path, self.kind, shard_of(record_id, self.shards))

    def _storage(self, shard: int) -> ShardStorage:
        st = self._files.get(shard)
        if st is None:
            st = self._files[shard] = ShardStorage(shard_path(self._store.path, self.kind, shard))
        return st

    def _docs(self, shard: int, fresh: bool = False) -> dict[str, Doc]:
        with self._damage_offers_backup():
            tables = self._storage(shard).tables(fresh=fresh)
        return tables.get(self.kind, {}) if tables else {}

    @contextmanager
    def _damage_offers_backup(self) -> Iterator[None]:
        try:
            yield
        except StoreDamaged as e:
            if e.backup:
                raise
            raise e.with_backup(self._store.newest_good_backup()) from None

    def forget_cache(self) -> None:
        for st in self._files.values():
            st.forget()

    # --- reading -------------------------------------------------------------------------

    def get(self, record_id: str) -> T | None:
        shard = shard_of(record_id, self.shards)
        doc = self._docs(shard).get(record_id)
        if doc is None:
            return None
        with self._bad_record(shard, record_id):
            return self._decode(doc)

    @contextmanager
    def _bad_record(self, shard: int, record_id: str | None = None) -> Iterator[None]:
        """A hand-edited record of the wrong shape is damage (with its file), not a traceback."""
        try:
            yield
        except (TypeError, ValueError, AttributeError) as e:
            path = shard_path(self._store.path, self.kind, shard)
            what = tr("记录 {i}：{e}", "record {i}: {e}", i=record_id, e=e) if record_id else str(e)
            raise StoreDamaged(path, what, backup=self._store.newest_good_backup()) from None

    def _name_bad_record(self, shard: int, docs: dict[str, Doc]) -> None:
        """Raise the damage of the first record of ``docs`` that does not decode (error path)."""
        for rid, doc in docs.items():
            with self._bad_record(shard, rid):
                self._decode(doc)

    def list(self, where: Callable[[T], bool] | None = None) -> list[T]:
        """Every record (or those ``where`` accepts), oldest first; each a fresh copy."""
        out: list[T] = []
        decode = self._decode
        for shard in range(self.shards):
            docs = self._docs(shard)
            if not docs:
                continue
            try:
                if where is None:
                    out.extend(decode(d) for d in docs.values())
                    continue
                st = self._storage(shard)
                cached = st.derived.get("records")
                if cached is None:
                    cached = st.derived["records"] = [(decode(d), d) for d in docs.values()]
            except (TypeError, ValueError, AttributeError):
                self._name_bad_record(shard, docs)
                raise  # pragma: no cover - _name_bad_record raises for the record that failed
            out.extend(decode(d) for rec, d in cached if where(rec))
        out.sort(key=_order)
        return out

    def count(self) -> int:
        return sum(len(self._docs(s)) for s in range(self.shards))

    def ids(self) -> list[str]:
        return [i for s in range(self.shards) for i in self._docs(s)]

    def raw_docs(self) -> Iterator[Doc]:
        """Stored documents as JSON data (read-only view) — for bundles and checks in coach.store."""
        for shard in range(self.shards):
            yield from self._docs(shard).values()

    # --- writing -------------------------------------------------------------------------

    def save(self, record: T) -> T:
        return self.save_many([record])[0]

    def save_many(self, records: Iterable[T], *, copies: bool = True) -> list[T]:
        """Save in one batch: every revision is checked before anything is written.

        One lock, one read and one atomic write per file the batch touches. Returns the saved
        copies; a caller that does not use them (a big import) passes ``copies=False`` and
        gets an empty list, sparing a decode per record.
        """
        batch = list(records)
        cls = self.cls
        for rec in batch:
            if rec.__class__ is not cls and not isinstance(rec, cls):
                raise TypeError(f"{self.kind}: expected {cls.__name__}, got {type(rec).__name__}")
        if not batch:
            return []
        now = now_iso()
        shards = self.shards
        where = [shard_of(r.id, shards) for r in batch]
        saved: list[Doc] = []
        encode = self._encode
        with self._store.writing():
            tables = self._fresh_tables(set(where))
            for rec, shard in zip(batch, where, strict=True):
                table = tables[shard]
                old = table.get(rec.id)
                stored = 0 if old is None else self._stored_rev(old, shard)
                if rec.rev != stored:
                    raise StaleRevision(self.kind, rec.id, rec.rev, stored, self.path_of(rec.id))
                data = encode(rec)
                data["rev"] = stored + 1
                data["created"] = (old.get("created") if old else "") or rec.created or now
                data["updated"] = now
                table[rec.id] = data
                saved.append(data)
            self._write_tables(tables)
        if not copies:
            return []
        decode = self._decode
        return [decode(d) for d in saved]

    def save_data(
        self, docs: Iterable[Doc], progress: Callable[[int, int], None] | None = None
    ) -> int:
        """``save_many(..., copies=False)`` for records already in their stored form (the dicts
        ``codec.encoder`` makes): the same revision checks, no encoding. For a big import.

        The documents are grouped by file first: one lock, one read and one write per file,
        every temporary file fsynced before any replaces its file, one folder sync.
        ``progress(saved, total)`` follows the files as they are written. The documents given
        are not changed (each is copied with its new rev and times). Returns the count saved.
        """
        grouped: dict[int, list[Doc]] = {}
        shards = self.shards
        total = 0
        for d in docs:
            grouped.setdefault(shard_of(d["id"], shards), []).append(d)
            total += 1
        if not grouped:
            return 0
        now = now_iso()
        with self._store.writing():
            tables = self._fresh_tables(set(grouped))
            counts: dict[int, int] = {}
            for shard, items in grouped.items():
                table = tables[shard]
                counts[shard] = len(items)
                for doc in items:
                    rid = doc["id"]
                    old = table.get(rid)
                    stored = 0 if old is None else self._stored_rev(old, shard)
                    if doc.get("rev", 0) != stored:
                        raise StaleRevision(
                            self.kind, rid, doc.get("rev", 0), stored, self.path_of(rid)
                        )
                    data = dict(doc)
                    data["rev"] = stored + 1
                    data["created"] = (
                        (old.get("created") if old else "") or doc.get("created") or now
                    )
                    data["updated"] = now
                    table[rid] = data
            done = [0]

            def one_file(shard: int) -> None:
                done[0] += counts[shard]
                if progress is not None:
                    progress(done[0], total)

            self._write_tables(tables, one_file)
        return total

    def delete(self, record_id: str, rev: int | None = None) -> bool:
        """Remove a record; with ``rev``, only if that is still the stored revision."""
        shard = shard_of(record_id, self.shards)
        with self._store.writing():
            tables = self._fresh_tables({shard})
            old = tables[shard].get(record_id)
            if old is None:
                return False
            stored = self._stored_rev(old, shard)
            if rev is not None and rev != stored:
                raise StaleRevision(self.kind, record_id, rev, stored, self.path_of(record_id))
            del tables[shard][record_id]
            self._write_tables(tables)
        return True

    def put_docs(self, docs: Iterable[Doc]) -> int:
        """Write documents exactly as given (imports, privacy edits); the caller holds the lock."""
        grouped: dict[int, list[Doc]] = {}
        for d in docs:
            grouped.setdefault(shard_of(d["id"], self.shards), []).append(d)
        if not grouped:
            return 0
        with self._store.writing():
            tables = self._fresh_tables(set(grouped))
            for shard, items in grouped.items():
                for d in items:
                    tables[shard][d["id"]] = d
            self._write_tables(tables)
        return sum(len(v) for v in grouped.values())

    def fresh_docs(self, record_ids: Iterable[str]) -> dict[str, Doc]:
        """The stored documents of these ids, read from disk now (call inside ``writing()``)."""
        wanted: dict[int, list[str]] = {}
        for i in record_ids:
            wanted.setdefault(shard_of(i, self.shards), []).append(i)
        out: dict[str, Doc] = {}
        for shard, ids in wanted.items():
            docs = self._docs(shard, fresh=True)
            out.update({i: docs[i] for i in ids if i in docs})
        return out

    def _stored_rev(self, doc: Doc | None, shard: int) -> int:
        if doc is None:
            return 0
        rev = doc.get("rev", 0)
        if type(rev) is not int or not 0 <= rev < MAX_REV:
            with self._bad_record(shard, str(doc.get("id", ""))):
                raise ValueError(f"rev {rev!r} (a whole number from 0 to {MAX_REV - 1})")
        return rev

    def _fresh_tables(self, shards: set[int]) -> dict[int, dict[str, Doc]]:
        return {s: dict(self._docs(s, fresh=True)) for s in shards}

    def _write_tables(
        self,
        tables: dict[int, dict[str, Doc]],
        written: Callable[[int], None] | None = None,
    ) -> None:
        """Write the changed tables; ``written(shard)`` after each file is on disk (fsynced)."""
        pairs = []
        order = sorted(tables)
        for shard in order:
            st = self._storage(shard)
            with self._damage_offers_backup():
                current = st.tables() or {}
            pairs.append((st, {**current, self.kind: tables[shard]}))
        if len(pairs) == 1:
            pairs[0][0].write(pairs[0][1])
            if written is not None:
                written(order[0])
        else:
            write_many(pairs, None if written is None else lambda i: written(order[i]))


def _order(rec: Record) -> tuple[str, str]:
    return (rec.created, rec.id)


class SettingsRepository(Repository[Setting]):
    """Settings, with get/set by key. A setting's id is derived from its key, so two machines'
    settings of the same key merge in a bundle import."""

    @staticmethod
    def id_for(key: str) -> str:
        return f"setting:{key}"

    def find(self, key: str) -> Setting | None:
        found = self.get(self.id_for(key))
        if found is not None:
            return found
        matches = self.list(lambda s: s.key == key)
        return matches[-1] if matches else None

    def get_value(self, key: str, default: Any = None) -> Any:
        found = self.find(key)
        return default if found is None else found.value

    def set_value(self, key: str, value: Any) -> Setting:
        """Last writer wins: read and save under one lock, so this never raises StaleRevision."""
        with self._store.writing():
            self._docs(shard_of(self.id_for(key), self.shards), fresh=True)
            current = self.find(key) or Setting(id=self.id_for(key), key=key)
            current.value = value
            return self.save(current)
