"""Deal import speed against issue 7's targets, each beside a floor measured in the same run.

- the real 8,800-row CRM export: import into a fresh store (target 1 s) and its preview (0.5 s);
- a generated 100,000-row CSV with mixed amount and date forms (target 3 s), beside a bare
  ``pandas.read_csv`` of the same file, and its preview (0.5 s);
- a generated 100,000-row XLSX (target 3 s), beside a bare calamine read, and its preview.

"Import" is the whole job: read, map, parse every row, match against the store, save. The
parse-and-plan part alone is shown too, so a slow store and a slow parser can be told apart.
Run: ``python -m bench --only deals_import`` or ``python -m bench.deals_import``.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.common import WORK, row

CRM = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "crm-sales-opportunities"

CLIENTS = ["王女士", "李先生", "张总", "陈小姐", "Acme Ltd", "刘阿姨", "赵先生", "Mr Smith"]
PRODUCTS = ["增额终身寿险", "年金险", "私募基金", "定期存款", "term life", "理财产品"]
STAGES = ["1-Prospecting", "2-需求分析", "3-Proposal", "4-谈判", "6-Closed Won", "7-Closed Lost"]
OUTCOMES = ["赢单", "成交", "Won", "Closed Won", "丢单", "输单", "Lost", "跟进中", "Engaging", ""]


def _amount(rng: random.Random) -> str:
    v = rng.randrange(1, 5000)
    return rng.choice(
        [
            f"{v * 1000:,}",
            f"￥{v}万",
            f"{v}万元",
            f"{v / 10:.1f}万",
            f"{v * 100:,}.50",
            f"${v / 10:.1f}k",
            f"HK${v * 10:,}",
            f"€{v}k",
            str(v * 100),
        ]
    )


def _date(rng: random.Random) -> str:
    y, m, d = rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)
    serial = 42000 + rng.randrange(4000)
    return rng.choice(
        [
            f"{y}/{m}/{d}",
            f"{y}年{m}月{d}日",
            f"{y}.{m}.{d}",
            f"{y}-{m:02d}-{d:02d}",
            str(serial),
            f"{d:02d}/{m:02d}/{y % 100:02d}",  # day-first; days above 12 decide the column
        ]
    )


def generated_rows(n: int, seed: int = 7) -> list[list[str]]:
    rng = random.Random(seed)
    header = [
        "商机编号",
        "客户名称",
        "产品",
        "成交金额",
        "销售阶段",
        "结果",
        "开始日期",
        "成交日期",
        "客户经理",
        "备注",
    ]
    rows = [header]
    for i in range(n):
        rows.append(
            [
                f"OPP{i:07d}",
                f"{rng.choice(CLIENTS)}{i % 997}",
                rng.choice(PRODUCTS),
                _amount(rng),
                rng.choice(STAGES),
                rng.choice(OUTCOMES),
                _date(rng),
                _date(rng) if rng.random() < 0.7 else "",
                rng.choice(["张三", "李四", "Anna Snelling"]),
                rng.choice(["", "", "客户关注流动性", "needs a second meeting, 预算待定"]),
            ]
        )
    return rows


def _csv_file(n: int) -> Path:
    import csv

    path = WORK / f"deals_{n}.csv"
    if not path.exists():
        WORK.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh).writerows(generated_rows(n))
    return path


def _xlsx_file(n: int) -> Path:
    path = WORK / f"deals_{n}.xlsx"
    if not path.exists():
        from openpyxl import Workbook

        WORK.mkdir(parents=True, exist_ok=True)
        book = Workbook(write_only=True)
        sheet = book.create_sheet("deals")
        for r in generated_rows(n, seed=11):
            sheet.append(r)
        tmp = path.with_suffix(".tmp.xlsx")
        book.save(tmp)
        tmp.replace(path)
    return path


def _time(fn: Callable[[], object], reps: int) -> list[float]:
    out = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def _import_into_fresh_store(path: Path, root: Path, options=None) -> Callable[[], object]:
    from coach.io.deals_import import ImportOptions, apply_import, plan_import, preview_import
    from coach.store import open_store

    counter = [0]

    def go() -> object:
        counter[0] += 1
        with open_store(root, f"p{counter[0]}", daily_backup=False) as store:
            preview = preview_import(path, options or ImportOptions())
            plan = plan_import(preview, store.deals.list())
            assert not plan.rejected, plan.rejected[:3]
            apply_import(plan, store.deals)
            return plan

    return go


def _plan_only(path: Path, options=None) -> Callable[[], object]:
    from coach.io.deals_import import ImportOptions, plan_import, preview_import

    return lambda: plan_import(preview_import(path, options or ImportOptions()), [])


def _preview(path: Path, options=None) -> Callable[[], object]:
    from coach.io.deals_import import ImportOptions, preview_import

    return lambda: preview_import(path, options or ImportOptions())


def run(quick: bool) -> list[dict]:
    import pandas as pd

    reps = 2 if quick else 5
    n = 5_000 if quick else 100_000
    rows: list[dict] = []
    tmp = Path(tempfile.mkdtemp(prefix="coach-bench-deals-"))
    try:
        crm = (CRM / "sales_pipeline.csv").resolve()
        if not crm.is_file():
            print(f"bench.deals_import: {crm} not present, CRM rows skipped", file=sys.stderr)
        else:
            floor = _time(lambda: pd.read_csv(crm), reps)
            rows.append(
                row(
                    "import CRM export, 8,800 rows, into a fresh store",
                    _time(_import_into_fresh_store(crm, tmp / "crm"), reps),
                    1.0,
                    floor,
                    "pandas.read_csv",
                )
            )
            rows.append(
                row(
                    "  of which read, parse and plan (8,800)",
                    _time(_plan_only(crm), reps),
                    None,
                    floor,
                    "pandas.read_csv",
                )
            )
            rows.append(
                row(
                    "preview CRM export (8,800 rows)",
                    _time(_preview(crm), reps),
                    0.5,
                    floor,
                    "pandas.read_csv",
                )
            )
        csv_path = _csv_file(n)
        floor = _time(lambda: pd.read_csv(csv_path), reps)
        rows.append(
            row(
                f"import generated CSV, {n:,} rows, mixed forms",
                _time(_import_into_fresh_store(csv_path, tmp / "csv"), reps),
                3.0,
                floor,
                "pandas.read_csv",
            )
        )
        rows.append(
            row(
                f"  of which read, parse and plan ({n:,})",
                _time(_plan_only(csv_path), reps),
                None,
                floor,
                "pandas.read_csv",
            )
        )
        rows.append(
            row(
                f"preview generated CSV ({n:,} rows)",
                _time(_preview(csv_path), reps),
                0.5,
                floor,
                "pandas.read_csv",
            )
        )
        xlsx_path = _xlsx_file(n)
        floor = _time(lambda: pd.read_excel(xlsx_path, engine="calamine", header=None), reps)
        rows.append(
            row(
                f"import generated XLSX, {n:,} rows",
                _time(_import_into_fresh_store(xlsx_path, tmp / "xlsx"), reps),
                3.0,
                floor,
                "read_excel(calamine)",
            )
        )
        rows.append(
            row(
                f"  of which read, parse and plan ({n:,} XLSX)",
                _time(_plan_only(xlsx_path), reps),
                None,
                floor,
                "read_excel(calamine)",
            )
        )
        rows.append(
            row(
                f"preview generated XLSX ({n:,} rows)",
                _time(_preview(xlsx_path), reps),
                0.5,
                floor,
                "read_excel(calamine)",
            )
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return rows


if __name__ == "__main__":
    import statistics

    for r in run(quick=False):
        floor = statistics.median(r["floor"]) if r["floor"] else None
        print(
            f"{r['figure']:<50} {statistics.median(r['runs']):8.3f} s"
            f"  target {r['target']}  floor {floor and round(floor, 3)}"
        )
