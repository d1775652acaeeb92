"""Completion rates, time progress, pace, year-on-year, shares, projections, rankings — pure."""

from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from functools import cached_property, partial

from gongshu_kpi.core.models import (
    ActualSeries,
    Direction,
    ExternalRank,
    Indicator,
    IndicatorResult,
    Kind,
    Report,
    Settings,
    Status,
    Targets,
    TargetType,
)
from gongshu_kpi.core.numbers import HUNDRED, RoundingName, divide, percent, round_to
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rollup import (
    Point,
    RolledValues,
    Values,
    YtdSeries,
    rollup,
    sources_at,
    sum_series,
)

SeriesKey = tuple[str, int]  # (indicator id, year)


@dataclass(frozen=True)
class Facts:
    """Everything the data says, before a report picks a month, org or format."""

    targets: Targets
    orgs: OrgTree
    raw: Mapping[SeriesKey, Mapping[str, ActualSeries]]  # as reported, per org
    values: Mapping[SeriesKey, RolledValues]  # year-to-date, rolled up, per org
    external_ranks: tuple[ExternalRank, ...] = ()

    def series(self, indicator_id: str, year: int, who: str) -> YtdSeries:
        """The year-to-date series of an org or a group (its members summed), as points
        whose sources are found when asked for."""
        members = self.orgs.members(who)
        if members is None:
            return {}
        by_org: Mapping[str, Values] = self.values.get((indicator_id, year), {})
        values = sum_series(by_org.get(m, {}) for m in members)
        return {
            month: Point(value, partial(self.sources, indicator_id, year, members, month))
            for month, value in values.items()
        }

    def org_series(self, indicator_id: str, year: int) -> dict[str, YtdSeries]:
        """Every org's year-to-date series of one indicator and year."""
        return {
            org: self.series(indicator_id, year, org)
            for org in self.values.get((indicator_id, year), {})
        }

    def sources(
        self, indicator_id: str, year: int, members: tuple[str, ...], month: int
    ) -> tuple[Location, ...]:
        """The file rows or cells behind members' summed year-to-date value at a month."""
        kind = self.kinds[indicator_id]
        raw = self.raw.get((indicator_id, year), {})
        rolled: Mapping[str, Values] = self.values.get((indicator_id, year), {})
        return tuple(
            location
            for org in members
            if month in rolled.get(org, {})
            for location in sources_at(self.orgs, kind, raw, rolled, org, month)
        )

    @cached_property
    def kinds(self) -> dict[str, Kind]:
        return {i.id: i.kind for i in self.targets.indicators}

    def latest_month(self, year: int, up_to: int = 12) -> int | None:
        """The latest month of `year`, not after `up_to`, that any series has."""
        if up_to >= 12:  # the common question, answered without working out derived sums
            months = [orgs.latest() for (_, y), orgs in self.values.items() if y == year]
            return max((m for m in months if m is not None), default=None)
        return max(
            (
                m
                for (_, y), orgs in self.values.items()
                if y == year
                for s in orgs.values()
                for m in s
                if m <= up_to
            ),
            default=None,
        )


def build_facts(
    targets: Targets,
    orgs: OrgTree,
    series: Sequence[ActualSeries],
    external_ranks: Sequence[ExternalRank] = (),
) -> tuple[Facts, list[Problem]]:
    """Year-to-date series for every indicator, year and org, rolled up the tree."""
    indicators = {i.id: i for i in targets.indicators}
    tree = orgs.with_orgs(s.org for s in series)
    raw: dict[SeriesKey, dict[str, ActualSeries]] = {}
    for s in series:
        raw.setdefault((s.indicator_id, s.year), {})[s.org] = s
    values: dict[SeriesKey, RolledValues] = {}
    problems: list[Problem] = []
    for key, by_org in raw.items():
        values[key], found = rollup(tree, indicators[key[0]], key[1], by_org)
        problems.extend(found)
    return Facts(targets, tree, raw, values, tuple(external_ranks)), problems


def time_progress_at(month: int, year: int, settings: Settings, indicator: Indicator) -> Decimal:
    """Share of the year elapsed at the end of month N, in percent, unrounded."""
    if indicator.profile is not None:
        weights = indicator.profile
        return percent(sum(weights[:month], Decimal(0)), sum(weights, Decimal(0)))
    if settings.time_progress == "days":
        elapsed = sum(calendar.monthrange(year, m)[1] for m in range(1, month + 1))
        return percent(Decimal(elapsed), Decimal(366 if calendar.isleap(year) else 365))
    return percent(Decimal(month), Decimal(12))


def status_of(pace: Decimal, band: Decimal) -> Status:
    if pace > band:
        return Status.AHEAD
    if pace >= -band:
        return Status.ON_PACE
    return Status.BEHIND


def growth(actual: Decimal, previous: Decimal) -> Decimal:
    """Year-on-year growth in percent, unrounded (previous must be positive)."""
    return percent(actual - previous, previous)


def places_of(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


@dataclass(frozen=True, slots=True)
class Projection:
    value: Decimal
    method: str  # "run-rate" (YTD × 12/N) or "seasonal" (last year's shape)


def project(
    indicator: Indicator,
    point: Point,
    as_of: int,
    last_year: YtdSeries,
    rounding: RoundingName,
) -> Projection | None:
    """预计全年 for a flow: last year's seasonal shape when known, else the run-rate."""
    if indicator.kind is not Kind.FLOW or indicator.target_type is TargetType.GROWTH:
        return None
    places = places_of(point.value)
    base, full = last_year.get(as_of), last_year.get(12)
    if base is not None and full is not None and base.value > 0:
        value = divide(point.value * full.value, base.value)
        return Projection(round_to(value, places, rounding), "seasonal")
    run_rate = divide(point.value * 12, Decimal(as_of))
    return Projection(round_to(run_rate, places, rounding), "run-rate")


def compute_result(
    facts: Facts, indicator: Indicator, who: str, year: int, month: int, share_of: str | None = None
) -> IndicatorResult:
    """One indicator's figures for an org or group, as of its latest month ≤ `month`."""
    settings = facts.targets.settings
    series = facts.series(indicator.id, year, who)
    months = [m for m in series if m <= month]
    org = facts.orgs.canonical(who)
    target = indicator.target_for(year, facts.targets.year, "" if org == WHOLE else who)
    if not months:
        return IndicatorResult(indicator, who, target, None, None, None, None, None, None)
    as_of = max(months)
    point = series[as_of]
    last_year = facts.series(indicator.id, year - 1, who)
    previous = last_year.get(as_of)
    yoy = yoy_times = None
    if indicator.yoy and previous is not None and previous.value > 0:
        exact = growth(point.value, previous.value)
        yoy = round_to(exact, settings.growth_places, settings.rounding)
        if settings.growth_as_times and exact >= HUNDRED:
            # 增长1.21倍 is rounded from the exact growth, not from the rounded percent.
            yoy_times = round_to(exact / HUNDRED, 2, settings.rounding)
    figures = _completion(indicator, point.value, target, yoy, as_of, year, settings)
    share = whole = None
    if share_of is not None:
        whole_point = facts.series(indicator.id, year, share_of).get(as_of)
        if whole_point is not None and whole_point.value != 0:
            whole = whole_point.value
            share = round_to(percent(point.value, whole), settings.rate_places, settings.rounding)
    projection = project(indicator, point, as_of, last_year, settings.rounding)
    return IndicatorResult(
        indicator=indicator,
        org=who,
        target=target,
        as_of=as_of,
        actual=figures.actual,
        rate=figures.rate,
        time_progress=figures.progress,
        pace=figures.pace,
        status=figures.status,
        previous=None if previous is None else previous.value,
        yoy=yoy,
        yoy_times=yoy_times,
        share=share,
        whole=whole,
        projection=None if projection is None else projection.value,
        projection_method=None if projection is None else projection.method,
    )


@dataclass(frozen=True, slots=True)
class _Figures:
    actual: Decimal | None
    rate: Decimal | None
    progress: Decimal | None
    pace: Decimal | None
    status: Status | None


def _completion(
    indicator: Indicator,
    actual: Decimal,
    target: Decimal | None,
    yoy: Decimal | None,
    as_of: int,
    year: int,
    settings: Settings,
) -> _Figures:
    places, rounding, band = settings.rate_places, settings.rounding, settings.on_pace_band
    if indicator.target_type is TargetType.GROWTH:
        # The target is a rate: achieved growth (reported in %, or computed year-on-year)
        # against it, in percentage points. Time progress does not apply to a rate.
        achieved = actual if indicator.unit == "%" else yoy
        if achieved is None or target is None:
            return _Figures(achieved, None, None, None, None)
        gap = achieved - target
        return _Figures(achieved, gap, None, gap, status_of(gap, band))
    if target is None:
        return _Figures(actual, None, None, None, None)
    progress = round_to(time_progress_at(as_of, year, settings, indicator), places, rounding)
    rate = round_to(percent(actual, target), places, rounding)
    # Pace comes from the printed (rounded) figures so a reader's own subtraction agrees.
    pace = rate - progress
    if indicator.direction is Direction.LOWER:
        # A cap (控制在…以内): the rate is the share of the cap used, and using it faster than
        # the calendar (a positive pace) is what falls behind.
        return _Figures(actual, rate, progress, pace, status_of(-pace, band))
    return _Figures(actual, rate, progress, pace, status_of(pace, band))


def rank_results(results: Sequence[IndicatorResult], by: str = "rate") -> list[IndicatorResult]:
    """Rank one indicator's results across orgs, best first; equal figures share a rank (并列).

    Under a cap (lower is better) the smallest share of the cap used ranks first.
    """

    def key(result: IndicatorResult) -> Decimal | None:
        return result.rate if by == "rate" else result.yoy

    scored = [(value, r) for r in results if (value := key(r)) is not None]
    lower = bool(scored) and scored[0][1].indicator.direction is Direction.LOWER and by == "rate"
    scored.sort(key=lambda pair: pair[0], reverse=not lower)
    values = [value for value, _ in scored]
    ranked = [
        replace(r, rank=values.index(value) + 1, rank_tied=values.count(value) > 1)
        for value, r in scored
    ]
    return ranked + [r for r in results if key(r) is None]


@dataclass(frozen=True)
class ReportRequest:
    """What a report is of: the month, which indicators, whose figures and compared with what."""

    month: int
    year: int
    indicators: tuple[Indicator, ...]
    who: tuple[str, ...] = (WHOLE,)  # orgs or groups; several means one row per org
    share_of: str | None = None
    rank_by: str | None = None  # "rate" or "yoy": rank the orgs within each indicator
    by_org: bool = False  # one row per org: the title names no single org


def compute_report(facts: Facts, request: ReportRequest) -> Report:
    """Figures for each indicator (in targets order) and each org asked for."""
    results: list[IndicatorResult] = []
    for indicator in request.indicators:
        rows = [
            compute_result(facts, indicator, who, request.year, request.month, request.share_of)
            for who in request.who
        ]
        if request.rank_by:
            # The whole is shown beside its orgs but is not one of them: never ranked.
            whole = [r for r in rows if r.org == WHOLE and len(rows) > 1]
            rows = whole + rank_results([r for r in rows if r not in whole], request.rank_by)
        results.extend(rows)
    single = request.who == (WHOLE,) or request.by_org
    label = "" if single else "、".join(facts.orgs.label(w) for w in request.who)
    ranks = tuple(
        r for r in facts.external_ranks if r.year == request.year and r.month <= request.month
    )
    return Report(
        request.year,
        request.month,
        facts.targets.settings,
        tuple(results),
        org_label=label,
        root_name=facts.orgs.root_name,
        share_of=request.share_of,
        external_ranks=ranks,
    )


def check_yoy_bases(facts: Facts) -> list[Problem]:
    """Last year's figure of 0 or less cannot be a growth base: say so instead of printing ∞.

    Only the base a report uses is checked: last year's figure at the month this year's
    data has reached (a zero January last year does not matter once June is reported).
    """
    by_id = {i.id: i for i in facts.targets.indicators}
    problems: list[Problem] = []
    for (indicator_id, year), by_org in facts.values.items():
        indicator = by_id[indicator_id]
        this_year = facts.values.get((indicator_id, year + 1))
        if not indicator.yoy or this_year is None:
            continue
        for org, values in by_org.items():
            reached = this_year.get(org)
            month = max(reached) if reached else None
            if month is None or month not in values or values[month] > 0:
                continue
            sources = facts.sources(indicator_id, year, (org,), month)
            problems.append(
                Problem(
                    "yoy-base-not-positive",
                    f"“{indicator.name}”{facts.orgs.label(org)} 上年同期"
                    f"（{year}年{period_label(month)}）为 {values[month]}，无法计算同比",
                    sources[0] if sources else None,
                    "在 targets.yaml 中为该指标设置 yoy: false，或核对上年数据",
                )
            )
    return problems
