"""A sentence's own arithmetic, checked whatever the indicator is (also when it names none
the data knows): its target, actual and rate must agree, and its pace must be its rate minus
time progress."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.compare import plain, qty
from gongshu_kpi.core.bulletin.context import half_unit, written_unit
from gongshu_kpi.core.bulletin.kinds import FIGURE_LABEL, FigureKind
from gongshu_kpi.core.bulletin.verdicts import FigureVerdict, Findings, period_text
from gongshu_kpi.core.formulas import calendar_progress, completion_rate, pace, places_of
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.units import UnitError, convert

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Claim


@dataclass(frozen=True)
class _OwnResult:
    expected: str  # the figure the sentence's own numbers give, as shown
    ok: bool
    how: str  # the arithmetic, for the message


def check_own_arithmetic(ctx: Findings, claim: Claim) -> None:
    """Target, actual and rate of one sentence must agree whatever the indicator is: any
    actual that prints as the stated one must give the stated rate at its places."""
    if claim.target is None or claim.actual is None or claim.rate is None:
        return
    try:
        table = ctx.facts.targets.unit_table
        target_unit = written_unit(claim.target.unit or claim.actual.unit, None, table)
        actual_unit = written_unit(claim.actual.unit or claim.target.unit, target_unit, table)
        actual = convert(claim.actual.value, actual_unit, target_unit)
        slack = half_unit(target_unit, claim.actual.value, actual_unit)
    except UnitError:
        return
    target = claim.target.value
    if target <= 0:
        return
    places, rounding = places_of(claim.rate), ctx.facts.targets.settings.rounding
    low = round_to(completion_rate(actual - slack, target), places, rounding)
    high = round_to(completion_rate(actual + slack, target), places, rounding)
    expected = round_to(completion_rate(actual, target), places, rounding)
    how = f"{qty(claim.actual)} ÷ {qty(claim.target)} = {plain(expected)}%"
    result = _OwnResult(f"{plain(expected)}%", low <= claim.rate <= high, how)
    _own_verdict(ctx, claim, FigureKind.RATE, f"{plain(claim.rate)}%", result)


def check_own_pace(ctx: Findings, claim: Claim) -> None:
    """超/落后序时进度X个百分点 beside a stated rate must be that rate minus time progress,
    whatever the indicator (an unknown one has no monthly profile: the calendar's)."""
    if claim.pace is None or claim.rate is None or claim.period_end is None:
        return
    settings = ctx.facts.targets.settings
    places = max(places_of(claim.pace), places_of(claim.rate))
    exact = calendar_progress(claim.period_end, ctx.year, settings)
    progress = round_to(exact, places, settings.rounding)
    expected = pace(claim.rate, progress)
    how = (
        f"{plain(claim.rate)}% − {period_text(claim.period_end)}序时进度 "
        f"{plain(progress)}% = {plain(expected)}个百分点"
    )
    result = _OwnResult(f"{plain(expected)}个百分点", expected == claim.pace, how)
    _own_verdict(ctx, claim, FigureKind.PACE, f"{plain(claim.pace)}个百分点", result)


def _own_verdict(ctx: Findings, claim: Claim, kind: str, stated: str, result: _OwnResult) -> None:
    """Record a figure judged by its own sentence's arithmetic; an error when it disagrees."""
    line = claim.line_of(kind)
    ctx.figures.append(
        FigureVerdict(
            line, claim.column_of(kind), claim.subject, claim.scope,
            period_text(claim.period_end), kind, stated, result.expected,
            "ok" if result.ok else "wrong",
        )
    )  # fmt: skip
    ctx.checked += 1
    if result.ok:
        return
    ctx.wrong += 1
    ctx.problems.append(
        Problem(
            f"bulletin-{kind}-wrong",
            f"“{claim.subject}”{FIGURE_LABEL[kind]}写作 {stated}，"
            f"与本句自身的数字不符：{result.how}",
            Location(ctx.path, line),
            f"改为 {result.expected}",
        )
    )
