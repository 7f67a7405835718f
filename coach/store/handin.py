"""Hand-in bundles (trainee -> instructor) and graded bundles (instructor -> trainee).

Both are ordinary bundles of ``coach.store.bundle`` (docs/data.md), so ``coach import`` reads them
with the same checks and the same merge by id and revision:

- a **hand-in** carries the profile's stable id and display name and only the attempts (answers,
  self-scores, time spent, the case version — everything progress is made of). Deals and deal
  reviews come only when asked for, and then always anonymised (client names, free text included).
- a **graded bundle** carries the instructor's grade records of one trainee, under the trainee's
  own profile id, so importing it needs no ``--other-profile`` and never touches an attempt: the
  grades sit beside the attempts and ``attach_grades`` shows them together.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

from coach.domain.records import Attempt, GradeRecord
from coach.store import codec, migrations
from coach.store.bundle import BUNDLE_FORMAT, BUNDLE_VERSION, _app_version, build_bundle
from coach.store.jsonfile import ensure_dir, write_bytes_atomic
from coach.store.store import Store

HANDIN_KINDS = ("attempts",)
HANDIN_DEAL_KINDS = ("attempts", "deals", "reviews")
#: A hand-in is a few hundred attempts; anything far larger is not one.
MAX_HANDIN_BYTES = 64 * 1024 * 1024
_UNSAFE = re.compile(r"[^\w\-]+", re.UNICODE)


@dataclass(slots=True)
class HandinReport:
    path: Path
    counts: dict[str, int]
    anonymised_names: int = 0
    replaced: int = 0


def build_handin(
    store: Store, *, with_deals: bool = False, extra_names: Iterable[str] = ()
) -> tuple[dict[str, Any], int, int]:
    """The hand-in bundle as data, with the number of client names pseudonymised and replaced.

    With deals everything is anonymised — attempts too, since a trainee may quote a real client in
    an answer."""
    kinds = HANDIN_DEAL_KINDS if with_deals else HANDIN_KINDS
    bundle, names, replaced = build_bundle(
        store, only=kinds, anonymise=with_deals, extra_names=extra_names
    )
    bundle["purpose"] = "handin"
    return bundle, names, replaced


def export_handin(
    store: Store, path: Path, *, with_deals: bool = False, extra_names: Iterable[str] = ()
) -> HandinReport:
    bundle, names, replaced = build_handin(store, with_deals=with_deals, extra_names=extra_names)
    path = Path(path)
    write_bytes_atomic(path, orjson.dumps(bundle, option=orjson.OPT_INDENT_2) + b"\n")
    return HandinReport(path, bundle["counts"], names, replaced)


# --- graded bundles ---------------------------------------------------------------------------


def graded_bundle(
    trainee_id: str, trainee_name: str, grades: Iterable[GradeRecord], *, grader: str = ""
) -> dict[str, Any]:
    """One trainee's grades as a bundle in their own name (their profile id)."""
    enc = codec.encoder(GradeRecord)
    docs = sorted((enc(g) for g in grades), key=lambda d: (d.get("created", ""), d["id"]))
    return {
        "format": BUNDLE_FORMAT,
        "version": BUNDLE_VERSION,
        "exported": datetime.now().astimezone().isoformat(timespec="seconds"),
        "app": {"name": "coach", "version": _app_version()},
        "schema": migrations.SCHEMA_VERSION,
        "profile": {"id": trainee_id, "name": trainee_name or trainee_id},
        "kinds": ["grades"],
        "anonymised": False,
        "purpose": "graded",
        "grader": grader,
        "counts": {"grades": len(docs)},
        "records": {"grades": docs},
    }


def safe_file_stem(name: str, ident: str) -> str:
    """A file name for a trainee that cannot leave its folder: letters, digits, - and _ only,
    plus the start of the profile id so two trainees with one name never share a file."""
    stem = _UNSAFE.sub("-", name).strip("-_.")[:40] or "trainee"
    return f"{stem}-{_UNSAFE.sub('', ident)[:8] or 'x'}"


def write_graded_bundles(
    out_dir: Path,
    grades: Iterable[GradeRecord],
    names: dict[str, str] | None = None,
    *,
    grader: str = "",
) -> list[Path]:
    """One graded bundle per trainee in ``out_dir``; returns the files written."""
    by_trainee: dict[str, list[GradeRecord]] = {}
    for g in grades:
        if g.trainee_id:
            by_trainee.setdefault(g.trainee_id, []).append(g)
    out_dir = Path(out_dir)
    ensure_dir(out_dir)  # 0700: grades are nobody else's business; each file 0600, atomic
    written = []
    for tid, items in sorted(by_trainee.items()):
        name = (names or {}).get(tid) or items[-1].trainee_name or tid
        path = out_dir / f"graded-{safe_file_stem(name, tid)}.json"
        data = graded_bundle(tid, name, items, grader=grader)
        write_bytes_atomic(path, orjson.dumps(data, option=orjson.OPT_INDENT_2) + b"\n")
        written.append(path)
    return written


def attach_grades(attempts: Iterable[Attempt], grades: Iterable[GradeRecord]) -> list[Attempt]:
    """Copies of ``attempts`` showing their grades (instructor_grades, instructor_comment,
    instructor), for the trainee's Progress and Feedback; the stored attempts stay as they are."""
    newest: dict[str, GradeRecord] = {}
    for g in grades:
        old = newest.get(g.attempt_id)
        if old is None or (g.graded, g.rev) > (old.graded, old.rev):
            newest[g.attempt_id] = g
    out = []
    dec, enc = codec.decoder(Attempt), codec.encoder(Attempt)
    for a in attempts:
        g = newest.get(a.id)
        if g is None:
            out.append(a)
            continue
        copy = dec(enc(a))
        copy.instructor_grades = list(g.criteria)
        copy.instructor_comment = g.comment
        copy.instructor = g.grader
        copy.extra = {**copy.extra, "instructor_score": g.score, "graded": g.graded}
        out.append(copy)
    return out
