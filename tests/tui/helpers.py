"""Build the app on the small fixture bank, in a chosen language, for Pilot and snapshot tests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from coach import i18n, paths
from coach.content import load_content
from coach.store import open_store
from coach.tui.app import CoachApp
from coach.tui.session import Session

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def make_app(
    lang: str = "en",
    roots: list[Path] | None = None,
    start_case: str | None = None,
    practice: bool = False,
) -> CoachApp:
    i18n.set_lang(lang)
    from coach.tui.localise import _apply, _registry

    for cls in _registry:  # bindings follow the language chosen for this test
        _apply(cls)
    content = load_content(roots or [FIXTURE_CONTENT], cache=False)
    store = open_store(paths.data_root(), "tester", daily_backup=False)
    session = Session(content=content, lang=lang, profile="tester", clock=fixed_clock, store=store)
    return CoachApp(session, start_case=start_case, practice=practice)


def fixed_clock() -> dt.datetime:
    """Every test sees the same moment: snapshots and due dates never drift."""
    return dt.datetime(2026, 3, 10, 9, 30)
