"""What the engine found, shown as the trainee wrote it.

The engine matches in a folded form (case-folded, full-width as half-width, Traditional as
Simplified, spaces collapsed) and reports what it matched in that form: "c组" where the trainee
wrote "C组", "," for "，". ``Written`` folds the trainee's texts character by character,
keeping where each folded character came from, so a matched term or snippet is found again and
answered with the characters as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from coach.review.normalize import normalize

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _fold(ch: str) -> str:
    return " " if ch.isspace() else normalize(ch)


def fold(text: str) -> str:
    """``text`` in the form ``Written`` searches: the matching form, spaces collapsed."""
    return _SPACES.sub(" ", "".join(_fold(ch) for ch in text))


class _Folded:
    __slots__ = ("origin", "text", "written")

    def __init__(self, written: str) -> None:
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(written):
            f = _fold(ch)
            if f == " " and chars and chars[-1] == " ":
                continue
            for c in f:
                chars.append(c)
                origin.append(i)
        self.written = written
        self.text = "".join(chars)
        self.origin = origin

    def spans(self, term: str) -> list[tuple[int, int]]:
        """Where ``term`` (folded) occurs, as offsets into the written text."""
        out: list[tuple[int, int]] = []
        if not term:
            return out
        start = self.text.find(term)
        while start >= 0:
            end = start + len(term)
            out.append((self.origin[start], self.origin[end - 1] + 1))
            start = self.text.find(term, end)
        return out


class Written:
    """The trainee's texts, searchable in the engine's matching form."""

    def __init__(self, texts: Iterable[str]) -> None:
        self._texts = [_Folded(t) for t in texts if t and t.strip()]

    def find(self, matched: str) -> str | None:
        """``matched`` (the engine's form) as first written in the texts, or None."""
        term = fold(matched).strip()
        for t in self._texts:
            spans = t.spans(term)
            if spans:
                a, b = spans[0]
                return t.written[a:b]
        return None

    def show(self, matched: str) -> str:
        """``matched`` as written when it can be found, else as the engine gave it."""
        return self.find(matched) or matched.strip()

    def snippet(self, snippet: str) -> str:
        """An engine snippet (``…a window of the answer…``) as written, where it is found."""
        core = snippet.strip()
        head = core.startswith("…")
        tail = core.endswith("…")
        core = core.strip("…").strip()
        found = self.find(core)
        if found is None:
            return snippet.strip()
        return ("…" if head else "") + _SPACES.sub(" ", found).strip() + ("…" if tail else "")


def spans_in(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    """Every occurrence in ``text`` of ``terms`` (the engine's form), as offsets into ``text``,
    sorted, overlaps dropped."""
    folded = _Folded(text)
    found = sorted({s for t in terms if t and t.strip() for s in folded.spans(fold(t).strip())})
    out: list[tuple[int, int]] = []
    for a, b in found:
        if out and a < out[-1][1]:
            if b > out[-1][1] and a == out[-1][0]:
                out[-1] = (a, b)  # the longer of two starting together
            continue
        out.append((a, b))
    return out


__all__ = ["Written", "fold", "spans_in"]
