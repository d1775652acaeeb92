"""累计环比 (core/periodic/changes.ytd_chain_growth): a stock's level against the previous
period's end; for a flow's year-to-date it is not a figure, and says why."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.figures.exact import exact_figures
from gongshu_kpi.core.figures.explain import explain
from gongshu_kpi.core.figures.facts import Facts, build_facts
from gongshu_kpi.core.figures.result import compute_result
from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Settings, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periodic.changes import ytd_chain_growth
from gongshu_kpi.core.problems import Location

D = Decimal


def test_a_stock_against_last_month_end() -> None:
    """在库企业数 50 at the end of March, 55 at the end of April: +10%."""
    change = ytd_chain_growth(Kind.STOCK, {3: D(50), 4: D(55)}, 4)
    assert change.growth == 10 and (change.current, change.base) == (D(55), D(50))


def test_january_against_last_december_and_a_quarter_against_the_last() -> None:
    """January's level against last December's (贷款余额 1200 → 1170: −2.5%); a quarterly
    stock at 二季度末 against 一季度末 (step 3)."""
    january = ytd_chain_growth(Kind.STOCK, {1: D(1170)}, 1, 1, {12: D(1200)})
    assert january.growth == D("-2.5")
    quarter = ytd_chain_growth(Kind.STOCK, {3: D(80), 6: D(100)}, 6, 3)
    assert quarter.growth == 25


def test_no_figure_and_why() -> None:
    flow = ytd_chain_growth(Kind.FLOW, {3: D(50), 4: D(55)}, 4)
    assert flow.growth is None and flow.code == "not-meaningful" and "没有意义" in flow.why
    missing = ytd_chain_growth(Kind.STOCK, {4: D(55)}, 4)
    assert (missing.code, missing.why) == ("no-base", "缺少上期末（3月）的数据")
    no_december = ytd_chain_growth(Kind.STOCK, {1: D(5)}, 1)
    assert no_december.why == "缺少上期末（上年12月）的数据"
    zero = ytd_chain_growth(Kind.STOCK, {3: D(0), 4: D(5)}, 4)
    assert zero.code == "base-not-positive"
    assert ytd_chain_growth(Kind.STOCK, {3: D(5)}, 4).code == "no-data"


@given(st.decimals(min_value=D("0.01"), max_value=D(10**9), places=2), st.integers(2, 12))
def test_a_constant_level_has_no_change(level: Decimal, month: int) -> None:
    change = ytd_chain_growth(Kind.STOCK, {month - 1: level, month: level}, month)
    assert change.growth == 0


def _facts(indicator: Indicator, values: dict[int, Decimal]) -> Facts:
    series = ActualSeries(
        indicator_id="x",
        org="",
        year=2021,
        basis=Basis.YTD,
        values=values,
        sources={m: Location("2021.csv", m + 1) for m in values},
    )
    targets = Targets(year=2021, indicators=(indicator,), settings=Settings())
    facts, problems = build_facts(targets, OrgTree(), [series])
    assert problems == []
    return facts


def test_report_and_explain_give_the_same_figure() -> None:
    indicator = Indicator.model_validate(
        {"id": "x", "name": "在库企业数", "unit": "家", "target": D(100), "kind": Kind.STOCK}
    )
    facts = _facts(indicator, {3: D(50), 4: D(55)})
    figures = exact_figures(facts, indicator, WHOLE, 2021, 4)
    assert figures.ytd_chain is not None and figures.ytd_chain.growth == 10
    result = compute_result(facts, indicator, WHOLE, 2021, 4)
    assert (str(result.ytd_chain), result.ytd_chain_note) == ("10.0", "")
    steps = explain(facts, indicator, WHOLE, 2021, 4).steps
    assert "累计环比 = (55 − 50) ÷ 50 × 100% = 10% → 10.0%（四舍五入，保留1位）" in steps


def test_no_ytd_chain_for_a_rate() -> None:
    """A stock reported as a rate (研发投入占比 %): its change is in points, not a growth."""
    indicator = Indicator.model_validate(
        {"id": "x", "name": "研发投入占比", "unit": "%", "target": D(3), "kind": Kind.STOCK}
    )
    facts = _facts(indicator, {3: D("2.5"), 4: D("2.6")})
    assert exact_figures(facts, indicator, WHOLE, 2021, 4).ytd_chain is None
    assert compute_result(facts, indicator, WHOLE, 2021, 4).ytd_chain_note == ""
