"""Unit and property tests of the pure core: rounding, units, periods, year-to-date."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.figures import Facts, build_facts, compute_result
from gongshu_kpi.core.formulas import time_progress_at
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Indicator,
    Kind,
    Settings,
    Status,
    Targets,
)
from gongshu_kpi.core.numbers import percent, round_to
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.periods import Month, period_label
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.rollup import own_sources, sum_series, to_ytd
from gongshu_kpi.core.units import UnitError, convert, parse_unit


@pytest.mark.parametrize(
    ("actual", "target", "expected"),
    [
        ("419.72", "800", "52.47"),  # 52.465: half-even would give 52.46
        ("217", "224", "96.88"),
        ("27.83", "46", "60.50"),  # printed 60.49 in the reference bulletin
        ("25.80", "50", "51.60"),  # printed 50.59 in the reference bulletin
        ("13", "25", "52.00"),
        ("714", "869", "82.16"),
        ("0.12", "800", "0.02"),  # float round() gives 0.01 here
        ("1300", "1000", "130.00"),  # over-fulfilment renders normally
    ],
)
def test_completion_rate_half_up(actual: str, target: str, expected: str) -> None:
    """Completion rates round half-up to two places, exactly."""
    assert str(round_to(percent(Decimal(actual), Decimal(target)), 2)) == expected


def test_rounding_policies_differ_on_a_half() -> None:
    """The rounding mode is a setting: half-up, half-even and truncate."""
    value = percent(Decimal("419.72"), Decimal("800"))  # 52.465
    assert str(round_to(value, 2, "half-up")) == "52.47"
    assert str(round_to(value, 2, "half-even")) == "52.46"
    assert str(round_to(Decimal("52.469"), 2, "truncate")) == "52.46"


def test_unit_magnitudes_convert_exactly() -> None:
    """4.5亿美元 against 66836.9万美元 is 148.53%; 万 and 亿 are real units."""
    actual = convert(Decimal("66836.9"), parse_unit("万美元"), parse_unit("亿美元"))
    assert actual == Decimal("6.68369")
    assert str(round_to(percent(actual, Decimal("4.5")), 2)) == "148.53"


@pytest.mark.parametrize(
    ("a", "b"), [("亿元", "亿美元"), ("个", "家"), ("个", "亿元"), ("亩", "元")]
)
def test_different_dimensions_never_mix(a: str, b: str) -> None:
    """Currencies, counted things and areas never convert into each other."""
    with pytest.raises(UnitError):
        convert(Decimal(1), parse_unit(a), parse_unit(b))


def test_unknown_unit_is_an_error() -> None:
    """A unit nobody defined is refused with the list of known ones."""
    with pytest.raises(UnitError, match="无法识别"):
        parse_unit("斤两")


@given(st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False))
def test_wan_yi_round_trip(value: Decimal) -> None:
    """Converting 万 -> 亿 -> 万 gives back exactly the same value."""
    wan, yi = parse_unit("万元"), parse_unit("亿元")
    in_yi = convert(value, wan, yi)
    # By value: the digits a converted figure prints are the display rule's (issue 17).
    assert convert(in_yi, yi, wan) == value


def test_area_units_convert() -> None:
    """1 公顷 = 15 亩 = 10000 平方米."""
    assert convert(Decimal(1), parse_unit("公顷"), parse_unit("亩")) == 15
    assert convert(Decimal(1), parse_unit("公顷"), parse_unit("平方米")) == 10000


def test_periods() -> None:
    """Months parse in the forms offices write; 1-N月 labels and N/12 progress."""
    assert Month.parse("2020年6月") == Month(2020, 6) == Month.parse("2020-06")
    assert period_label(1) == "1月"
    assert period_label(7) == "1-7月"
    progress = time_progress_at(7, 2020, Settings(), _indicator())
    assert str(round_to(progress, 2)) == "58.33"
    with pytest.raises(ValueError, match="月份"):
        Month.parse("2020-13")


def _indicator(kind: Kind = Kind.FLOW, target: str = "100", **extra: object) -> Indicator:
    return Indicator(id="x", name="X", unit="个", target=Decimal(target), kind=kind, **extra)


def _series(values: dict[int, str], basis: Basis, org: str = "", year: int = 2020) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=year,
        basis=basis,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location("a.csv", m + 1) for m in values},
    )


def _facts(indicator: Indicator, *series: ActualSeries, tree: OrgTree | None = None) -> Facts:
    targets = Targets(year=2020, indicators=(indicator,))
    facts, problems = build_facts(targets, tree or OrgTree(), list(series))
    assert problems == []
    return facts


def test_flow_month_basis_sums_and_ytd_basis_takes_latest() -> None:
    """当月 amounts add up; 1-N月累计 figures are already year-to-date."""
    monthly_series = _series({1: "3", 2: "4", 3: "5"}, Basis.MONTH)
    cumulative_series = _series({1: "3", 2: "7", 3: "12"}, Basis.YTD)
    monthly = to_ytd(monthly_series, Kind.FLOW)
    cumulative = to_ytd(cumulative_series, Kind.FLOW)
    assert monthly[3] == cumulative[3] == 12
    assert len(own_sources(monthly_series, Kind.FLOW, 3)) == 3
    assert len(own_sources(cumulative_series, Kind.FLOW, 3)) == 1


def test_month_basis_stops_at_a_gap() -> None:
    """A sum of monthly amounts with a missing month is not a year-to-date figure."""
    points = to_ytd(_series({1: "3", 3: "5"}, Basis.MONTH), Kind.FLOW)
    assert list(points) == [1]


def test_as_of_is_latest_month_not_after_requested() -> None:
    """An indicator is reported as of its own latest month up to the requested one."""
    facts = _facts(_indicator(), _series({5: "10", 6: "12", 8: "20"}, Basis.YTD))
    result = compute_result(facts, facts.targets.indicators[0], "", 2020, 7)
    assert (result.as_of, result.actual) == (6, Decimal(12))
    assert compute_result(facts, facts.targets.indicators[0], "", 2020, 4).as_of is None


def test_stock_takes_latest_level() -> None:
    """A stock indicator's YTD value is its latest month-end level, never a sum."""
    points = to_ytd(_series({1: "40", 2: "45"}, Basis.MONTH), Kind.STOCK)
    assert points[2] == 45


def test_orgs_sum_at_the_month_all_have_reached() -> None:
    """Without a total row, orgs add up as of the latest month every org reports."""
    a = to_ytd(_series({5: "10", 6: "12"}, Basis.YTD, "A"), Kind.FLOW)
    b = to_ytd(_series({5: "1"}, Basis.YTD, "B"), Kind.FLOW)
    total = sum_series([a, b])
    assert list(total) == [5] and total[5] == 11


def test_result_pace_from_rounded_figures() -> None:
    """At 1-7月, 52.00% against 58.33% is 6.33 points behind."""
    facts = _facts(_indicator(), _series({7: "52"}, Basis.YTD))
    result = compute_result(facts, facts.targets.indicators[0], "", 2020, 7)
    assert (str(result.rate), str(result.time_progress), str(result.pace)) == (
        "52.00",
        "58.33",
        "-6.33",
    )
    assert result.status is Status.BEHIND


@given(
    actual=st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False),
    target=st.decimals(min_value="0.01", max_value=10**9, places=2, allow_nan=False),
)
def test_rate_matches_exact_fraction_rounding(actual: Decimal, target: Decimal) -> None:
    """The rounded rate equals half-up rounding of the exact fraction (checked with ints)."""
    rate = round_to(percent(actual, target), 2)
    # Exact: rate*100 = floor((actual*10000/target) + 1/2) using integers only.
    num, den = int(actual * 100) * 10000, int(target * 100)
    expected = (2 * num + den) // (2 * den)
    assert rate * 100 == expected


def test_non_terminating_conversions_are_refused() -> None:
    """1 亩 is 1/15 公顷: no finite decimal, so it is refused rather than approximated."""
    assert convert(Decimal(3), parse_unit("亩"), parse_unit("公顷")) == Decimal("0.2")
    with pytest.raises(UnitError, match="无限小数"):
        convert(Decimal(1), parse_unit("亩"), parse_unit("公顷"))
