"""Builders shared by the core's edge tests (tests/core/test_*_edges.py and
tests/core/figures/test_*_edges.py): an indicator, a series, targets and a computed result."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.figures import build_facts, compute_result
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Indicator,
    IndicatorResult,
    Kind,
    Settings,
    Targets,
)
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.problems import Location


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {
        "id": "x",
        "name": "X",
        "unit": "个",
        "target": Decimal(100),
        "kind": Kind.FLOW,
    }
    fields.update(extra)
    return Indicator.model_validate(fields)


def _series(values: dict[int, str], year: int = 2020, org: str = "") -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=year,
        basis=Basis.YTD,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location(f"{year}.csv", m + 1) for m in values},
    )


def _targets(indicator: Indicator, settings: Settings | None = None, year: int = 2020) -> Targets:
    return Targets(year=year, indicators=(indicator,), settings=settings or Settings())


def _result(
    indicator: Indicator,
    *series: ActualSeries,
    month: int = 6,
    settings: Settings | None = None,
    year: int = 2020,
) -> IndicatorResult:
    facts, problems = build_facts(_targets(indicator, settings, year), OrgTree(), list(series))
    assert problems == []
    return compute_result(facts, indicator, "", year, month)


def _monthly(values: dict[int, str], org: str, indicator_id: str = "x") -> ActualSeries:
    return ActualSeries(
        indicator_id=indicator_id,
        org=org,
        year=2020,
        basis=Basis.MONTH,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location(f"{org}.csv", m + 1) for m in values},
    )
