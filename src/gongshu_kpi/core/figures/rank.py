"""Ranking one indicator's results across orgs (并列 for equal figures). Pure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from decimal import Decimal

from gongshu_kpi.core.models import Direction, IndicatorResult
from gongshu_kpi.core.orgs import WHOLE


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


def rank_orgs(rows: Sequence[IndicatorResult], by: str = "rate") -> list[IndicatorResult]:
    """A report's rows of one indicator ranked: the whole, shown beside its orgs, is not one
    of them and is never ranked (alone, it is the only row and ranks first)."""
    whole = [r for r in rows if r.org == WHOLE and len(rows) > 1]
    return whole + rank_results([r for r in rows if r not in whole], by)
