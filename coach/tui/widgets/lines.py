"""Styled lines from a markup template and values that may hold any text (escaped here)."""

from __future__ import annotations

from textual.content import Content
from textual.markup import escape


def line(template: str, **values: object) -> Content:
    """``template`` is markup with ``{name}`` fields (theme colours as ``[$hit]``); values are
    inserted as plain text, so brackets in what a person wrote never turn into markup."""
    if not values:
        return Content.from_markup(template)
    return Content.from_markup(template.format(**{k: escape(str(v)) for k, v in values.items()}))
