"""Period review speed: the figures over 100,000 deals, and the Insights screen for a year of
20,000 deals (from opening the screen to its tables and charts on screen, headless).

    python -m bench --only period
"""

from __future__ import annotations

import asyncio
import datetime as dt
import random
import tempfile
import time

from bench.common import row, timed

PRODUCTS = ["年金险", "增额终身寿", "净值型理财", "基金定投", "大额存单", "私募基金", "黄金积存"]
REASONS = ["价格", "客户未决", "竞品收益更高", "信任不足", "时机", ""]


def make_deals(n: int, start: dt.date, days: int, seed: int = 8):
    from coach.domain.records import Deal

    rng = random.Random(seed)
    out = []
    for _ in range(n):
        outcome = rng.choice(("won", "won", "lost", "lost", "open"))
        opened = start + dt.timedelta(days=rng.randrange(days))
        closed = opened + dt.timedelta(days=rng.randrange(5, 120)) if outcome != "open" else None
        out.append(
            Deal(
                client=f"客户{rng.randrange(5000)}",
                product=rng.choice(PRODUCTS),
                amount=float(rng.randrange(10, 500) * 1000),
                target=float(rng.randrange(10, 500) * 1000) if rng.random() < 0.5 else None,
                outcome=outcome,
                loss_type=rng.choice(("competitor", "no_decision", "unknown"))
                if outcome == "lost"
                else "",
                opened=opened.isoformat(),
                closed=closed.isoformat() if closed else "",
                loss_reason=rng.choice(REASONS) if outcome == "lost" else "",
                owner=f"RM{rng.randrange(40):02d}",
            )
        )
    return out


def _period(n_runs: int, size: int) -> dict:
    from coach.analysis.period import period_review

    deals = make_deals(size, dt.date(2021, 1, 1), 5 * 365)
    period_review(deals[:1000], "2023")  # imports and first-call costs out of the figure
    runs = timed(lambda: period_review(deals, "2023"), n_runs)

    def one_pass() -> None:
        won = lost = 0
        for d in deals:
            if d.outcome == "won":
                won += 1
            elif d.outcome == "lost":
                lost += 1

    floor = timed(one_pass, n_runs)
    return row(
        f"period review of {size:,} deals (frame + every figure)",
        runs,
        1.0,
        floor,
        "one Python pass counting outcomes",
    )


def _insights(n_runs: int, size: int) -> dict:
    import os

    from coach import paths
    from coach.store import open_store

    home = tempfile.mkdtemp(prefix="coach-bench-insights-")
    os.environ["COACH_HOME"] = home
    with open_store(paths.data_root(), "bench", daily_backup=False) as store:
        store.deals.save_many(make_deals(size, dt.date(2025, 1, 1), 365))
    runs, floor = [], []
    for _ in range(n_runs):
        runs.append(asyncio.run(_insights_once()))
        with open_store(paths.data_root(), "bench", daily_backup=False) as store:
            t0 = time.perf_counter()
            store.deals.list()
            floor.append(time.perf_counter() - t0)
    return row(
        f"Insights screen ready, a year of {size:,} deals (headless)",
        runs,
        1.0,
        floor,
        "store.deals.list() alone",
    )


async def _insights_once() -> float:
    from bench.common import ROOT
    from coach import i18n, paths
    from coach.content import load_content
    from coach.store import open_store
    from coach.tui.app import CoachApp
    from coach.tui.screens.insights import InsightsScreen
    from coach.tui.session import Session

    i18n.set_lang("en")
    content = load_content([ROOT / "tests" / "fixtures" / "content"], cache=False)
    store = open_store(paths.data_root(), "bench", daily_backup=False)
    session = Session(
        content=content,
        lang="en",
        profile="bench",
        clock=lambda: dt.datetime(2025, 12, 31, 12, 0),
        store=store,
    )
    app = CoachApp(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = InsightsScreen("2025")
        t0 = time.perf_counter()
        app.push_screen(screen)
        while screen.view is None or not screen.query(".insights-chart"):
            await pilot.pause(0.005)
        elapsed = time.perf_counter() - t0
    store.close()
    return elapsed


def run(quick: bool) -> list[dict]:
    n = 3 if quick else 7
    return [
        _period(n, 10_000 if quick else 100_000),
        _insights(2 if quick else 5, 2_000 if quick else 20_000),
    ]
