"""Fuzzing the deal importer with XLSX workbooks made by openpyxl: random headers and cell values
of every type a spreadsheet holds (text, numbers, dates, times, booleans, formulas, empties),
several sheets, and damaged files. The importer accounts for every row or refuses in one clear
line; an accepted plan saves into a store that then checks clean."""

from __future__ import annotations

import datetime as dt
import io
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from coach.io.deals_import import (
    ImportFileError,
    ImportOptions,
    ImportQuestionError,
    apply_import,
    plan_import,
    preview_import,
)
from coach.store import open_store

HEADERS = ["客户", "client", "客户名称", "产品", "product", "金额", "amount", "成交日期",
           "close_date", "结果", "outcome", "阶段", "stage", "备注", "notes", "tags", "x", ""]  # fmt: skip
TEXT = st.text(
    st.characters(blacklist_categories=("Cc", "Cs")), max_size=15
)  # openpyxl refuses control characters, as Excel does
CELLS = st.one_of(
    st.none(),
    TEXT,
    st.sampled_from(
        [
            "50万",
            "$1.2k",
            "1,200",
            "赢单",
            "Lost",
            "丢单",
            "3-Proposal",
            "合计",
            "=1+1",
            "=SUM(A1:A2)",
            "2025-02-30",
            "13/10/25",
            "￥",
            "HK$",
            " ",
            "#N/A",
        ]
    ),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(2100, 1, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(2100, 1, 1)),
    st.times(),
)


@st.composite
def workbooks(draw) -> bytes:
    wb = Workbook()
    sheets = [wb.active]
    for i in range(draw(st.integers(0, 2))):
        sheets.append(wb.create_sheet(f"S{i}"))
    for ws in sheets:
        if draw(st.booleans()):  # a header row, sometimes below a title row
            if draw(st.booleans()):
                ws.append([draw(TEXT)])
            ws.append(draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6)))
        for row in draw(st.lists(st.lists(CELLS, max_size=7), max_size=8)):
            ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _check(data: bytes, options: ImportOptions | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.xlsx"
        path.write_bytes(data)
        try:
            preview = preview_import(path, options or ImportOptions())
            plan = plan_import(preview, [])
        except (ImportFileError, ImportQuestionError) as exc:
            message = str(exc)
            assert message.strip() and "Traceback" not in message, message
            return
        lines = (
            [line for line, _ in plan.new]
            + [p.line for p in plan.skipped]
            + [p.line for p in plan.rejected]
        )
        assert len(lines) == len(set(lines)) == preview.rows == plan.total
        for _, deal in plan.new:
            assert deal.outcome in ("won", "lost", "open")
            assert deal.amount is None or deal.amount == deal.amount  # not NaN
        with open_store(Path(tmp) / "data", "me", daily_backup=False) as store:
            apply_import(plan, store.deals)
            assert store.check() == []
            assert store.deals.count() == len(plan.new)


SETTINGS = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(workbooks(), st.sampled_from([None, True, False]))
def test_no_workbook_crashes_the_importer(data: bytes, dayfirst) -> None:
    _check(data, ImportOptions(dayfirst=dayfirst))


@SETTINGS
@given(workbooks(), st.integers(0, 10**6), st.sampled_from(["truncate", "flip", "member"]))
def test_damaged_workbooks_are_refused_in_one_line(data: bytes, seed: int, how: str) -> None:
    if how == "truncate":
        damaged = data[: seed % len(data)]
    elif how == "flip":
        raw = bytearray(data)
        for i in range(16):
            raw[(seed + i * 4099) % len(raw)] ^= 0x5A
        damaged = bytes(raw)
    else:  # a well-formed zip whose sheet is not XML
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(buf, "w") as dst:
            for item in src.infolist():
                body = src.read(item)
                if item.filename.startswith("xl/worksheets/"):
                    body = body[: seed % max(1, len(body))]
                dst.writestr(item, body)
        damaged = buf.getvalue()
    _check(damaged)
