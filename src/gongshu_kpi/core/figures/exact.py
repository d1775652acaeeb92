"""Every figure of one indicator for one org or group, exact, with the inputs it came from.

`exact_figures` is the one place figures are computed: `compute_result` rounds from it,
`explain` shows its steps, and the fact-check and `publish` can compare and record from it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from gongshu_kpi.core import formulas
from gongshu_kpi.core.models import Basis, Direction, Indicator, Kind, TargetType
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periodic.amounts import Amount, period_amounts
from gongshu_kpi.core.periodic.changes import (
    Comparison,
    period_chain_growth,
    same_period_growth,
    ytd_chain_growth,
)
from gongshu_kpi.core.periodic.progress import PaceRule, pace_rule
from gongshu_kpi.core.periodic.remaining import (
    StillToDo,
    counts_whole_things,
    project_full_year,
    still_to_do,
)
from gongshu_kpi.core.periodic.shares import Share, share_at
from gongshu_kpi.core.periodic.targets import TargetInForce, indicator_target_at

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.unit_specs import UnitTable


@dataclass(frozen=True, slots=True)
class ExactProjection:
    """预计全年, unrounded, and what it was projected from."""

    value: Decimal
    method: str  # "profile" (the indicator's weights), "seasonal" (last year's shape), "run-rate"
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
    target: Decimal | None  # this org's annual target of `year` in force at as_of (or month)
    months: tuple[int, ...] = ()  # months with data up to `month`, in order
    as_of: int | None = None  # N of 1-N月: the last of `months`
    actual: Decimal | None = None  # year-to-date (a stock: its level) at as_of
    previous: Decimal | None = None  # last year's year-to-date at as_of
    time_progress: Decimal | None = None  # share of the year elapsed (amounts judged by pace)
    completion_rate: Decimal | None = None  # actual ÷ target; under a cap: share of it used
    pace: Decimal | None = None  # completion_rate − time_progress, or the growth gap
    growth: Decimal | None = None  # year-on-year, when last year's figure is a growth base
    achieved_growth: Decimal | None = None  # growth targets: the % reported, else growth
    growth_gap: Decimal | None = None  # growth targets: achieved − target, in points
    share_of: str | None = None  # the org or group a share is of
    whole: Decimal | None = None  # its year-to-date at as_of (when not 0)
    share: Decimal | None = None  # actual ÷ whole
    projection: ExactProjection | None = None
    still_to_do: StillToDo | None = None  # 距目标还差 and 后N个月月均需完成 (flows, amount targets)
    two_years_ago: Decimal | None = None  # the year-to-date two years earlier at as_of (两年平均)
    own: Amount | None = None  # 当月: as_of's own amount (a flow), over 1-2月 for such a release
    own_yoy: Comparison | None = None  # 当月同比 of that amount
    chain: Comparison | None = None  # 环比 of that amount (none after a 1-2月 release)
    ytd_chain: Comparison | None = None  # 累计环比: a stock's level against the last period's
    in_force: TargetInForce | None = None  # `target` with 原目标 beside it when adjusted
    share_detail: Share | None = None  # with share_of: the share, or its ※ mark and why not

    @property
    def original_target(self) -> Decimal | None:
        """原目标, when the target in force is an adjusted one (调整后目标)."""
        adjusted = self.in_force is not None and self.in_force.change is not None
        return self.in_force.original if adjusted and self.in_force else None

    @property
    def target_note(self) -> str:
        """What the adjusted target is called ("" when not adjusted)."""
        change = None if self.in_force is None else self.in_force.change
        return "" if change is None else change.note

    @property
    def target_from(self) -> str:
        """The month (YYYY-MM) the adjusted target is in force from ("" when not adjusted)."""
        change = None if self.in_force is None else self.in_force.change
        return "" if change is None else str(change.month)

    @property
    def growth_times(self) -> Decimal | None:
        """The growth as 倍 (worked out when asked: few reports print it)."""
        return None if self.growth is None else formulas.growth_times(self.growth)


def target_of(facts: Facts, indicator: Indicator, year: int, who: str = WHOLE) -> Decimal | None:
    """The annual target of `year` for an org (the whole's when `who` is the whole), as set
    at the start of the year (原目标)."""
    org = facts.orgs.canonical(who)
    return indicator.target_for(year, facts.targets.year, "" if org == WHOLE else who)


def target_at(
    facts: Facts, indicator: Indicator, year: int, month: int, who: str = WHOLE
) -> TargetInForce | None:
    """The target of `year` for an org in force at `month` (调整后目标 from its month on)."""
    org = "" if facts.orgs.canonical(who) == WHOLE else who
    return indicator_target_at(indicator, year, facts.targets.year, month, org)


def months_up_to(series: Mapping[int, object], month: int) -> tuple[int, ...]:
    """The months of a series with data, not after `month`, in order."""
    return tuple(sorted([m for m in series if m <= month]))


def exact_figures(
    facts: Facts,
    indicator: Indicator,
    who: str,
    year: int,
    month: int,
    *,
    share_of: str | None = None,
    series: tuple[Mapping[int, Decimal], Mapping[int, Decimal]] | None = None,
) -> IndicatorFigures:
    """Every figure of `indicator` for `who` as of its latest month ≤ `month`, exact; `share_of`
    adds a share; `series` is `who`'s values this and last year when a trend has them."""
    this_year, last_year = series or _two_years_of(facts, indicator.id, year, who)
    months = months_up_to(this_year, month)
    force = target_at(facts, indicator, year, months[-1] if months else month, who)
    target = None if force is None else force.target
    if not months:
        return IndicatorFigures(indicator, who, year, month, indicator.unit, target, in_force=force)
    as_of = months[-1]
    actual = this_year[as_of]
    previous = last_year.get(as_of)
    growth = None
    if indicator.yoy and previous is not None and formulas.is_growth_base(previous):
        growth = formulas.growth(actual, previous)
    share = None  # never a share of figures from different months (share_at)
    if share_of is not None:
        share = share_at(actual, as_of, facts.values_of(indicator.id, year, share_of), share_of)
    own = _own_amount(indicator, this_year, last_year, year, as_of)
    against = _against_target(facts, indicator, target, actual, growth, year, as_of)
    # Built once, field by field: dataclasses.replace would cost more than the figures.
    return IndicatorFigures(
        indicator,
        who,
        year,
        month,
        indicator.unit,
        target,
        months=months,
        as_of=as_of,
        actual=actual,
        previous=previous,
        time_progress=against.time_progress,
        completion_rate=against.completion_rate,
        pace=against.pace,
        growth=growth,
        achieved_growth=against.achieved_growth,
        growth_gap=against.growth_gap,
        share_of=share_of,
        whole=None if share is None or share.value is None else share.whole,
        share=None if share is None else share.value,
        share_detail=share,
        projection=exact_projection(indicator, actual, as_of, last_year),
        still_to_do=_still_to_do(indicator, target, actual, as_of, facts.targets.unit_table),
        own=own.own,
        own_yoy=own.own_yoy,
        chain=own.chain,
        ytd_chain=_ytd_chain(indicator, this_year, last_year, as_of),
        two_years_ago=_two_years_ago(facts, indicator, who, year, as_of),
        in_force=force,
    )


def _two_years_of(
    facts: Facts, indicator_id: str, year: int, who: str
) -> tuple[Mapping[int, Decimal], Mapping[int, Decimal]]:
    """This year's and last year's values of `who`."""
    return facts.values_of(indicator_id, year, who), facts.values_of(indicator_id, year - 1, who)


def _still_to_do(
    indicator: Indicator, target: Decimal | None, actual: Decimal, as_of: int, units: UnitTable
) -> StillToDo | None:
    """What is still to do: only a flow counted up to an amount target (a stock's level or a
    cap has no remaining months to share a gap out over)."""
    if (
        target is None
        or indicator.kind is not Kind.FLOW
        or indicator.target_type is not TargetType.AMOUNT
        or indicator.direction is not Direction.HIGHER
    ):
        return None
    whole = counts_whole_things(indicator.unit, units)
    return still_to_do(target, actual, as_of, indicator.frequency, whole)


def _two_years_ago(
    facts: Facts, indicator: Indicator, who: str, year: int, as_of: int
) -> Decimal | None:
    """The figure two years back at the same month, for 两年平均增长: only for an indicator
    compared year on year, and only when it can be a base (positive)."""
    if not indicator.yoy or indicator.target_type is TargetType.GROWTH:
        return None
    base = facts.values_of(indicator.id, year - 2, who).get(as_of)
    return base if base is not None and formulas.is_growth_base(base) else None


def _own_amount(
    indicator: Indicator,
    this_year: Mapping[int, Decimal],
    last_year: Mapping[int, Decimal],
    year: int,
    as_of: int,
) -> _Own:
    """当月 (as_of's own amount, from the year-to-date figures), 当月同比 and 环比."""
    if indicator.kind is not Kind.FLOW:
        return _Own()
    amounts = period_amounts({m: v for m, v in this_year.items() if m <= as_of}, Basis.YTD, year)
    earlier = period_amounts(last_year, Basis.YTD, year - 1)
    own = amounts[-1]
    return _Own(
        own,
        same_period_growth(amounts, earlier, own.period),
        period_chain_growth(amounts, own.period, earlier),
    )


def _ytd_chain(
    indicator: Indicator,
    this_year: Mapping[int, Decimal],
    last_year: Mapping[int, Decimal],
    as_of: int,
) -> Comparison | None:
    """累计环比: a stock's level against the end of its previous period (none for a flow);
    not given for a rate (a growth target, a % figure: its change is in points, not a %)."""
    if indicator.target_type is TargetType.GROWTH or indicator.unit == "%":
        return None
    step = indicator.frequency.months
    return ytd_chain_growth(indicator.kind, this_year, as_of, step, last_year)


class _Own(NamedTuple):
    own: Amount | None = None
    own_yoy: Comparison | None = None
    chain: Comparison | None = None


class _AgainstTarget(NamedTuple):
    time_progress: Decimal | None = None
    completion_rate: Decimal | None = None
    pace: Decimal | None = None
    achieved_growth: Decimal | None = None
    growth_gap: Decimal | None = None


def _against_target(
    facts: Facts,
    indicator: Indicator,
    target: Decimal | None,
    actual: Decimal,
    growth: Decimal | None,
    year: int,
    as_of: int,
) -> _AgainstTarget:
    """The figures against the target: a completion rate against the calendar, or achieved
    growth against a growth target (a rate, to which time progress does not apply)."""
    if indicator.target_type is TargetType.GROWTH:
        achieved = actual if indicator.unit == "%" else growth
        if achieved is None or target is None:
            return _AgainstTarget(achieved_growth=achieved)
        gap = formulas.growth_gap(achieved, target)
        return _AgainstTarget(pace=gap, achieved_growth=achieved, growth_gap=gap)
    if target is None:
        return _AgainstTarget()
    rate = formulas.completion_rate(actual, target)
    if pace_rule(indicator.kind, indicator.profile, indicator.pace) is PaceRule.NONE:
        return _AgainstTarget(completion_rate=rate)  # a stock: against its target only
    progress = formulas.time_progress_at(as_of, year, facts.targets.settings, indicator)
    return _AgainstTarget(progress, rate, formulas.pace(rate, progress))


def exact_projection(
    indicator: Indicator, actual: Decimal, as_of: int, last_year: Mapping[int, Decimal]
) -> ExactProjection | None:
    """预计全年 for a flow: along the indicator's profile when it has one (its weights say how
    the year runs), else last year's seasonal shape when known, else the run-rate."""
    if indicator.kind is not Kind.FLOW or indicator.target_type is TargetType.GROWTH:
        return None
    if indicator.profile is not None:
        along = project_full_year(actual, as_of, indicator.profile)
        if along is not None:
            return ExactProjection(along.value, along.method)
    base, full = last_year.get(as_of), last_year.get(12)
    if base is not None and full is not None and base > 0:
        value = formulas.seasonal_projection(actual, base, full)
        return ExactProjection(value, "seasonal", base, full)
    return ExactProjection(formulas.run_rate_projection(actual, as_of), "run-rate")
