"""The formulas, each written once: every figure the tool prints is one of these applied to
exact inputs (figures/exact.py, periodic/) or, where a reader must be able to redo the sum
from what is printed, to the printed figures (figures/result.py). Unrounded; rounding is
numbers.round_to's alone. A leaf: it imports only models and numbers, so every part of the
core can use it."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from decimal import Decimal

from gongshu_kpi.core.models import Indicator, Settings, Status
from gongshu_kpi.core.numbers import HUNDRED, divide, percent


def completion_rate(actual: Decimal, target: Decimal) -> Decimal:
    """完成率: actual as a percent of the target. Under a cap (控制在…以内) the same quotient is
    the share of the cap used (占控制额度); only how its pace is judged differs."""
    return percent(actual, target)


def time_progress_at(month: int, year: int, settings: Settings, indicator: Indicator) -> Decimal:
    """Share of the year elapsed at the end of month N, in percent, unrounded: by the
    indicator's monthly weights when it has them, else by the calendar."""
    if indicator.profile is not None:
        return profile_progress(indicator.profile, month)
    return calendar_progress(month, year, settings)


def calendar_progress(month: int, year: int, settings: Settings) -> Decimal:
    """Share of the calendar year elapsed at the end of month N (months or days), unrounded."""
    if settings.time_progress == "days":
        elapsed = sum(calendar.monthrange(year, m)[1] for m in range(1, month + 1))
        return year_elapsed(elapsed, 366 if calendar.isleap(year) else 365)
    return year_elapsed(month, 12)


def year_elapsed(elapsed: int, per_year: int) -> Decimal:
    """序时进度 by the calendar: `elapsed` of the year's `per_year` parts (months, days,
    quarters) in percent, unrounded."""
    return percent(Decimal(elapsed), Decimal(per_year))


def profile_progress(profile: Sequence[Decimal], month: int) -> Decimal:
    """序时进度 along a profile: the weight of months 1..N over the year's, in percent."""
    elapsed, whole = _weights(profile, month)
    return percent(elapsed, whole)


def _weights(profile: Sequence[Decimal], month: int) -> tuple[Decimal, Decimal]:
    """A profile's weight in months 1..N, and in the whole year."""
    return sum(profile[:month], Decimal(0)), sum(profile, Decimal(0))


def pace(rate: Decimal, progress: Decimal) -> Decimal:
    """Percentage points ahead of (+) or behind (−) the calendar; under a cap, + is using the
    cap faster than the calendar."""
    return rate - progress


def status_of(pace: Decimal, band: Decimal) -> Status:
    """Ahead, on pace or behind, for a pace where more is better."""
    if pace > band:
        return Status.AHEAD
    if pace >= -band:
        return Status.ON_PACE
    return Status.BEHIND


def pace_status(pace: Decimal, band: Decimal, lower_is_better: bool) -> Status:
    """The status of a pace; under a cap using it faster than the calendar (a positive pace)
    is what falls behind, so the pace is judged the other way round."""
    return status_of(-pace if lower_is_better else pace, band)


def is_growth_base(previous: Decimal) -> bool:
    """Last year's figure can be a growth base only when positive (0 would print ∞)."""
    return previous > 0


def month_amount(ytd: Decimal, ytd_before: Decimal | None, month: int) -> Decimal | None:
    """A flow's own amount in month N (当月): its year-to-date at N less that at N−1; January's
    is its year-to-date. None when N−1 has no figure (the difference would span months)."""
    if month == 1:
        return ytd
    return None if ytd_before is None else ytd - ytd_before


def growth(actual: Decimal, previous: Decimal) -> Decimal:
    """Year-on-year growth in percent, unrounded (previous must be positive)."""
    return percent(actual - previous, previous)


def growth_times(growth_percent: Decimal) -> Decimal:
    """The same growth as 倍 (增长1.21倍 for 121%), unrounded."""
    return divide(growth_percent, HUNDRED)


def growth_gap(achieved: Decimal, target: Decimal) -> Decimal:
    """Achieved growth against a growth target, in percentage points."""
    return achieved - target


def share(part: Decimal, whole: Decimal) -> Decimal:
    """占比: part as a percent of the whole (whole must not be 0)."""
    return percent(part, whole)


def seasonal_projection(actual: Decimal, last_at_month: Decimal, last_full: Decimal) -> Decimal:
    """预计全年 in last year's shape: YTD × last year's full year ÷ last year's YTD."""
    return divide(actual * last_full, last_at_month)


def run_rate_projection(actual: Decimal, months: int) -> Decimal:
    """预计全年 at this year's pace: YTD × 12 ÷ N."""
    return divide(actual * 12, Decimal(months))


def profile_projection(actual: Decimal, profile: Sequence[Decimal], month: int) -> Decimal | None:
    """预计全年 along a profile: YTD × the year's weight ÷ the weight of months 1..N; None
    when those months carry no weight (nothing to scale from)."""
    elapsed, whole = _weights(profile, month)
    return None if elapsed == 0 else divide(actual * whole, elapsed)


def places_of(value: Decimal) -> int:
    """Decimal places a value is written with (the places a figure derived from it keeps)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
