"""core/scorecard at its edges: a cap written as a number is kept; rank points when no org
has a figure give nobody points (not a division by zero)."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.figures import build_facts, compute_result
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Settings, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.scorecard import ScorecardSpec, _rank_points


def test_a_cap_written_as_a_number_is_kept() -> None:
    spec = ScorecardSpec.model_validate({"weights": {"x": 30}, "cap": Decimal(110)})
    assert spec.cap == Decimal(110)
    assert ScorecardSpec.model_validate({"weights": {"x": 30}}).cap == Decimal(120)


def test_rank_points_without_any_figure_are_empty() -> None:
    indicator = Indicator.model_validate(
        {"id": "x", "name": "X", "unit": "个", "target": Decimal(100), "kind": Kind.FLOW}
    )
    last_year = ActualSeries(
        indicator_id="x",
        org="",
        year=2019,
        basis=Basis.YTD,
        values={6: Decimal(5)},
        sources={6: Location("a.csv", 2)},
    )
    targets = Targets(year=2020, indicators=(indicator,), settings=Settings())
    facts, problems = build_facts(targets, OrgTree(), [last_year])
    assert problems == []
    result = compute_result(facts, indicator, WHOLE, 2020, 6)
    assert result.actual is None and result.rate is None
    assert _rank_points([result]) == {}
