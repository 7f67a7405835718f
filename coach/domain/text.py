"""Localised text: a plain string or a {zh: …, en: …} mapping, as instructors write it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

LANGS: tuple[str, ...] = ("zh", "en")


@dataclass(frozen=True, slots=True)
class LText:
    """Text in one or more languages.

    ``plain`` holds a string written without a language (shown to everyone);
    ``by_lang`` holds the per-language versions. ``get`` falls back so that a
    reader always sees something rather than nothing.
    """

    by_lang: Mapping[str, str] = field(default_factory=dict)
    plain: str | None = None

    @classmethod
    def of(cls, value: str | Mapping[str, str] | LText | None) -> LText:
        if value is None:
            return cls()
        if isinstance(value, LText):
            return value
        if isinstance(value, str):
            return cls(plain=value)
        return cls(by_lang=dict(value))

    def get(self, lang: str = "zh") -> str:
        if lang in self.by_lang:
            return self.by_lang[lang]
        if self.plain is not None:
            return self.plain
        for other in LANGS:
            if other in self.by_lang:
                return self.by_lang[other]
        return next(iter(self.by_lang.values()), "")

    def langs(self) -> set[str]:
        return set(self.by_lang)

    def all_texts(self) -> list[str]:
        """Every version, for search and matching across languages."""
        out = list(self.by_lang.values())
        if self.plain is not None:
            out.append(self.plain)
        return out

    def __bool__(self) -> bool:
        return bool(self.plain) or any(self.by_lang.values())

    def to_data(self) -> str | dict[str, str]:
        if self.plain is not None and not self.by_lang:
            return self.plain
        return dict(self.by_lang)


def has_cjk(text: str) -> bool:
    """True when the text holds a CJK ideograph (used to tell Chinese keywords from English)."""
    return any("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf" for ch in text)
