"""The period's own amount (当月, 当季) from either basis; combined releases kept whole."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.models import ActualSeries, Basis, Kind
from gongshu_kpi.core.periodic.amounts import (
    Amount,
    amount_over,
    period_amounts,
    release_containing,
    ytd_from_amounts,
)
from gongshu_kpi.core.periodic.period import Period, label
from gongshu_kpi.core.rollup import to_ytd

D = Decimal


def test_combined_release_from_monthly_amounts_stays_one_amount() -> None:
    """A 1-2月 release (当月 basis, covers {2: 1}) is one two-month amount labelled 1-2月."""
    amounts = period_amounts({2: D("18.5"), 3: D("11.2")}, Basis.MONTH, 2021, {2: 1})
    assert amounts == (
        Amount(Period(2021, 1, 2), D("18.5")),
        Amount(Period(2021, 3, 3), D("11.2")),
    )
    assert [label(a.period) for a in amounts] == ["1-2月", "3月"]
    assert release_containing(amounts, Period.month(2021, 1)) == amounts[0]
    assert release_containing(amounts, Period.month(2021, 3)) is None


def test_amounts_from_cumulative_values() -> None:
    """累计 1-2月 18.5, 1-3月 29.7, 1-4月 40.00 → 1-2月 18.5, 3月 11.2, 4月 10.30 — and a
    missing May makes June's difference one 5-6月 amount, never split."""
    values = {2: D("18.5"), 3: D("29.7"), 4: D("40.00"), 6: D("61.00")}
    amounts = period_amounts(values, Basis.YTD, 2021)
    assert [(label(a.period), str(a.value)) for a in amounts] == [
        ("1-2月", "18.5"),
        ("3月", "11.2"),
        ("4月", "10.30"),
        ("5-6月", "21.00"),
    ]


def test_quarterly_amounts_and_sums() -> None:
    """Quarterly 累计 1-3月 120, 1-6月 260 → 一季度 120, 二季度 140; sums over periods that
    amounts tile, None where a release reaches across the boundary or a month is missing."""
    amounts = period_amounts({3: D(120), 6: D(260)}, Basis.YTD, 2021)
    assert amounts == (Amount(Period(2021, 1, 3), D(120)), Amount(Period(2021, 4, 6), D(140)))
    assert amount_over(amounts, Period(2021, 4, 6)) == D(140)
    assert amount_over(amounts, Period(2021, 1, 6)) == D(260)
    assert amount_over(amounts, Period(2021, 1, 9)) is None
    assert amount_over(amounts, Period(2021, 1, 2)) is None  # inside 一季度: unknowable
    monthly = period_amounts({2: D(5), 4: D(3)}, Basis.MONTH, 2021, {4: 3})
    assert amount_over(monthly, Period(2021, 1, 3)) is None  # 3-4月 straddles 一季度
    assert amount_over(monthly, Period(2022, 3, 4)) is None  # another year


def test_stock_has_no_monthly_amount() -> None:
    """A stock's value is a level at month end: asking for its 当月 amount is an error."""
    with pytest.raises(ValueError, match="时点数"):
        period_amounts({1: D(5)}, Basis.YTD, 2021, kind=Kind.STOCK)


_AMOUNT = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False)


@given(st.lists(_AMOUNT, min_size=1, max_size=12), st.sets(st.integers(1, 11), max_size=5))
def test_amounts_summed_give_the_year_to_date(values: list[Decimal], cut: set[int]) -> None:
    """当月 amounts summed give the year-to-date, whichever basis they were derived from, with
    combined releases anywhere (a month of `cut` starts a release that ends the next month)."""
    ytd_values: dict[int, Decimal] = {}
    total = D(0)
    for month, value in enumerate(values, start=1):
        total += value
        ytd_values[month] = total
    from_ytd = period_amounts(ytd_values, Basis.YTD, 2021)
    assert ytd_from_amounts(from_ytd) == ytd_values
    # The same year reported as monthly amounts with some months released together.
    monthly: dict[int, Decimal] = {}
    covers: dict[int, int] = {}
    month = 1
    while month <= len(values):
        end = month + 1 if month in cut and month < len(values) else month
        monthly[end] = sum(values[month - 1 : end], D(0))
        if end != month:
            covers[end] = month
        month = end + 1
    amounts = period_amounts(monthly, Basis.MONTH, 2021, covers)
    expected = {m: ytd_values[m] for m in monthly}
    assert ytd_from_amounts(amounts) == expected
    series = ActualSeries(
        indicator_id="x",
        org="",
        year=2021,
        basis=Basis.MONTH,
        values=monthly,
        sources={},
        covers=covers,
    )
    assert ytd_from_amounts(amounts) == to_ytd(series, Kind.FLOW)  # the roll-up's own rule


def test_year_to_date_stops_at_a_missing_month() -> None:
    """当月 amounts for January, February and April: year-to-date at 1 and 2 only."""
    amounts = period_amounts({1: D(1), 2: D(2), 4: D(4)}, Basis.MONTH, 2021)
    assert ytd_from_amounts(amounts) == {1: D(1), 2: D(3)}
