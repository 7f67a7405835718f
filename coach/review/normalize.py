"""Text normalisation for matching: one canonical form for answers, keywords and phrases.

Invisible characters dropped (``INVISIBLE``), NFKC (full-width -> half-width), Traditional read
as Simplified (OpenCC t2s), case folding, one form for quotes, dashes and spaces. Both sides of every comparison go through ``normalize``, so
零風險 matches 零风险 and ＧＵＡＲＡＮＴＥＥＤ matches guaranteed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import opencc

_T2S = opencc.OpenCC("t2s")

_PUNCT = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u300e": '"',
        "\u300f": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u30fc": "-",
        "\u3002": "。",
        "\uff61": "。",
        "\t": " ",
        "\r": "\n",
        "\u00a0": " ",
        "\u3000": " ",
        "\x00": " ",
        "\u2028": "\n",
        "\u2029": "\n",
        "\x0b": "\n",
        "\x0c": "\n",
        "\x85": "\n",
    }
)
_SPACES = re.compile(r" {2,}")
_NEWLINES = re.compile(r"\n{3,}")

#: Characters that end a clause: a negation or a "near" word never reaches across them.
CLAUSE_BREAKS = frozenset(',.;:!?\n，。；：！？、()（）[]【】"')
#: Characters that end a sentence: keyword stuffing is judged sentence by sentence.
SENTENCE_BREAKS = frozenset("\n。!?;！？；")


def is_break(text: str, i: int) -> bool:
    """Does ``text[i]`` end a clause? (Not the point or comma inside a number: 4.5%, 1,200.)"""
    ch = text[i]
    if ch not in CLAUSE_BREAKS:
        return False
    return not (
        ch in ".," and 0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
    )


def _without_line_ends(text: str) -> str:
    return text.replace("\n", " ").replace("\t", " ").replace("\r", " ")


def _clean(text: str) -> str:
    """Drop what no converter accepts (lone surrogates, other control characters)."""
    if not text.isprintable() and not _without_line_ends(text).isprintable():
        text = text.encode("utf-8", "replace").decode("utf-8")
        text = "".join(ch if ch.isprintable() or ch in "\n\t\r" else " " for ch in text)
    return text


class _PunctTable(dict[int, str]):
    """``_PUNCT`` with every other character mapped to itself once seen: ``str.translate`` looks
    each character up, and a miss in a plain table costs far more than a hit."""

    def __missing__(self, code: int) -> str:
        self[code] = out = _PUNCT.get(code, chr(code))  # type: ignore[assignment]
        return out


_PUNCT_ALL = _PunctTable()
#: The characters ``_PUNCT`` changes; most texts hold none, and a search is cheaper than a pass.
_PUNCT_CHANGES = re.compile(
    "[" + re.escape("".join(chr(k) for k, v in _PUNCT.items() if v != chr(k))) + "]"
)


class _Composes(Exception):
    """A character whose NFKC form may depend on its neighbours."""


def _context_free(decomposed: str) -> bool:
    """Can no neighbour change this NFKD sequence? True for starters that never compose with a
    preceding character: Latin below U+0300, the CJK, symbol and full-width blocks. (The only
    canonical second halves in those ranges, U+3099/U+309A, are combining marks.)"""
    for ch in decomposed:
        o = ord(ch)
        if unicodedata.combining(ch) or not (
            o < 0x300 or 0x2000 <= o < 0xA000 or 0xF900 <= o < 0xFB00 or 0xFE30 <= o < 0xFFF0
        ):
            return False
    return True


class _NfkcTable(dict[int, str]):
    """NFKC character by character, for ``str.translate``: equal to NFKC of the whole text while
    every character is context-free (see ``_context_free``); any other raises ``_Composes``."""

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if not _context_free(unicodedata.normalize("NFKD", ch)):
            raise _Composes
        self[code] = out = unicodedata.normalize("NFKC", ch)
        return out


_NFKC = _NfkcTable()


#: Runs of characters NFKC may change: not ASCII, not the common CJK block.
_MAY_CHANGE = re.compile(r"[^\x00-\x7f\u3400-\u4dbf\u4e00-\u9fff]+")


def _nfkc_run(m: re.Match[str]) -> str:
    return m.group().translate(_NFKC)


def _nfkc(text: str) -> str:
    if text.isascii():
        return text
    try:
        return _MAY_CHANGE.sub(_nfkc_run, text)
    except _Composes:
        return unicodedata.normalize("NFKC", text)


#: Characters that show as nothing (zero-width space, non-joiner, joiner, word joiner, byte-order
#: mark, soft hyphen): dropped before anything else, so 客户\u200b分层 is 客户分层 and
#: guaran\u00adteed is guaranteed — a keyword with one pasted inside it is not missed.
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
_ANY_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def normalize(text: str) -> str:
    """The canonical matching form of ``text`` (lengths may change; never index the original)."""
    if not text:
        return ""
    if _ANY_INVISIBLE.search(text):
        text = text.translate(_DROP_INVISIBLE)
    text = _nfkc(_clean(text))
    text = _T2S.convert(text)
    text = text.casefold()
    if _PUNCT_CHANGES.search(text):
        text = text.translate(_PUNCT_ALL)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n\n", text) if "\n\n\n" in text else text


def to_simplified(text: str) -> str:
    """Traditional characters as Simplified, nothing else changed."""
    return _T2S.convert(_clean(text)) if text and not text.isascii() else text


@lru_cache(maxsize=4096)
def normalize_term(term: str) -> str:
    """A keyword or phrase in matching form; cached, terms repeat across calls."""
    return normalize(term).strip()


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def is_word_char(ch: str) -> bool:
    """ASCII letters and digits: the characters an English word boundary separates."""
    return ch.isascii() and ch.isalnum()


_LATIN_WORD = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


def text_units(text: str) -> int:
    """How much was written: one per Chinese character, two per English word or number."""
    cjk = sum(map(len, _CJK_RUN.findall(text)))  # runs, not characters: far fewer objects
    return cjk + 2 * len(_LATIN_WORD.findall(text.lower()))


_SENTENCE_END = re.compile(r"[\n。!?;！？；]|\.(?=\s|$)")


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of normalised text; "." ends one only before a space."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        i = m.start()
        if i > start:
            spans.append((start, i))
        start = i + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans
