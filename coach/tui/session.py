"""What every screen needs: the loaded content, the language, a clock. Built once at launch."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from coach.content import ContentIndex


@dataclass
class Session:
    content: ContentIndex
    lang: str = "zh"
    profile: str = ""
    clock: Callable[[], dt.datetime] = field(default=dt.datetime.now)
    store: object | None = None  # coach.store.Store once the profile is open
