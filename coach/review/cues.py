"""Cue-word patterns of the form ``ZH|\\b(?:EN)\\b``, searched as two patterns.

Python's regex engine scans fast for a pattern whose every branch starts with a literal (it
jumps to the characters that can begin a match), but one branch starting with ``\\b`` makes it
try the whole alternation at every position. Chinese branches never need a word boundary and
every English branch starts with a word character, where ``\\b`` just means "the character
before is not a word character" — so the English part is searched without it and that one
character is checked by hand. The result is the same match the combined pattern finds.
"""

from __future__ import annotations

import re


def _is_word(ch: str) -> bool:
    """What ``\\w`` matches in a str pattern."""
    return ch.isalnum() or ch == "_"


class CueWords:
    """``re.compile(f"{zh}|\\b(?:{en})\\b")``, faster; ``zh`` branches must not start with a
    word character that an ``en`` branch could also start with, and every ``en`` branch must
    start with a word character."""

    __slots__ = ("_en", "_zh", "pattern")

    def __init__(self, zh: str, en: str) -> None:
        self.pattern = rf"{zh}|\b(?:{en})\b"  # the equivalent single pattern
        self._zh = re.compile(zh)
        self._en = re.compile(rf"(?:{en})\b")

    def first(self, text: str) -> str:
        """The leftmost match's text, or ""."""
        m = self._zh.search(text)
        e = self._english(text, m.start() if m else len(text))
        if e is not None:
            return e.group(0)
        return m.group(0) if m else ""

    def found(self, text: str) -> bool:
        return self._zh.search(text) is not None or self._english(text, len(text)) is not None

    def _english(self, text: str, before: int) -> re.Match[str] | None:
        """The leftmost English match that starts on a word boundary, before ``before``."""
        pos = 0
        while True:
            e = self._en.search(text, pos)
            if e is None or e.start() >= before:
                return None
            start = e.start()
            if start == 0 or not _is_word(text[start - 1]):
                return e
            pos = start + 1
