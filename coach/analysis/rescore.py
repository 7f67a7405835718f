"""Rescoring attempts with the instructor's own content — a score written in a bundle is never
trusted — and remembering the result by what it depends on.

A rescore depends only on the case as written (its content hash), the framework, the bank's
avoid / must-say lists, the engine's rules, the answers and the day they were submitted (due
dates like 下周五 are read against it). The summary of each one is kept in the instructor's cache
under a digest of exactly those, so the second report over the same hand-ins costs no review at
all, and a changed keyword rescores everything it touches. Many misses are spread over worker
processes where the platform can fork.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import orjson

from coach import paths
from coach.content import ContentIndex
from coach.domain.content import Case
from coach.domain.records import Answers, _to_data
from coach.review import review_answers
from coach.review.feedback import RULES_VERSION, Feedback
from coach.store.jsonfile import write_bytes_atomic

CACHE_FILE = "rescore-cache.json"
CACHE_LIMIT = 200_000  # entries kept; the oldest go first
PARALLEL_FROM = 300  # misses below this are scored in this process


@dataclass(slots=True)
class Job:
    """One set of answers to (re)score."""

    case_id: str
    answers: Answers
    lang: str = "zh"
    day: str = ""  # ISO date the due dates are read against


def summarise(fb: Feedback) -> dict[str, Any]:
    """What reports need from a review: compact and JSON-ready."""
    return {
        "score": fb.score,
        "crit": {b.id: [b.points, b.max] for b in fb.breakdown if b.kind == "criterion"},
        "pen": fb.penalties,
        "kp": {k.id: k.status for k in fb.key_points},
        "pit": [[p.id, p.title] for p in fb.pitfalls],
        "avoid": [h.phrase for h in fb.avoid_hits if h.charged],
        "must": [m.id for m in fb.must_say if not m.satisfied],
        "hash": fb.content_hash,
    }


def review_job(index: ContentIndex, job: Job) -> Feedback | None:
    """The full review of one job with the instructor's content (None: no such case here)."""
    case = index.cases.get(job.case_id)
    if case is None:
        return None
    framework = index.framework_for(case)
    bank = index.bank_of(case)
    try:
        day = date.fromisoformat(job.day[:10]) if job.day else None
    except ValueError:
        day = None
    return review_answers(
        case,
        framework,
        job.answers,
        lang=job.lang if job.lang in ("zh", "en") else "zh",
        today=day,
        extra_avoid=bank.avoid if bank else (),
        extra_must_say=bank.must_say if bank else (),
    )


class Rescorer:
    """Scores jobs against one content index, with a persistent cache (see the module doc)."""

    def __init__(
        self,
        index: ContentIndex,
        *,
        cache_dir: Path | None = None,
        use_cache: bool = True,
        workers: int | None = None,
    ) -> None:
        self.index = index
        self.use_cache = use_cache
        self.path = Path(cache_dir or paths.cache_dir()) / CACHE_FILE
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self._case_keys: dict[str, str] = {}
        self._cache: dict[str, Any] | None = None
        self.hits = 0
        self.misses = 0

    # --- cache -------------------------------------------------------------------------------

    def _load(self) -> dict[str, Any]:
        if self._cache is None:
            self._cache = {}
            if self.use_cache:
                try:
                    data = orjson.loads(self.path.read_bytes())
                    if isinstance(data, dict):
                        self._cache = data
                except (OSError, orjson.JSONDecodeError):
                    pass  # a missing or damaged cache is only slower
        return self._cache

    def save(self) -> None:
        if not self.use_cache or self._cache is None or not self.misses:
            return
        cache = self._cache
        if len(cache) > CACHE_LIMIT:
            cache = dict(list(cache.items())[-CACHE_LIMIT:])
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_bytes_atomic(self.path, orjson.dumps(cache))
        except OSError:
            pass

    def _case_key(self, case: Case) -> str:
        key = self._case_keys.get(case.id)
        if key is None:
            framework = self.index.framework_for(case)
            bank = self.index.bank_of(case)
            basis = repr(
                (
                    RULES_VERSION,
                    case.content_hash,
                    framework,
                    (bank.avoid, bank.must_say) if bank else None,
                )
            )
            key = hashlib.blake2b(basis.encode(), digest_size=16).hexdigest()
            self._case_keys[case.id] = key
        return key

    def key(self, job: Job) -> str | None:
        case = self.index.cases.get(job.case_id)
        if case is None:
            return None
        body = orjson.dumps(
            [self._case_key(case), job.lang, job.day[:10], _to_data(job.answers)],
            option=orjson.OPT_SORT_KEYS,
        )
        return hashlib.blake2b(body, digest_size=16).hexdigest()

    # --- scoring -----------------------------------------------------------------------------

    def score_all(self, jobs: Sequence[Job]) -> list[dict[str, Any] | None]:
        """One summary per job, in order; None where the case is not in the content."""
        cache = self._load()
        keys = [self.key(j) for j in jobs]
        out: list[dict[str, Any] | None] = [None] * len(jobs)
        todo: dict[str, int] = {}
        for i, k in enumerate(keys):
            if k is None:
                continue
            hit = cache.get(k)
            if hit is not None:
                out[i] = hit
                self.hits += 1
            elif k not in todo:
                todo[k] = i
        if todo:
            order = list(todo.values())
            results = self._compute([jobs[i] for i in order])
            for i, summary in zip(order, results, strict=True):
                cache[keys[i]] = summary  # type: ignore[index]
            self.misses += len(order)
            for i, k in enumerate(keys):
                if k is not None and out[i] is None:
                    out[i] = cache.get(k)
        return out

    def _compute(self, jobs: list[Job]) -> list[dict[str, Any] | None]:
        if self.workers > 1 and len(jobs) >= PARALLEL_FROM and _can_fork():
            global _WORKER_INDEX
            _WORKER_INDEX = self.index  # inherited by the forked workers, never pickled
            try:
                ctx = multiprocessing.get_context("fork")
                chunk = max(1, len(jobs) // (self.workers * 4))
                with ctx.Pool(self.workers) as pool:
                    return pool.map(_score_in_worker, jobs, chunksize=chunk)
            finally:
                _WORKER_INDEX = None
        return [_summary(self.index, j) for j in jobs]


_WORKER_INDEX: ContentIndex | None = None


def _can_fork() -> bool:
    import threading

    # Forking a process with other threads running (the app) is unsafe; the CLI has none.
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _summary(index: ContentIndex, job: Job) -> dict[str, Any] | None:
    fb = review_job(index, job)
    return summarise(fb) if fb is not None else None


def _score_in_worker(job: Job) -> dict[str, Any] | None:
    assert _WORKER_INDEX is not None
    return _summary(_WORKER_INDEX, job)


def rescore(
    index: ContentIndex, jobs: Iterable[Job], *, use_cache: bool = True
) -> list[dict[str, Any] | None]:
    """Convenience: score ``jobs`` once, saving the cache."""
    r = Rescorer(index, use_cache=use_cache)
    out = r.score_all(list(jobs))
    r.save()
    return out
