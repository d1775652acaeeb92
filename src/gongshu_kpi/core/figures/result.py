"""The printed figures: exact figures (exact.py) rounded once, at the places the settings give,
and a report of them. Pace and a growth target's gap are worked out from the printed figures,
so a reader's own subtraction of what is printed agrees."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from gongshu_kpi.core import formulas
from gongshu_kpi.core.figures.exact import IndicatorFigures, exact_figures, exact_projection
from gongshu_kpi.core.figures.rank import rank_orgs
from gongshu_kpi.core.models import (
    Direction,
    Indicator,
    IndicatorResult,
    Report,
    Settings,
    Status,
    TargetType,
)
from gongshu_kpi.core.numbers import HUNDRED, RoundingName, round_to
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periodic.changes import Comparison, two_year_average

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.periodic.remaining import StillToDo
    from gongshu_kpi.core.rollup import Point, YtdSeries


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
    """预计全年 for a flow, rounded to the places of the year-to-date figure."""
    last_values = {month: p.value for month, p in last_year.items()}
    exact = exact_projection(indicator, point.value, as_of, last_values)
    if exact is None:
        return None
    places = formulas.places_of(point.value)
    return Projection(round_to(exact.value, places, rounding), exact.method)


def compute_result(
    facts: Facts,
    indicator: Indicator,
    who: str,
    year: int,
    month: int,
    *,
    share_of: str | None = None,
) -> IndicatorResult:
    """One indicator's figures for an org or group, as of its latest month ≤ `month`."""
    figures = exact_figures(facts, indicator, who, year, month, share_of=share_of)
    return printed(figures, facts.targets.settings)


class _Completion(NamedTuple):  # a tuple: built once per figure, and cheaper than a dataclass
    actual: Decimal | None
    rate: Decimal | None = None
    progress: Decimal | None = None
    pace: Decimal | None = None
    status: Status | None = None


def printed(figures: IndicatorFigures, settings: Settings) -> IndicatorResult:
    """The figures as printed: each exact figure rounded at its display places."""
    if figures.as_of is None or figures.actual is None:
        return _no_data(figures)
    rounding = settings.rounding
    yoy = yoy_times = None
    if figures.growth is not None:
        yoy = round_to(figures.growth, settings.growth_places, rounding)
        if settings.growth_as_times and figures.growth >= HUNDRED:
            # 增长1.21倍 is rounded from the exact growth, not from the rounded percent.
            yoy_times = _rounded(figures.growth_times, 2, rounding)
    completion = _printed_completion(figures, yoy, settings)
    projection = figures.projection
    todo = _still_to_do(figures, rounding)
    return IndicatorResult(
        indicator=figures.indicator,
        org=figures.org,
        target=figures.target,
        as_of=figures.as_of,
        actual=completion.actual,
        rate=completion.rate,
        time_progress=completion.progress,
        pace=completion.pace,
        status=completion.status,
        previous=figures.previous,
        yoy=yoy,
        yoy_times=yoy_times,
        share=_rounded(figures.share, settings.rate_places, rounding),
        whole=figures.whole,
        projection=None
        if projection is None
        else round_to(projection.value, formulas.places_of(figures.actual), rounding),
        projection_method=None if projection is None else projection.method,
        gap=todo.gap,
        months_left=todo.months_left,
        monthly_need=todo.need,
        need_frequency=None if figures.still_to_do is None else figures.still_to_do.frequency,
        month_amount=None if figures.own is None else figures.own.value,
        month_first=None if figures.own is None else figures.own.period.first,
        month_yoy=_rounded(_growth_of(figures.own_yoy), settings.growth_places, rounding),
        chain=_rounded(_growth_of(figures.chain), settings.growth_places, rounding),
        chain_note=_why_not(figures.chain),
        ytd_chain=_rounded(_growth_of(figures.ytd_chain), settings.growth_places, rounding),
        ytd_chain_note=_why_not(figures.ytd_chain),
        two_year_growth=None
        if figures.two_years_ago is None
        else two_year_average(
            figures.actual, figures.two_years_ago, settings.growth_places, rounding
        ),
        original_target=figures.original_target,
        target_note=figures.target_note,
        target_from=figures.target_from,
        share_mark="" if figures.share_detail is None else figures.share_detail.mark,
        share_note="" if figures.share_detail is None else figures.share_detail.note,
    )


def _no_data(figures: IndicatorFigures) -> IndicatorResult:
    """An indicator without data by the month: its target (and 原目标) only."""
    return IndicatorResult(
        figures.indicator,
        figures.org,
        figures.target,
        None,
        None,
        None,
        None,
        None,
        None,
        original_target=figures.original_target,
        target_note=figures.target_note,
        target_from=figures.target_from,
    )


def _growth_of(comparison: Comparison | None) -> Decimal | None:
    return None if comparison is None else comparison.growth


def _why_not(comparison: Comparison | None) -> str:
    """Why a change has no figure ("" when it has one, or does not apply)."""
    return "" if comparison is None or comparison.growth is not None else comparison.why


class _StillToDo(NamedTuple):
    gap: Decimal | None = None
    months_left: int | None = None
    need: Decimal | None = None


def _still_to_do(figures: IndicatorFigures, rounding: RoundingName) -> _StillToDo:
    """距目标还差 and 月均需完成 at the places of the year-to-date figure (an amount, like it);
    the gap of exact inputs is exact, the need is the exact fraction rounded once."""
    todo = figures.still_to_do
    if todo is None or figures.actual is None:
        return _StillToDo()
    places = max(formulas.places_of(figures.actual), formulas.places_of(todo.target))
    gap = round_to(todo.gap, places, rounding)
    need = todo.printed_pace(still_places(todo, figures.actual, rounding), rounding)
    return _StillToDo(gap, todo.periods_left, need)


def still_places(todo: StillToDo, actual: Decimal, rounding: RoundingName) -> int:
    """The places 距目标还差 and 月均需完成 are printed at: those of the year-to-date figure
    or the target; but 2 projects over 5 months is 0.4 a month, never "0个": a need below
    that last digit is printed to its first digit that is not 0."""
    places = max(formulas.places_of(actual), formulas.places_of(todo.target))
    while todo.gap > 0 and todo.printed_pace(places, rounding) == 0:
        places += 1
    return places


def _rounded(value: Decimal | None, places: int, rounding: RoundingName) -> Decimal | None:
    return None if value is None else round_to(value, places, rounding)


def _printed_completion(
    figures: IndicatorFigures, yoy: Decimal | None, settings: Settings
) -> _Completion:
    band, target = settings.on_pace_band, figures.target
    if figures.indicator.target_type is TargetType.GROWTH:
        # Met against the printed growth (the % reported, or year-on-year as printed).
        achieved = figures.actual if figures.indicator.unit == "%" else yoy
        if achieved is None or target is None:
            return _Completion(achieved)
        gap = formulas.growth_gap(achieved, target)
        return _Completion(achieved, gap, None, gap, formulas.status_of(gap, band))
    if figures.completion_rate is None:
        return _Completion(figures.actual)
    rate = round_to(figures.completion_rate, settings.rate_places, settings.rounding)
    if figures.time_progress is None:
        return _Completion(figures.actual, rate)  # no pace (a stock): the rate alone
    progress = round_to(figures.time_progress, settings.rate_places, settings.rounding)
    pace = formulas.pace(rate, progress)
    lower = figures.indicator.direction is Direction.LOWER
    return _Completion(
        figures.actual, rate, progress, pace, formulas.pace_status(pace, band, lower)
    )


@dataclass(frozen=True)
class ReportRequest:
    """What a report is of: the month, which indicators, whose figures and compared with what."""

    month: int
    year: int
    indicators: tuple[Indicator, ...]
    who: tuple[str, ...] = (WHOLE,)  # orgs or groups; several means one row per org
    share_of: str | None = None
    rank_by: str | None = None  # "rate" or "yoy": each org's place among all orgs
    by_org: bool = False  # one row per org: the title names no single org


def compute_report(facts: Facts, request: ReportRequest) -> Report:
    """Figures for each indicator (in targets order) and each org asked for."""
    results: list[IndicatorResult] = []
    for indicator in request.indicators:

        def result_of(who: str, indicator: Indicator = indicator) -> IndicatorResult:
            year, month = request.year, request.month
            return compute_result(facts, indicator, who, year, month, share_of=request.share_of)

        rows = [result_of(who) for who in request.who]
        if request.rank_by:
            # Ranked among every org, whichever of them the report shows (rank_orgs).
            shown = {row.org: row for row in rows}
            peers = [shown.get(org) or result_of(org) for org in facts.orgs.parent]
            rows = rank_orgs(rows, peers, request.rank_by)
        results.extend(rows)
    # The title names the orgs asked for (--org A, with or without --rank), not every org.
    every = request.by_org and set(request.who) >= set(facts.orgs.parent)
    single = request.who == (WHOLE,) or every
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


def reached_month(report: Report) -> int:
    """The latest month the report's figures are as of (its lines' latest as-of month), which
    titles and headings name: a report asked for 12月 whose lines reach 1-7月 is 1-7月's. The
    asked month when no line has data."""
    months = [r.as_of for r in report.results if r.as_of is not None]
    return max(months, default=report.month)
