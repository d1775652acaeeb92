"""Series to year-to-date values, rolled up the org tree; provenance worked out on demand.

Values are kept as plain month -> Decimal maps: at a million rows, a tuple of source rows
per point cost more than everything else. `sources_at` walks the same rules backwards when
someone asks where a figure came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal

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


def to_ytd(series: ActualSeries, kind: Kind) -> Values:
    """Year-to-date at each month the series can tell (stocks and 累计 already are)."""
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return series.values
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


def rollup(
    tree: OrgTree,
    indicator: Indicator,
    year: int,
    own: Mapping[str, Values],
    raw: Mapping[str, ActualSeries],
) -> tuple[dict[str, Values], list[Problem]]:
    """Every org's series: its own figures where reported, else the sum of its children.

    Where an org reports its own figure and its children's sum differs, that is a problem
    naming both numbers (the parent's figure is kept).
    """
    rolled: dict[str, Values] = {}
    problems: list[Problem] = []
    for org in tree.post_order():
        children = tree.children(org)
        summed = sum_series(rolled.get(child, {}) for child in children) if children else {}
        mine = own.get(org, {})
        if summed and mine:
            for month in sorted(set(mine) & set(summed)):
                if mine[month] != summed[month]:
                    where = own_sources(raw[org], indicator.kind, month)[-1]
                    problems.append(
                        _mismatch(tree, indicator, year, org, month, mine, summed, where)
                    )
            rolled[org] = dict(sorted({**summed, **mine}.items()))
        elif mine or summed:
            rolled[org] = mine or summed
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
