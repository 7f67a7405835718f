"""Problems found in content, one per line, like a compiler's: ``path:line:col: error: message``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]

#: Control characters (a newline, a terminal escape) shown as escapes: a key or value quoted in a
#: message must never start a forged second diagnostic line or drive the terminal.
_VISIBLE = {
    c: repr(chr(c))[1:-1]
    for c in (*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029)
    if c != 0x09
}


def visible(text: str) -> str:
    """``text`` on one line with its control characters written as escapes (``\\n``, ``\\x1b``)."""
    return text.translate(_VISIBLE)


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    path: str
    line: int
    col: int
    severity: Severity = field(compare=False)
    message: str = field(compare=False)

    def __str__(self) -> str:
        text = f"{self.path}:{self.line}:{self.col}: {self.severity}: {self.message}"
        return visible(text)

    def to_data(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "message": self.message,
        }


def has_errors(diags: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diags)
