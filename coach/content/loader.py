"""Find content files, check them, and cache the checked result per file.

The cache is keyed on the file's absolute path, size and modification time (and the interface
language of its messages), so a changed file is read again and an unchanged one costs a pickle
load. The collector is paused while building: the node trees of a large bank are millions of
small objects, and the collector would otherwise walk them again and again.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from coach import paths
from coach.content.diagnostics import Diagnostic
from coach.content.index import ContentIndex, assemble
from coach.content.schema import FileResult, build_file
from coach.content.yamlfile import read_yaml
from coach.i18n import get_lang, tr

CACHE_VERSION = 4  # raise whenever the checker's results change


@cache
def code_stamp() -> tuple:
    """The checker's own source files' mtimes: an upgraded checker never trusts an old cache."""
    here = Path(__file__).resolve().parent
    domain = here.parent / "domain"
    files = sorted([*here.glob("*.py"), *domain.glob("*.py")])
    return (CACHE_VERSION, *(f.stat().st_mtime_ns for f in files))


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
    """Pickled FileResults, one file each, in the user's cache folder."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder or paths.cache_dir() / "content"

    def _slot(self, path: Path) -> Path:
        digest = hashlib.sha1(str(path.resolve()).encode("utf-8")).hexdigest()[:20]
        return self.folder / f"{digest}.pickle"

    @staticmethod
    def _key(path: Path, display: str) -> tuple:
        st = path.stat()
        return (code_stamp(), str(path.resolve()), display, st.st_size, st.st_mtime_ns, get_lang())

    def get(self, path: Path, display: str) -> FileResult | None:
        try:
            with open(self._slot(path), "rb") as fh:
                key, result = pickle.load(fh)
            return result if key == self._key(path, display) else None
        except Exception:  # a missing, stale or damaged cache entry is simply rebuilt
            return None

    def put(self, path: Path, display: str, result: FileResult, key: tuple | None = None) -> None:
        """Store ``result``; ``key`` is taken before the file was read, so a file changed
        while it was being checked is never cached under its new size and time."""
        try:
            key = key or self._key(path, display)
        except OSError:
            return
        self.put_blob(path, pickle.dumps((key, result), pickle.HIGHEST_PROTOCOL))

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


def check_file(path: Path, display: str, cache: FileCache | None) -> FileResult:
    if cache is not None:
        hit = cache.get(path, display)
        if hit is not None:
            return hit
    key = _key_or_none(path, display) if cache is not None else None
    result = _build(path, display)
    if cache is not None and key is not None:
        cache.put(path, display, result, key)
    return result


def _key_or_none(path: Path, display: str) -> tuple | None:
    try:
        return FileCache._key(path, display)
    except OSError:
        return None


def _build(path: Path, display: str) -> FileResult:
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


def check_files(jobs: list[tuple[Path, str]], cache: FileCache | None) -> list[FileResult]:
    """Check every (path, display) pair, from the cache where it is fresh.

    (Checking in parallel processes was tried: pickling the results back to the parent cost
    more than the second CPU saved, on a 5,000-case bank.)
    """
    return [check_file(p, d, cache) for p, d in jobs]


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
