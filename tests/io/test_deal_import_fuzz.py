"""No CSV content crashes the importer: it either accounts for every row or says, in one line, why not."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.io.columns import parse_map_options
from coach.io.deals_import import (
    ImportFileError,
    ImportOptions,
    ImportQuestionError,
    plan_import,
    preview_import,
)

HEADERS = ["客户", "client", "产品", "product", "金额", "amount", "成交日期", "close_date",
           "结果", "outcome", "阶段", "stage", "id", "备注", "tags", "币种", "x"]  # fmt: skip
CELLS = st.one_of(
    st.text(max_size=12),
    st.sampled_from(
        [
            "50万",
            "$1.2k",
            "1,200",
            "03/10/25",
            "13/10/25",
            "2025-02-30",
            "45000",
            "赢单",
            "Lost",
            "3-Proposal",
            "合计",
            '"',
            '""',
            "\r",
            "\n",
            ",",
            ";",
            "\t",
            "",
            "   ",
            "\x00",
            "\ufeff",
            "￥",
            "HK$",
        ]
    ),
)


def _csv_text(draw) -> str:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6))
    rows = draw(st.lists(st.lists(CELLS, max_size=8), max_size=8))
    sep = draw(st.sampled_from([",", ";", "\t", "|"]))
    lines = [sep.join(header)] + [sep.join(r) for r in rows]
    return draw(st.sampled_from(["\n", "\r\n"])).join(lines)


@st.composite
def csv_files(draw) -> bytes:
    if draw(st.booleans()):
        text = _csv_text(draw)
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
        return text.encode(encoding, errors="replace")
    return draw(st.binary(max_size=300))


def _check(data: bytes, options: ImportOptions) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "fuzz.csv"
        path.write_bytes(data)
        try:
            preview = preview_import(path, options)
            plan = plan_import(preview, [])
        except (ImportFileError, ImportQuestionError) as exc:
            message = str(exc)
            assert message.strip(), "an empty refusal"
            assert "Traceback" not in message
            return
        assert plan.total == preview.rows
        lines = (
            [line for line, _ in plan.new]
            + [p.line for p in plan.skipped]
            + [p.line for p in plan.rejected]
        )
        assert len(lines) == len(set(lines)) == preview.rows
        for _, deal in plan.new:
            assert deal.outcome in ("won", "lost", "open")
            assert deal.amount is None or deal.amount == deal.amount  # not NaN


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(csv_files(), st.sampled_from([None, True, False]))
def test_no_csv_content_crashes_the_importer(data: bytes, dayfirst):
    _check(data, ImportOptions(dayfirst=dayfirst))


@settings(max_examples=100, deadline=None)
@given(csv_files())
def test_forced_mapping_on_any_content(data: bytes):
    _check(data, ImportOptions(mapping=parse_map_options(["1=client", "2=amount"])))
