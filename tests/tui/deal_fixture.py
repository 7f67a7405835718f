"""A small, fixed deal log for the Deals screen's Pilot and snapshot tests."""

from __future__ import annotations

from coach.domain.records import Deal

DEALS = [
    Deal(id="d01", client="王女士", product="增额终身寿险", amount=500_000.0, outcome="won",
         opened="2026-01-05", closed="2026-02-12", tags=["开门红"], stage="Closed Won"),
    Deal(id="d02", client="李先生", product="年金险", amount=300_000.0, outcome="lost",
         loss_type="competitor", competitor="平安", closed="2026-02-20", loss_reason="价格",
         tags=["开门红", "老客户"]),
    Deal(id="d03", client="张总", product="私募基金", amount=3_000_000.0, outcome="open",
         opened="2026-03-02", stage="Proposal"),
    Deal(id="d04", client="Mr Smith", product="term life", amount=1_200.0, currency="USD",
         outcome="won", closed="2025-11-30", tags=["q4"]),
    Deal(id="d05", client="陈小姐", product="定期存款", amount=80_000.5, outcome="lost",
         loss_type="no_decision", closed="2025-12-18"),
    Deal(id="d06", client="Acme Ltd", product="corporate deposit", amount=None, outcome="open",
         opened="2026-03-08", tags=["pilot"], notes="needs a second meeting"),
    Deal(id="d07", client="刘阿姨", product="养老年金", amount=150_000.0, outcome="won",
         closed="2025-06-01", tags=["养老"]),
]  # fmt: skip


def seed(store) -> None:
    """Save the fixture deals (fresh copies, so tests never share one object)."""
    import dataclasses

    store.deals.save_many([dataclasses.replace(d, tags=list(d.tags)) for d in DEALS])


def make_deals_app(lang: str = "en", deals: bool = True):
    """The app on an empty content index (the Deals screen needs no cases) with the fixture
    deals in the isolated store, the fixed clock of ``helpers``."""
    from coach import i18n, paths
    from coach.content.index import ContentIndex
    from coach.store import open_store
    from coach.tui.app import CoachApp
    from coach.tui.localise import _apply, _registry
    from coach.tui.session import Session

    from .helpers import fixed_clock

    i18n.set_lang(lang)
    for cls in _registry:  # bindings follow the language chosen for this test
        _apply(cls)
    store = open_store(paths.data_root(), "tester", daily_backup=False)
    if deals:
        seed(store)
    session = Session(
        content=ContentIndex(), lang=lang, profile="tester", clock=fixed_clock, store=store
    )
    return CoachApp(session)
