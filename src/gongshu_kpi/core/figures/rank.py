"""Ranking one indicator's results across orgs (并列 for equal figures). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from gongshu_kpi.core.models import Direction, IndicatorResult


def rank_results(results: Sequence[IndicatorResult], by: str = "rate") -> list[IndicatorResult]:
    """Rank one indicator's results across orgs, best first; equal figures share a rank (并列).

    Under a cap (lower is better) the smallest share of the cap used ranks first.
    """

    def key(result: IndicatorResult) -> Decimal | None:
        return result.rate if by == "rate" else result.yoy

    scored = [(value, r) for r in results if (value := key(r)) is not None]
    lower = bool(scored) and scored[0][1].indicator.direction is Direction.LOWER and by == "rate"
    scored.sort(key=lambda pair: pair[0], reverse=not lower)
    values = [value for value, _ in scored]
    ranked = [
        replace(r, rank=values.index(value) + 1, rank_tied=values.count(value) > 1)
        for value, r in scored
    ]
    return ranked + [r for r in results if key(r) is None]


def rank_orgs(
    rows: Sequence[IndicatorResult], peers: Sequence[IndicatorResult], by: str = "rate"
) -> list[IndicatorResult]:
    """A report's rows of one indicator, each org with its place among all its `peers` (the
    results of every org, as the report of every org ranks them): a report of some orgs shows
    their places in that ranking and never ranks them among themselves, so an org shown alone
    is not 列第一位 for being alone. Rows that are not among the peers (the whole, a group)
    are never ranked and come first; then the ranked rows, best first; then the peers
    without the figure."""
    ranking = [r for r in rank_results(peers, by) if r.rank is not None]
    place = {r.org: (at, r) for at, r in enumerate(ranking)}
    orgs = {r.org for r in peers}
    others = [r for r in rows if r.org not in orgs]
    ranked = []
    for row in sorted((r for r in rows if r.org in place), key=lambda r: place[r.org][0]):
        mine = place[row.org][1]
        ranked.append(replace(row, rank=mine.rank, rank_tied=mine.rank_tied))
    return [*others, *ranked, *(r for r in rows if r.org in orgs and r.org not in place)]
