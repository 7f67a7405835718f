"""Text from someone else's file, made safe to show: no terminal escapes, no hidden characters.

A bundle's profile name, a record's case id or a file name is written by whoever made the file.
Printed raw, ``ESC [ 2 J`` clears the instructor's terminal, ``ESC ] … BEL`` retitles it and a
right-to-left override reverses what follows; in a Markdown or HTML report the same characters hide
text. ``printable`` shows each such character as a visible escape (``\\x1b``, ``\\u202e``) instead,
so the text reads the same everywhere and nothing in it acts.
"""

from __future__ import annotations

import unicodedata

#: Categories never shown as themselves: controls (C0, DEL, C1 — ESC and CSI among them), format
#: characters (bidirectional overrides, zero-width), line and paragraph separators, surrogates.
_HIDDEN = frozenset({"Cc", "Cf", "Zl", "Zp", "Cs"})
#: The longest text shown for one value (a name, an id) before it is cut with "…".
MAX_SHOWN = 200


def _escape(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(text: object, limit: int | None = MAX_SHOWN) -> str:
    """``text`` with every control or invisible character shown as an escape; cut at ``limit``
    characters (None: never). Ordinary text — Chinese, spaces, punctuation — is unchanged."""
    s = text if isinstance(text, str) else str(text)
    if limit is not None and len(s) > limit:
        s = s[:limit] + "…"
    if s.isprintable():  # the usual case: nothing to escape (fast, C)
        return s
    return "".join(_escape(ch) if unicodedata.category(ch) in _HIDDEN else ch for ch in s)


def has_hidden(text: str) -> bool:
    """Whether ``text`` holds a character ``printable`` would escape."""
    return not text.isprintable() and any(unicodedata.category(ch) in _HIDDEN for ch in text)
