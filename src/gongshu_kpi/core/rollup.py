"""Series to year-to-date values, rolled up the org tree; provenance worked out on demand.

Values are kept as plain month -> Decimal maps: at a million rows, a tuple of source rows
per point cost more than everything else. `sources_at` walks the same rules backwards when
someone asks where a figure came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, Rounded, localcontext
from itertools import accumulate, islice
from operator import add

from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location, Problem

Values = dict[int, Decimal]  # month -> year-to-date value


class Point:
    """A year-to-date value at a month; `sources`, the rows behind it, found when read."""

    __slots__ = ("_find", "value")

    def __init__(self, value: Decimal, find: Callable[[], tuple[Location, ...]]) -> None:
        self.value = value
        self._find = find

    @property
    def sources(self) -> tuple[Location, ...]:
        return self._find()

    def __repr__(self) -> str:
        return f"Point({self.value})"


YtdSeries = dict[int, Point]  # month -> year-to-date point, as Facts hands them out


def _ytd_months(series: ActualSeries) -> list[int]:
    """The months whose monthly amounts add up to a year-to-date figure: every month from
    January on, a combined release (1-2月) covering its months once; a hole stops the sum."""
    months: list[int] = []
    expected = 1
    for month in series.values:
        if series.covers.get(month, month) != expected:
            break
        months.append(month)
        expected = month + 1
    return months


_FROM_JANUARY = list(range(1, 13))
_ZERO = Decimal(0)


def to_ytd(series: ActualSeries, kind: Kind) -> Values:
    """Year-to-date at each month the series can tell (stocks and 累计 already are)."""
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return series.values
    months = list(series.values)
    if not series.covers and months == _FROM_JANUARY[: len(months)]:
        # Nearly every series: one amount per month from January. The running totals are
        # the very additions of the loop below (0 + v1, then + v2, ...), done in C.
        totals = islice(accumulate(series.values.values(), initial=_ZERO), 1, None)
        return dict(zip(months, totals, strict=True))
    values: Values = {}
    total = Decimal(0)
    for month in _ytd_months(series):
        total += series.values[month]
        values[month] = total
    return values


def own_sources(series: ActualSeries, kind: Kind, month: int) -> tuple[Location, ...]:
    """The rows of one series behind its year-to-date value at `month`."""
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return (series.sources[month],)
    return tuple(series.sources[m] for m in _ytd_months(series) if m <= month)


def sum_series(parts: Iterable[Values]) -> Values:
    """Month by month sum, at the months every part with data has reached."""
    present = [p for p in parts if p]
    if not present:
        return {}
    if len(present) == 1:
        return present[0]
    months = set.intersection(*(set(p) for p in present))
    return {m: sum((p[m] for p in present), Decimal(0)) for m in sorted(months)}


def _sum_monthly(parts: list[ActualSeries] | None) -> Values | None:
    """sum_series of the parts' year-to-date series, adding each month's amounts across
    parts first and cumulating once, when that is sure to give the same Decimals; else None.

    Sure when every part has monthly amounts for exactly months 1..n in order (its
    year-to-date then runs 1..n, and the sum runs to the smallest n), no amount is negative
    (the loaders refuse negative amounts unless the indicator allows them; the caller
    checks that) and no addition here rounds. Exact sums do not depend on the order of
    the additions, digits and exponent included; and with no amount negative, each
    partial sum that sum_series and to_ytd would make is at most the total and has no more
    decimal places than it, so it fits the context's precision too and is exact as well.
    Half the additions, and no running-total dict per part.
    """
    if parts is None or len(parts) <= 1:
        return None
    for part in parts:
        if part.basis is not Basis.MONTH or part.covers:
            return None
        months = list(part.values)
        if months != _FROM_JANUARY[: len(months)]:
            return None
    last = min(len(part.values) for part in parts)
    with localcontext() as context:
        context.traps[Rounded] = True  # any rounding at all: let sum_series do it its way
        try:
            column = [_ZERO] * last
            for part in parts:
                column = list(map(add, column, part.values.values()))
            totals = islice(accumulate(column, initial=_ZERO), 1, None)
            return dict(zip(_FROM_JANUARY[:last], totals, strict=True))
        except Rounded:
            return None


class RolledValues(Mapping[str, Values]):
    """Every org's year-to-date series of one indicator and year, in roll-up order.

    A leaf org's series is worked out from its reported one each time it is read instead of
    being kept: at a million rows those running totals (a dict and a Decimal per value) were
    a quarter of the peak memory, and almost all of them are read once, to sum into the
    whole. Orgs with children keep their sums, which are few and read more often.
    """

    __slots__ = ("_kind", "_raw", "_values")

    def __init__(self, kind: Kind, raw: Mapping[str, ActualSeries]) -> None:
        self._kind = kind
        self._raw = raw
        self._values: dict[str, Values | None] = {}  # None: to_ytd of the org's own series

    def keep(self, org: str, values: Values) -> None:
        self._values[org] = values

    def derive(self, org: str) -> None:
        self._values[org] = None

    def latest(self) -> int | None:
        """The last month any org's series reaches, without working out derived sums."""
        return max((self._last(org, values) for org, values in self._values.items()), default=None)

    def _last(self, org: str, values: Values | None) -> int:
        if values is not None:
            return max(values)
        series = self._raw[org]
        if self._kind is Kind.STOCK or series.basis is Basis.YTD:
            return max(series.values)
        return _ytd_months(series)[-1]  # derive() is only called where there is one

    def derived(self, orgs: Iterable[str]) -> list[ActualSeries] | None:
        """The reported series of those of `orgs` that have values, if all are derived."""
        found: list[ActualSeries] = []
        for org in orgs:
            if org in self._values:
                if self._values[org] is not None:
                    return None
                found.append(self._raw[org])
        return found

    def __getitem__(self, org: str) -> Values:
        values = self._values[org]
        return to_ytd(self._raw[org], self._kind) if values is None else values

    def __contains__(self, org: object) -> bool:
        return org in self._values  # without working the values out

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def has_ytd(series: ActualSeries, kind: Kind) -> bool:
    """`bool(to_ytd(series, kind))` without the sums: is any year-to-date figure known?"""
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return bool(series.values)
    first = next(iter(series.values), None)
    return first is not None and series.covers.get(first, first) == 1  # as _ytd_months starts


def rollup(
    tree: OrgTree, indicator: Indicator, year: int, raw: Mapping[str, ActualSeries]
) -> tuple[RolledValues, list[Problem]]:
    """Every org's series: its own figures where reported, else the sum of its children.

    Where an org reports its own figure and its children's sum differs, that is a problem
    naming both numbers (the parent's figure is kept).
    """
    kind = indicator.kind
    rolled = RolledValues(kind, raw)
    problems: list[Problem] = []
    for org in tree.post_order():
        children = tree.children(org)
        series = raw.get(org)
        if not children:
            if series is not None and has_ytd(series, kind):
                rolled.derive(org)
            continue
        summed = None
        if kind is Kind.FLOW and not indicator.allow_negative:
            summed = _sum_monthly(rolled.derived(children))
        if summed is None:
            summed = sum_series(rolled[child] for child in children if child in rolled)
        mine = {} if series is None else to_ytd(series, kind)
        if summed and mine:
            for month in sorted(set(mine) & set(summed)):
                if mine[month] != summed[month]:
                    where = own_sources(raw[org], kind, month)[-1]
                    problems.append(
                        _mismatch(tree, indicator, year, org, month, mine, summed, where)
                    )
            rolled.keep(org, dict(sorted({**summed, **mine}.items())))
        elif mine or summed:
            rolled.keep(org, mine or summed)
    return rolled, problems


def sources_at(
    tree: OrgTree,
    kind: Kind,
    raw: Mapping[str, ActualSeries],
    rolled: Mapping[str, Values],
    org: str,
    month: int,
) -> tuple[Location, ...]:
    """The rows behind an org's rolled-up value at a month, by the rules `rollup` used."""
    series = raw.get(org)
    if series is not None and month in to_ytd(series, kind):
        return own_sources(series, kind, month)
    return tuple(
        location
        for child in tree.children(org)
        if rolled.get(child)
        for location in sources_at(tree, kind, raw, rolled, child, month)
    )


def _mismatch(
    tree: OrgTree,
    indicator: Indicator,
    year: int,
    org: str,
    month: int,
    mine: Values,
    summed: Values,
    where: Location,
) -> Problem:
    children = "、".join(tree.children(org)) if org != WHOLE or tree.declared else "各单位"
    return Problem(
        "rollup-mismatch",
        f"“{indicator.name}”{tree.label(org)} {year}年1-{month}月填报 "
        f"{mine[month]}，下级单位（{children}）合计 {summed[month]}，"
        f"相差 {mine[month] - summed[month]}",
        where,
        "核对上级填报数与下级各单位的数据",
    )
