"""Year-to-date values, completion rates, time progress and pace — pure arithmetic."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Indicator,
    IndicatorResult,
    Kind,
    Report,
    Settings,
    Status,
    Targets,
)
from gongshu_kpi.core.numbers import percent, round_to
from gongshu_kpi.core.periods import time_progress
from gongshu_kpi.core.problems import Location

TOTAL_ORG = ""  # rows without an org are the indicator's own total


@dataclass(frozen=True, slots=True)
class YearToDate:
    as_of: int
    value: Decimal
    sources: tuple[Location, ...]


def year_to_date(series: ActualSeries, kind: Kind, month: int) -> YearToDate | None:
    """The series' year-to-date value as of its latest month not after `month`."""
    months = sorted(m for m in series.values if m <= month)
    if not months:
        return None
    as_of = months[-1]
    if kind is Kind.STOCK or series.basis is Basis.YTD:
        return YearToDate(as_of, series.values[as_of], (series.sources[as_of],))
    # A flow reported month by month: the year-to-date is the sum of the months so far.
    total = sum((series.values[m] for m in months), Decimal(0))
    return YearToDate(as_of, total, tuple(series.sources[m] for m in months))


def combine_orgs(series: Iterable[ActualSeries], kind: Kind, month: int) -> YearToDate | None:
    """The indicator's total: its own total row if reported, else the sum over orgs.

    The sum is taken as of the latest month every reporting org has reached, so a late
    org never makes the total look smaller than it is.
    """
    by_org = {s.org: s for s in series}
    if TOTAL_ORG in by_org:
        return year_to_date(by_org[TOTAL_ORG], kind, month)
    parts = [year_to_date(s, kind, month) for s in by_org.values()]
    reached = [p for p in parts if p is not None]
    if not reached:
        return None
    as_of = min(p.as_of for p in reached)
    again = [year_to_date(s, kind, as_of) for s in by_org.values()]
    present = [p for p in again if p is not None]
    return YearToDate(
        as_of,
        sum((p.value for p in present), Decimal(0)),
        tuple(loc for p in present for loc in p.sources),
    )


def status_of(pace: Decimal) -> Status:
    if pace > 0:
        return Status.AHEAD
    if pace == 0:
        return Status.ON_PACE
    return Status.BEHIND


def compute_result(
    indicator: Indicator, ytd: YearToDate | None, settings: Settings
) -> IndicatorResult:
    if ytd is None:
        return IndicatorResult(indicator, None, None, None, None, None, None, ())
    places, rounding = settings.rate_places, settings.rounding
    rate = round_to(percent(ytd.value, indicator.target), places, rounding)
    progress = round_to(time_progress(ytd.as_of), places, rounding)
    # Pace comes from the printed (rounded) figures so a reader's own subtraction agrees.
    pace = rate - progress
    return IndicatorResult(
        indicator=indicator,
        as_of=ytd.as_of,
        actual=ytd.value,
        rate=rate,
        time_progress=progress,
        pace=pace,
        status=status_of(pace),
        sources=ytd.sources,
    )


def compute_report(
    targets: Targets,
    series_by_indicator: Mapping[str, list[ActualSeries]],
    month: int,
    indicators: Iterable[Indicator] | None = None,
) -> Report:
    """Figures for each indicator (in targets order) as of `month`."""
    chosen = targets.indicators if indicators is None else tuple(indicators)
    results = tuple(
        compute_result(
            indicator,
            combine_orgs(series_by_indicator.get(indicator.id, []), indicator.kind, month),
            targets.settings,
        )
        for indicator in chosen
    )
    return Report(targets.year, month, targets.settings, results)
