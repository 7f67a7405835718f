"""Actions to closure (执行与跟踪): which list an action is on today, and its follow-up.

At or after its due date an open action asks: done? did it work (1–5) and a note. Dropping an
action closes it too, with the note saying why; "not yet" moves the due date on.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal

from coach.domain.records import Action
from coach.i18n import tr

Bucket = Literal["overdue", "due_soon", "open", "done", "dropped"]
BUCKETS: tuple[Bucket, ...] = ("overdue", "due_soon", "open", "done", "dropped")
SOON_DAYS = 7


def bucket_label(bucket: str) -> str:
    return {
        "overdue": tr("已逾期", "Overdue"),
        "due_soon": tr("即将到期", "Due soon"),
        "open": tr("进行中", "Open"),
        "done": tr("已完成", "Done"),
        "dropped": tr("已放弃", "Dropped"),
    }[bucket]


#: "Did it work?" on a scale of 1 to 5.
WORKED_LABELS: dict[int, tuple[str, str]] = {
    1: ("没有效果", "Did not work"),
    2: ("效果很小", "Barely"),
    3: ("有些效果", "Somewhat"),
    4: ("效果明显", "Clearly"),
    5: ("效果很好", "Very well"),
}


def worked_label(value: int | None) -> str:
    if value is None or value not in WORKED_LABELS:
        return "—"
    return tr(*WORKED_LABELS[value])


def due_date(action: Action) -> date | None:
    try:
        return date.fromisoformat(action.due[:10]) if action.due else None
    except ValueError:
        return None


def bucket_of(action: Action, today: date, soon_days: int = SOON_DAYS) -> Bucket:
    if action.status == "done":
        return "done"
    if action.status == "dropped":
        return "dropped"
    due = due_date(action)
    if due is None:
        return "open"
    if due < today:
        return "overdue"
    if due <= today + timedelta(days=soon_days):
        return "due_soon"
    return "open"


def needs_follow_up(action: Action, today: date) -> bool:
    """An open action on or after its due date asks whether it was done and whether it worked."""
    due = due_date(action)
    return action.status == "open" and due is not None and due <= today


def grouped(actions: Iterable[Action], today: date) -> dict[Bucket, list[Action]]:
    """Every action under its bucket; open ones by due date, closed ones most recent first."""
    out: dict[Bucket, list[Action]] = {b: [] for b in BUCKETS}
    for a in actions:
        out[bucket_of(a, today)].append(a)
    for b in ("overdue", "due_soon", "open"):
        out[b].sort(key=lambda a: (a.due or "9999", a.text))
    for b in ("done", "dropped"):
        out[b].sort(key=lambda a: (a.closed, a.text), reverse=True)
    return out


FollowUp = Literal["done", "dropped", "not_yet"]


def follow_up(
    action: Action,
    outcome: FollowUp,
    today: date,
    *,
    worked: int | None = None,
    note: str = "",
    new_due: date | None = None,
) -> Action:
    """A copy of ``action`` closed (done / dropped) or moved on ("not yet": a new due date,
    a week from today unless given). ``worked`` is 1..5 and only kept for a done action."""
    if worked is not None and not 1 <= worked <= 5:
        raise ValueError(tr("效果评分要在 1 到 5 之间", "'Did it work' must be 1 to 5"))
    note = note.strip()
    if outcome == "done":
        return dataclasses.replace(
            action, status="done", closed=today.isoformat(), worked=worked, note=note or action.note
        )
    if outcome == "dropped":
        return dataclasses.replace(
            action,
            status="dropped",
            closed=today.isoformat(),
            worked=None,
            note=note or action.note,
        )
    due = new_due or today + timedelta(days=7)
    return dataclasses.replace(action, status="open", due=due.isoformat(), note=note or action.note)
