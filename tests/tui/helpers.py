"""Build the app on the small fixture bank, in a chosen language, for Pilot and snapshot tests."""

from __future__ import annotations

from pathlib import Path

from coach import i18n
from coach.content import load_content
from coach.tui.app import CoachApp
from coach.tui.session import Session

FIXTURE_CONTENT = Path(__file__).resolve().parents[1] / "fixtures" / "content"


def make_app(lang: str = "en", roots: list[Path] | None = None, start_case: str | None = None) -> CoachApp:
    i18n.set_lang(lang)
    from coach.tui.localise import _registry, _apply

    for cls in _registry:  # bindings follow the language chosen for this test
        _apply(cls)
    content = load_content(roots or [FIXTURE_CONTENT], cache=False)
    return CoachApp(Session(content=content, lang=lang, profile="tester"), start_case=start_case)
