"""Many phrases over long text in one pass: an Aho–Corasick automaton over normalised terms.

Chinese terms match as substrings. An edge of a term that is an ASCII letter or digit must sit on
a word boundary, and the first and last English words of a term also match their simple inflections
(peak -> peaks / peaked / peaking, strategy -> strategies, stop -> stopped). Hyphen and space are
interchangeable inside English terms (risk-free = risk free).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import ahocorasick

from coach.review.normalize import is_word_char, normalize_term

_VOWELS = frozenset("aeiou")


def inflections(word: str) -> set[str]:
    """Simple English endings of one word: plural, -ed, -ing (with the usual spelling changes)."""
    out = {word}
    if len(word) < 3 or not word.isalpha():
        return out
    out |= {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and word[-2] not in _VOWELS:
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    if (
        len(word) <= 5
        and word[-1] not in _VOWELS | {"w", "x", "y"}
        and word[-2] in _VOWELS
        and word[-3] not in _VOWELS
    ):
        out |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    return out


def variants(norm_term: str) -> set[str]:
    """Every surface form a normalised term matches as."""
    forms = {norm_term}
    if "-" in norm_term and any(is_word_char(c) for c in norm_term):
        forms.add(norm_term.replace("-", " "))
    elif " " in norm_term and norm_term.isascii():
        forms.add(norm_term.replace(" ", "-"))
    out: set[str] = set()
    for form in forms:
        words = form.split(" ")
        last = words[-1]
        lasts = inflections(last) if last.isascii() and last.isalpha() else {last}
        first = words[0]
        firsts = (
            inflections(first)
            if len(words) > 1 and first.isascii() and first.isalpha()
            else {first}
        )
        middle = " ".join(words[1:-1])
        for f in firsts:
            for la in lasts:
                out.add(la if len(words) == 1 else " ".join(w for w in (f, middle, la) if w))
    return out


@dataclass(frozen=True, slots=True)
class Hit:
    """One match in normalised text: which entry, where (end exclusive), the words found."""

    entry: int
    start: int
    end: int
    text: str


class PhraseMatcher:
    """Finds every occurrence of many terms in one pass; each term is tagged with an entry id."""

    def __init__(self, entries: Iterable[tuple[int, str]]):
        self._automaton = ahocorasick.Automaton()
        table: dict[str, list[int]] = {}
        for entry, term in entries:
            norm = normalize_term(term)
            if not norm:
                continue
            for form in variants(norm):
                table.setdefault(form, [])
                if entry not in table[form]:
                    table[form].append(entry)
        for form, ids in table.items():
            self._automaton.add_word(form, (form, tuple(ids)))
        self.empty = not table
        if not self.empty:
            self._automaton.make_automaton()

    def iter(self, text: str) -> Iterator[Hit]:
        """Hits in ``text`` (already normalised), boundaries checked."""
        if self.empty or not text:
            return
        n = len(text)
        for end, (form, ids) in self._automaton.iter(text):
            start = end - len(form) + 1
            if is_word_char(form[0]) and start > 0 and is_word_char(text[start - 1]):
                continue
            if is_word_char(form[-1]) and end + 1 < n and is_word_char(text[end + 1]):
                continue
            for entry in ids:
                yield Hit(entry, start, end + 1, form)
