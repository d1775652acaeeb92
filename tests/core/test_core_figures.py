"""The pure core's figures at their edges: each test here pins a behaviour a mutation run
showed no other test noticed (a surviving mutant). Decimals are compared as written."""

from __future__ import annotations

from decimal import Decimal, localcontext

import pytest

from gongshu_kpi.core.figures import (
    Facts,
    ReportRequest,
    build_facts,
    check_yoy_bases,
    compute_report,
    compute_result,
)
from gongshu_kpi.core.figures.formulas import time_progress_at
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
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periods import Month, parse_period, period_label
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rollup import has_ytd, rollup, sum_series, to_ytd


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


# --- provenance: the rows behind a figure -------------------------------------------------


def _monthly(values: dict[int, str], org: str, indicator_id: str = "x") -> ActualSeries:
    return ActualSeries(
        indicator_id=indicator_id,
        org=org,
        year=2020,
        basis=Basis.MONTH,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location(f"{org}.csv", m + 1) for m in values},
    )


def test_a_stock_reported_monthly_traces_to_its_latest_row_only() -> None:
    """A stock's June value is June's level: one row, not January to June (a flow's rule)."""
    indicator = _indicator(kind=Kind.STOCK)
    facts, _ = build_facts(
        _targets(indicator), OrgTree(), [_monthly({4: "3", 5: "4", 6: "5"}, "甲")]
    )
    assert facts.series("x", 2020, "甲")[6].sources == (Location("甲.csv", 7),)
    flow = _indicator()
    facts, _ = build_facts(_targets(flow), OrgTree(), [_monthly({1: "3", 2: "4"}, "甲")])
    rows = (Location("甲.csv", 2), Location("甲.csv", 3))
    assert facts.series("x", 2020, "甲")[2].sources == rows


def test_a_group_traces_to_the_members_with_data() -> None:
    """A group whose members include one without this indicator: only the others' rows."""
    indicator = _indicator()
    tree = OrgTree(parent={"甲": "", "乙": ""}, groups={"两镇": ("甲", "乙")}, declared=True)
    other = _indicator(id="y", name="Y")
    targets = Targets(year=2020, indicators=(indicator, other))
    facts, _ = build_facts(
        targets, tree, [_series({6: "5"}, org="甲"), _monthly({6: "1"}, "乙", indicator_id="y")]
    )
    # 乙 reported y's June amount alone: no year-to-date, so no rows behind a figure either.
    point = facts.series("x", 2020, "两镇")[6]
    assert (str(point.value), point.sources) == ("5", (Location("2020.csv", 7),))
    assert facts.sources("x", 2020, ("甲", "乙"), 6) == (Location("2020.csv", 7),)
    assert facts.sources("y", 2020, ("甲", "乙"), 6) == ()


def test_org_series_gives_each_orgs_year_to_date() -> None:
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({1: "3", 2: "4"}, "甲"), _series({2: "10"}, org="乙"), _series({2: "1"}, 2019)],
    )
    series = facts.org_series("x", 2020)
    assert {org: {m: str(p.value) for m, p in s.items()} for org, s in series.items()} == {
        "甲": {1: "3", 2: "7"},
        "乙": {2: "10"},
        "": {2: "17"},
    }
    assert facts.org_series("x", 2018) == {}
    assert facts.org_series("x", 2019)[""][2].value == 1


def test_rank_by_year_on_year_is_not_by_rate() -> None:
    from dataclasses import replace

    from gongshu_kpi.core.figures.rank import rank_results

    base = _result(_indicator(), _series({6: "50"}))
    results = [
        replace(base, org="甲", rate=Decimal("60.00"), yoy=Decimal("1.0")),
        replace(base, org="乙", rate=Decimal("40.00"), yoy=Decimal("9.0")),
    ]
    assert [(r.org, r.rank) for r in rank_results(results, "yoy")] == [("乙", 1), ("甲", 2)]
    assert [(r.org, r.rank) for r in rank_results(results, "rate")] == [("甲", 1), ("乙", 2)]
    assert [(r.org, r.rank) for r in rank_results(results[:1], "rate")] == [("甲", 1)]
    assert rank_results([], "rate") == []


def _two_towns() -> tuple[Indicator, Facts]:
    indicator = _indicator(org_targets={"甲": Decimal(10), "乙": Decimal(10)})
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [
            _series({6: "6"}, org="甲"),
            _series({6: "3"}, org="乙"),
            _series({6: "5"}, 2019, "甲"),
            _series({6: "1"}, 2019, "乙"),
        ],
    )
    return indicator, facts


@pytest.mark.parametrize(
    ("who", "by", "expected"),
    [
        (("", "甲", "乙"), "rate", [("", None), ("甲", 1), ("乙", 2)]),  # 60% and 30%
        (("", "甲", "乙"), "yoy", [("", None), ("乙", 1), ("甲", 2)]),  # +200% and +20%
        (("", "甲"), "rate", [("", None), ("甲", 1)]),
        (("",), "rate", [("", 1)]),  # alone, the whole is all there is to rank
    ],
)
def test_report_ranks_orgs_but_not_the_whole_beside_them(
    who: tuple[str, ...], by: str, expected: list[tuple[str, int | None]]
) -> None:
    indicator, facts = _two_towns()
    request = ReportRequest(month=6, year=2020, indicators=(indicator,), who=who, rank_by=by)
    report = compute_report(facts, request)
    assert [(r.org, r.rank) for r in report.results] == expected


def test_report_title_names_the_orgs_asked_for() -> None:
    indicator, facts = _two_towns()
    report = compute_report(
        facts, ReportRequest(month=6, year=2020, indicators=(indicator,), who=("甲", "乙"))
    )
    assert report.org_label == "甲、乙"
    whole = compute_report(facts, ReportRequest(month=6, year=2020, indicators=(indicator,)))
    assert whole.org_label == ""
    by_org = compute_report(
        facts,
        ReportRequest(month=6, year=2020, indicators=(indicator,), who=("甲", "乙"), by_org=True),
    )
    assert by_org.org_label == ""


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


# --- roll-ups: a parent's own figure against its children's sum ---------------------------


@pytest.mark.parametrize(
    ("declared", "named"),
    [(True, "甲、乙"), (False, "各单位")],  # an undeclared whole's children are whoever reported
)
def test_a_parent_that_disagrees_with_its_children_is_named_with_both(
    declared: bool, named: str
) -> None:
    indicator = _indicator()
    tree = OrgTree(root_name="全区", parent={"甲": "", "乙": ""}, declared=declared)
    _, problems = build_facts(
        _targets(indicator),
        tree,
        [_series({6: "10"}), _series({6: "3"}, org="甲"), _series({6: "4.5"}, org="乙")],
    )
    assert problems == [
        Problem(
            "rollup-mismatch",
            f"“X”全区 2020年1-6月填报 10，下级单位（{named}）合计 7.5，相差 2.5",
            Location("2020.csv", 7),
            "核对上级填报数与下级各单位的数据",
        )
    ]


def test_a_declared_parent_below_the_whole_names_its_children() -> None:
    indicator = _indicator()
    tree = OrgTree(parent={"平台": "", "甲": "平台", "乙": "平台"}, declared=True)
    _, problems = build_facts(
        _targets(indicator),
        tree,
        [_series({6: "9"}, org="平台"), _series({6: "3"}, org="甲"), _series({6: "4"}, org="乙")],
    )
    assert [p.message for p in problems] == [
        "“X”平台 2020年1-6月填报 9，下级单位（甲、乙）合计 7，相差 2"
    ]


def test_monthly_parts_with_a_gap_sum_only_where_both_reached() -> None:
    """甲 reported January and March (February missing), 乙 every month: the whole's
    year-to-date is known at January only, not at positions 1 and 2 of the lists."""
    indicator = _indicator()
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({1: "1", 3: "1"}, "甲"), _monthly({1: "1", 2: "1", 3: "1"}, "乙")],
    )
    assert {m: str(p.value) for m, p in facts.series("x", 2020, "").items()} == {1: "2"}


def test_a_stock_whole_traces_to_each_childs_latest_row() -> None:
    indicator = _indicator(kind=Kind.STOCK)
    facts, _ = build_facts(
        _targets(indicator),
        OrgTree(),
        [_monthly({5: "3", 6: "4"}, "甲"), _monthly({5: "1", 6: "2"}, "乙")],
    )
    point = facts.series("x", 2020, "")[6]
    rows = (Location("甲.csv", 7), Location("乙.csv", 7))
    assert (str(point.value), point.sources) == ("6", rows)


# The roll-up's shortcuts (the fast monthly sum, to_ytd's and has_ytd's): where a shortcut
# must step aside, it does. The numeric policy (core/numbers.py) gives bare arithmetic 150
# digits, so sums of inputs within it never round; the shortcuts do not count on that (a
# caller's context may be narrower), and the tests about rounding run at Python's default
# 28 digits, where amounts of 10^27 are enough to make an addition round.


def _org_series(
    org: str, values: dict[int, str], covers: dict[int, int] | None = None
) -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=2020,
        basis=Basis.MONTH,
        values={m: Decimal(v) for m, v in values.items()},
        sources={m: Location("a.csv", i + 2) for i, m in enumerate(values)},
        covers=covers or {},
    )


def _whole_of_a_and_b(
    raw: list[ActualSeries], allow_negative: bool = False
) -> list[tuple[int, str]]:
    """The whole's year-to-date series, rolled up from two flat orgs a and b."""
    indicator = _indicator(allow_negative=allow_negative)
    tree = OrgTree().with_orgs(["a", "b"])
    rolled, problems = rollup(tree, indicator, 2020, {s.org: s for s in raw})
    assert problems == []
    return [(m, str(v)) for m, v in rolled[WHOLE].items()]


def test_children_with_a_hole_sum_only_up_to_it() -> None:
    """Both orgs skip February: their year-to-date stops at January, and so does the sum
    (the fast path must not line March up as a second month)."""
    raw = [_org_series("a", {1: "10", 3: "5"}), _org_series("b", {1: "2.5", 3: "1"})]
    assert _whole_of_a_and_b(raw) == [(1, "12.5")]


def test_a_sum_that_rounds_is_added_as_the_plain_definition_does() -> None:
    """a: 10^27 then 0.6, b: 0 then 0.6. Each org's own year-to-date at February rounds at 28
    digits (10^27 + 0.6 -> 10^27 + 1, b's is 0.6) and the whole is their sum, 10^27 + 1.6 ->
    ...002. Adding the months across orgs first (0.6 + 0.6 = 1.2, 10^27 + 1.2 -> ...001)
    would give a different last digit: the fast path must notice the rounding and step aside."""
    raw = [_org_series("a", {1: "1E+27", 2: "0.6"}), _org_series("b", {1: "0", 2: "0.6"})]
    with localcontext(prec=28):
        whole = _whole_of_a_and_b(raw)
        plain = sum_series(to_ytd(s, Kind.FLOW) for s in raw)
    assert whole == [(1, "1000000000000000000000000000"), (2, "1000000000000000000000000002")]
    assert [(m, str(v)) for m, v in plain.items()] == whole


def test_negative_amounts_sum_each_orgs_own_year_to_date() -> None:
    """With negative amounts allowed, a sum across orgs can be exact where an org's own
    running total rounds: a's February year-to-date is 10^27 + 0.6 -> 10^27 + 1 (what a's own
    figure shows), b's is -10^27, so the whole is 1, the sum of the figures shown for its
    members, not 0.6 (what adding the months across orgs first would give)."""
    raw = [_org_series("a", {1: "1E+27", 2: "0.6"}), _org_series("b", {1: "-1E+27", 2: "0"})]
    with localcontext(prec=28):
        own = [str(v) for v in to_ytd(raw[0], Kind.FLOW).values()]
        whole = _whole_of_a_and_b(raw, allow_negative=True)
    assert own == ["1000000000000000000000000000", "1000000000000000000000000001"]
    assert whole == [(1, "0"), (2, "1")]


def test_an_empty_series_has_no_year_to_date() -> None:
    empty = _org_series("a", {})
    assert to_ytd(empty, Kind.FLOW) == {}
    assert has_ytd(empty, Kind.FLOW) is False
    assert has_ytd(empty, Kind.STOCK) is False


def test_a_combined_release_overlapping_a_reported_month_is_not_added_on_top() -> None:
    """January reported alone and again inside a 1-2月 release (the series builder refuses
    this; to_ytd does not count on it): the running total stops before the overlap instead
    of counting January twice."""
    series = _org_series("a", {1: "10", 2: "25"}, covers={2: 1})
    assert [(m, str(v)) for m, v in to_ytd(series, Kind.FLOW).items()] == [(1, "10")]
    assert has_ytd(series, Kind.FLOW) is True


@pytest.mark.parametrize(
    ("value", "expected"),
    [("11.1564200", "111564.200"), ("5", "50000"), ("0.005", "50"), ("0.00012", "1.2")],
)
def test_yi_into_wan_moves_the_point_keeping_the_datas_places(value: str, expected: str) -> None:
    """亿 -> 万 is ×10^4: the digits move, no trailing zeros are added or dropped, and a
    whole result is written out (50000, 50), never in exponent form (5E+4, 5E+1)."""
    from gongshu_kpi.core.units import convert, parse_unit

    assert str(convert(Decimal(value), parse_unit("亿元"), parse_unit("万元"))) == expected


def test_leaves_are_the_orgs_without_children() -> None:
    tree = OrgTree(parent={"p1": WHOLE, "a": "p1", "b": "p1", "c": WHOLE}, declared=True)
    assert tree.leaves() == ("a", "b", "c")


def test_with_orgs_keeps_the_trees_reports() -> None:
    tree = OrgTree(reports={"a": ("x",)}).with_orgs(["a", "b"])
    assert (tree.parent, tree.reports) == ({"a": WHOLE, "b": WHOLE}, {"a": ("x",)})
