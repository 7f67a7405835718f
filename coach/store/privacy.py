"""Client names: stable pseudonyms for bundles, and erasing one client from a whole profile.

Names are found everywhere a string occurs in a record — the client field, notes, answers, causes,
lesson text — in one pass per string (Aho–Corasick, longest match first, so "张伟强" is not read as
"张伟"). Latin names match without regard to case and only as whole words ("Li" is not found inside
"Lisa"); Chinese names match wherever they occur.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ahocorasick

from coach.i18n import tr
from coach.store.codec import MAX_REV
from coach.store.display import printable
from coach.store.errors import StoreDamaged, StoreError
from coach.store.jsonfile import parse, write_json_atomic
from coach.store.layout import KINDS, PROFILE_FILE, data_files
from coach.store.repository import now_iso

if TYPE_CHECKING:
    from coach.store.store import Store

_ASCII_LOWER = str.maketrans({chr(c): chr(c + 32) for c in range(ord("A"), ord("Z") + 1)})
FORGOTTEN = "[已删除客户 removed client]"


def _fold(text: str) -> str:
    """ASCII letters lowered; every other character kept, so positions do not move."""
    return text.translate(_ASCII_LOWER)


def _is_word_char(ch: str) -> bool:
    return ch.isascii() and (ch.isalnum() or ch == "_")


class NameReplacer:
    """Replace many names in text at once: ``replacer(text) -> (new_text, count)``."""

    def __init__(self, mapping: dict[str, str]) -> None:
        self._auto = ahocorasick.Automaton()
        self.size = 0
        for name, replacement in sorted(mapping.items(), key=lambda kv: -len(kv[0])):
            name = name.strip()
            if not name:
                continue
            key = _fold(name)
            if key not in self._auto:
                self._auto.add_word(key, (len(key), replacement))
                self.size += 1
        if self.size:
            self._auto.make_automaton()

    def __call__(self, text: str) -> tuple[str, int]:
        if not self.size or not text:
            return text, 0
        folded = _fold(text)
        parts: list[str] = []
        last = 0
        count = 0
        for end, (length, replacement) in self._auto.iter_long(folded):
            start = end - length + 1
            if start < last:
                continue
            # whole words only where the name begins / ends with a Latin letter or digit
            if _is_word_char(folded[start]) and start > 0 and _is_word_char(folded[start - 1]):
                continue
            if (
                _is_word_char(folded[end])
                and end + 1 < len(folded)
                and _is_word_char(folded[end + 1])
            ):
                continue
            parts.append(text[last:start])
            parts.append(replacement)
            last = end + 1
            count += 1
        if not count:
            return text, 0
        parts.append(text[last:])
        return "".join(parts), count

    def walk(self, value: Any) -> tuple[Any, int]:
        """The same JSON data with names replaced in every string value; and how many."""
        if isinstance(value, str):
            return self(value)
        if isinstance(value, dict):
            total = 0
            out = {}
            for k, v in value.items():
                out[k], n = self.walk(v)
                total += n
            return (out, total) if total else (value, 0)
        if isinstance(value, list):
            total = 0
            items = []
            for v in value:
                nv, n = self.walk(v)
                items.append(nv)
                total += n
            return (items, total) if total else (value, 0)
        return value, 0


def pseudonym(secret: str, name: str) -> str:
    """The same client always gets the same pseudonym in a profile's bundles; it cannot be
    reversed without the profile's secret (kept out of every bundle)."""
    digest = hmac.new(secret.encode(), _fold(name.strip()).encode(), hashlib.sha256).hexdigest()
    return f"客户-{digest[:6].upper()}"


def pseudonyms(secret: str, names: Iterable[str]) -> dict[str, str]:
    return {n: pseudonym(secret, n) for n in {n.strip() for n in names} if n}


# --- forgetting one client ---------------------------------------------------------------------


@dataclass(slots=True)
class ForgetReport:
    records: int = 0  # records changed in the live store
    places: int = 0  # occurrences replaced in the live store
    backup_files: int = 0  # backup files rewritten
    backup_places: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


#: Bookkeeping fields a name is never erased from: ids, revisions, timestamps.
_BOOKKEEPING = frozenset({"id", "rev", "created", "updated"})
#: The shortest client name forget-client takes (characters, after trimming spaces).
MIN_CLIENT_NAME = 2


def check_client_name(name: str) -> str:
    """The name to erase, trimmed; refused when it is so short or so bare (".", "12", "a") that
    it would match inside dates, file names and ordinary words rather than name one client."""
    clean = name.strip()
    if len(clean) < MIN_CLIENT_NAME or not any(ch.isalpha() for ch in clean):
        raise StoreError(
            tr(
                "客户名“{n}”不能用于删除：至少 {m} 个字符，并含字母或汉字"
                "（否则会改掉日期、文件名等无关的文字）；没有任何改动",
                'client name "{n}" cannot be erased: it needs {m} or more characters including '
                "a letter (else it would rewrite dates, file names and other text); nothing "
                "was changed",
                n=printable(clean),
                m=MIN_CLIENT_NAME,
            )
        )
    return clean


def _forget_in_doc(doc: dict[str, Any], replacer: NameReplacer) -> tuple[dict[str, Any], int]:
    new, n = replacer.walk({k: v for k, v in doc.items() if k not in _BOOKKEEPING})
    return ({**doc, **new}, n) if n else (doc, 0)


def forget_in_docs(
    docs: Iterable[dict[str, Any]], replacer: NameReplacer
) -> list[tuple[dict[str, Any], int]]:
    """The documents that mention the name, rewritten (never their bookkeeping fields), with how
    many places changed in each."""
    out = []
    for doc in docs:
        new, n = _forget_in_doc(doc, replacer)
        if n:
            out.append((new, n))
    return out


def forget_in_backups(
    profile_dir: Path, replacer: NameReplacer, on_file: Callable[[Path], None] | None = None
) -> tuple[int, int]:
    """Rewrite every backup file that mentions the name; returns (files, places). Only record
    fields change: ids, revisions and timestamps stay, so a backup restores as it was."""
    files = places = 0
    root = profile_dir / "backups"
    if not root.is_dir():
        return 0, 0
    for backup in sorted(p for p in root.iterdir() if p.is_dir()):
        for path in data_files(backup):
            if path.name == PROFILE_FILE or path.parent.name not in KINDS:
                continue
            try:
                data = parse(path, path.read_bytes())
            except StoreError:
                continue  # a damaged backup file: left as it is
            if not isinstance(data, dict):
                continue
            n = 0
            for table in data.values():
                if not isinstance(table, dict):
                    continue
                for doc_id, doc in table.items():
                    if isinstance(doc, dict):
                        table[doc_id], k = _forget_in_doc(doc, replacer)
                        n += k
            if n:
                write_json_atomic(path, data)
                files += 1
                places += n
                if on_file:
                    on_file(path)
    return files, places


def _next_rev(store: Store, kind: str, doc: dict[str, Any]) -> int:
    rev = doc.get("rev", 0)
    if type(rev) is not int or not 0 <= rev < MAX_REV:
        rid = str(doc.get("id", ""))
        raise StoreDamaged(
            store.repo(kind).path_of(rid),
            tr(
                "记录 {i}：rev {r!r} 不是 0 到 {m} 之间的整数",
                "record {i}: rev {r!r} is not a whole number from 0 to {m}",
                i=rid,
                r=rev,
                m=MAX_REV - 1,
            ),
            backup=store.newest_good_backup(),
        )
    return rev + 1


def forget_client(store: Store, name: str, *, include_backups: bool = False) -> ForgetReport:
    """Erase ``name`` from every record of the profile (and its backups when asked).

    Each changed record gets a new revision, so an older copy arriving in a bundle does not win.
    Every change is worked out (and every revision checked) before the first file is written.
    """
    name = check_client_name(name)
    replacer = NameReplacer({name: FORGOTTEN})
    report = ForgetReport()
    now = now_iso()
    with store.writing():
        planned: list[tuple[str, list[dict[str, Any]], int]] = []
        for kind, repo in store.repositories().items():
            repo.forget_cache()  # read what is on disk now, under the lock
            changed = forget_in_docs(repo.raw_docs(), replacer)
            if changed:
                docs = [
                    {**doc, "rev": _next_rev(store, kind, doc), "updated": now}
                    for doc, _ in changed
                ]
                planned.append((kind, docs, sum(n for _, n in changed)))
        for kind, docs, places in planned:
            store.repo(kind).put_docs(docs)
            report.by_kind[kind] = len(docs)
            report.records += len(docs)
            report.places += places
        if include_backups:
            report.backup_files, report.backup_places = forget_in_backups(store.path, replacer)
    return report
