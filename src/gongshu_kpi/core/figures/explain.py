"""Provenance and history: which rows made a figure (kpi explain), the arithmetic shown from
the exact figures themselves, and an indicator's monthly trend."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.display import AmountRule, amount_rule
from gongshu_kpi.core.figures.exact import IndicatorFigures, exact_figures
from gongshu_kpi.core.figures.explain_steps import (
    ROUNDING_TEXT,
    LeftOut,
    approx,
    conversion_steps,
    growth_target_steps,
    left_out,
    left_out_steps,
    projection_steps,
    rank_steps,
    share_steps,
    shown_arrow,
)
from gongshu_kpi.core.figures.result import compute_result, printed, still_places
from gongshu_kpi.core.formulas import month_amount
from gongshu_kpi.core.models import (
    Basis,
    Direction,
    Indicator,
    IndicatorResult,
    Kind,
    Settings,
    Status,
)
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.periodic.amounts import period_amounts
from gongshu_kpi.core.periodic.changes import (
    period_chain_growth,
    same_period_growth,
    two_year_steps,
)

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.problems import Location
    from gongshu_kpi.core.provenance import EnteredValue

STATUS_ZH = {Status.AHEAD: "超序时", Status.ON_PACE: "达序时", Status.BEHIND: "落后序时"}


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
    figures: IndicatorFigures | None = None  # the exact figures the steps show
    left_out: tuple[LeftOut, ...] = ()  # rows of the indicator and year not in the figure


@dataclass(frozen=True, slots=True)
class ExplainAsk:
    """Which figures to explain: as of `month` of `year`; also a share of an org or group,
    a rank among orgs (by "rate" or "yoy", among `peers`: by default every org, as
    `kpi report --rank` ranks them whichever it shows), and the cells entered in another
    unit (from the loaders)."""

    year: int
    month: int
    share_of: str | None = None
    rank_by: str | None = None
    peers: tuple[str, ...] | None = None
    entered: Mapping[Location, EnteredValue] = field(default_factory=dict)
    # indicator id -> the finest unit its actuals were entered in (Loaded.finest_units), so
    # a step's → shows a figure as the report prints it (core/display.py)
    finest_units: Mapping[str, str] = field(default_factory=dict)


def explain(facts: Facts, indicator: Indicator, who: str, year: int, month: int) -> Explanation:
    """The figures of `indicator` for `who`, the rows behind them and the arithmetic."""
    return explain_asked(facts, indicator, who, ExplainAsk(year, month))


def explain_asked(facts: Facts, indicator: Indicator, who: str, ask: ExplainAsk) -> Explanation:
    """`explain` with a share, a rank and the cells as entered, as `ask` says."""
    year, month = ask.year, ask.month
    settings = facts.targets.settings
    figures = exact_figures(facts, indicator, who, year, month, share_of=ask.share_of)
    result = printed(figures, settings)
    if figures.as_of is None or result.actual is None:
        return Explanation(result, (), (), ("在所选月份及之前没有数据。",), figures)
    point = facts.series(indicator.id, year, who)[figures.as_of]
    contributions = _contributions(facts, indicator, year, point.sources)
    previous: tuple[Contribution, ...] = ()
    if figures.previous is not None:
        last = facts.series(indicator.id, year - 1, who)[figures.as_of]
        previous = _contributions(facts, indicator, year - 1, last.sources)
    missing = left_out(facts, figures, point.sources)
    rule = amount_rule(indicator, "actual", settings, ask.finest_units)
    entered = tuple(c.value for c in (*contributions, *previous))
    steps = (
        *conversion_steps(
            ((c.location, c.value) for c in (*contributions, *previous)), ask.entered, figures.unit
        ),
        _sum_step(figures.as_of, indicator, contributions, rule),
        *left_out_steps(missing, facts.orgs),
        *_rate_steps(figures, result, settings),
        *_growth_steps(figures, result, settings),
        *growth_target_steps(figures, result),
        *_period_steps(figures, settings, rule, entered),
        *share_steps(figures, result, settings),
        *projection_steps(figures, result, settings, rule),
    )
    if ask.rank_by is not None:
        ranked, result = _rank(facts, result, ask)
        steps = (*steps, *ranked)
    return Explanation(result, contributions, previous, steps, figures, missing)


def _rank(
    facts: Facts, result: IndicatorResult, ask: ExplainAsk
) -> tuple[list[str], IndicatorResult]:
    """The rank among the peers, from their figures as a report computes them."""
    peers = tuple(facts.orgs.parent) if ask.peers is None else ask.peers
    rows = [compute_result(facts, result.indicator, o, ask.year, ask.month) for o in peers]
    return rank_steps(result, rows, ask.rank_by or "rate", facts.orgs)


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


def _sum_step(
    n: int, indicator: Indicator, contributions: tuple[Contribution, ...], rule: AmountRule
) -> str:
    """How the year-to-date figure is made of the rows reported, and → the figure as the
    report prints it where that differs (万元 cells of an 亿元 indicator: 88.72)."""
    values = [c.value for c in contributions]
    total = sum(values, Decimal(0))
    ytd = format(total, "f")
    shown = shown_arrow(total, rule, indicator.unit)
    if len(values) > 1:
        joined = " + ".join(format(v, "f") for v in values)
        return f"1-{n}月累计 = {joined} = {ytd} {indicator.unit}{shown}"
    kind = "时点数，取最新月末值" if indicator.kind is Kind.STOCK else "已是1-N月累计数"
    return f"1-{n}月累计 = {ytd} {indicator.unit}（{kind}）{shown}"


def _rate_steps(
    figures: IndicatorFigures, result: IndicatorResult, settings: Settings
) -> list[str]:
    """Completion rate (or share of a cap used), time progress and the difference."""
    steps: list[str] = []
    rate, target, actual = figures.completion_rate, figures.target, figures.actual
    if rate is not None and target is not None and actual is not None and result.rate is not None:
        # Under a cap the same quotient is the share of the cap used (占控制额度).
        name = "占控制额度" if figures.indicator.direction is Direction.LOWER else "完成率"
        steps.append(
            f"{name} = {format(actual, 'f')} ÷ {format(target, 'f')} × 100% = "
            f"{approx(rate)}% → {format(result.rate, 'f')}%"
            f"（{ROUNDING_TEXT[settings.rounding]}，保留{settings.rate_places}位）"
        )
    change = None if figures.in_force is None else figures.in_force.change
    if change is not None and figures.original_target is not None:
        steps.append(
            f"目标 = {change.note} {format(change.target, 'f')}"
            f"（自 {change.month} 起；原目标 {format(figures.original_target, 'f')}）"
        )
    progress = figures.time_progress
    if progress is None and result.rate is not None and result.status is None:
        steps.append("序时进度：不计（时点数只与目标比较；需要时在 targets.yaml 中写 pace: time）")
    if progress is not None and result.time_progress is not None and figures.as_of is not None:
        basis = (
            "月度权重"
            if figures.indicator.profile
            else ("天数" if settings.time_progress == "days" else f"{figures.as_of} ÷ 12")
        )
        steps.append(
            f"序时进度 = {basis} = {approx(progress)}% → {format(result.time_progress, 'f')}%"
        )
    if (
        result.pace is not None
        and result.status is not None
        and result.rate is not None
        and result.time_progress is not None
    ):
        sign = "+" if result.pace > 0 else ""
        pace = f"{sign}{format(result.pace, 'f')} 个百分点 → {STATUS_ZH[result.status]}"
        # Under a cap a positive difference (used faster than the calendar) is behind.
        steps.append(
            f"差值 = {format(result.rate, 'f')} − {format(result.time_progress, 'f')} = {pace}"
        )
    return steps


def _growth_steps(
    figures: IndicatorFigures, result: IndicatorResult, settings: Settings
) -> list[str]:
    """Year-on-year growth over last year's figure at the same month."""
    now, before, growth = figures.actual, figures.previous, figures.growth
    if now is None or before is None or growth is None or result.yoy is None:
        return []
    return [
        (
            f"同比 = ({format(now, 'f')} − {format(before, 'f')}) ÷ {format(before, 'f')} × 100% = "
            f"{approx(growth)}% → {format(result.yoy, 'f')}%（保留{settings.growth_places}位）"
        )
    ]


def _period_steps(
    figures: IndicatorFigures, settings: Settings, rule: AmountRule, entered: tuple[Decimal, ...]
) -> list[str]:
    """两年平均增长 and what is still to do, by the very functions that compute them; the
    figures compared as entered, and a gap or need as the report prints it (`rule`)."""
    steps: list[str] = []
    now, base = figures.actual, figures.two_years_ago
    if now is not None and base is not None:
        steps += two_year_steps(now, base, settings.growth_places, settings.rounding)
    places, rounding = settings.growth_places, settings.rounding
    changes = (
        ("当月同比", figures.own_yoy),
        ("环比", figures.chain),
        ("累计环比", figures.ytd_chain),
    )
    for name, comparison in changes:
        # Shown where it is a figure, or not comparable (after a 1-2月 release): why not.
        if comparison is not None and (
            comparison.growth is not None or comparison.code == "not-comparable"
        ):
            steps += comparison.steps(name, places, rounding, entered)
    todo = figures.still_to_do
    if todo is not None and now is not None:
        places = still_places(todo, now, settings.rounding)
        steps += todo.steps(places, settings.rounding, figures.unit, rule.text, rule.shown.text)
    return steps


@dataclass(frozen=True, slots=True)
class TrendRow:
    month: int
    amount: Decimal | None  # the month's own amount (flow) or level (stock)
    ytd: Decimal
    rate: Decimal | None
    previous: Decimal | None  # last year's year-to-date at the same month
    yoy: Decimal | None
    first_month: int = 0  # the first month of the amount: 1 for a 1-2月 release (0: month)
    month_yoy: Decimal | None = None  # 当月同比: the amount against the same months last year
    chain: Decimal | None = None  # 环比: the amount against the one just before, same length


def trend(facts: Facts, indicator: Indicator, who: str, year: int) -> list[TrendRow]:
    """Each month with data: amount, year-to-date, completion rate and year-on-year."""
    series = facts.series(indicator.id, year, who)
    both = facts.values_of(indicator.id, year, who), facts.values_of(indicator.id, year - 1, who)
    settings = facts.targets.settings
    rows: list[TrendRow] = []
    previous_month: int | None = None
    own = _own_changes(indicator, both, year, settings)
    for month, point in series.items():
        if indicator.kind is Kind.STOCK or previous_month is None:
            # A stock's level, or the first point: year-to-date since January (1-2月 too).
            amount: Decimal | None = point.value
        else:
            before = series.get(month - 1)
            amount = month_amount(point.value, None if before is None else before.value, month)
            if amount is None:  # a month missing before: one amount over both (5-6月)
                amount = point.value - series[previous_month].value
        previous_month = month
        # The month's figures exactly as a report as of that month gives them (direction,
        # growth targets and rounding included): one formula, not a copy.
        result = printed(exact_figures(facts, indicator, who, year, month, series=both), settings)
        changes = own.get(month, _NO_CHANGES)
        rows.append(
            TrendRow(
                month,
                amount,
                point.value,
                result.rate,
                result.previous,
                result.yoy,
                *changes,
            )
        )
    return rows


_NO_CHANGES = (0, None, None)


def _own_changes(
    indicator: Indicator,
    both: tuple[Mapping[int, Decimal], Mapping[int, Decimal]],
    year: int,
    settings: Settings,
) -> dict[int, tuple[int, Decimal | None, Decimal | None]]:
    """Per month with data: its amount's first month (1 for a 1-2月 release, which stays one
    amount), 当月同比 and 环比 rounded at the growth places (None where not comparable)."""
    if indicator.kind is Kind.STOCK:
        return {}
    this_year = period_amounts(both[0], Basis.YTD, year)
    last_year = period_amounts(both[1], Basis.YTD, year - 1)
    places, rounding = settings.growth_places, settings.rounding
    changes: dict[int, tuple[int, Decimal | None, Decimal | None]] = {}
    for amount in this_year:
        same = same_period_growth(this_year, last_year, amount.period).growth
        chain = period_chain_growth(this_year, amount.period, last_year).growth
        changes[amount.period.last] = (
            amount.period.first,
            None if same is None else round_to(same, places, rounding),
            None if chain is None else round_to(chain, places, rounding),
        )
    return changes
