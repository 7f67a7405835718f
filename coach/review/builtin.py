"""The built-in compliance lists (coach/content/builtin/compliance.yaml), read once.

The file is the one thing coach.review reads from disk; ``read_compliance_file`` is the only
function that touches it. Everything else works on the parsed data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from coach import paths
from coach.domain.content import AvoidPhrase, MustSay
from coach.domain.text import LText

_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # safe loading only


@dataclass(frozen=True, slots=True)
class Compliance:
    """Built-in avoid phrases and must-say disclosures, plus each phrase's "near" condition."""

    avoid: tuple[AvoidPhrase, ...] = ()
    must_say: tuple[MustSay, ...] = ()
    near: dict[str, tuple[str, ...]] = field(default_factory=dict)  # phrase -> words

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
    must = [
        MustSay(
            id=str(item["id"]),
            phrases=tuple(str(p) for p in item.get("phrases") or ()),
            reason=LText.of(item.get("reason")),
            rule=str(item.get("rule", "")),
        )
        for item in data.get("must_say") or ()
    ]
    return Compliance(tuple(avoid), tuple(must), near)


@cache
def builtin_compliance() -> Compliance:
    """The shipped lists, parsed once per process."""
    return compliance_from_data(read_compliance_file())
