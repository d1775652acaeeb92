"""Every figure of one indicator for one org or group, exact, with the inputs it came from.

`exact_figures` is the one place figures are computed: `compute_result` rounds from it,
`explain` shows its steps, and the fact-check and `publish` can compare and record from it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from gongshu_kpi.core.figures import formulas
from gongshu_kpi.core.figures.facts import Facts
from gongshu_kpi.core.models import Indicator, Kind, TargetType
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.rollup import YtdSeries


@dataclass(frozen=True, slots=True)
class ExactProjection:
    """预计全年, unrounded, and what it was projected from."""

    value: Decimal
    method: str  # "run-rate" (YTD × 12/N) or "seasonal" (last year's shape)
    last_at_month: Decimal | None = None  # last year's YTD at N (seasonal only)
    last_full: Decimal | None = None  # last year's full year (seasonal only)


@dataclass(frozen=True, slots=True)
class IndicatorFigures:
    """One indicator's figures for an org or group, exact (percent, unrounded), as of its latest
    month with data not after `month`; each None where it does not apply or has no input."""

    indicator: Indicator
    org: str  # "" is the whole
    year: int
    month: int  # the month asked for
    unit: str  # the unit of actual, previous, whole and projection (the indicator's)
    target: Decimal | None  # this org's annual target of `year`
    months: tuple[int, ...] = ()  # months with data up to `month`, in order
    as_of: int | None = None  # N of 1-N月: the last of `months`
    actual: Decimal | None = None  # year-to-date (a stock: its level) at as_of
    previous: Decimal | None = None  # last year's year-to-date at as_of
    time_progress: Decimal | None = None  # share of the year elapsed (amount targets)
    completion_rate: Decimal | None = None  # actual ÷ target; under a cap: share of it used
    pace: Decimal | None = None  # completion_rate − time_progress, or the growth gap
    growth: Decimal | None = None  # year-on-year, when last year's figure is a growth base
    growth_times: Decimal | None = None  # the same as 倍
    achieved_growth: Decimal | None = None  # growth targets: the % reported, else growth
    growth_gap: Decimal | None = None  # growth targets: achieved − target, in points
    share_of: str | None = None  # the org or group a share is of
    whole: Decimal | None = None  # its year-to-date at as_of (when not 0)
    share: Decimal | None = None  # actual ÷ whole
    projection: ExactProjection | None = None


def target_of(facts: Facts, indicator: Indicator, year: int, who: str = WHOLE) -> Decimal | None:
    """The annual target of `year` for an org (the whole's when `who` is the whole)."""
    org = facts.orgs.canonical(who)
    return indicator.target_for(year, facts.targets.year, "" if org == WHOLE else who)


def months_up_to(series: YtdSeries, month: int) -> tuple[int, ...]:
    """The months of a series with data, not after `month`, in order."""
    return tuple(sorted(m for m in series if m <= month))


def exact_figures(
    facts: Facts, indicator: Indicator, who: str, year: int, month: int, share_of: str | None = None
) -> IndicatorFigures:
    """Every figure of `indicator` for `who` as of its latest month ≤ `month`, exact; with
    `share_of`, also its share of that org's or group's figure."""
    series = facts.series(indicator.id, year, who)
    months = months_up_to(series, month)
    target = target_of(facts, indicator, year, who)
    figures = IndicatorFigures(indicator, who, year, month, indicator.unit, target)
    if not months:
        return figures
    as_of = months[-1]
    actual = series[as_of].value
    last_year = facts.series(indicator.id, year - 1, who)
    last = last_year.get(as_of)
    previous = None if last is None else last.value
    growth = None
    if indicator.yoy and previous is not None and formulas.is_growth_base(previous):
        growth = formulas.growth(actual, previous)
    whole = None
    if share_of is not None:
        whole_point = facts.series(indicator.id, year, share_of).get(as_of)
        if whole_point is not None and whole_point.value != 0:
            whole = whole_point.value
    figures = replace(
        figures,
        months=months,
        as_of=as_of,
        actual=actual,
        previous=previous,
        growth=growth,
        growth_times=None if growth is None else formulas.growth_times(growth),
        share_of=share_of,
        whole=whole,
        share=None if whole is None else formulas.share(actual, whole),
        projection=exact_projection(indicator, actual, as_of, last_year),
    )
    return _with_completion(facts, figures, actual, as_of)


def _with_completion(
    facts: Facts, figures: IndicatorFigures, actual: Decimal, as_of: int
) -> IndicatorFigures:
    """The figures against the target: a completion rate against the calendar, or achieved
    growth against a growth target (a rate, to which time progress does not apply)."""
    indicator, target = figures.indicator, figures.target
    if indicator.target_type is TargetType.GROWTH:
        achieved = actual if indicator.unit == "%" else figures.growth
        gap = None
        if achieved is not None and target is not None:
            gap = formulas.growth_gap(achieved, target)
        return replace(figures, achieved_growth=achieved, growth_gap=gap, pace=gap)
    if target is None:
        return figures
    settings = facts.targets.settings
    progress = formulas.time_progress_at(as_of, figures.year, settings, indicator)
    rate = formulas.completion_rate(actual, target)
    return replace(
        figures,
        time_progress=progress,
        completion_rate=rate,
        pace=formulas.pace(rate, progress),
    )


def exact_projection(
    indicator: Indicator, actual: Decimal, as_of: int, last_year: YtdSeries
) -> ExactProjection | None:
    """预计全年 for a flow: last year's seasonal shape when known, else the run-rate."""
    if indicator.kind is not Kind.FLOW or indicator.target_type is TargetType.GROWTH:
        return None
    base, full = last_year.get(as_of), last_year.get(12)
    if base is not None and full is not None and base.value > 0:
        value = formulas.seasonal_projection(actual, base.value, full.value)
        return ExactProjection(value, "seasonal", base.value, full.value)
    return ExactProjection(formulas.run_rate_projection(actual, as_of), "run-rate")
