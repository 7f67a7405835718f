"""The built-in compliance lists (coach/content/builtin/compliance.yaml), read once.

The file is the one thing coach.review reads from disk; ``read_compliance_file`` is the only
function that touches it. Everything else works on the parsed data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from coach import paths
from coach.domain.content import AvoidPhrase, MustSay
from coach.domain.text import LText

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe loading only


#: The highest total of an answer with a red-line breach (一票否决): below any pass mark, at the
#: level a senior trainer caps such an answer (shared/design/marking-scheme.md: "about 25").
REDLINE_CAP = 20.0


@dataclass(frozen=True, slots=True)
class RedLine:
    """A breach said in any words: patterns over normalised text, with the clause words that
    make a match a control rather than the breach (``unless``)."""

    id: str
    patterns: tuple[re.Pattern[str], ...]
    reason: LText
    rule: str
    scope: str = "own"  # own: a prohibition ("不许说…") exempts it; any: it does not
    unless: tuple[str, ...] = ()
    cap: float = REDLINE_CAP


@dataclass(frozen=True, slots=True)
class Compliance:
    """Built-in avoid phrases and must-say disclosures, plus each phrase's "near" condition,
    severity (warning, penalty, redline) and the red-line patterns."""

    avoid: tuple[AvoidPhrase, ...] = ()
    must_say: tuple[MustSay, ...] = ()
    near: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrase -> words
    severity: dict[str, str] = field(default_factory=dict)  # phrase -> redline (else by penalty)
    redlines: tuple[RedLine, ...] = ()
    product_claims: frozenset[str] = frozenset()  # superlatives: only a claim about a product
    wordings: tuple[tuple[str, ...], ...] = ()  # groups of ways to say one disclosure

    def must_say_by_id(self) -> dict[str, MustSay]:
        return {m.id: m for m in self.must_say}


def read_compliance_file(path: Path | None = None) -> dict[str, Any]:
    """Parse compliance.yaml (the file shipped with the package unless ``path`` is given)."""
    path = path or paths.builtin_dir() / "compliance.yaml"
    with open(path, encoding="utf-8") as fh:
        data = yaml.load(fh, Loader=_SafeLoader)
    return data if isinstance(data, dict) else {}


def compliance_from_data(data: dict[str, Any]) -> Compliance:
    """Turn the parsed file into content records (source ``builtin``)."""
    avoid: list[AvoidPhrase] = []
    near: dict[str, tuple[str, ...]] = {}
    severity: dict[str, str] = {}
    claims: set[str] = set()
    for item in data.get("avoid") or ():
        phrase = str(item["phrase"])
        avoid.append(
            AvoidPhrase(
                phrase=phrase,
                penalty=float(item.get("penalty", 0)),
                reason=LText.of(item.get("reason")),
                rule=str(item.get("rule", "")),
                allow=tuple(str(a) for a in item.get("allow") or ()),
                source="builtin",
            )
        )
        if item.get("near"):
            near[phrase] = tuple(str(w) for w in item["near"])
        if item.get("severity"):
            severity[phrase] = str(item["severity"])
        if item.get("claim") == "product":
            claims.add(phrase)
    must = [
        MustSay(
            id=str(item["id"]),
            phrases=tuple(str(p) for p in item.get("phrases") or ()),
            reason=LText.of(item.get("reason")),
            rule=str(item.get("rule", "")),
        )
        for item in data.get("must_say") or ()
    ]
    redlines = tuple(
        RedLine(
            id=str(item["id"]),
            patterns=tuple(re.compile(str(p)) for p in item.get("patterns") or ()),
            reason=LText.of(item.get("reason")),
            rule=str(item.get("rule", "")),
            scope=str(item.get("scope", "own")),
            unless=tuple(str(w).casefold() for w in item.get("unless") or ()),
            cap=float(item.get("cap", REDLINE_CAP)),
        )
        for item in data.get("redlines") or ()
    )
    wordings = tuple(
        tuple(str(w) for w in group) for group in data.get("must_say_wordings") or () if group
    )
    return Compliance(
        tuple(avoid), tuple(must), near, severity, redlines, frozenset(claims), wordings
    )


@cache
def builtin_compliance() -> Compliance:
    """The shipped lists, parsed once per process."""
    return compliance_from_data(read_compliance_file())
