"""Reading a CRM export into a grid of cells: encoding, delimiter, sheet, and each row's line.

Exports reach a wealth manager as UTF-8, UTF-8 with a BOM (Excel's "CSV UTF-8"), or GBK /
GB18030 (Excel's default "CSV" on a Chinese Windows). The encoding is decided from the bytes,
never assumed; the delimiter from the first lines. The grid keeps every row of the file,
blank ones included, with the line it started on, so every problem can name its line.

A spreadsheet is checked before it is parsed (``check_archive``, ``check_sheet``): a small file
can unpack to gigabytes, or name one cell far away so that the reader lays out a grid of
billions; either is refused, naming the file and the limit, with little memory used.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterator
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

# Limits on a spreadsheet, enforced before it is parsed (docs/data.md lists them).
#: The last row of the chosen sheet that holds a value (200k-row CRM exports are well inside).
#: A CSV larger than this is refused before it is read (read whole, it would take several times
#: its size in memory); a CRM export of a million deals is about 200 MB.
CSV_MAX_BYTES = 256 << 20
XLSX_MAX_ROWS = 500_000
#: Cells of the grid the reader lays out for the sheet (last row x last column), and cells
#: holding a value; the grid is what takes memory, empty cells included.
XLSX_MAX_CELLS = 10_000_000
#: Sheets in one workbook.
XLSX_MAX_SHEETS = 256
#: Every member of the archive (.xlsx .xlsm .xlsb .ods) together, once unpacked.
XLSX_MAX_UNPACKED = 1 << 30
#: Unpacked size over packed size, for a member bigger than ``XLSX_RATIO_FROM`` unpacked;
#: real exports pack 5-20 times, a zip bomb hundreds of times.
XLSX_MAX_RATIO = 100
XLSX_RATIO_FROM = 8 << 20
#: What Excel itself allows; a sheet declaring more is not a workbook Excel wrote.
EXCEL_ROWS, EXCEL_COLUMNS = 1_048_576, 16_384
_ZIP_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".ods")
_CHUNK = 1 << 20
_PACKED_READ = 1 << 16  # packed bytes read at once: a chunk or so once unpacked
_OOXML_SUFFIXES = (".xlsx", ".xlsm")


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
    try:
        st = path.stat()
    except FileNotFoundError:
        raise ImportFileError(tr("{f}：文件不存在", "{f}: no such file", f=path)) from None
    except OSError as exc:
        raise ImportFileError(
            tr("{f}：无法读取（{e}）", "{f}: cannot read ({e})", f=path, e=exc.strerror)
        ) from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block the read, a device never end
        raise ImportFileError(
            tr(
                "{f}：不是普通文件（文件夹、设备或管道），没有读取",
                "{f}: not a regular file (a folder, a device or a pipe); nothing was read",
                f=path,
            )
        )
    suffix = path.suffix.lower()
    if suffix in XLSX_SUFFIXES:
        return _read_sheet(path, sheet, head if suffix in (".xlsx", ".xlsm") else None)
    return _read_csv(path)


def _read_csv(path: Path) -> RawTable:
    import pandas as pd

    from coach.store.errors import InputRefused
    from coach.store.jsonfile import read_input

    try:
        data = read_input(path, CSV_MAX_BYTES)
    except InputRefused as exc:
        raise ImportFileError(str(exc)) from None
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

    suffix = path.suffix.lower()
    if suffix in _ZIP_SUFFIXES:
        check_archive(path)
    names = sheet_names(path)
    if len(names) > XLSX_MAX_SHEETS:
        raise ImportFileError(
            tr(
                "{f}：有 {n} 个工作表，超过上限 {m} 个；未导入任何数据",
                "{f}: it has {n} sheets, more than the limit of {m}; nothing was imported",
                f=path,
                n=len(names),
                m=XLSX_MAX_SHEETS,
            )
        )
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
    if suffix in _OOXML_SUFFIXES:
        check_sheet(path, sheet)
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
        grid = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)
        _check_grid(path, sheet, grid.end)  # before the grid becomes Python objects
        rows = grid.to_python(skip_empty_area=False)
    except ImportFileError:
        raise
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


# --- limits, checked before a spreadsheet is parsed ------------------------------------------


def _size(n: int) -> str:
    return f"{n / 2**20:,.0f} MB" if n >= 2**20 else f"{n:,} B"


#: What zipfile and zlib raise for an archive they cannot read: a damaged one, and the two
#: zipfile raises for a readable one it will not open — NotImplementedError for an unknown
#: compression method, RuntimeError for an encrypted member. None of them is a stub.
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, RuntimeError,
               OSError, EOFError, ValueError, KeyError, IndexError, OverflowError, struct.error,
               zlib.error)  # fmt: skip


def _not_a_spreadsheet(path: Path, why: object) -> ImportFileError:
    return ImportFileError(
        tr(
            "{f}：无法作为表格打开（{e}）",
            "{f}: cannot open it as a spreadsheet ({e})",
            f=path,
            e=str(why)[:80],
        )
    )


def _damaged(path: Path, why: object) -> ImportFileError:
    return ImportFileError(
        tr(
            "{f}：文件已损坏，无法读取（{e}）",
            "{f}: the file is damaged and cannot be read ({e})",
            f=path,
            e=str(why)[:80],
        )
    )


def _too_much_unpacked(path: Path, size: int) -> ImportFileError:
    return ImportFileError(
        tr(
            "{f}：解压后超过 {m} 的上限（至少 {s}），可能是压缩炸弹；未导入任何数据",
            "{f}: it unpacks to more than the limit of {m} (at least {s}) — possibly a zip "
            "bomb; nothing was imported",
            f=path,
            m=_size(XLSX_MAX_UNPACKED),
            s=_size(size),
        )
    )


def check_archive(path: Path) -> None:
    """Refuse a zip-based spreadsheet (.xlsx .xlsm .xlsb .ods) that unpacks past the limits.

    The archive's directory gives each member's sizes: their sum is held to XLSX_MAX_UNPACKED
    and a big member's packing ratio to XLSX_MAX_RATIO. Those sizes are what the file says,
    so every member the reader takes in whole when it opens the file (shared strings, styles,
    an .ods's content) is also unpacked here, a chunk at a time, and counted. Worksheets of an
    .xlsx are left to ``check_sheet``, which reads only the one chosen. An archive this cannot
    read is refused, never left to a reader that might read it past these checks.
    """
    try:
        with zipfile.ZipFile(path) as book:
            infos = book.infolist()
    except _ZIP_ERRORS as exc:
        raise _not_a_spreadsheet(path, exc) from None
    declared = 0
    for info in infos:
        declared += info.file_size
        packed = max(info.compress_size, 1)
        if info.file_size > XLSX_RATIO_FROM and info.file_size > XLSX_MAX_RATIO * packed:
            raise ImportFileError(
                tr(
                    "{f}：{m} 的压缩比为 {r:,.0f} 倍，超过上限 {n} 倍，可能是压缩炸弹；"
                    "未导入任何数据",
                    "{f}: {m} unpacks {r:,.0f} times its packed size, more than the limit of "
                    "{n} — possibly a zip bomb; nothing was imported",
                    f=path,
                    m=info.filename,
                    r=info.file_size / packed,
                    n=XLSX_MAX_RATIO,
                )
            )
    if declared > XLSX_MAX_UNPACKED:
        raise _too_much_unpacked(path, declared)
    ooxml = path.suffix.lower() in _OOXML_SUFFIXES
    unpacked = 0
    for info in infos:
        if info.is_dir() or (ooxml and info.filename.startswith("xl/worksheets/")):
            continue
        for chunk in _unpacked(path, info):
            unpacked += len(chunk)
            if unpacked > XLSX_MAX_UNPACKED:
                raise _too_much_unpacked(path, unpacked)


def _unpacked(path: Path, info: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes, at most one chunk at a time, unpacked from every packed byte it has:
    its declared size is never trusted (a reader that trusts it less would read past it)."""
    if info.flag_bits & 0x1:
        raise ImportFileError(
            tr(
                "{f}：文件已加密（请先在 Excel 中取消密码）",
                "{f}: the file is encrypted (remove its password in Excel first)",
                f=path,
            )
        )
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _damaged(path, tr("不支持的压缩方式", "an unsupported compression method"))
    try:
        with path.open("rb") as fh:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or local[:4] != b"PK\x03\x04":
                raise _damaged(path, info.filename)
            name_len, extra_len = struct.unpack("<HH", local[26:30])
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            inflater = (
                zlib.decompressobj(-zlib.MAX_WBITS)
                if info.compress_type == zipfile.ZIP_DEFLATED
                else None
            )
            left = info.compress_size
            while left > 0:
                raw = fh.read(min(_PACKED_READ, left))
                if not raw:
                    break
                left -= len(raw)
                if inflater is None:
                    yield raw
                    continue
                while raw:
                    yield inflater.decompress(raw, _CHUNK)  # never more than a chunk at once
                    raw = inflater.unconsumed_tail
            if inflater is not None:
                yield inflater.flush()
    except _ZIP_ERRORS as exc:
        raise _damaged(path, exc) from None


def _cell_position(ref: bytes) -> tuple[int, int] | None:
    """(row, column), both from 1, of a cell reference like ``AB12``; None if it is not one."""
    m = _CELL_REF.fullmatch(ref.strip())
    if m is None:
        return None
    letters, digits = m.groups()
    return _row_number(digits), _column_number(letters)


def _row_number(digits: bytes) -> int:
    return int(digits) if len(digits) <= 9 else _FAR


def _column_number(letters: bytes) -> int:
    """A=1 … Z=26, AA=27 … XFD=16384."""
    if len(letters) > 4:
        return _FAR
    col = 0
    for ch in letters.upper():
        col = col * 26 + ch - 64
    return col


_CELL_REF = re.compile(rb"([A-Za-z]+)([0-9]+)")
_FAR = 10**10  # a row or column past every limit
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension\b[^>]*?\bref=\"([^\"]{1,40})\"")
_ROOT_PREFIX = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)worksheet\b")
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(row|c)(?=[\s/>])([^>]*)>")
_REF_ATTR = re.compile(rb"""(?:^|\s)r\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_MAX_TAG = 4 * _CHUNK


class _SheetScan:
    """The grid a reader lays out for one worksheet, counted from its XML a segment at a time.

    The reader (calamine) places a cell by its ``r="B7"`` when it has one — whatever row
    element holds it — else just after the cell before it; it keeps cells holding a value and
    lays out every row and column from A1 to the last of them. ``exact`` follows every row and
    cell tag that way. The quick way serves the layout every writer uses (each cell written
    ``<c r="..."``): it only finds the largest column and row named, counting every cell, the
    empty ones too — an upper bound; a segment laid out otherwise needs the exact count.
    """

    def __init__(self, prefix: bytes, exact: bool) -> None:
        self.exact = exact
        self.rows = self.cols = self.cells = 0
        self.odd = False  # a segment the quick way cannot count
        self._row = self._col = self._cell_row = 0  # exact: where the last row and cell were
        p = re.escape(prefix)
        self._prefixed = bool(prefix)
        self._any = re.compile(b"<" + p + rb"c[\s/>]")
        self._canon = b"<" + prefix + b'c r="'
        self._tag = b"<" + prefix + b"c"
        self._letters = re.compile(b"<" + p + rb'c r="([A-Z]{1,3})[0-9]')
        self._digits = re.compile(b"<" + p + rb'c r="[A-Z]{1,3}([0-9]{1,7})"')

    def over(self) -> str:
        """Which limit the sheet is past so far: "rows", "cells" or ""."""
        if self.rows > XLSX_MAX_ROWS:
            return "rows"
        if self.cells > XLSX_MAX_CELLS or self.rows * self.cols > XLSX_MAX_CELLS:
            return "cells"
        return ""

    def feed(self, seg: bytes) -> None:
        """Count ``seg``, which holds whole tags only."""
        if self.exact:
            self._feed_exact(seg)
            return
        cells = seg.count(self._canon)
        others = seg.count(self._tag) != cells  # other tags starting <c too (<col>, <color>)?
        if others and len(self._any.findall(seg)) != cells:
            self.odd = True
            return
        foreign = len(_FOREIGN_CELL.findall(seg))
        if foreign == (cells if self._prefixed else 0):
            letters = self._letters.findall(seg)
            digits = self._digits.findall(seg)
            if len(letters) == len(digits) == cells:
                self.cells += cells
                if cells:
                    last = max(set(letters), key=lambda b: (len(b), b))  # Z before AA
                    self.cols = max(self.cols, _column_number(last))
                    self.rows = max(self.rows, max(map(int, set(digits))))
                return
        self.odd = True

    def _feed_exact(self, seg: bytes) -> None:
        for m in _TAG.finditer(seg):
            attrs = m.group(2)
            ref = _REF_ATTR.search(attrs)
            value = ref and (ref.group(1) if ref.group(1) is not None else ref.group(2))
            if m.group(1) == b"row":
                row = _row_number(value.strip()) if value and value.strip().isdigit() else 0
                self._row = row if row else max(self._row, self._cell_row) + 1
                self._col = 0
                continue
            pos = _cell_position(value) if value else None
            if pos is None:  # no reference: next to the cell before it
                pos = (max(self._row, self._cell_row, 1), self._col + 1)
            self._cell_row, self._col = pos
            if not attrs.rstrip().endswith(b"/"):  # <c .../> holds no value
                self.cells += 1
                self.rows = max(self.rows, pos[0])
                self.cols = max(self.cols, pos[1])


_FOREIGN_CELL = re.compile(rb":c[\s/>]")


def _scan_sheet(path: Path, info: zipfile.ZipInfo, exact: bool) -> _SheetScan:
    """Stream the worksheet through a scan; it stops as soon as a limit is passed."""
    scan: _SheetScan | None = None
    carry = b""
    unpacked = 0
    for chunk in _unpacked(path, info):
        unpacked += len(chunk)
        if unpacked > XLSX_MAX_UNPACKED:
            raise _too_much_unpacked(path, unpacked)
        buf = carry + chunk
        if scan is None:
            root = _ROOT_PREFIX.search(buf, 0, 4096)
            scan = _SheetScan(root.group(1) if root else b"", exact)
            _check_dimension(path, info, buf)
        cut = buf.rfind(b"<")  # every tag before the last "<" is whole
        if cut < 0:
            carry = b""
            continue
        carry = buf[cut:]
        if len(carry) > _MAX_TAG:
            raise _damaged(path, tr("标签过长", "a tag longer than {n}", n=_size(_MAX_TAG)))
        scan.feed(buf[:cut])
        if scan.odd or scan.over():
            return scan
    if scan is None:
        scan = _SheetScan(b"", exact)
    scan.feed(carry)
    return scan


def _check_dimension(path: Path, info: zipfile.ZipInfo, head: bytes) -> None:
    """A sheet declaring a range past what Excel allows did not come from Excel: refused.

    (A range within it is not trusted either way: the reader ignores it; the scan decides.)"""
    m = _DIMENSION.search(head, 0, 65536)
    if m is None:
        return
    for part in m.group(1).split(b":"):
        pos = _cell_position(part.replace(b"$", b""))
        if pos and (pos[0] > EXCEL_ROWS or pos[1] > EXCEL_COLUMNS):
            raise ImportFileError(
                tr(
                    "{f}：{m} 声明的范围 {r} 超出 Excel 的上限（{rows:,} 行 × {cols:,} 列）；"
                    "未导入任何数据",
                    "{f}: {m} declares the range {r}, beyond what Excel allows ({rows:,} rows "
                    "x {cols:,} columns); nothing was imported",
                    f=path,
                    m=info.filename,
                    r=m.group(1).decode("ascii", "replace"),
                    rows=EXCEL_ROWS,
                    cols=EXCEL_COLUMNS,
                )
            )


def _too_big(path: Path, sheet: str, which: str) -> ImportFileError:
    if which == "rows":
        return ImportFileError(
            tr(
                "{f}：工作表 {s} 超过 {n:,} 行的上限；未导入任何数据（请把它拆成几个文件）",
                "{f}: sheet {s} goes past the limit of {n:,} rows; nothing was imported "
                "(split it into several files)",
                f=path,
                s=sheet,
                n=XLSX_MAX_ROWS,
            )
        )
    return ImportFileError(
        tr(
            "{f}：工作表 {s} 超过 {n:,} 个单元格（行 × 列）的上限；未导入任何数据"
            "（请删去多余的列或拆分文件）",
            "{f}: sheet {s} goes past the limit of {n:,} cells (rows x columns); nothing was "
            "imported (remove unused columns or split the file)",
            f=path,
            s=sheet,
            n=XLSX_MAX_CELLS,
        )
    )


def _check_grid(path: Path, sheet: str, end: tuple[int, int] | None) -> None:
    """The reader's grid, once laid out, against the limits (for .xls .xlsb .ods too)."""
    if end is None:
        return
    rows, cols = end[0] + 1, end[1] + 1
    if rows > XLSX_MAX_ROWS:
        raise _too_big(path, sheet, "rows")
    if rows * cols > XLSX_MAX_CELLS:
        raise _too_big(path, sheet, "cells")


_CHECKED: dict[tuple[object, ...], None] = {}  # sheets that passed, by file identity


def check_sheet(path: Path, sheet: str) -> None:
    """Refuse an .xlsx sheet whose grid would pass XLSX_MAX_ROWS or XLSX_MAX_CELLS.

    The sheet's XML is streamed once, a chunk in memory at a time, and the scan stops at the
    first limit passed. A sheet that passed is not read again while the file is unchanged
    (the preview checks it; the import that follows reads the same file).
    """
    try:
        st = path.stat()
    except OSError:
        return  # the reader reports it
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino, sheet,
           XLSX_MAX_ROWS, XLSX_MAX_CELLS, XLSX_MAX_UNPACKED)  # fmt: skip
    if key in _CHECKED:
        return
    try:
        with zipfile.ZipFile(path) as book:
            try:
                members = [book.getinfo(_sheet_files(book)[sheet])]
            except Exception:  # not where workbook.xml says: check every worksheet
                members = [
                    i
                    for i in book.infolist()
                    if i.filename.startswith("xl/worksheets/") and not i.is_dir()
                ]
    except _ZIP_ERRORS as exc:
        raise _not_a_spreadsheet(path, exc) from None
    for info in members:
        scan = _scan_sheet(path, info, exact=False)
        if scan.odd or scan.over():  # the quick count is unsure or over: count exactly
            scan = _scan_sheet(path, info, exact=True)
        if which := scan.over():
            raise _too_big(path, sheet, which)
    while len(_CHECKED) >= 16:
        _CHECKED.pop(next(iter(_CHECKED)))
    _CHECKED[key] = None


# --- the first rows of a big spreadsheet, for the preview --------------------------------------

_ROW_END = re.compile(rb"</(?:[A-Za-z_][\w.-]*:)?row>|<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*/>")
_ROW_NUMBER = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\br=\"(\d+)\"")
_SHEET_DATA = re.compile(rb"<((?:[A-Za-z_][\w.-]*:)?)sheetData\b")


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
    except ImportFileError:
        raise
    except Exception:  # anything unexpected: the whole read decides (and reports) instead
        return None
    return rows, height
