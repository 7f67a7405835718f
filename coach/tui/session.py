"""What every screen needs: the loaded content, the profile's store, the language, a clock.

Built once at launch. The clock is injectable so tests (and snapshots) see a fixed time.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.content import ContentIndex

if TYPE_CHECKING:
    from coach.store import Store


@dataclass
class Session:
    content: ContentIndex
    lang: str = "zh"
    profile: str = ""
    clock: Callable[[], dt.datetime] = field(default=dt.datetime.now)
    store: Store | None = None  # None only where no profile could be opened
    read_only: bool = False  # another process holds the store, or the user asked
    class_mode: bool = False  # time limits from the curriculum apply
    notices: list[str] = field(default_factory=list)  # said once the first screen is up

    def today(self) -> dt.date:
        return self.clock().date()
