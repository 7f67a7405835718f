"""Store speed against the targets of issue 4, each beside a floor (the unavoidable part).

A 20,000-record store (deals of ~1 KB, the worst case: one kind holding everything): open, save one
record, get one by id, list with a filter; and a 100,000-deal store: save one deal, import all of
them in one batch. Run: ``python -m bench`` (all areas) or ``python -m bench.store``.
"""

from __future__ import annotations

import os
import random
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import orjson

from coach.domain.records import Deal
from coach.store import open_store
from coach.store.codec import encoder
from coach.store.jsonfile import write_bytes_atomic
from coach.store.layout import data_files

CLIENTS = ["张伟", "王芳", "李娜", "刘洋", "陈静", "Acme Ltd", "杨磊", "赵敏"]
PRODUCTS = ["年金险", "重疾险", "理财产品", "基金定投"]


def make_deals(n: int, seed: int = 1) -> list[Deal]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        out.append(
            Deal(
                client=f"{rng.choice(CLIENTS)}{i % 997}",
                product=rng.choice(PRODUCTS),
                amount=float(rng.randrange(10_000, 5_000_000)),
                stage=rng.choice(["lead", "proposal", "closing"]),
                outcome=rng.choice(["won", "lost", "lost", "open"]),
                loss_type=rng.choice(["competitor", "no_decision", "unknown", ""]),
                opened=f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                loss_reason="客户认为收益率低于竞品，且对提前退保的费用有顾虑",
                competitor=rng.choice(["招商", "平安", ""]),
                tags=["vip"] if i % 5 == 0 else [],
                notes="第一次面谈时客户关注流动性；二次拜访带了收益演示，但没有确认预算和决策人。"
                * 3,
                source="bench",
            )
        )
    return out


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def _row(
    figure: str, runs: list[float], target: float | None, floor: list[float] | None, floor_name: str
) -> dict:
    return {
        "figure": figure,
        "runs": runs,
        "target": target,
        "floor": floor,
        "floor_name": floor_name,
    }


def run(quick: bool) -> list[dict]:
    reps = 5 if quick else 30
    rows: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-store-"))
    try:
        root = tmp / "data"
        rows += _bench_20k(root, reps)
        rows += _bench_100k(root, reps, quick)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


def _bench_20k(root: Path, reps: int) -> list[dict]:
    rows = []
    deals = make_deals(20_000)
    with open_store(root, "heavy") as s:
        saved = s.deals.save_many(deals)
    folder = root / "heavy"
    size = sum(p.stat().st_size for p in data_files(folder))

    # opening (daily backup already taken today, as on every open but the first of a day)
    def open_close() -> None:
        open_store(root, "heavy").close()

    prof_bytes = folder / "profile.json"
    rows.append(
        _row(
            f"open a profile of 20,000 records ({size / 2**20:.0f} MB)",
            _time(open_close, reps),
            0.3,
            _time(lambda: orjson.loads(prof_bytes.read_bytes()), reps),
            "read + parse profile.json",
        )
    )

    # the daily backup: a full read and copy, which the app may run after the first screen
    with open_store(root, "heavy") as s:
        files = data_files(folder)
        rows.append(
            _row(
                "daily backup of 20,000 records (after the first screen)",
                _time(lambda: s.backup("bench"), max(2, reps // 10)),
                None,
                _time(lambda: [orjson.loads(p.read_bytes()) for p in files], max(2, reps // 10)),
                "read + parse every file",
            )
        )

    with open_store(root, "heavy", daily_backup=False) as s:
        rng = random.Random(2)
        # first list after open: every file read and decoded
        cold = []
        for _ in range(max(2, reps // 5)):
            s.forget_caches()
            t = time.perf_counter()
            s.deals.list(lambda d: d.outcome == "lost" and d.loss_type == "competitor")
            cold.append(time.perf_counter() - t)
        shard_files = sorted((folder / "deals").glob("*.json"))
        rows.append(
            _row(
                "list deals with a filter, first time after open (20,000)",
                cold,
                None,
                _time(
                    lambda: [orjson.loads(p.read_bytes()) for p in shard_files], max(2, reps // 5)
                ),
                "read + parse the same files (orjson)",
            )
        )

        def flt(d: Deal) -> bool:
            return d.outcome == "lost" and d.loss_type == "competitor"

        matched = len(s.deals.list(flt))
        docs = [orjson.loads(p.read_bytes())["deals"] for p in shard_files]
        rows.append(
            _row(
                f"list deals with a filter (20,000; {matched} match)",
                _time(lambda: s.deals.list(flt), reps),
                0.05,
                _time(
                    lambda: [
                        d
                        for t in docs
                        for d in t.values()
                        if d["outcome"] == "lost" and d["loss_type"] == "competitor"
                    ],
                    reps,
                ),
                "the same filter over parsed dicts",
            )
        )

        ids = [d.id for d in saved]
        rows.append(
            _row(
                "get one record by id (20,000)",
                _time(lambda: s.deals.get(rng.choice(ids)), reps * 10),
                0.005,
                _time(lambda: os.stat(s.deals.path_of(rng.choice(ids))), reps * 10),
                "stat of its file (the cache check)",
            )
        )

        rows.append(_save_row(s, ids, rng, reps, "save one record (20,000)", 0.03))
    return rows


def _save_row(s, ids: list[str], rng: random.Random, reps: int, figure: str, target: float) -> dict:
    runs, floor = [], []
    for _ in range(reps):
        d = s.deals.get(rng.choice(ids))
        d.notes += "。"
        t = time.perf_counter()
        s.deals.save(d)
        runs.append(time.perf_counter() - t)
        path = s.deals.path_of(d.id)
        raw = path.read_bytes()
        t = time.perf_counter()
        write_bytes_atomic(path, raw)
        floor.append(time.perf_counter() - t)
    return _row(figure, runs, target, floor, "atomic rewrite of the same file (write+fsync)")


def _bench_100k(root: Path, reps: int, quick: bool) -> list[dict]:
    n = 20_000 if quick else 100_000  # quick: the same work on a fifth of the deals
    deals = make_deals(n, seed=3)
    docs = [encoder(Deal)(d) for d in deals]
    runs, floor = [], []
    for i in range(1 if quick else 5):
        name = f"crm{i}"
        t = time.perf_counter()
        with open_store(root, name, daily_backup=False) as s:
            s.deals.save_many(deals)
        runs.append(time.perf_counter() - t)
        # floor: serialising the same documents and writing the same bytes, nothing else
        dest = root / f"floor{i}"
        dest.mkdir(parents=True)
        blobs: dict[int, dict] = {}
        for j, d in enumerate(docs):
            blobs.setdefault(j % 256, {})[d["id"]] = d
        t = time.perf_counter()
        for j, blob in blobs.items():
            (dest / f"{j:02x}.json").write_bytes(orjson.dumps({"deals": blob}))
        floor.append(time.perf_counter() - t)
    rows = [
        _row(
            f"import {n:,} deals in one batch",
            runs,
            5.0,
            floor,
            "orjson.dumps + write of the same documents (no fsync)",
        )
    ]
    with open_store(root, "crm0", daily_backup=False) as s:
        ids = s.deals.ids()
        rows.append(_save_row(s, ids, random.Random(5), reps, f"save one deal among {n:,}", 0.05))
    return rows


if __name__ == "__main__":
    import sys

    for r in run("--quick" in sys.argv):
        med = statistics.median(r["runs"])
        fl = statistics.median(r["floor"]) if r["floor"] else None
        tgt = f"target {r['target'] * 1000:.0f} ms" if r["target"] else "no target"
        flt = f"floor {fl * 1000:.2f} ms ({r['floor_name']})" if fl is not None else ""
        print(f"{r['figure']}: median {med * 1000:.2f} ms; {tgt}; {flt}")
