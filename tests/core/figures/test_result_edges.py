"""The printed figures (compute_result) at their edges: pace and its band, time progress,
year-on-year, the latest month, growth targets, projections, shares and rounding. Each test
pins a behaviour a mutation run showed no other test noticed (a surviving mutant). Decimals
are compared as written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.figures import (
    ReportRequest,
    build_facts,
    check_yoy_bases,
    compute_report,
    compute_result,
)
from gongshu_kpi.core.formulas import time_progress_at
from gongshu_kpi.core.models import ExternalRank, Settings, Status
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.problems import Location
from tests.core.figure_builders import _indicator, _result, _series, _targets

# --- pace and the on-pace band -----------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        ("50.50", Status.ON_PACE),  # exactly +band
        ("49.50", Status.ON_PACE),  # exactly −band
        ("50.51", Status.AHEAD),
        ("49.49", Status.BEHIND),
    ],
)
def test_pace_exactly_on_the_band_is_on_pace(actual: str, status: Status) -> None:
    settings = Settings(on_pace_band=Decimal("0.5"))
    result = _result(_indicator(), _series({6: actual}), settings=settings)
    assert result.status is status


def test_no_band_makes_only_zero_on_pace() -> None:
    assert _result(_indicator(), _series({6: "50"})).status is Status.ON_PACE
    assert _result(_indicator(), _series({6: "50.01"})).status is Status.AHEAD
    assert _result(_indicator(), _series({6: "49.99"})).status is Status.BEHIND


# --- time progress -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2021, 6, "49.59"),  # 181 of 365 days (non-leap February has 28)
        (2020, 6, "49.73"),  # 182 of 366
        (2021, 1, "8.49"),  # 31 / 365
        (2021, 12, "100.00"),
        (2020, 2, "16.39"),  # 60 / 366
    ],
)
def test_days_time_progress(year: int, month: int, expected: str) -> None:
    settings = Settings(time_progress="days")
    exact = time_progress_at(month, year, settings, _indicator())
    assert str(round_to(exact, 2)) == expected


def test_months_time_progress_is_n_twelfths() -> None:
    progress = [time_progress_at(m, 2020, Settings(), _indicator()) for m in (1, 6, 12)]
    assert [str(round_to(p, 2)) for p in progress] == ["8.33", "50.00", "100.00"]


def test_days_time_progress_through_a_report_of_a_non_leap_year() -> None:
    indicator = _indicator()
    result = _result(
        indicator, _series({6: "50"}, year=2021), settings=Settings(time_progress="days"), year=2021
    )
    assert (str(result.time_progress), str(result.pace)) == ("49.59", "0.41")


# --- year-on-year ------------------------------------------------------------------------


def test_year_on_year_uses_the_previous_year_not_two_years_back() -> None:
    indicator = _indicator()
    result = _result(
        indicator,
        _series({6: "60"}),
        _series({6: "50"}, year=2019),
        _series({6: "40"}, year=2018),
    )
    assert (str(result.previous), str(result.yoy)) == ("50", "20.0")


def test_a_zero_base_names_last_year_and_its_window() -> None:
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_series({6: "60"}), _series({6: "0"}, year=2019)]
    )
    problems = check_yoy_bases(facts)
    assert [p.code for p in problems] == ["yoy-base-not-positive"]
    assert "上年同期（2019年1-6月）为 0，无法计算同比" in problems[0].message
    assert problems[0].location == Location("2019.csv", 7)
    assert problems[0].fix == "在 targets.yaml 中为该指标设置 yoy: false，或核对上年数据"


def test_every_org_with_a_bad_base_is_named_and_only_those() -> None:
    """甲's base of 0.5 is positive (fine); 乙's 0 and 丙's −1 are not, nor the whole's −0.5."""
    indicator = _indicator()
    bases = (("甲", "0.5"), ("乙", "0"), ("丙", "-1"))
    series = [_series({6: "1"}, org=org) for org, _ in bases]
    series += [_series({6: base}, 2019, org) for org, base in bases]
    facts, _ = build_facts(_targets(indicator), OrgTree(), series)
    named = [p.message for p in check_yoy_bases(facts)]
    assert [m.split(" ")[0] for m in named] == ["“X”乙", "“X”丙", "“X”合计"]


def test_a_zero_this_year_is_not_a_bad_base() -> None:
    """Only last year's figure is a base: a zero in this year's own data is fine."""
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_series({6: "0"}), _series({6: "5"}, year=2019)]
    )
    assert check_yoy_bases(facts) == []


def test_yoy_false_skips_the_base_check() -> None:
    indicator = _indicator(yoy=False)
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_series({6: "60"}), _series({6: "0"}, year=2019)]
    )
    assert check_yoy_bases(facts) == []


def test_growth_of_100_percent_or_more_without_times_stays_in_percent() -> None:
    result = _result(_indicator(), _series({6: "220.50"}), _series({6: "100.00"}, year=2019))
    assert (str(result.yoy), result.yoy_times) == ("120.5", None)


@pytest.mark.parametrize(
    ("actual", "times"),
    [("220.50", "1.21"), ("200.00", "1.00"), ("199.99", None)],
)
def test_growth_as_times_from_100_percent(actual: str, times: str | None) -> None:
    """1.205 times rounds to 1.21 from the exact growth; below 100% it stays a percent."""
    result = _result(
        _indicator(),
        _series({6: actual}),
        _series({6: "100.00"}, year=2019),
        settings=Settings(growth_as_times=True),
    )
    assert (None if result.yoy_times is None else str(result.yoy_times)) == times


@pytest.mark.parametrize(
    ("rounding", "yoy", "rate"),
    [("truncate", "-9.9", "90.00"), ("half-up", "-10.0", "90.01"), ("half-even", "-10.0", "90.01")],
)
def test_negative_figures_round_by_the_setting(rounding: str, yoy: str, rate: str) -> None:
    """Truncate cuts toward zero, also below zero: −9.99 is −9.9, not −10.0."""
    result = _result(
        _indicator(),
        _series({6: "90.009"}),
        _series({6: "100"}, year=2019),
        settings=Settings(rounding=rounding),
    )
    assert (str(result.yoy), str(result.rate)) == (yoy, rate)


@pytest.mark.parametrize(
    ("value", "rounding", "expected"),
    [
        ("-1.239", "truncate", "-1.23"),
        ("-1.235", "half-up", "-1.24"),
        ("-1.235", "half-even", "-1.24"),
        ("-1.245", "half-even", "-1.24"),
        ("1.239", "truncate", "1.23"),
    ],
)
def test_round_to_negative_values(value: str, rounding: str, expected: str) -> None:
    assert str(round_to(Decimal(value), 2, rounding)) == expected  # type: ignore[arg-type]


# --- the latest month and published ranks ------------------------------------------------


def test_latest_month_before_december_stops_at_the_month_asked() -> None:
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_series({3: "10", 7: "20"}), _series({11: "5"}, 2019)]
    )
    assert facts.latest_month(2020) == 7
    assert facts.latest_month(2020, 12) == 7
    assert facts.latest_month(2020, 11) == 7
    assert facts.latest_month(2020, 7) == 7
    assert facts.latest_month(2020, 6) == 3
    assert facts.latest_month(2020, 3) == 3
    assert facts.latest_month(2020, 2) is None
    assert facts.latest_month(2019, 10) is None
    assert facts.latest_month(2018) is None


def test_report_as_of_an_earlier_month_uses_that_months_figure() -> None:
    result = _result(_indicator(), _series({3: "10", 7: "20"}), month=6)
    assert (result.as_of, str(result.actual), str(result.rate)) == (3, "10", "10.00")


def test_published_ranks_of_other_years_and_later_months_stay_out() -> None:
    indicator = _indicator()
    ranks = [
        ExternalRank("x", 2020, 6, "全市", 4),
        ExternalRank("x", 2020, 5, "全市", 5),
        ExternalRank("x", 2020, 7, "全市", 1),  # after the report's month
        ExternalRank("x", 2019, 6, "全市", 2),  # last year
    ]
    facts, _ = build_facts(_targets(indicator), OrgTree(), [_series({6: "50"})], ranks)
    report = compute_report(facts, ReportRequest(month=6, year=2020, indicators=(indicator,)))
    assert report.external_ranks == (ranks[0], ranks[1])


# --- growth-rate targets and projections --------------------------------------------------


def test_a_growth_target_in_percent_takes_the_reported_rate() -> None:
    """Reported directly in %: 9.2 against a target of 8 is 1.2 points above."""
    indicator = _indicator(unit="%", target_type="growth", target=Decimal(8))
    result = _result(indicator, _series({6: "9.2"}))
    assert (str(result.actual), str(result.rate), str(result.pace)) == ("9.2", "1.2", "1.2")
    assert result.status is Status.AHEAD and result.time_progress is None


def test_a_growth_target_on_amounts_needs_last_year() -> None:
    indicator = _indicator(unit="亿元", target_type="growth", target=Decimal(8))
    alone = _result(indicator, _series({6: "110"}))
    assert (alone.actual, alone.rate, alone.status) == (None, None, None)
    result = _result(indicator, _series({6: "110"}), _series({6: "100"}, 2019))
    assert (str(result.actual), str(result.rate), result.status) == ("10.0", "2.0", Status.AHEAD)


def test_a_growth_figure_without_a_target_that_year_is_still_shown() -> None:
    """2021 has data but no target: the achieved growth prints, nothing is judged."""
    indicator = _indicator(unit="亿元", target_type="growth", target=Decimal(8))
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_series({6: "110"}, 2021), _series({6: "100"})]
    )
    result = compute_result(facts, indicator, "", 2021, 6)
    assert (str(result.actual), result.rate, result.status) == ("10.0", None, None)


@pytest.mark.parametrize(
    ("last_june", "expected", "method"),
    [
        ("0", "120", "run-rate"),  # no shape from a zero base: the run-rate, not a division by 0
        ("0.5", "240", "seasonal"),  # 60 × 2 ÷ 0.5
        ("1", "120", "seasonal"),  # 60 × 2 ÷ 1
    ],
)
def test_projection_uses_last_years_shape_when_its_base_is_positive(
    last_june: str, expected: str, method: str
) -> None:
    result = _result(_indicator(), _series({6: "60"}), _series({6: last_june, 12: "2"}, 2019))
    assert (str(result.projection), result.projection_method) == (expected, method)


@pytest.mark.parametrize(
    ("rounding", "run_rate", "seasonal"),
    [("truncate", "3.42", "33.36"), ("half-up", "3.43", "33.37")],
)
def test_projection_follows_the_rounding_setting(
    rounding: str, run_rate: str, seasonal: str
) -> None:
    """Rounded to the actual's own places by the office's rounding: 2.00 × 12 ÷ 7 = 3.428…
    and 20.02 × 10 ÷ 6 = 33.366…"""
    settings = Settings(rounding=rounding)
    plain = _result(_indicator(), _series({7: "2.00"}), month=7, settings=settings)
    shaped = _result(
        _indicator(),
        _series({6: "20.02"}),
        _series({6: "6", 12: "10"}, 2019),
        settings=settings,
    )
    assert (str(plain.projection), str(shaped.projection)) == (run_rate, seasonal)


def test_the_whole_by_its_name_uses_the_whole_target() -> None:
    """--org 十大产业平台 is the whole: its target is the indicator's, not an org target."""
    indicator = _indicator(org_targets={"甲": Decimal(10)})
    tree = OrgTree(root_name="十大产业平台")
    facts, _ = build_facts(_targets(indicator), tree, [_series({6: "30"})])
    result = compute_result(facts, indicator, "十大产业平台", 2020, 6)
    assert (str(result.target), str(result.rate)) == ("100", "30.00")


def test_an_org_without_data_keeps_its_name_and_target() -> None:
    indicator = _indicator(org_targets={"甲": Decimal(10)})
    facts, _ = build_facts(_targets(indicator), OrgTree(), [_series({6: "30"})])
    result = compute_result(facts, indicator, "甲", 2020, 6)
    assert (result.org, str(result.target), result.as_of, result.rate) == ("甲", "10", None, None)


@pytest.mark.parametrize(("base", "yoy"), [("0", None), ("0.5", "11900.0"), ("1", "5900.0")])
def test_year_on_year_needs_a_positive_base(base: str, yoy: str | None) -> None:
    result = _result(_indicator(), _series({6: "60"}), _series({6: base}, 2019))
    assert (None if result.yoy is None else str(result.yoy)) == yoy


@pytest.mark.parametrize(
    ("whole", "rounding", "share"),
    [
        ("3", "half-up", "66.67"),
        ("3", "truncate", "66.66"),
        ("1", "half-up", "200.00"),  # a whole of 1 is a whole like any other
        ("0", "half-up", None),  # nothing to take a share of
        (None, "half-up", None),  # the whole has no figure at that month
    ],
)
def test_share_of_a_whole(whole: str | None, rounding: str, share: str | None) -> None:
    indicator = _indicator()
    series = [_series({6: "2"}, org="甲")]
    if whole is not None:
        series.append(_series({6: whole}, org="乙"))
    else:
        series.append(_series({5: "9"}, org="乙"))
    settings = Settings(rounding=rounding)
    facts, _ = build_facts(_targets(indicator, settings), OrgTree(), series)
    result = compute_result(facts, indicator, "甲", 2020, 6, share_of="乙")
    assert (None if result.share is None else str(result.share)) == share
    assert (None if result.whole is None else str(result.whole)) == (share and whole)


def test_times_follow_the_rounding_setting() -> None:
    """1.205倍 truncates to 1.20 (half-up gives 1.21)."""
    settings = Settings(growth_as_times=True, rounding="truncate")
    result = _result(
        _indicator(), _series({6: "220.50"}), _series({6: "100.00"}, 2019), settings=settings
    )
    assert str(result.yoy_times) == "1.20"


@pytest.mark.parametrize(("rounding", "progress"), [("truncate", "16.66"), ("half-up", "16.67")])
def test_time_progress_follows_the_rounding_setting(rounding: str, progress: str) -> None:
    settings = Settings(rounding=rounding)
    result = _result(_indicator(), _series({2: "20"}), month=2, settings=settings)
    assert str(result.time_progress) == progress
