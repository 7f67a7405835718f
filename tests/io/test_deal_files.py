"""Reading export files: encodings, delimiters, line numbers, spreadsheets and their sheets."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from coach.io.deals_import import ImportOptions, plan_import, preview_import
from coach.io.sniff import ImportFileError, detect_delimiter, detect_encoding, read_table

ROWS_ZH = (
    "客户名称,产品,成交金额,结果,成交日期,丢单原因,客户经理,备注\n"
    "王女士,增额终身寿险,￥50万,赢单,2025年3月12日,,张三,开门红客户\n"
    "李先生,年金险,300万元,丢单,2025/3/10,价格太高,李四,\n"
    '赵总,私募基金,"1,200,000",跟进中,2025.4.15,,张三,"多行\n备注"\n'
    "陈小姐,定期存款,1.5万,成交,2025-04-01,,王五,\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030", "utf-16"])
def test_encoding_detected(tmp_path: Path, encoding: str):
    data = ROWS_ZH.encode(encoding)
    if encoding == "utf-16":
        assert data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    expected = {"gbk": "gb18030", "utf-16": "utf-16"}.get(encoding, encoding)
    assert detect_encoding(data) == expected
    path = tmp_path / "export.csv"
    path.write_bytes(data)
    table = read_table(path)
    assert table.frame.iloc[1, 0] == "王女士"


def _deal_fields(path: Path) -> list[dict]:
    preview = preview_import(path)
    plan = plan_import(preview, [])
    assert not plan.rejected
    out = []
    for line, deal in plan.new:
        data = deal.to_data()
        for volatile in ("id", "source"):
            data.pop(volatile)
        out.append({"line": line, **data})
    return out


def test_gbk_file_and_its_utf8_twin_import_to_the_same_records(tmp_path: Path):
    gbk, utf8 = tmp_path / "gbk.csv", tmp_path / "utf8.csv"
    gbk.write_bytes(ROWS_ZH.replace("\n", "\r\n").encode("gbk"))
    utf8.write_bytes(codecs.BOM_UTF8 + ROWS_ZH.encode("utf-8"))
    gbk_deals, utf8_deals = _deal_fields(gbk), _deal_fields(utf8)
    assert gbk_deals == utf8_deals
    assert [d["client"] for d in gbk_deals] == ["王女士", "李先生", "赵总", "陈小姐"]
    assert [d["amount"] for d in gbk_deals] == [500_000, 3_000_000, 1_200_000, 15_000]
    assert [d["outcome"] for d in gbk_deals] == ["won", "lost", "open", "won"]
    assert gbk_deals[2]["notes"] == "多行\n备注"
    # the row after a two-line cell starts two lines further down
    assert [d["line"] for d in gbk_deals] == [2, 3, 4, 6]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_detected(tmp_path: Path, delimiter: str):
    text = ROWS_ZH.replace(",", delimiter).replace(
        '"1' + delimiter + "200" + delimiter + '000"', "120万"
    )
    assert detect_delimiter(text) == delimiter
    path = tmp_path / "export.csv"
    path.write_text(text, encoding="utf-8")
    preview = preview_import(path)
    assert preview.columns.fields["amount"] == 2
    assert preview.table.delimiter == delimiter


def test_comma_inside_quotes_does_not_fool_the_delimiter():
    text = 'a;b;c\n"1,2,3,4";x;y\n"5,6,7";z;w\n'
    assert detect_delimiter(text) == ";"


@pytest.mark.parametrize(("content", "message"), [
    (b"", "empty"),
    (b"\n\n  \n", "empty"),
    (b"PK\x03\x04rest-of-a-zip", "Excel"),
    (b"\x00\x01\x02binary\x00", "not a text file"),
])  # fmt: skip
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(ImportFileError, match=message) as info:
        preview_import(path)
    assert "bad.csv" in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_file(tmp_path: Path):
    with pytest.raises(ImportFileError, match="no such file"):
        preview_import(tmp_path / "nope.csv")


def test_ragged_rows_are_read_and_reported_by_line(tmp_path: Path):
    path = tmp_path / "ragged.csv"
    path.write_text(
        "client,product,amount\nA,fund,100\nB,fund,200,oops,extra\nC,fund\n", encoding="utf-8"
    )
    plan = plan_import(preview_import(path), [])
    assert [line for line, _ in plan.new] == [2, 4]
    assert [p.line for p in plan.rejected] == [3]
    assert "more cells than the header" in plan.rejected[0].message
    assert plan.total == plan.preview.rows == 3


def _write_xlsx(path: Path, sheets: dict[str, list[list]]) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        for name, rows in sheets.items():
            pd.DataFrame(rows).to_excel(writer, sheet_name=name, header=False, index=False)


def test_xlsx_typed_cells(tmp_path: Path):
    import datetime as dt

    path = tmp_path / "deals.xlsx"
    _write_xlsx(
        path,
        {
            "商机": [
                ["2025年一季度成交明细", None, None, None, None],
                ["客户", "产品", "金额（万元）", "阶段", "成交日期"],
                ["王女士", "年金险", 50, "6-Closed Won", dt.datetime(2025, 3, 12)],
                ["李先生", "基金", "￥8,000", "3-Proposal", 45727],
                ["合计", None, 58, None, None],
            ]
        },
    )
    preview = preview_import(path)
    assert preview.header_line == 2
    assert preview.table.kind == "xlsx" and preview.table.sheet == "商机"
    plan = plan_import(preview, [])
    deals = [d for _, d in plan.new]
    assert [(d.client, d.amount, d.outcome, d.stage, d.closed) for d in deals] == [
        ("王女士", 500_000, "won", "Closed Won", "2025-03-12"),
        ("李先生", 8_000, "open", "Proposal", "2025-03-11"),
    ]
    assert [(p.line, "total" in p.message) for p in plan.rejected] == [(5, True)]


def test_xlsx_with_several_sheets_asks_which(tmp_path: Path):
    path = tmp_path / "book.xlsx"
    _write_xlsx(
        path,
        {
            "说明": [["这个表说明了导出内容"]],
            "deals": [["client", "product", "amount"], ["Acme", "fund", "$5k"]],
        },
    )
    preview = preview_import(path)
    assert [q.kind for q in preview.questions] == ["sheet"]
    assert preview.questions[0].choices == ["说明", "deals"]
    preview = preview_import(path, ImportOptions(sheet="deals"))
    assert preview.ready
    plan = plan_import(preview, [])
    assert [(d.client, d.amount, d.currency) for _, d in plan.new] == [("Acme", 5000, "USD")]
    with pytest.raises(ImportFileError, match="no sheet named"):
        preview_import(path, ImportOptions(sheet="missing"))


def test_a_broken_spreadsheet_says_so(tmp_path: Path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip")
    with pytest.raises(ImportFileError, match=r"broken\.xlsx"):
        preview_import(path)
