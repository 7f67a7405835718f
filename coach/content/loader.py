"""Find content files, check them, and cache the checked result per file.

The cache is keyed on the file's absolute path, size and modification time (and the interface
language of its messages), so a changed file is read again and an unchanged one costs a marshal
load of its compact record (`coach.content.compact`: a case is rebuilt only when used). The collector is paused while building: the node trees of a large bank are millions of
small objects, and the collector would otherwise walk them again and again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from coach import paths
from coach.content import parallel
from coach.content.compact import FileRecord, dump_record, load_record, record_of
from coach.content.diagnostics import Diagnostic
from coach.content.index import ContentIndex, assemble
from coach.i18n import get_lang, tr

if TYPE_CHECKING:
    from coach.content.schema import FileResult

CACHE_VERSION = 5  # raise whenever the checker's results change


@cache
def code_stamp() -> tuple:
    """The checker's own source files' mtimes (an upgraded checker never trusts an old cache)
    and the Python version (whose ``marshal`` wrote the entries)."""
    here = Path(__file__).resolve().parent
    domain = here.parent / "domain"
    files = sorted([*here.glob("*.py"), *domain.glob("*.py")])
    return (CACHE_VERSION, sys.hexversion, *(f.stat().st_mtime_ns for f in files))


SUFFIXES = (".yaml", ".yml")


@contextmanager
def gc_paused() -> Iterator[None]:
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def display_path(path: Path) -> str:
    """Relative to the working folder where that is shorter, as a compiler would print it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return rel if not rel.startswith(".." + os.sep + "..") else str(path)


def discover(roots: Iterable[Path]) -> tuple[list[Path], list[Diagnostic]]:
    """Every YAML file under the given files and folders, once each, in a stable order."""
    files: list[Path] = []
    diags: list[Diagnostic] = []
    seen: set[Path] = set()
    for root in roots:
        root = Path(root)
        if root.is_file():
            found = [root]
        elif root.is_dir():
            found = sorted(
                p
                for p in root.rglob("*")
                if p.suffix.lower() in SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(root).parts)
            )
        else:
            diags.append(
                Diagnostic(str(root), 1, 1, "error", tr("找不到这个路径", "no such file or folder"))
            )
            continue
        for path in found:
            key = path.resolve()
            if key not in seen:
                seen.add(key)
                files.append(path)
    return files, diags


class FileCache:
    """One compact record per checked file (`coach.content.compact`), in the user's cache folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.cache_dir() / "content"

    def _slot(self, path: Path) -> Path:
        digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:20]
        return self.folder / f"{digest}.records"

    @staticmethod
    def _key(path: Path, display: str) -> tuple:
        st = path.stat()
        return (
            code_stamp(), str(path.resolve()), display, st.st_size, st.st_mtime_ns, get_lang(),
        )  # fmt: skip

    def get(self, path: Path, display: str) -> FileRecord | None:
        try:
            with open(self._slot(path), "rb") as fh:
                data = fh.read()
            return load_record(data, self._key(path, display))
        except OSError:  # a missing cache entry, or a file gone since discovery
            return None

    def put(self, path: Path, display: str, record: FileRecord, key: tuple | None = None) -> None:
        """Store ``record``; ``key`` is taken before the file was read, so a file changed
        while it was being checked is never cached under its new size and time."""
        try:
            key = key or self._key(path, display)
        except OSError:
            return
        self.put_blob(path, dump_record(record, key))

    def put_blob(self, path: Path, blob: bytes) -> None:
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            slot = self._slot(path)
            tmp = slot.with_suffix(f".{os.getpid()}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(blob)
            os.replace(tmp, slot)
        except OSError:
            pass  # a read-only cache folder only costs speed


def check_file(path: Path, display: str, cache: FileCache | None) -> FileRecord:
    """One file's record: from the cache where it is fresh, else checked (and cached)."""
    if cache is not None:
        hit = cache.get(path, display)
        if hit is not None:
            return hit
    key = _key_or_none(path, display) if cache is not None else None
    record = record_of(_build(path, display), encode=key is not None)
    if cache is not None and key is not None:
        cache.put(path, display, record, key)
    return record


def _key_or_none(path: Path, display: str) -> tuple | None:
    try:
        return FileCache._key(path, display)
    except OSError:
        return None


def _build(path: Path, display: str) -> FileResult:
    # the checker and YAML load here, on a cache miss: a warm start never imports them
    from coach.content.schema import FileResult, build_file
    from coach.content.yamlfile import read_yaml

    yf, diags = read_yaml(path, display)
    if yf is None:
        result = FileResult(display, diags=diags)
    else:
        try:
            result = build_file(yf)
        except RecursionError:
            result = FileResult(
                display,
                diags=[
                    Diagnostic(
                        display, 1, 1, "error", tr("YAML 嵌套太深", "YAML nested too deeply")
                    )
                ],
            )
    return result


#: Below this much YAML to check, a second process costs more than it saves.
PARALLEL_MIN_BYTES = 3_000_000


def check_files(jobs: list[tuple[Path, str]], cache: FileCache | None) -> list[FileRecord]:
    """Check every (path, display) pair, from the cache where it is fresh.

    Where much is left to check and a second CPU is there, a forked process checks about half
    of the files and sends back their compact records (cheap to pass: case blobs stay bytes).
    """
    records: list[FileRecord | None] = [None] * len(jobs)
    todo: list[int] = []
    for i, (path, display) in enumerate(jobs):
        hit = cache.get(path, display) if cache is not None else None
        if hit is None:
            todo.append(i)
        else:
            records[i] = hit
    mine = todo
    theirs: list[int] = []
    if _may_fork(jobs, todo):
        mine, theirs = _split([(i, _size(jobs[i][0])) for i in todo])
    if theirs:
        child = parallel.start(lambda: [_checked_blob(*jobs[i], cache) for i in theirs])
        try:
            for i in mine:
                records[i] = check_file(*jobs[i], cache)
        finally:
            blobs = parallel.finish(child)
        if blobs is not None and len(blobs) != len(theirs):
            blobs = None
        for n, i in enumerate(theirs):
            rec = load_record(blobs[n], None) if blobs is not None else None
            records[i] = rec if rec is not None else check_file(*jobs[i], cache)
    else:
        for i in mine:
            records[i] = check_file(*jobs[i], cache)
    return records  # type: ignore[return-value]


def _checked_blob(path: Path, display: str, cache: FileCache | None) -> bytes:
    """In the second process: check a file, cache it, and return its record's bytes."""
    key = _key_or_none(path, display)
    record = record_of(_build(path, display), encode=True)
    blob = dump_record(record, key or ())
    if cache is not None and key is not None:
        cache.put_blob(path, blob)
    return blob


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _may_fork(jobs: list[tuple[Path, str]], todo: list[int]) -> bool:
    if len(todo) < 2 or not parallel.available():
        return False
    return sum(_size(jobs[i][0]) for i in todo) >= PARALLEL_MIN_BYTES


def _split(sized: list[tuple[int, int]]) -> tuple[list[int], list[int]]:
    """Two shares of about equal bytes, largest files first; each share in its given order."""
    shares: tuple[list[int], list[int]] = ([], [])
    totals = [0, 0]
    for i, size in sorted(sized, key=lambda p: -p[1]):
        k = 0 if totals[0] <= totals[1] else 1
        shares[k].append(i)
        totals[k] += size
    return sorted(shares[0]), sorted(shares[1])


def builtin_paths() -> list[Path]:
    return [paths.builtin_dir() / "frameworks.yaml"]


def load_content(
    roots: Iterable[Path] | None = None,
    *,
    cache: FileCache | bool | None = True,
    shown: Iterable[Path] | None = None,
    context: Iterable[Path] = (),
) -> ContentIndex:
    """Load built-in frameworks, ``context`` and ``roots``; report problems of ``shown`` only.

    ``roots`` defaults to the bundled content. ``shown`` defaults to everything.
    """
    if roots is None:
        roots = paths.bundled_content_dirs()
    fcache = FileCache() if cache is True else (cache or None)
    ctx_files, _ = discover(context)
    files, missing = discover(roots)
    ordered: list[Path] = []
    seen: set[Path] = set()
    for p in [*builtin_paths(), *ctx_files, *files]:
        key = p.resolve()
        if key not in seen:
            seen.add(key)
            ordered.append(p)
    shown_set: set[str] | None = None
    if shown is not None:
        shown_files, _ = discover(shown)
        shown_set = {display_path(p) for p in shown_files}
    with gc_paused():
        results = check_files([(p, display_path(p)) for p in ordered], fcache)
        index = assemble(results, shown_set)
    index.diagnostics = sorted(missing + index.diagnostics, key=lambda d: (d.path, d.line, d.col))
    return index
