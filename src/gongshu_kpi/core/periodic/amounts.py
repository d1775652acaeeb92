"""A period's own amount (当月, 当季) derived exactly from either basis (当月 or 累计).

A combined release (1-2月 published as one figure) stays one amount over its months; so does
the difference between two year-to-date figures with a month missing between them (1-4月
and 1-6月 give one 5-6月 amount). Nothing is ever split by guess.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.models import Basis, Kind
from gongshu_kpi.core.periodic.period import Period


@dataclass(frozen=True, slots=True, order=True)
class Amount:
    """What happened in a period alone: a month, a quarter, or a combined release."""

    period: Period
    value: Decimal


def period_amounts(
    values: Mapping[int, Decimal],
    basis: Basis,
    year: int,
    covers: Mapping[int, int] | None = None,
    kind: Kind = Kind.FLOW,
) -> tuple[Amount, ...]:
    """The own amounts of a flow's reported values (month -> value, as in ActualSeries).

    当月 basis: each value is its period's amount; `covers` (month -> first month of a
    combined release ending there) makes 1-2月 one amount. 累计 basis: each amount is the
    year-to-date value less the previous reported one, over the months between them.
    """
    if kind is Kind.STOCK:
        raise ValueError("时点数（存量）指标没有当月发生额：每月的数就是当月末的存量")
    months = sorted(values)
    if basis is Basis.MONTH:
        spans = covers or {}
        return tuple(Amount(Period(year, spans.get(m, m), m), values[m]) for m in months)
    amounts: list[Amount] = []
    previous_month, previous_value = 0, Decimal(0)
    for month in months:
        value = values[month]
        amounts.append(Amount(Period(year, previous_month + 1, month), value - previous_value))
        previous_month, previous_value = month, value
    return tuple(amounts)


def amount_over(amounts: Iterable[Amount], period: Period) -> Decimal | None:
    """The amount of a period (a quarter, a half-year, 1-N月) from amounts that tile it
    exactly; None when a month is missing or an amount reaches outside it (a 3-4月 release
    has no share in 一季度 that could be known)."""
    inside = sorted(a for a in amounts if a.period.year == period.year)
    total = Decimal(0)
    expected = period.first
    for amount in inside:
        if amount.period.last < period.first or amount.period.first > period.last:
            continue
        if amount.period.first != expected or amount.period.last > period.last:
            return None
        total += amount.value
        expected = amount.period.last + 1
    return total if expected == period.last + 1 else None


def ytd_from_amounts(amounts: Iterable[Amount]) -> dict[int, Decimal]:
    """Year-to-date at the end of each amount's period, from January while no month is
    missing (the same rule as rollup.to_ytd)."""
    ytd: dict[int, Decimal] = {}
    total = Decimal(0)
    expected = 1
    for amount in sorted(amounts):
        if amount.period.first != expected:
            break
        total += amount.value
        ytd[amount.period.last] = total
        expected = amount.period.last + 1
    return ytd


def amount_of(amounts: Iterable[Amount], period: Period) -> Amount | None:
    """The amount reported for exactly this period, if there is one."""
    return next((a for a in amounts if a.period == period), None)


def release_containing(amounts: Iterable[Amount], period: Period) -> Amount | None:
    """The longer amount a period lies inside (February inside a 1-2月 release), if any."""
    return next(
        (a for a in amounts if a.period != period and a.period.contains(period)),
        None,
    )
