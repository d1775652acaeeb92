"""Time progress (序时进度) and missing periods by reporting frequency, and whether an
indicator is judged against time progress at all.

A quarterly indicator at 2021-Q2 has progress 50% and is as of June whatever month the
report asks for after June (in May it is still as of March); it is never "missing April,
May". A stock (a count at month end) is compared with its target only, unless it asks for
pace (`pace: time`) or gives a profile to follow.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from enum import StrEnum

from gongshu_kpi.core import formulas
from gongshu_kpi.core.models import Basis, Kind
from gongshu_kpi.core.periodic.period import Frequency, Period


class PaceRule(StrEnum):
    TIME = "time"  # completion against 序时进度 (N/12 of the year)
    PROFILE = "profile"  # against the share of the profile's weight elapsed
    NONE = "none"  # no pace: compared with the target only


def pace_rule(kind: Kind, profile: Sequence[Decimal] | None, pace: str | None = None) -> PaceRule:
    """Which pace an indicator's completion is judged by. `pace` is the indicator's own
    setting ("time" or "none"; None when not set). Flows follow the calendar (or their
    profile); a stock has no pace unless it asks for one or gives a profile: 93.33% of a
    count of firms against 16.67% of the year elapsed means nothing. A profile is the
    indicator's own time progress (as in compute.time_progress_at), so with `pace: time`
    and a profile the profile is followed: `pace` switches pace on or off, nothing more."""
    if pace not in (None, "time", "none"):
        raise ValueError(f"pace 应为 time 或 none，得到“{pace}”")
    if pace == "none":
        return PaceRule.NONE
    if profile is not None:
        return PaceRule.PROFILE
    if kind is Kind.STOCK and pace is None:
        return PaceRule.NONE
    return PaceRule.TIME


def as_of_period(frequency: Frequency, year: int, month: int) -> Period | None:
    """The latest whole period of the frequency ending no later than `month` (quarterly in
    May: 一季度); None before the first one ends."""
    number = month // frequency.months
    return Period.of(year, frequency, number) if number else None


def time_progress(
    as_of: int, frequency: Frequency = Frequency.MONTHLY, profile: Sequence[Decimal] | None = None
) -> Decimal:
    """Share of the year elapsed at the end of the as-of period, percent, unrounded:
    periods elapsed ÷ periods a year (quarterly at June: 2/4 = 50%), or the profile's weight
    through the as-of month over its total."""
    if profile is not None:
        return formulas.profile_progress(profile, as_of)
    return formulas.year_elapsed(as_of // frequency.months, frequency.per_year)


def expected_periods(frequency: Frequency, year: int, up_to: int) -> tuple[Period, ...]:
    """The periods an org of this frequency should have reported by month `up_to`."""
    return tuple(Period.of(year, frequency, n) for n in range(1, up_to // frequency.months + 1))


def missing_periods(
    frequency: Frequency, year: int, up_to: int, reported: Iterable[Period]
) -> tuple[Period, ...]:
    """Expected periods no reported value stands for. A value stands for a period when its
    own span contains it (a 1-2月 release stands for January and February) or ends where it
    ends (a quarterly org's 1-6月 figure stands for 二季度)."""
    spans = tuple(reported)
    return tuple(
        period
        for period in expected_periods(frequency, year, up_to)
        if not any(s.contains(period) or (s.year, s.last) == (year, period.last) for s in spans)
    )


def reported_periods(
    months: Iterable[int], basis: Basis, year: int, covers: Mapping[int, int] | None = None
) -> tuple[Period, ...]:
    """What each reported value of a series stands for, for `missing_periods`: under 当月 its
    own span (a 1-2月 release, a quarter's 当季 amount kept at its last month with `covers`);
    under 累计 the month it was reported for."""
    spans = covers if covers is not None and basis is Basis.MONTH else {}
    return tuple(Period(year, spans.get(m, m), m) for m in sorted(months))
