"""The pure core's figures at their edges: each test here pins a behaviour a mutation run
showed no other test noticed (a surviving mutant). Decimals are compared as written."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongshu_kpi.core.compute import (
    ReportRequest,
    build_facts,
    check_yoy_bases,
    compute_report,
    compute_result,
    time_progress_at,
)
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    ExternalRank,
    Indicator,
    IndicatorResult,
    Kind,
    Settings,
    Status,
    Targets,
)
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.periods import Month, parse_period, period_label
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
        settings=Settings(rounding=rounding),  # type: ignore[arg-type]
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


# --- months and windows ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2020-01~02", (2020, 1, 2)),
        ("2020-1~2月", (2020, 1, 2)),
        ("2020年1-2月", (2020, 1, 2)),
        ("2020年1-12月", (2020, 1, 12)),
        ("2020年3-3月", (2020, 3, 3)),
        ("2020-06", (2020, 6, 6)),
        ("2020-12", (2020, 12, 12)),
        ("2020-1", (2020, 1, 1)),
    ],
)
def test_periods_read(text: str, expected: tuple[int, int, int]) -> None:
    assert parse_period(text) == expected


@pytest.mark.parametrize(
    "text", ["2020-03~02", "2020年0-2月", "2020-00~02", "2020-01~13", "2020年1-13月"]
)
def test_windows_out_of_range_or_reversed_are_refused(text: str) -> None:
    message = f"无法识别的期间“{text}”，月份应在 1 到 12 之间且起止有序"
    with pytest.raises(ValueError, match=message):
        parse_period(text)


@pytest.mark.parametrize("text", ["2020-00", "2020-13", "2020-0", "2020年13月"])
def test_months_out_of_range_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        Month.parse(text)
    with pytest.raises(ValueError, match="月份应在 1 到 12 之间"):
        parse_period(text)


def test_month_bounds_and_text() -> None:
    assert str(Month(2020, 1)) == "2020-01" and str(Month(2020, 12)) == "2020-12"
    assert str(Month(987, 3)) == "0987-03"
    with pytest.raises(ValueError, match="得到 0"):
        Month(2020, 0)
    with pytest.raises(ValueError, match="得到 13"):
        Month(2020, 13)


def test_period_labels() -> None:
    assert [period_label(m) for m in (1, 2, 12)] == ["1月", "1-2月", "1-12月"]


# --- units and orgs: the words of their messages ------------------------------------------


def test_an_endless_conversion_names_the_exact_ratio() -> None:
    """1 亩 = 1/15 公顷: refused with the ratio as a fraction, not an approximation."""
    from gongshu_kpi.core.units import UnitError, convert, parse_unit

    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("亩"), parse_unit("公顷"))
    assert str(caught.value) == "1亩 换算为公顷是无限小数（1亩 = 1/15公顷），无法精确表示"
    with pytest.raises(UnitError, match=r"（1万亩 = 2000/3公顷）"):
        convert(Decimal(2), parse_unit("万亩"), parse_unit("公顷"))
    assert str(convert(Decimal(15), parse_unit("亩"), parse_unit("公顷"))) == "1"


def test_mixing_counted_things_or_dimensions_names_them() -> None:
    from gongshu_kpi.core.units import UnitError, convert, parse_unit

    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("个"), parse_unit("家"))
    assert str(caught.value) == "无法在“个”与“家”之间换算（“个”与“家”）"
    with pytest.raises(UnitError) as caught:
        convert(Decimal(1), parse_unit("万元"), parse_unit("亿美元"))
    assert str(caught.value) == "无法在人民币与美元之间换算（“万元”与“亿美元”）"


def test_the_whole_is_labelled_with_the_root_name() -> None:
    tree = OrgTree(root_name="十大产业平台", parent={"杭钢新城": ""})
    assert tree.label("") == "十大产业平台"
    assert tree.label("杭钢新城") == "杭钢新城"


def test_an_org_without_children_has_none() -> None:
    tree = OrgTree(parent={"杭钢新城": "", "康桥": "杭钢新城"})
    assert tree.children("") == ("杭钢新城",)
    assert tree.children("康桥") == ()
    assert tree.children("不存在") == ()


def test_an_undeclared_tree_grows_by_the_orgs_seen_and_keeps_the_rest() -> None:
    tree = OrgTree(root_name="十大产业平台", groups={"省级特色小镇": ("甲",)})
    grown = tree.with_orgs(["甲", "乙", "十大产业平台", ""])
    assert grown.parent == {"甲": "", "乙": ""}  # neither the root's name nor WHOLE is an org
    assert (grown.root_name, grown.groups, grown.declared) == (
        "十大产业平台",
        {"省级特色小镇": ("甲",)},
        False,
    )
    assert grown.with_orgs(["丙"]).parent == {"甲": "", "乙": "", "丙": ""}  # still growing
    declared = OrgTree(parent={"甲": ""}, declared=True)
    assert declared.with_orgs(["乙"]) is declared


def test_units_read_with_their_base_dimension_and_scale() -> None:
    from fractions import Fraction

    from gongshu_kpi.core.units import Unit, parse_unit

    assert parse_unit(" 亿元 ") == Unit("亿元", "元", "人民币", Fraction(10**8))
    assert parse_unit("个") == Unit("个", "个", "个", Fraction(1))
    assert parse_unit("万亩") == Unit("万亩", "亩", "面积", Fraction(2000, 3) * 10**4)


def test_an_unknown_unit_lists_the_known_ones() -> None:
    from gongshu_kpi.core.units import UnitError, parse_unit

    with pytest.raises(UnitError) as caught:
        parse_unit("斤两")
    message = str(caught.value)
    assert message.startswith("无法识别的计量单位“斤两”（可用：")
    assert message.endswith("，可加前缀 万、亿 等）")
    assert "、美元、" in message and "人民币" not in message  # 人民币 is 元's other name
