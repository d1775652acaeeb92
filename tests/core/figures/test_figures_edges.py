"""core/figures at its edges: a profile with no weight yet falls back to last year's shape,
a stock has no projection, an unknown org has no series, explain with no data and with an
adjusted target."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.figures import Facts, build_facts, exact_figures, project
from gongshu_kpi.core.figures.explain import explain
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Settings, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {"id": "x", "name": "X", "unit": "个", "target": Decimal(100)}
    fields["kind"] = Kind.FLOW
    fields.update(extra)
    return Indicator.model_validate(fields)


def _series(values: dict[int, Decimal], year: int = 2020) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org="",
        year=year,
        basis=Basis.YTD,
        values=values,
        sources={m: Location(f"{year}.csv", m + 1) for m in values},
    )


def _facts(indicator: Indicator, *series: ActualSeries) -> Facts:
    targets = Targets(year=2020, indicators=(indicator,), settings=Settings())
    facts, problems = build_facts(targets, OrgTree(), list(series))
    assert problems == []
    return facts


def test_a_profile_without_weight_yet_falls_back_to_last_years_shape() -> None:
    """Weights only from July: at June the profile cannot scale, so 60 × 200 ÷ 50 = 240."""
    profile = [Decimal(0)] * 6 + [Decimal(1)] * 6
    indicator = _indicator(profile=profile)
    facts = _facts(
        indicator,
        _series({6: Decimal(60)}),
        _series({6: Decimal(50), 12: Decimal(200)}, year=2019),
    )
    projection = exact_figures(facts, indicator, WHOLE, 2020, 6).projection
    assert projection is not None
    assert (projection.method, str(projection.value)) == ("seasonal", "240")


def test_a_stock_has_no_projection() -> None:
    indicator = _indicator(kind=Kind.STOCK)
    facts = _facts(indicator, _series({6: Decimal(60)}))
    assert exact_figures(facts, indicator, WHOLE, 2020, 6).projection is None
    point = facts.series("x", 2020, WHOLE)[6]
    assert project(indicator, point, 6, {}, "half-up") is None


def test_an_org_not_in_the_tree_has_no_series() -> None:
    indicator = _indicator()
    facts = _facts(indicator, _series({6: Decimal(60)}))
    assert facts.series("x", 2020, "火星小镇") == {}
    assert facts.series("x", 2020, WHOLE)[6].value == Decimal(60)


def test_explain_without_data_up_to_the_month_says_so() -> None:
    indicator = _indicator()
    facts = _facts(indicator, _series({6: Decimal(60)}))
    explained = explain(facts, indicator, WHOLE, 2020, 5)
    assert explained.steps == ("在所选月份及之前没有数据。",)
    assert explained.contributions == () and explained.result.actual is None


def test_explain_names_an_adjusted_target_and_the_original() -> None:
    """100 adjusted to 80 from July: 1-8月 60 is 75.00% of the target in force."""
    indicator = _indicator(
        target_changes=[{"from": "2020-07", "target": Decimal(80), "note": "调整后目标"}]
    )
    facts = _facts(indicator, _series({8: Decimal(60)}))
    steps = explain(facts, indicator, WHOLE, 2020, 8).steps
    assert "目标 = 调整后目标 80（自 2020-07 起；原目标 100）" in steps
    assert any(step.startswith("完成率 = 60 ÷ 80 × 100% = 75% → 75.00%") for step in steps)
