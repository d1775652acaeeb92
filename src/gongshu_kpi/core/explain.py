"""Provenance and history: which rows made a figure (kpi explain), and its monthly trend."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.compute import Facts, compute_result, time_progress_at
from gongshu_kpi.core.models import (
    Basis,
    Direction,
    Indicator,
    IndicatorResult,
    Kind,
    Status,
    TargetType,
)
from gongshu_kpi.core.numbers import ROUNDING_BY_NAME, divide, percent
from gongshu_kpi.core.problems import Location

STATUS_ZH = {Status.AHEAD: "超序时", Status.ON_PACE: "达序时", Status.BEHIND: "落后序时"}
ROUNDING_TEXT = {"half-up": "四舍五入", "half-even": "银行家舍入", "truncate": "截断"}


@dataclass(frozen=True, slots=True)
class Contribution:
    """One reported value that went into a figure, and where it was reported."""

    org: str
    year: int
    month: int
    first_month: int
    value: Decimal  # in the indicator's unit
    basis: Basis
    location: Location


@dataclass(frozen=True, slots=True)
class Explanation:
    result: IndicatorResult
    contributions: tuple[Contribution, ...]
    previous: tuple[Contribution, ...]  # last year's rows behind the year-on-year base
    steps: tuple[str, ...]  # the arithmetic, one line each, as a reader would check it


def _contributions(
    facts: Facts, indicator: Indicator, year: int, sources: tuple[Location, ...]
) -> tuple[Contribution, ...]:
    index: dict[Location, Contribution] = {}
    for org, series in facts.raw.get((indicator.id, year), {}).items():
        for month, location in series.sources.items():
            index[location] = Contribution(
                org,
                year,
                month,
                series.covers.get(month, month),
                series.values[month],
                series.basis,
                location,
            )
    return tuple(index[loc] for loc in sources if loc in index)


def _approx(value: Decimal) -> str:
    """An unrounded quotient shown to 6 places, marked when it goes on."""
    shown = value.quantize(Decimal("0.000001"), rounding=ROUNDING_BY_NAME["truncate"])
    return format(shown.normalize(), "f") + ("…" if shown != value else "")


def explain(facts: Facts, indicator: Indicator, who: str, year: int, month: int) -> Explanation:
    settings = facts.targets.settings
    result = compute_result(facts, indicator, who, year, month)
    point = (
        None if result.as_of is None else facts.series(indicator.id, year, who).get(result.as_of)
    )
    contributions = _contributions(facts, indicator, year, () if point is None else point.sources)
    steps: list[str] = []
    if result.as_of is None or result.actual is None:
        return Explanation(result, (), (), ("在所选月份及之前没有数据。",))
    n = result.as_of
    rounding = ROUNDING_TEXT[settings.rounding]
    values = [c.value for c in contributions]
    ytd = sum(values, Decimal(0))
    if len(values) > 1:
        joined = " + ".join(format(v, "f") for v in values)
        steps.append(f"1-{n}月累计 = {joined} = {format(ytd, 'f')} {indicator.unit}")
    else:
        kind = "时点数，取最新月末值" if indicator.kind is Kind.STOCK else "已是1-N月累计数"
        steps.append(f"1-{n}月累计 = {format(ytd, 'f')} {indicator.unit}（{kind}）")
    target = result.target
    places = settings.rate_places
    if (
        indicator.target_type is TargetType.AMOUNT
        and target is not None
        and result.rate is not None
    ):
        # Under a cap the same quotient is the share of the cap used (占控制额度).
        name = "占控制额度" if indicator.direction is Direction.LOWER else "完成率"
        steps.append(
            f"{name} = {format(ytd, 'f')} ÷ {format(target, 'f')} × 100% = "
            f"{_approx(percent(ytd, target))}% → {format(result.rate, 'f')}%"
            f"（{rounding}，保留{places}位）"
        )
    if result.time_progress is not None:
        raw = time_progress_at(n, year, settings, indicator)
        basis = (
            "月度权重"
            if indicator.profile
            else ("天数" if settings.time_progress == "days" else f"{n} ÷ 12")
        )
        steps.append(f"序时进度 = {basis} = {_approx(raw)}% → {format(result.time_progress, 'f')}%")
    if (
        result.pace is not None
        and result.status is not None
        and result.rate is not None
        and result.time_progress is not None
    ):
        sign = "+" if result.pace > 0 else ""
        pace = f"{sign}{format(result.pace, 'f')} 个百分点 → {STATUS_ZH[result.status]}"
        progress = format(result.time_progress, "f")
        # Under a cap a positive difference (used faster than the calendar) is behind.
        steps.append(f"差值 = {format(result.rate, 'f')} − {progress} = {pace}")
    previous: tuple[Contribution, ...] = ()
    if result.previous is not None:
        last = facts.series(indicator.id, year - 1, who).get(n)
        if last is not None:
            previous = _contributions(facts, indicator, year - 1, last.sources)
        if result.yoy is not None:
            steps.append(
                f"同比 = ({format(ytd, 'f')} − {format(result.previous, 'f')}) ÷ "
                f"{format(result.previous, 'f')} × 100% = "
                f"{_approx(divide((ytd - result.previous) * 100, result.previous))}% → "
                f"{format(result.yoy, 'f')}%（保留{settings.growth_places}位）"
            )
    return Explanation(result, contributions, previous, tuple(steps))


@dataclass(frozen=True, slots=True)
class TrendRow:
    month: int
    amount: Decimal | None  # the month's own amount (flow) or level (stock)
    ytd: Decimal
    rate: Decimal | None
    previous: Decimal | None  # last year's year-to-date at the same month
    yoy: Decimal | None


def trend(facts: Facts, indicator: Indicator, who: str, year: int) -> list[TrendRow]:
    """Each month with data: amount, year-to-date, completion rate and year-on-year."""
    series = facts.series(indicator.id, year, who)
    rows: list[TrendRow] = []
    previous_month: int | None = None
    for month, point in series.items():
        if indicator.kind is Kind.STOCK or previous_month is None:
            # A stock's level, or the first point: year-to-date since January (1-2月 too).
            amount: Decimal | None = point.value
        elif previous_month == month - 1:
            amount = point.value - series[previous_month].value
        else:
            amount = None  # a gap: the difference would span several months
        previous_month = month
        # The month's figures exactly as a report as of that month gives them (direction,
        # growth targets and rounding included): one formula, not a copy.
        result = compute_result(facts, indicator, who, year, month)
        rows.append(TrendRow(month, amount, point.value, result.rate, result.previous, result.yoy))
    return rows
