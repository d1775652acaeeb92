"""The one exact-figures function (core/figures/exact.py): every figure of an indicator exact,
with its inputs; the printed figures (compute_result) and explain's steps come from it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongshu_kpi.core import formulas
from gongshu_kpi.core.figures import (
    Facts,
    IndicatorFigures,
    build_facts,
    compute_result,
    exact_figures,
    target_of,
)
from gongshu_kpi.core.figures.explain import explain
from gongshu_kpi.core.figures.explain_steps import approx
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Direction,
    Indicator,
    Kind,
    Settings,
    Status,
    Targets,
    TargetType,
)
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location
from gongshu_kpi.pipeline import find_data_folder, load
from tests.paths import REPO


@pytest.fixture(scope="module")
def shipped() -> Facts:
    """The shipped example's facts (data/ of the repository)."""
    return load(find_data_folder(REPO)).facts


def _shipped(facts: Facts, name: str, month: int = 6) -> IndicatorFigures:
    indicator = next(i for i in facts.targets.indicators if i.name == name)
    return exact_figures(facts, indicator, WHOLE, 2020, month)


def _plain(value: Decimal | None) -> str:
    assert value is not None
    return format(value.normalize(), "f")


def test_main_business_revenue_exact_and_printed(shipped: Facts) -> None:
    """主营业务收入: 419.72亿 of 800亿 by 1-6月 is 52.465% exact, printed 52.47 (half-up)."""
    figures = _shipped(shipped, "主营业务收入")
    assert (figures.target, figures.actual, figures.as_of) == (Decimal(800), Decimal("419.72"), 6)
    assert figures.months == (6,) and figures.unit == "亿元"
    assert _plain(figures.completion_rate) == "52.465"
    assert _plain(figures.time_progress) == "50"
    assert _plain(figures.pace) == "2.465"
    # Year-on-year over 2019's 377.78: 41.94 ÷ 377.78 = 11.1016994…%, printed 11.1.
    assert str(figures.previous) == "377.78"
    assert approx(figures.growth or Decimal(0)) == "11.101699…"
    assert approx(figures.growth_times or Decimal(0)) == "0.111016…"
    assert figures.projection is not None and figures.projection.method == "run-rate"
    assert _plain(figures.projection.value) == "839.44"  # 419.72 × 12 ÷ 6
    result = compute_result(shipped, figures.indicator, WHOLE, 2020, 6)
    assert (str(result.rate), str(result.time_progress), str(result.pace)) == (
        "52.47",
        "50.00",
        "2.47",
    )
    assert str(result.yoy) == "11.1" and result.status is Status.AHEAD


def test_figures_without_last_year_have_no_growth(shipped: Facts) -> None:
    """产业投资 27.83亿 of 46亿: 60.5% exact; no 2019 figure, so no growth and no base."""
    figures = _shipped(shipped, "产业投资")
    assert _plain(figures.completion_rate) == "60.5"
    assert figures.previous is None and figures.growth is None and figures.growth_times is None


def test_no_data_up_to_the_month_keeps_the_target(shipped: Facts) -> None:
    """Nothing reported by 1-6月: only the target is known, every figure is None."""
    figures = _shipped(shipped, "税收超千万企业累计数")
    assert figures.target == Decimal(70) and figures.as_of is None and figures.months == ()
    assert figures.actual is None and figures.completion_rate is None and figures.pace is None


def _indicator(**extra: object) -> Indicator:
    fields: dict[str, object] = {"id": "x", "name": "X", "unit": "个", "target": Decimal(100)}
    fields["kind"] = Kind.FLOW
    fields.update(extra)
    return Indicator.model_validate(fields)


def _series(values: dict[int, Decimal], year: int = 2020, org: str = "") -> ActualSeries:
    return ActualSeries(
        indicator_id="x",
        org=org,
        year=year,
        basis=Basis.YTD,
        values=values,
        sources={m: Location(f"{year}-{org}.csv", m + 1) for m in values},
    )


def _facts(indicator: Indicator, *series: ActualSeries, **settings: object) -> Facts:
    targets = Targets(
        year=2020, indicators=(indicator,), settings=Settings.model_validate(settings)
    )
    facts, problems = build_facts(targets, OrgTree(), list(series))
    assert problems == []
    return facts


def test_growth_target_gap_is_exact_and_printed_from_the_printed_growth() -> None:
    """A growth target of 8%: 108.15 over 100 is 8.15% exact (gap 0.15 exact), but the gap
    printed is from the growth as printed (8.2 at one place): 0.2 points."""
    indicator = _indicator(target_type=TargetType.GROWTH, target=Decimal(8))
    facts = _facts(
        indicator, _series({6: Decimal("108.15")}), _series({6: Decimal(100)}, year=2019)
    )
    figures = exact_figures(facts, indicator, WHOLE, 2020, 6)
    assert _plain(figures.achieved_growth) == "8.15" and _plain(figures.growth_gap) == "0.15"
    assert figures.completion_rate is None and figures.time_progress is None
    result = compute_result(facts, indicator, WHOLE, 2020, 6)
    assert (str(result.actual), str(result.rate), str(result.pace)) == ("8.2", "0.2", "0.2")


def test_cap_used_is_the_same_quotient_judged_the_other_way() -> None:
    """Under a cap 60 of 100 used by 1-6月 is 60% used, 10 points faster: behind."""
    indicator = _indicator(direction=Direction.LOWER)
    facts = _facts(indicator, _series({6: Decimal(60)}))
    figures = exact_figures(facts, indicator, WHOLE, 2020, 6)
    assert _plain(figures.completion_rate) == "60" and _plain(figures.pace) == "10"
    assert compute_result(facts, indicator, WHOLE, 2020, 6).status is Status.BEHIND


def test_share_of_a_group_and_target_of_an_org() -> None:
    """甲's 30 of the whole's 30 + 90 is a 25% share; 甲's own target is looked up by org."""
    indicator = _indicator(org_targets={"甲": Decimal(40)})
    parts = (_series({6: Decimal(30)}, org="甲"), _series({6: Decimal(90)}, org="乙"))
    facts = _facts(indicator, *parts)
    figures = exact_figures(facts, indicator, "甲", 2020, 6, share_of=WHOLE)
    assert (figures.share_of, figures.whole, _plain(figures.share)) == (WHOLE, Decimal(120), "25")
    assert target_of(facts, indicator, 2020, "甲") == Decimal(40) == figures.target
    assert target_of(facts, indicator, 2020) == Decimal(100)
    assert _plain(figures.completion_rate) == "75"


def test_seasonal_projection_records_last_years_shape() -> None:
    """Last year 50 by June of 200: this year's 60 projects to 60 × 200 ÷ 50 = 240."""
    indicator = _indicator()
    facts = _facts(
        indicator,
        _series({6: Decimal(60)}),
        _series({6: Decimal(50), 12: Decimal(200)}, year=2019),
    )
    projection = exact_figures(facts, indicator, WHOLE, 2020, 6).projection
    assert projection is not None
    assert (projection.method, projection.last_at_month, projection.last_full) == (
        "seasonal",
        Decimal(50),
        Decimal(200),
    )
    assert _plain(projection.value) == "240"


amounts = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(10**9), places=2)


@settings(max_examples=150, deadline=None)
@given(
    target=amounts,
    actual=amounts,
    previous=st.none() | amounts,
    whole_extra=st.none() | amounts,
    month=st.integers(1, 12),
    rate_places=st.integers(0, 6),
    growth_places=st.integers(0, 6),
    lower=st.booleans(),
    days=st.booleans(),
    band=st.sampled_from([Decimal(0), Decimal("0.5"), Decimal(3)]),
)
def test_printed_figures_are_the_exact_ones_rounded(
    target: Decimal,
    actual: Decimal,
    previous: Decimal | None,
    whole_extra: Decimal | None,
    month: int,
    rate_places: int,
    growth_places: int,
    lower: bool,
    days: bool,
    band: Decimal,
) -> None:
    """compute_result prints each exact figure rounded half-up at its places; pace and its
    status follow from the printed rate and progress; explain shows the same exact figures."""
    direction = Direction.LOWER if lower else Direction.HIGHER
    indicator = _indicator(target=target, direction=direction, org_targets={"甲": target})
    series = [_series({month: actual}, org="甲")]
    if whole_extra is not None:
        series.append(_series({month: whole_extra}, org="乙"))
    if previous is not None:
        series.append(_series({month: previous}, year=2019, org="甲"))
    facts = _facts(
        indicator,
        *series,
        rate_places=rate_places,
        growth_places=growth_places,
        on_pace_band=band,
        time_progress="days" if days else "months",
        growth_as_times=True,
    )
    figures = exact_figures(facts, indicator, "甲", 2020, 12, share_of=WHOLE)
    result = compute_result(facts, indicator, "甲", 2020, 12, share_of=WHOLE)

    def rounded(value: Decimal | None, places: int) -> Decimal | None:
        return None if value is None else round_to(value, places, "half-up")

    assert figures.actual == result.actual == actual and result.as_of == month
    assert result.rate == rounded(figures.completion_rate, rate_places) is not None
    assert result.time_progress == rounded(figures.time_progress, rate_places) is not None
    assert result.yoy == rounded(figures.growth, growth_places)
    assert result.share == rounded(figures.share, rate_places) is not None
    assert figures.projection is not None and result.projection == rounded(
        figures.projection.value, formulas.places_of(actual)
    )
    if figures.growth is not None and figures.growth >= 100:
        assert result.yoy_times == rounded(figures.growth_times, 2)
    else:
        assert result.yoy_times is None
    # The pace is the difference of the printed figures, within one printed unit of the exact.
    assert result.rate is not None and result.time_progress is not None
    assert result.pace == formulas.pace(result.rate, result.time_progress)
    assert figures.pace is not None
    assert abs(result.pace - figures.pace) <= Decimal(1).scaleb(-rate_places)
    assert result.status == formulas.pace_status(result.pace, band, lower)

    steps = explain(facts, indicator, "甲", 2020, 12).steps
    assert figures.completion_rate is not None and figures.time_progress is not None
    name = "占控制额度" if lower else "完成率"
    assert steps[1] == (
        f"{name} = {actual:f} ÷ {target:f} × 100% = {approx(figures.completion_rate)}% → "
        f"{result.rate:f}%（四舍五入，保留{rate_places}位）"
    )
    assert f" = {approx(figures.time_progress)}% → {result.time_progress:f}%" in steps[2]
    # 同比 comes after the rate steps (what is still to do and 两年平均 may follow it).
    growth_steps = [step for step in steps if step.startswith("同比")]
    if figures.growth is not None:
        assert len(growth_steps) == 1
        assert growth_steps[0].endswith(
            f" = {approx(figures.growth)}% → {result.yoy:f}%（保留{growth_places}位）"
        )
    else:
        assert growth_steps == []


def test_month_amount_is_the_difference_of_year_to_date_figures() -> None:
    """当月 = 1-N月 − 1-(N−1)月; January's is its year-to-date; a gap gives none."""
    assert formulas.month_amount(Decimal("30.5"), Decimal("10.25"), 6) == Decimal("20.25")
    assert formulas.month_amount(Decimal(7), None, 1) == Decimal(7)
    assert formulas.month_amount(Decimal(7), None, 6) is None


@pytest.mark.parametrize(
    ("month", "year", "by", "expected"),
    [
        (6, 2020, "months", "50"),
        (2, 2020, "days", "16.39344262"),  # 60 of 366 days (a leap year)
        (2, 2021, "days", "16.16438356"),  # 59 of 365
    ],
)
def test_calendar_progress_by_months_or_days(month: int, year: int, by: str, expected: str) -> None:
    """Time progress without monthly weights is the calendar's, by months or by days."""
    exact = formulas.calendar_progress(month, year, Settings.model_validate({"time_progress": by}))
    assert _plain(round_to(exact, 8)) == expected
    indicator = _indicator()
    assert (
        formulas.time_progress_at(
            month, year, Settings.model_validate({"time_progress": by}), indicator
        )
        == exact
    )
