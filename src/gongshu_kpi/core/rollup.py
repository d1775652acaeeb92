"""Series to year-to-date points, rolled up the org tree, with provenance for every point."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location, Problem


@dataclass(frozen=True, slots=True)
class Point:
    """A year-to-date value at a month and the rows it came from."""

    value: Decimal
    sources: tuple[Location, ...]


YtdSeries = dict[int, Point]  # month -> year-to-date point


def to_ytd(series: ActualSeries, kind: Kind) -> YtdSeries:
    """Year-to-date at each month the series can tell.

    Stocks and 累计 figures already are year-to-date. Monthly amounts (当月) add up, and a
    month counts only when every month before it is known: a sum with a hole would be short.
    A combined release (1-2月) covers its months once.
    """
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return {m: Point(v, (series.sources[m],)) for m, v in series.values.items()}
    points: YtdSeries = {}
    total = Decimal(0)
    sources: tuple[Location, ...] = ()
    expected = 1
    for month, value in series.values.items():
        first = series.covers.get(month, month)
        if first != expected:
            break
        total += value
        sources = (*sources, series.sources[month])
        points[month] = Point(total, sources)
        expected = month + 1
    return points


def sum_series(parts: Iterable[YtdSeries]) -> YtdSeries:
    """Month by month sum, at the months every part with data has reached."""
    present = [p for p in parts if p]
    if not present:
        return {}
    months = set.intersection(*(set(p) for p in present))
    return {
        m: Point(
            sum((p[m].value for p in present), Decimal(0)),
            tuple(loc for p in present for loc in p[m].sources),
        )
        for m in sorted(months)
    }


def rollup(
    tree: OrgTree, indicator: Indicator, year: int, own: Mapping[str, YtdSeries]
) -> tuple[dict[str, YtdSeries], list[Problem]]:
    """Every org's series: its own figures where reported, else the sum of its children.

    Where an org reports its own figure and its children's sum differs, that is a problem
    naming both numbers (the parent's figure is kept).
    """
    rolled: dict[str, YtdSeries] = {}
    problems: list[Problem] = []
    for org in tree.post_order():
        summed = sum_series(rolled.get(child, {}) for child in tree.children(org))
        mine = own.get(org, {})
        for month in sorted(set(mine) & set(summed)):
            if mine[month].value != summed[month].value:
                problems.append(_mismatch(tree, indicator, year, org, month, mine, summed))
        merged = {**summed, **mine}
        if merged:
            rolled[org] = dict(sorted(merged.items()))
    return rolled, problems


def _mismatch(
    tree: OrgTree,
    indicator: Indicator,
    year: int,
    org: str,
    month: int,
    mine: YtdSeries,
    summed: YtdSeries,
) -> Problem:
    children = "、".join(tree.children(org)) if org != WHOLE or tree.declared else "各单位"
    return Problem(
        "rollup-mismatch",
        f"“{indicator.name}”{tree.label(org)} {year}年1-{month}月填报 "
        f"{mine[month].value}，下级单位（{children}）合计 {summed[month].value}，"
        f"相差 {mine[month].value - summed[month].value}",
        mine[month].sources[0],
        "核对上级填报数与下级各单位的数据",
    )
