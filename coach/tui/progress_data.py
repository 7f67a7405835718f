"""What Home, Learn and Progress read from the store, in one call each, for thread workers.

Screens call these from a worker (never on the UI thread) and post the result back.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from coach.analysis.progress import Progress, compute_progress
from coach.domain.records import Action, Lesson

if TYPE_CHECKING:
    from coach.tui.session import Session


@dataclass(slots=True)
class HomeData:
    progress: Progress
    actions: list[Action] = field(default_factory=list)  # open and due by today
    lessons: list[Lesson] = field(default_factory=list)  # due by today
    problem: str = ""  # a store that could not be read: said, not raised


def load_progress(session: Session) -> Progress:
    store = session.store
    if store is None:
        return compute_progress(session.content, [], [])
    return compute_progress(session.content, store.attempts.list(), store.drafts.list())


def load_home(session: Session) -> HomeData:
    """Progress plus the actions and lessons due today (empty until deal reviews make some)."""
    try:
        progress = load_progress(session)
    except Exception as exc:  # a damaged store: Home still opens and says so
        return HomeData(compute_progress(session.content, [], []), problem=str(exc))
    store = session.store
    if store is None:
        return HomeData(progress)
    today = session.today().isoformat()
    try:
        actions = store.actions.list(
            lambda a: a.status == "open" and bool(a.due) and a.due[:10] <= today
        )
        lessons = store.lessons.list(lambda le: bool(le.due) and le.due[:10] <= today)
    except Exception as exc:
        return HomeData(progress, problem=str(exc))
    actions.sort(key=lambda a: (a.due, a.text))
    lessons.sort(key=lambda le: (le.due, le.text))
    return HomeData(progress, actions, lessons)
