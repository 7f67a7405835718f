"""Workbook helpers for every workbook the program writes (cohort and period reports): sheet
titles Excel accepts, and ``dress_sheet`` (bold frozen header, filter, widths, number formats).

Excel's rules for a sheet's title: none of ``[]:*?/\\``, at most 31 characters (counted as Excel
counts them, in UTF-16 units: a Chinese character is one, an emoji two), no apostrophe at either
end, not "History" (Excel keeps it for itself), and no two alike ignoring case. openpyxl refuses
some of these (a crash on a Chinese title with "/") and lets others through into a file Excel
then repairs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from coach.i18n import tr

SHEET_TITLE_MAX = 31
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _cut(text: str, units: int) -> str:
    while _units(text) > units:
        text = text[:-1]
    return text


def sheet_titles(wanted: Iterable[str]) -> list[str]:
    """A title Excel takes for each wanted one, in order, all different: a forbidden character
    becomes "-", a long title is cut, a repeat gets " (2)", " (3)" … within the 31 characters."""
    out: list[str] = []
    taken: set[str] = set()
    for i, title in enumerate(wanted, 1):
        clean = " ".join(_SHEET_FORBIDDEN.sub("-", title).split())
        clean = _cut(clean, SHEET_TITLE_MAX).strip().strip("'").strip()
        if not clean or clean.casefold() == "history":
            clean = f"{clean} {i}".strip() if clean else tr("表{n}", "Sheet{n}", n=i)
        base, n = clean, 1
        while clean.casefold() in taken:
            n += 1
            tail = f" ({n})"
            clean = _cut(base, SHEET_TITLE_MAX - _units(tail)).rstrip().rstrip("'") + tail
        taken.add(clean.casefold())
        out.append(clean)
    return out


def dress_sheet(sheet, formats: Sequence[str | None], widths: Sequence[int]) -> None:
    """Bold frozen header, an autofilter, column widths to fit, number formats per column."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    sheet.freeze_panes = "A2"
    if sheet.max_row > 1:
        sheet.auto_filter.ref = sheet.dimensions
    for i, (fmt, width) in enumerate(zip(formats, widths, strict=True), start=1):
        letter = get_column_letter(i)
        sheet.column_dimensions[letter].width = width
        head = sheet.cell(row=1, column=i)
        head.font = Font(bold=True)
        if fmt:
            head.alignment = Alignment(horizontal="right")
            for (cell,) in sheet.iter_rows(min_row=2, min_col=i, max_col=i):
                cell.number_format = fmt
