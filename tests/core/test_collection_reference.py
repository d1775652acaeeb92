"""core/collection.reference_figure: the figure a collection form shows beside a blank —
January has no month before it, a month's own amount comes from two year-to-date figures."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.collection import reference_figure
from gongshu_kpi.core.figures import build_facts
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Settings, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location


def test_the_month_before_january_has_no_figure() -> None:
    indicator = Indicator.model_validate(
        {"id": "x", "name": "X", "unit": "个", "target": Decimal(100), "kind": Kind.FLOW}
    )
    series = ActualSeries(
        indicator_id="x",
        org="",
        year=2020,
        basis=Basis.YTD,
        values={1: Decimal(4), 2: Decimal(10)},
        sources={1: Location("a.csv", 2), 2: Location("a.csv", 3)},
    )
    targets = Targets(year=2020, indicators=(indicator,), settings=Settings())
    facts, problems = build_facts(targets, OrgTree(), [series])
    assert problems == []
    values = facts.values_of(indicator.id, 2020, WHOLE)
    assert reference_figure(values, indicator, 0, Basis.MONTH) is None
    assert reference_figure(values, indicator, 1, Basis.MONTH) == Decimal(4)
    assert reference_figure(values, indicator, 2, Basis.MONTH) == Decimal(6)
    assert reference_figure(values, indicator, 2, Basis.YTD) == Decimal(10)
