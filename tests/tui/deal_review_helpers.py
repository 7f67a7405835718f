"""A small deal log and a finished earlier review, seeded into the test app's store."""

from __future__ import annotations

import datetime as dt

from coach.deal_review.lessons import new_lesson
from coach.domain.records import Action, Deal, Review

FIRST_LESSON = dt.datetime(2026, 3, 1, 9, 0)  # due again on 2 March: due at the fixed clock


def seed(store) -> dict[str, str]:
    """Deals in Q1 2026 (the fixed clock is 2026-03-10) and one earlier review with an open
    action that is overdue; returns the ids the tests use."""
    deals = store.deals.save_many(
        [
            Deal(client="Mrs Li", product="annuity", amount=200_000.0, target=300_000.0,
                 outcome="lost", loss_type="unknown", stage="proposal", opened="2026-01-05",
                 closed="2026-02-20", loss_reason="price"),
            Deal(client="Mr Wu", product="annuity", amount=100_000.0, outcome="won",
                 opened="2026-01-01", closed="2026-01-11", owner="Lin"),
            Deal(client="Ms Xu", product="fund", amount=50_000.0, outcome="lost",
                 loss_type="no_decision", opened="2025-12-01", closed="2026-03-02",
                 loss_reason="timing", owner="Lin"),
            Deal(client="Mr He", product="fund", amount=80_000.0, outcome="won",
                 opened="2025-01-10", closed="2025-02-01", owner="Lin"),
        ]
    )  # fmt: skip
    old = store.reviews.save(
        Review(subject="deal", title="Lost: Mr Zhao", status="done",
               extra={"finished": "2026-02-01T10:00:00"})
    )  # fmt: skip
    action = store.actions.save(
        Action(review_id=old.id, text="Call every no-decision client back", owner="me",
               due="2026-03-05", measure="10 calls")
    )  # fmt: skip
    old.action_ids = [action.id]
    store.reviews.save(old)
    store.actions.save(
        Action(review_id=old.id, text="Send the fee comparison sheet", owner="me",
               due="2026-03-30", measure="sheet sent")
    )  # fmt: skip
    store.lessons.save(new_lesson("Ask who else decides before the proposal", FIRST_LESSON))
    store.lessons.save(new_lesson("Bring the fee sheet to every meeting", dt.datetime(2026, 3, 10)))
    return {"lost": deals[0].id, "won": deals[1].id, "old_action": action.id, "old": old.id}
