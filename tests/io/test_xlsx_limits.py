"""Spreadsheet limits: a zip bomb, a far-away cell, a lying size or too many sheets is refused
before the reader parses it, naming the file and the limit; real exports pass."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from python_calamine import CalamineWorkbook

from coach.io import sniff
from coach.io.deals_import import ImportFileError, plan_import, preview_import
from coach.io.sniff import read_table

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
CT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.'
    'openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    '<sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)
HEADER = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>client</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>amount</t></is></c></row>'
)


def xlsx(
    path: Path,
    body: str,
    repeat: str = "",
    times: int = 0,
    dimension: str = "",
    chunks: Iterable[str] = (),
) -> Path:
    """A one-sheet workbook whose sheetData is ``body``, ``repeat`` ``times`` times, then
    ``chunks``: streamed into the archive (a bomb is written without ever being held whole)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CT)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            dim = f'<dimension ref="{dimension}"/>' if dimension else ""
            f.write(f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{dim}<sheetData>'.encode())
            f.write(body.encode())
            block = (repeat * 10_000).encode()
            for _ in range(times // 10_000):
                f.write(block)
            f.write((repeat * (times % 10_000)).encode())
            for chunk in chunks:
                f.write(chunk.encode())
            f.write(b"</sheetData></worksheet>")
    return path


def rows_xml(first: int, last: int, refs: bool = True) -> str:
    if refs:
        return "".join(
            f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>c{i}</t></is></c>'
            f'<c r="B{i}"><v>{i}</v></c></row>'
            for i in range(first, last + 1)
        )
    return '<row><c t="inlineStr"><is><t>c</t></is></c><c><v>1</v></c></row>' * (last - first + 1)


# -- 13. the zip bomb ------------------------------------------------------------------------

BOMB_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))  # the old code takes 5.8 GB
    from pathlib import Path
    from coach.io import sniff
    for name, value in json.loads(sys.argv[2]).items():
        setattr(sniff, name, value)
    from coach.io.deals_import import ImportFileError, plan_import, preview_import
    started = time.perf_counter()
    try:
        plan_import(preview_import(Path(sys.argv[1])), [])
        outcome = "imported"
    except ImportFileError as exc:
        outcome = str(exc)
    except MemoryError:
        outcome = "MemoryError"
    # VmHWM is this process's own peak; ru_maxrss would carry the parent's (pytest's, in a
    # full run ~290 MB) across fork and exec
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    try:
        with open("/proc/self/status") as fh:
            peak = next(int(ln.split()[1]) for ln in fh if ln.startswith("VmHWM:")) / 1024
    except (OSError, StopIteration):
        pass
    print(json.dumps({"outcome": outcome, "seconds": time.perf_counter() - started,
                      "peak_mb": peak}))
    """
)


def run_child(path: Path, limits: dict[str, int] | None = None) -> dict:
    """Import ``path`` in a fresh process; its outcome, time and its own peak memory."""
    done = subprocess.run(
        [sys.executable, "-c", BOMB_CHILD, str(path), json.dumps(limits or {})],
        capture_output=True,
        text=True,
        cwd=path.parent,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """3 million rows of one repeated cell (no references): well under 1 MB packed."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.xlsx"
    xlsx(
        path,
        HEADER,
        '<row><c t="inlineStr"><is><t>张三</t></is></c><c><v>9</v></c></row>',
        3_000_000,
    )
    return path


def test_the_bomb_is_small_on_disk_and_huge_unpacked(bomb: Path) -> None:
    assert bomb.stat().st_size < 1_000_000
    with zipfile.ZipFile(bomb) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size > 150_000_000


def test_a_zip_bomb_is_refused_by_its_packing_ratio_with_little_memory(bomb: Path) -> None:
    got = run_child(bomb)
    assert "bomb.xlsx" in got["outcome"] and "limit of 100" in got["outcome"], got
    assert got["peak_mb"] < 250 and got["seconds"] < 5, got


def test_a_zip_bomb_past_the_ratio_check_stops_at_the_row_limit(bomb: Path) -> None:
    """With the ratio check out of the way, the streaming count stops it at 500,000 rows."""
    got = run_child(bomb, {"XLSX_MAX_RATIO": 10**9})
    assert "bomb.xlsx" in got["outcome"] and "500,000 rows" in got["outcome"], got
    assert got["peak_mb"] < 250, got


def test_rows_past_the_limit_are_refused_counted_quickly_or_exactly(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff, "XLSX_MAX_ROWS", 1000)
    for refs in (True, False):  # the quick count (every cell <c r=...) and the exact one
        ok = xlsx(tmp_path / f"ok-{refs}.xlsx", HEADER + rows_xml(2, 1000, refs))
        assert len(read_table(ok).frame) == 1000
        big = xlsx(tmp_path / f"big-{refs}.xlsx", HEADER + rows_xml(2, 1001, refs))
        with pytest.raises(ImportFileError, match=r"big-\w+\.xlsx: sheet S .*1,000 rows"):
            read_table(big)


def test_one_far_away_cell_is_refused_before_the_reader_lays_out_its_grid(tmp_path):
    """A1 and ZZ400000: two cells, a 280-million-cell grid (the reader would abort on it)."""
    xlsx(tmp_path / "far.xlsx", HEADER + '<row r="400000"><c r="ZZ400000"><v>1</v></c></row>')
    got = run_child(tmp_path / "far.xlsx")
    assert "far.xlsx" in got["outcome"] and "10,000,000 cells" in got["outcome"], got
    xlsx(tmp_path / "rows.xlsx", HEADER + '<row><c r="A600000"><v>1</v></c></row>')
    got = run_child(tmp_path / "rows.xlsx")
    assert "rows.xlsx" in got["outcome"] and "500,000 rows" in got["outcome"], got
    assert got["peak_mb"] < 250, got


def test_the_cell_limit_counts_the_grid_not_the_cells_written(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff, "XLSX_MAX_CELLS", 1000)
    path = xlsx(tmp_path / "wide.xlsx", HEADER + '<row r="2"><c r="Z100"><v>1</v></c></row>')
    with pytest.raises(ImportFileError, match=r"wide\.xlsx: .*1,000 cells"):
        read_table(path)


def test_empty_styled_cells_far_away_are_no_grid(tmp_path):
    """The reader keeps only cells holding a value: <c r="Z900000" s="1"/> takes no room."""
    path = xlsx(tmp_path / "styled.xlsx", HEADER + '<row r="900000"><c r="Z900000" s="1"/></row>')
    assert read_table(path).frame.shape == (1, 2)


def test_a_dimension_past_what_excel_allows_is_refused(tmp_path):
    path = xlsx(tmp_path / "dim.xlsx", HEADER, dimension="A1:B2000000")
    with pytest.raises(ImportFileError, match=r"dim\.xlsx: .*A1:B2000000.*1,048,576 rows"):
        read_table(path)
    fine = xlsx(tmp_path / "fine.xlsx", HEADER, dimension="A1:XFD1048576")  # never trusted
    assert read_table(fine).frame.shape == (1, 2)


def test_the_unpacked_size_counts_what_is_there_not_what_the_header_says(tmp_path, monkeypatch):
    """sharedStrings.xml says 1 KB and holds 3 MB: the real bytes are counted."""
    monkeypatch.setattr(sniff, "XLSX_MAX_UNPACKED", 2 << 20)
    path = xlsx(tmp_path / "lying.xlsx", HEADER)
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/sharedStrings.xml", "<sst>" + "<si><t>x</t></si>" * 200_000 + "</sst>")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/sharedStrings.xml")
    assert info.file_size > 3_000_000
    real = info.file_size.to_bytes(4, "little")
    assert data.count(real) == 2  # the local header and the central directory
    data[:] = data.replace(real, (1024).to_bytes(4, "little"))
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/sharedStrings.xml").file_size == 1024
    with pytest.raises(ImportFileError, match=r"lying\.xlsx: it unpacks to more than .*2 MB"):
        read_table(path)


def test_too_many_sheets_are_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(sniff, "XLSX_MAX_SHEETS", 2)
    book = Workbook()
    for name in ("b", "c"):
        book.create_sheet(name)
    book.save(tmp_path / "sheets.xlsx")
    with pytest.raises(ImportFileError, match=r"sheets\.xlsx: it has 3 sheets.* limit of 2"):
        read_table(tmp_path / "sheets.xlsx")


def test_an_ods_grid_is_held_to_the_limits_once_laid_out(tmp_path, monkeypatch):
    """No quick count for .ods: the reader's grid is checked before it becomes Python objects."""
    monkeypatch.setattr(sniff, "XLSX_MAX_ROWS", 1000)
    ns = (
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"'
    )
    path = tmp_path / "rows.ods"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(
            "META-INF/manifest.xml",
            '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"/>',
        )
        z.writestr(
            "content.xml",
            f'<office:document-content {ns}><office:body><office:spreadsheet><table:table table:name="S">'
            '<table:table-row table:number-rows-repeated="1500"><table:table-cell '
            'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
            "</table:table></office:spreadsheet></office:body></office:document-content>",
        )
    with pytest.raises(ImportFileError, match=r"rows\.ods: sheet S .*1,000 rows"):
        read_table(path)


def test_an_archive_zipfile_cannot_read_is_refused_not_passed_on(tmp_path):
    path = xlsx(tmp_path / "v.xlsx", HEADER)
    data = bytearray(path.read_bytes())
    end = data.rfind(b"PK\x01\x02")  # a central directory entry: "needs zip version 7.8"
    data[end + 6 : end + 8] = (78).to_bytes(2, "little")
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match=r"v\.xlsx: cannot open it as a spreadsheet"):
        read_table(path)


def test_a_real_200k_row_export_passes(tmp_path):
    """Six columns, every cell different: 1.2 million cells; the preview reads its first rows."""
    cols = "ABCDEF"

    def row(i: int) -> str:
        cells = "".join(f'<c r="{c}{i}" t="inlineStr"><is><t>客户{i}{c}</t></is></c>' for c in cols)
        return f'<row r="{i}">{cells}</row>'

    blocks = ("".join(row(i) for i in range(s, s + 10_000)) for s in range(1, 200_001, 10_000))
    path = xlsx(tmp_path / "crm.xlsx", "", chunks=blocks)
    with zipfile.ZipFile(path) as z:
        assert z.getinfo("xl/worksheets/sheet1.xml").file_size > 50_000_000
    table = read_table(path, head=1000)
    assert table.height == 200_000 and len(table.frame) == 1000


# -- the scan's count against the reader's own grid ------------------------------------------

CELL = st.one_of(
    st.tuples(st.integers(1, 40), st.integers(1, 30), st.booleans()),  # (row, col, holds value)
    st.tuples(st.none(), st.none(), st.booleans()),  # no reference: after the cell before it
)
ROW = st.tuples(st.one_of(st.none(), st.integers(1, 40)), st.lists(CELL, max_size=5))


def _col(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(ROW, min_size=1, max_size=8), st.booleans())
def test_the_exact_count_is_never_below_the_readers_grid(tmp_path, rows, exact) -> None:
    body = []
    for r, cells in rows:
        parts = []
        for row, col, value in cells:
            ref = f' r="{_col(col)}{row}"' if row else ""
            parts.append(f"<c{ref}><v>1</v></c>" if value else f"<c{ref}/>")
        body.append((f'<row r="{r}">' if r else "<row>") + "".join(parts) + "</row>")
    path = xlsx(tmp_path / "p.xlsx", "".join(body))
    try:
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("S")
    except Exception:  # the reader refuses it (a cell placed before another): nothing to lay out
        return
    with zipfile.ZipFile(path) as z:
        info = z.getinfo("xl/worksheets/sheet1.xml")
    scan = sniff._scan_sheet(path, info, exact=exact)
    if scan.odd:  # the quick count gave up: the exact one is used then
        scan = sniff._scan_sheet(path, info, exact=True)
    if grid.end is not None:
        assert scan.rows >= grid.end[0] + 1 and scan.cols >= grid.end[1] + 1


def test_the_preview_checks_once_and_the_import_reuses_it(tmp_path, monkeypatch):
    path = xlsx(tmp_path / "twice.xlsx", HEADER + rows_xml(2, 50))
    calls = []
    real = sniff._scan_sheet
    monkeypatch.setattr(sniff, "_scan_sheet", lambda *a, **k: calls.append(a) or real(*a, **k))
    plan = plan_import(preview_import(path), [])
    assert len(plan.new) == 49 and len(calls) == 1


def test_absurd_references_are_past_the_limit_not_a_crash(tmp_path):
    """A 5,000-digit row number (past what int() takes from text) or a 6-letter column."""
    for name, body in (
        ("digits", f'<row r="{"9" * 5000}"><c><v>1</v></c></row>'),
        ("cellref", f'<row><c r="A{"9" * 30}"><v>1</v></c></row>'),
        ("letters", '<row r="2"><c r="ABCDEF2"><v>1</v></c></row>'),
    ):
        path = xlsx(tmp_path / f"{name}.xlsx", HEADER + body)
        with pytest.raises(ImportFileError, match=rf"{name}\.xlsx: sheet S goes past the limit"):
            read_table(path)
