"""Chinese line breaking: break between Chinese characters, never before a closing mark.

Why: Textual (``textual.content.Content`` wraps every Static, Label and Markdown block) and Rich
(``rich.text.Text.wrap``) both break lines with ``rich._wrap.divide_line``, which only knows
spaces. Chinese has none, so a paragraph is one "word" that gets chopped wherever the width
runs out: lines began with "，" or "。" ("，前几年…", a lone "。" under a paragraph), and a
Chinese run after a space ("Q3 的目标……") left the words before it alone on a short line.

What: ``divide_line`` here breaks as Chinese typesetting does (the 禁则 / kinsoku rules):

- a line may break between any two characters when either is wide (Chinese, kana, hangul,
  full-width punctuation), as well as after spaces, as before;
- no line starts with a closing or pausing mark (``NO_START``: ，。、；：？！）」』》〉】〕”’…—％
  and the half-width , . ; : ? ! ) ] } %) and none ends with an opening one (``NO_END``:
  （「『《〈【〔“‘ and ( [ {); straight double quotes ``"`` open and close by turns, a straight
  ``'`` stays with both neighbours;
- so the character before a forbidden mark moves down with it (the line breaks one character
  earlier, as terminals and browsers do); a line is never wider than the width, except a
  single character wider than the width itself, which has to stand alone.

A run with no allowed break (a long Latin word, a row of punctuation) is cut where the width
runs out, stepping back up to ``MAX_STEP_BACK`` characters to keep the rules. Breaks fall on
grapheme boundaries; no character is lost or repeated (the pieces join back into the line).
Lines without wide characters, and ``fold=False`` (text-overflow: ellipsis/clip), go to Rich's
own ``divide_line`` unchanged, so English wraps exactly as before.

``install()`` (called once by ``coach.tui.app``) puts ``divide_line`` in place of the name
``divide_line`` in ``textual.content`` and ``rich.text``. Set the environment variable
``COACH_KINSOKU=off`` to keep Textual's own breaking (to compare, or if a Textual upgrade
breaks this). TextArea (the answer editors) wraps with ``textual._wrap`` and is not touched.
``tests/tui/test_cjk_wrap.py`` fails if Textual or Rich stop calling the patched names.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from functools import lru_cache

import rich.text
import textual.content
from rich._wrap import divide_line as rich_divide_line
from rich.cells import get_character_cell_size, split_graphemes

#: Marks that may not start a line (closing brackets and quotes, pauses, stops, ellipsis, dash).
NO_START = frozenset("，。、；：？！）」』》〉】〕〗〙〛］｝”’…—％‰・·～" + ",.;:?!)]}%")
#: Marks that may not end a line (opening brackets and quotes).
NO_END = frozenset("（「『《〈【〔〖〘〚［｛“‘" + "([{")
#: No break on either side of a straight single quote (an apostrophe, or a quote that opens or
#: closes). Straight double quotes open and close by turns (``_quotes``).
GLUE = frozenset("'")
#: How many characters a forced cut (no allowed break on the line) may step back for the rules.
MAX_STEP_BACK = 4
#: ``COACH_KINSOKU=off`` keeps Textual's and Rich's own line breaking.
ENV = "COACH_KINSOKU"

_PATCHED = (textual.content, rich.text)
#: Characters that join code points into one grapheme (then ``split_graphemes`` measures).
_JOINERS = frozenset("\u200d\ufe0f")
_cells = lru_cache(maxsize=4096)(get_character_cell_size)


def enabled() -> bool:
    return os.environ.get(ENV, "").strip().lower() not in {"off", "0", "no", "false"}


def divide_line(text: str, width: int, fold: bool = True) -> list[int]:
    """The offsets at which to break ``text`` (one line, no newlines) to fit ``width`` cells:
    Rich's ``divide_line`` with Chinese breaking rules (see the module docstring)."""
    if not fold or width < 1 or text.isascii():
        return rich_divide_line(text, width, fold)
    if _JOINERS.isdisjoint(text):
        cells = list(map(_cells, text))
        if 0 not in cells:  # one grapheme per code point: the common case, and fast
            if max(cells) < 2:
                return rich_divide_line(text, width, fold)
            if sum(cells) <= width:
                return []
            return _breaks(_quotes(text), range(len(text)), cells, width)
    spans, total = split_graphemes(text)
    sizes = [size for _start, _end, size in spans]
    if max(sizes, default=0) < 2:  # no wide grapheme
        return rich_divide_line(text, width, fold)
    if total <= width:
        return []
    starts = [start for start, _end, _size in spans]
    return _breaks(_quotes("".join(text[start] for start in starts)), starts, sizes, width)


def _quotes(heads: str) -> str:
    """``heads`` with straight double quotes read as curly ones, to place breaks by them:
    Chinese text often has "开门红" with straight quotes; the first of a pair opens, the second
    closes (the pair's order in the line: a guess, and a good one for well-formed text)."""
    if '"' not in heads:
        return heads
    parts = heads.split('"')
    return "".join(
        part + ("" if index == len(parts) - 1 else "“" if index % 2 == 0 else "”")
        for index, part in enumerate(parts)
    )


def _breaks(heads: Sequence[str], starts: Sequence[int], cells: list[int], width: int) -> list[int]:
    """Greedy over graphemes (their first characters, offsets and cells): each line takes them
    while they fit and breaks at its last allowed place; spaces hang at the end of a line
    (Content strips them); with no allowed place, cut (``_forced_cut``)."""
    breaks: list[int] = []
    count = len(cells)
    line_start = 0  # index of the line's first grapheme
    used = 0  # cells on the line, spaces included
    ink = False  # a non-space on the line so far (no break after leading spaces)
    last_break = -1  # the line's last allowed break (a grapheme index), -1 for none
    index = 0
    while index < count:
        size = cells[index]
        head = heads[index]
        if head.isspace():
            used += size  # spaces never push a line over: they hang
            index += 1
            continue
        if index > line_start:
            previous = heads[index - 1]
            if previous.isspace():
                if ink:
                    last_break = index
            elif (
                (size > 1 or cells[index - 1] > 1)
                and head not in NO_START
                and previous not in NO_END
                and head not in GLUE
                and previous not in GLUE
            ):
                last_break = index
        if used + size > width and index > line_start:
            cut = last_break if last_break > line_start else _forced_cut(heads, line_start, index)
            breaks.append(starts[cut])
            line_start = cut
            used = sum(cells[cut:index])
            ink = any(not heads[i].isspace() for i in range(cut, index))
            last_break = -1
            continue  # the same grapheme again, on the new line
        used += size
        ink = True
        index += 1
    return breaks


def _forced_cut(heads: Sequence[str], line_start: int, index: int) -> int:
    """Where to cut a line with no allowed break before grapheme ``index``: there, or up to
    ``MAX_STEP_BACK`` graphemes earlier so the next line does not start with a closing mark
    and this one does not end with an opening one; never at the line's start."""
    for cut in range(index, max(line_start, index - MAX_STEP_BACK - 1), -1):
        if heads[cut] not in NO_START and heads[cut - 1] not in NO_END:
            return cut
    return index


def install() -> bool:
    """Break lines with ``divide_line`` in Textual's Content and Rich's Text (once; not when
    ``COACH_KINSOKU=off``). True when it is in place."""
    if not enabled():
        return False
    for module in _PATCHED:
        module.divide_line = divide_line  # type: ignore[attr-defined]
    return True


def uninstall() -> None:
    """Back to Rich's own ``divide_line`` (for tests and comparisons)."""
    for module in _PATCHED:
        module.divide_line = rich_divide_line  # type: ignore[attr-defined]


def installed() -> bool:
    return all(getattr(module, "divide_line", None) is divide_line for module in _PATCHED)
