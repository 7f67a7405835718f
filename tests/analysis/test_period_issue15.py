"""Issue 15: seasonality uses the period's years; other currencies are never dropped."""

from __future__ import annotations

import pytest

from coach.analysis.period import PeriodError, parse_rates, period_review

from .test_period import LOG, D


def test_seasonality_defaults_to_the_periods_years():
    r = period_review(LOG, "2025-Q2")
    assert r.season_years == [2025]
    assert list(r.seasonality.columns) == ["2025", "all"]
    # 2025 wins: Jan 100, Apr 100, May 300, Jun 200 — 2024's January 400 is not in it
    assert r.seasonality.loc[1, "all"] == pytest.approx(100 / 700)


def test_seasonality_over_every_year_when_asked():
    r = period_review(LOG, "2025-Q2", season_years="all")
    assert r.season_years == [2024, 2025]
    assert r.seasonality.loc[1, "all"] == pytest.approx(500 / 1200)
    assert period_review(LOG, "2025-Q2", season_years=[2024]).season_years == [2024]


USD_WIN = D("won", 1200.0, "2025-04-01", "2025-04-02", currency="USD", product="fund")


def test_a_deal_in_another_currency_keeps_its_amount_apart():
    r = period_review([*LOG, USD_WIN], "2025-Q2")
    t = r.totals
    assert t.won_amount == 600.0 and t.currency == "CNY"
    assert t.other_amounts["USD"]["won_amount"] == 1200.0
    assert r.by_product.loc["fund", "won_amount"] == 300.0
    assert r.by_product.loc["fund", "won_amount_USD"] == 1200.0
    assert r.by_month.loc["2025-04", "won_amount_USD"] == 1200.0
    assert r.by_owner["won_amount_USD"].sum() == 1200.0


def test_a_rate_converts_and_is_kept():
    r = period_review([*LOG, USD_WIN], "2025-Q2", rates={"USD": 7.2})
    t = r.totals
    assert t.won_amount == pytest.approx(600.0 + 1200 * 7.2)
    assert t.rates == {"USD": 7.2} and t.converted == 1 and t.other_currency == 0
    assert not t.other_amounts
    assert r.by_product.loc["fund", "won_amount"] == pytest.approx(300.0 + 8640.0)
    assert "won_amount_USD" not in r.by_product.columns


def test_a_rate_for_a_currency_not_in_the_period_is_not_stated():
    assert period_review(LOG, "2025-Q2", rates={"USD": 7.2}).totals.rates == {}


def test_rates_are_read_or_refused_in_one_line():
    assert parse_rates(["usd=7.2", " eur = 7.8 "]) == {"USD": 7.2, "EUR": 7.8}
    for bad in ("USD", "USD=x", "USD=-1", "DOLLAR=7", "USD=inf"):
        with pytest.raises(PeriodError) as err:
            parse_rates([bad])
        assert bad in str(err.value) and "\n" not in str(err.value)
