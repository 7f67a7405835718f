"""The Deals screen with 20,000 deals: open (target 0.5 s) and a filter keystroke (target 50 ms).

Driven headless through Textual's Pilot, the way a person uses it:

- open: from the action that opens the screen to the table holding every row, with the frame
  after it drawn; a fresh store each run (nothing cached), beside the floor of reading and
  parsing the same deal files with orjson;
- filter keystroke: one key typed into the filter box, to the frame that shows the filtered
  table; beside the floor of the filter's predicate alone over the same rows.

Run: ``python -m bench --only deals_screen`` or ``python -m bench.deals_screen``.
"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import row

CLIENTS = ["王女士", "李先生", "张总", "陈小姐", "Acme Ltd", "刘阿姨", "赵先生", "Mr Smith"]
PRODUCTS = ["增额终身寿险", "年金险", "私募基金", "定期存款", "term life", "理财产品", "养老年金"]
TAGS = ["开门红", "老客户", "q1", "vip", "转介绍", "pilot"]


def _deals(n: int, seed: int = 3) -> list:
    from coach.domain.records import Deal

    rng = random.Random(seed)
    out = []
    for i in range(n):
        outcome = rng.choice(["won", "lost", "open"])
        out.append(
            Deal(
                client=f"{rng.choice(CLIENTS)}{i % 997}",
                product=rng.choice(PRODUCTS),
                amount=float(rng.randrange(1, 500) * 10_000),
                outcome=outcome,
                loss_type="unknown" if outcome == "lost" else "",
                opened=f"{rng.randint(2019, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                tags=rng.sample(TAGS, rng.randint(0, 2)),
                notes=rng.choice(["", "客户关注流动性", "needs a second meeting"]),
            )
        )
    return out


def _app(root: Path, profile: str):
    import datetime as dt

    from coach.content.index import ContentIndex
    from coach.store import open_store
    from coach.tui.app import CoachApp
    from coach.tui.session import Session

    store = open_store(root, profile, daily_backup=False)
    session = Session(
        content=ContentIndex(),
        lang="zh",
        profile=profile,
        clock=lambda: dt.datetime(2026, 3, 10, 9, 30),
        store=store,
    )
    return CoachApp(session)


class _FrameClock:
    """Stamps the moment the table first draws a line after it was given new rows: the frame
    that shows them. (Pilot's own waits also wait for the CPU to go quiet, which a background
    worker delays; the stamp does not.)"""

    def __init__(self) -> None:
        from coach.tui.widgets.deal_table import DealTable

        self.pending = False
        self.stamp = 0.0
        set_rows, render_line = DealTable.set_rows, DealTable.render_line
        clock = self

        def stamped_set_rows(table, rows, keep_id=None):
            clock.pending = True
            return set_rows(table, rows, keep_id)

        def stamped_render_line(table, y):
            strip = render_line(table, y)
            if clock.pending and y > 0:
                clock.pending, clock.stamp = False, time.perf_counter()
            return strip

        DealTable.set_rows, DealTable.render_line = stamped_set_rows, stamped_render_line
        self._restore = (DealTable, set_rows, render_line)

    async def wait(self, pilot) -> float:
        while self.pending or not self.stamp:
            await asyncio.sleep(0.0005)
        return self.stamp

    def close(self) -> None:
        cls, set_rows, render_line = self._restore
        cls.set_rows, cls.render_line = set_rows, render_line


async def _measure(root: Path, profile: str, keys: str) -> tuple[float, list[float], int]:
    app = _app(root, profile)
    clock = _FrameClock()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            t0 = time.perf_counter()
            app.action_open_deals()
            opened = await clock.wait(pilot) - t0
            screen = app.screen
            await app.workers.wait_for_complete()  # the search text, made after the rows show
            await pilot.pause()
            total = len(screen.all_rows)
            await pilot.press("slash")
            presses = []
            for key in keys:
                clock.stamp = 0.0
                t0 = time.perf_counter()
                await pilot.press(key)
                presses.append(await clock.wait(pilot) - t0)
                await pilot.pause()
    finally:
        clock.close()
    return opened, presses, total


def _floor_read(root: Path, profile: str) -> float:
    import orjson

    t0 = time.perf_counter()
    for path in sorted((root / profile / "deals").glob("*.json")):
        orjson.loads(path.read_bytes())
    return time.perf_counter() - t0


def _floor_filter(root: Path, profile: str, text: str) -> float:
    from coach.store import open_store
    from coach.tui.widgets.deal_rows import DealRow, matcher

    with open_store(root, profile, daily_backup=False, read_only=True) as store:
        rows = [DealRow.from_doc(d) for d in store.deals.raw_docs()]
    pred = matcher(text)
    t0 = time.perf_counter()
    [r for r in rows if pred(r)]
    return time.perf_counter() - t0


def run(quick: bool) -> list[dict]:
    from coach.store import open_store

    n = 2_000 if quick else 20_000
    reps = 2 if quick else 5
    keys = "王女士"  # typed one key at a time: each narrows the table
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-deals-screen-"))
    try:
        deals = _deals(n)
        opens: list[float] = []
        presses: list[float] = []
        floors_read: list[float] = []
        floors_filter: list[float] = []
        for i in range(reps):
            profile = f"p{i}"
            with open_store(tmp, profile, daily_backup=False) as store:
                store.deals.save_many([dataclasses.replace(d, tags=list(d.tags)) for d in deals])
            floors_read.append(_floor_read(tmp, profile))
            opened, typed, total = asyncio.run(_measure(tmp, profile, keys))
            assert total == n, (total, n)
            opens.append(opened)
            presses.extend(typed)
            floors_filter.append(_floor_filter(tmp, profile, keys))
        return [
            row(
                f"Deals screen: open with {n:,} deals",
                opens,
                0.5,
                floors_read,
                "read + parse the deal files",
            ),
            row(
                f"Deals screen: filter keystroke to frame ({n:,})",
                presses,
                0.05,
                floors_filter,
                "the filter predicate alone",
            ),
        ]
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import statistics

    for r in run(quick=False):
        print(
            f"{r['figure']:<50} median {statistics.median(r['runs']) * 1e3:8.1f} ms"
            f"  max {max(r['runs']) * 1e3:8.1f} ms  target {r['target']}"
            f"  floor {statistics.median(r['floor']) * 1e3:.1f} ms"
        )
