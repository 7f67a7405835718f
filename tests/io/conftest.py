"""Shared fixtures for the deal import tests: the real CRM export and an in-memory deal store."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from coach.domain.records import Deal
from coach.i18n import set_lang

REPO = Path(__file__).parents[2]
CRM_CANDIDATES = (
    REPO / ".." / "shared" / "data" / "crm-sales-opportunities" / "sales_pipeline.csv",
    Path("/work/shared/data/crm-sales-opportunities/sales_pipeline.csv"),
)


def crm_export() -> Path | None:
    for path in CRM_CANDIDATES:
        if path.is_file():
            return path.resolve()
    return None


@pytest.fixture
def crm_csv() -> Path:
    path = crm_export()
    if path is None:
        pytest.skip("the real CRM export (../shared/data/crm-sales-opportunities) is not here")
    return path


@pytest.fixture(autouse=True)
def english():
    set_lang("en")
    yield
    set_lang("en")


class FakeDeals:
    """The part of coach.store's deal repository the import uses, in memory, rev-checked."""

    def __init__(self) -> None:
        self.rows: dict[str, Deal] = {}
        self.calls: list[int] = []

    def list(self, where=None) -> list[Deal]:
        deals = [dataclasses.replace(d) for d in self.rows.values()]
        return [d for d in deals if where is None or where(d)]

    def get(self, deal_id: str) -> Deal | None:
        d = self.rows.get(deal_id)
        return dataclasses.replace(d) if d else None

    def save_many(self, deals: list[Deal]) -> list[Deal]:
        self.calls.append(len(deals))
        for d in deals:
            held = self.rows.get(d.id)
            if (held.rev if held else 0) != d.rev:
                raise RuntimeError(f"stale revision of {d.id}")
        out = []
        for d in deals:
            saved = dataclasses.replace(d, rev=d.rev + 1)
            self.rows[d.id] = saved
            out.append(saved)
        return out

    def save(self, deal: Deal) -> Deal:
        return self.save_many([deal])[0]


@pytest.fixture
def fake_deals() -> FakeDeals:
    return FakeDeals()
