"""Reading a CRM export into a grid of cells: encoding, delimiter, sheet, and each row's line.

Exports reach a wealth manager as UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), or GBK /
GB18030 (Excel's default "CSV" on a Chinese Windows). The encoding is decided from the bytes,
never assumed; the delimiter from the first lines. The grid keeps every row of the file,
blank ones included, with the line it started on, so every problem can name its line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from coach.i18n import tr

if TYPE_CHECKING:
    import pandas as pd

CSV_SUFFIXES = (".csv", ".tsv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")
DELIMITERS = (",", "\t", ";", "|")
_SAMPLE_LINES = 30


class ImportFileError(Exception):
    """The file cannot be read at all; the message names the file and what is wrong."""


@dataclass
class RawTable:
    """Every cell of one sheet or CSV, as read; ``lines[i]`` is the file line of row ``i``."""

    frame: pd.DataFrame  # columns 0..n-1, header not yet found
    lines: list[int]
    kind: str  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""
    #: The sheet's row count when ``frame`` holds only its first rows (a preview); else None.
    height: int | None = None

    @property
    def complete(self) -> bool:
        return self.height is None


def detect_encoding(data: bytes) -> str:
    """The text encoding of ``data``: utf-8-sig, utf-8, utf-16, gb18030 (for GBK too), or another."""
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # GB18030 is a superset of GBK and GB2312; most non-UTF-8 files here are one of them.
        data.decode("gb18030")
        gb_ok = True
    except UnicodeDecodeError:
        gb_ok = False
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    guess = (best.encoding if best else "").lower().replace("_", "")
    if gb_ok and (not guess or guess in ("gb2312", "gbk", "gb18030", "hz", "big5", "cp936")):
        return "gb18030"
    if best is not None:
        try:
            data.decode(best.encoding)
            return best.encoding
        except (UnicodeDecodeError, LookupError):
            pass
    if gb_ok:
        return "gb18030"
    raise ValueError("unknown encoding")


def detect_delimiter(sample: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of fields."""
    lines = [ln for ln in sample.splitlines() if ln.strip()][:_SAMPLE_LINES]
    if not lines:
        return ","
    best, best_score = ",", (0.0, 0)
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim)]
        except csv.Error:
            continue
        if not counts or max(counts) < 2:
            continue
        common = max(set(counts), key=counts.count)
        score = (counts.count(common) / len(counts), common)
        if common >= 2 and score > best_score:
            best, best_score = delim, score
    return best


def read_table(path: Path, sheet: str | None = None, head: int | None = None) -> RawTable:
    """Read a CSV or spreadsheet into a ``RawTable``; ``ImportFileError`` says why it cannot.

    ``head``: a big .xlsx may be read only to its first ``head`` rows (``height`` then says how
    many it has); a CSV is always read whole (that is quick)."""
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(tr("{f}：文件不存在", "{f}: no such file", f=path))
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_sheet(path, sheet, head if suffix in (".xlsx", ".xlsm") else None)
    return _read_csv(path)


def _read_csv(path: Path) -> RawTable:
    import pandas as pd

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(
            tr("{f}：无法读取（{e}）", "{f}: cannot read ({e})", f=path, e=exc.strerror)
        ) from None
    if data[:4] == b"PK\x03\x04":
        raise ImportFileError(
            tr(
                "{f}：这是 Excel 文件，请使用 .xlsx 扩展名",
                "{f}: this is an Excel file; give it the .xlsx extension",
                f=path,
            )
        )
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportFileError(
            tr("{f}：不是文本文件", "{f}: not a text file (it holds binary data)", f=path)
        )
    try:
        encoding = detect_encoding(data)
        text = data.decode(encoding)
    except (ValueError, LookupError):
        raise ImportFileError(
            tr(
                "{f}：无法判断文件编码（请另存为 UTF-8）",
                "{f}: cannot tell the file's encoding (save it as UTF-8)",
                f=path,
            )
        ) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise ImportFileError(tr("{f}：文件是空的", "{f}: the file is empty", f=path))
    delimiter = detect_delimiter(text[:65536])
    frame: pd.DataFrame | None = None
    if "\x00" not in text:
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                sep=delimiter,
                header=None,
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=False,
                engine="c",
                quoting=csv.QUOTE_MINIMAL,
            )
        except (pd.errors.ParserError, ValueError, IndexError):
            frame = None  # ragged rows or odd quoting: read it the careful way below
        except pd.errors.EmptyDataError:
            raise ImportFileError(tr("{f}：文件是空的", "{f}: the file is empty", f=path)) from None
    if frame is not None:
        # Only a quoted cell can span lines; without a quote every row is one line.
        breaks = text.count("\n") + (0 if text.endswith("\n") else 1)
        one_line_each = '"' not in text or breaks == len(frame)
        lines = list(range(1, len(frame) + 1)) if one_line_each else _line_numbers(frame)
    else:
        frame, lines = _read_csv_carefully(text, delimiter)
    return RawTable(frame=frame, lines=lines, kind="csv", encoding=encoding, delimiter=delimiter)


def _line_numbers(frame: pd.DataFrame) -> list[int]:
    """Line of each row: rows are one line each unless a quoted cell spans several."""
    import numpy as np

    n = len(frame)
    extra = np.zeros(n, dtype=np.int64)
    for col in frame.columns:
        s = frame[col]
        has_nl = s.str.contains("\n", regex=False).to_numpy(dtype=bool)
        if has_nl.any():
            extra += np.where(has_nl, s.str.count("\n").fillna(0).to_numpy(dtype=np.int64), 0)
    starts = np.arange(1, n + 1, dtype=np.int64)
    if extra.any():
        starts[1:] += np.cumsum(extra)[:-1]
    return starts.tolist()


def _read_csv_carefully(text: str, delimiter: str) -> tuple[pd.DataFrame, list[int]]:
    """The csv module, row by row: for files the fast reader refuses (ragged rows, stray quotes).

    Rows are padded to the widest row; the importer reports rows wider than the header.
    """
    import pandas as pd

    rows: list[list[str]] = []
    lines: list[int] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=False)
    start = 1
    try:
        for row in reader:
            rows.append(row)
            lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFileError(
            tr(
                "第 {n} 行：无法读取 CSV（{e}）",
                "line {n}: cannot read the CSV ({e})",
                n=reader.line_num,
                e=exc,
            )
        ) from None
    width = max((len(r) for r in rows), default=0)
    padded = [r + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(padded, columns=range(width), dtype=str) if padded else pd.DataFrame()
    return frame, lines


def sheet_names(path: Path) -> list[str]:
    from python_calamine import CalamineWorkbook

    try:
        return list(CalamineWorkbook.from_path(str(path)).sheet_names)
    except Exception as exc:  # calamine raises its own types for broken files
        raise ImportFileError(
            tr(
                "{f}：无法作为表格打开（{e}）",
                "{f}: cannot open it as a spreadsheet ({e})",
                f=path,
                e=str(exc)[:80],
            )
        ) from None


def _read_sheet(path: Path, sheet: str | None, head: int | None = None) -> RawTable:
    import pandas as pd
    from python_calamine import CalamineWorkbook

    names = sheet_names(path)
    if sheet is None:
        # With several sheets the caller must choose; the preview asks.
        sheet = names[0] if names else ""
    elif sheet not in names:
        raise ImportFileError(
            tr(
                "{f}：没有名为 {s} 的工作表（有：{all}）",
                "{f}: no sheet named {s} (it has: {all})",
                f=path,
                s=sheet,
                all=", ".join(names),
            )
        )
    got = _read_sheet_head(path, sheet, head) if head else None
    if got is not None:
        rows, height = got
        if len(rows) < height:
            width = max((len(r) for r in rows), default=0)
            frame = pd.DataFrame(rows, columns=range(width), dtype=object)
            return RawTable(
                frame=frame,
                lines=list(range(1, len(rows) + 1)),
                kind="xlsx",
                sheets=names,
                sheet=sheet,
                height=height,
            )
    try:
        book = CalamineWorkbook.from_path(str(path))
        rows = book.get_sheet_by_name(sheet).to_python(skip_empty_area=False)
    except Exception as exc:
        raise ImportFileError(
            tr(
                "{f}：无法读取工作表 {s}（{e}）",
                "{f}: cannot read sheet {s} ({e})",
                f=path,
                s=sheet,
                e=str(exc)[:80],
            )
        ) from None
    width = max((len(r) for r in rows), default=0)
    frame = pd.DataFrame(rows, columns=range(width), dtype=object) if rows else pd.DataFrame()
    return RawTable(
        frame=frame, lines=list(range(1, len(rows) + 1)), kind="xlsx", sheets=names, sheet=sheet
    )


# --- the first rows of a big spreadsheet, for the preview --------------------------------------

_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>|<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*/>")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\br=\"(\d+)\"")
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b")
_CHUNK = 1 << 20


def _sheet_head(stream: IO[bytes], nrows: int) -> tuple[bytes, int] | None:
    """The worksheet XML cut after its ``nrows``-th row (closed properly), and the number of
    the sheet's last row, read by streaming through the rest. None: not the expected shape."""
    buf = b""
    found = 0
    cut = -1
    pos = 0
    while cut < 0:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return None  # fewer rows than asked: the whole sheet is small, read it as it is
        buf += chunk
        for m in _ROW_END.finditer(buf, pos):
            found += 1
            pos = m.end()
            if found == nrows:
                cut = pos
                break
        else:
            pos = max(pos, len(buf) - 1024)  # a tag may straddle two chunks
            continue
    prefix = _SHEET_DATA.search(buf)
    if prefix is None:
        return None
    p = prefix.group(1)
    head = buf[:cut] + b"</" + p + b"sheetData></" + p + b"worksheet>"
    tail = buf[-4096:]
    while chunk := stream.read(_CHUNK):
        tail = tail[-4096:] + chunk
    numbers = _ROW_NUMBER.findall(tail)
    if not numbers:
        return None
    return head, int(numbers[-1])


def _sheet_files(book: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> worksheet file inside the archive (workbook.xml and its relationships)."""
    from xml.etree import ElementTree as ET

    ns_r = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    wb = ET.fromstring(book.read("xl/workbook.xml"))
    rels = ET.fromstring(book.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels}
    out: dict[str, str] = {}
    for el in wb.iter():
        if el.tag.rsplit("}", 1)[-1] != "sheet":
            continue
        t = target.get(el.get(f"{{{ns_r}}}id"), "")
        out[el.get("name", "")] = t.lstrip("/") if t.startswith("/") else f"xl/{t}"
    return out


def _read_sheet_head(path: Path, sheet: str, nrows: int) -> tuple[list[list[Any]], int] | None:
    """The first ``nrows`` rows of ``sheet`` and its row count, without reading the rest.

    The worksheet is cut after its first rows into an in-memory copy of the workbook, which
    calamine then reads exactly as it reads the whole file (styles, dates, shared strings).
    None when the file is small or not laid out as expected: the caller reads it whole.
    """
    from python_calamine import CalamineWorkbook

    try:
        with zipfile.ZipFile(path) as book:
            member = _sheet_files(book).get(sheet)
            if member is None or book.getinfo(member).file_size < 4 * _CHUNK:
                return None
            with book.open(member) as stream:
                got = _sheet_head(stream, nrows)
            if got is None:
                return None
            head, height = got
            copy = io.BytesIO()
            with zipfile.ZipFile(copy, "w", zipfile.ZIP_STORED) as out:
                for info in book.infolist():
                    if info.filename == member:
                        out.writestr(info.filename, head)
                    elif not info.filename.startswith("xl/worksheets/"):
                        out.writestr(info.filename, book.read(info))
                    # other worksheets are left out: only this one is read
        copy.seek(0)
        rows = (
            CalamineWorkbook.from_filelike(copy)
            .get_sheet_by_name(sheet)
            .to_python(skip_empty_area=False)
        )
    except Exception:  # anything unexpected: the whole read decides (and reports) instead
        return None
    return rows, height
