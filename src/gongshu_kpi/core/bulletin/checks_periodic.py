"""Checks of the period figures kpi prints in bulletin_full: 距年度目标还差, 后N个月月均需完成
and 两年平均增长, each against the data by the same functions the report computes them with
(core/periodic)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.checks_amounts import in_indicator_unit
from gongshu_kpi.core.bulletin.compare import amount, plain, qty
from gongshu_kpi.core.bulletin.kinds import NEED_LABEL, FigureKind
from gongshu_kpi.core.bulletin.verdicts import ClaimCheck, Stated
from gongshu_kpi.core.formulas import places_of
from gongshu_kpi.core.models import Basis, Kind
from gongshu_kpi.core.periodic.amounts import period_amounts
from gongshu_kpi.core.periodic.changes import period_chain_growth, two_year_average
from gongshu_kpi.core.periodic.period import Period
from gongshu_kpi.core.periodic.remaining import (
    WHOLE_TEXT,
    counts_whole_things,
    need_words,
    still_to_do,
)
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.units import convert

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Quantity


def check_still_to_do(c: ClaimCheck, target: Decimal | None, actual: Decimal | None) -> None:
    """距年度目标还差 (target − 1-N月) and 月均需完成 (that gap ÷ the months after N)."""
    for kind, stated in (
        (FigureKind.GAP, c.claim.gap),
        (FigureKind.MONTHLY_NEED, c.claim.monthly_need),
    ):
        if stated is not None:
            _check_one(c, kind, stated, target, actual)


def _check_one(
    c: ClaimCheck,
    kind: FigureKind,
    stated: Quantity,
    target: Decimal | None,
    actual: Decimal | None,
) -> None:
    line = c.claim.line_of(kind)
    per = c.claim.need_months if kind is FigureKind.MONTHLY_NEED else None
    label = NEED_LABEL.get(per or 0, "")  # 季均需完成 as written, not 月均
    converted = in_indicator_unit(c, kind, stated, line, label)
    if converted is None:
        return
    written = converted[1]
    figure = Stated(kind, stated.value, qty(stated), line, written.text, label)
    month = c.month
    if c.who is None or month is None or actual is None or target is None:
        c.unverifiable(figure, "数据中没有本期的数或年度目标")
        return
    if c.indicator.kind is not Kind.FLOW:
        c.unverifiable(figure, "时点指标不按剩余月份分摊")
        return
    units = c.ctx.facts.targets.unit_table
    whole = counts_whole_things(c.indicator.unit, units) and written == c.unit
    todo = still_to_do(target, actual, month, c.indicator.frequency, whole)
    how = f"目标 {amount(target)} − {period_label(month)}累计 {amount(actual)}"
    exact, fix_words = todo.gap, ""
    if kind is FigureKind.MONTHLY_NEED:
        if todo.exact_pace is None:
            c.unverifiable(figure, "已是全年数，没有剩余月份")
            return
        exact = todo.exact_pace
        words = need_words(todo.frequency, todo.periods_left)
        how = f"{words} = ({how}) ÷ {todo.periods_left}"
        if per is not None and per != todo.frequency.months:
            fix_words = f"{words} "  # 月均 written where the need is per quarter: say so
        if whole:  # a count: the need is a whole number, rounded up (core/periodic/remaining)
            exact = todo.printed_pace(0) or exact
            how += f"，{WHOLE_TEXT}"
    c.judge(figure, convert(exact, c.unit, written), how, fix_words)


def check_two_year(c: ClaimCheck, stated: Decimal, actual: Decimal | None) -> None:
    """两年平均增长 = (1-N月 ÷ 两年前1-N月)^(1/2) − 1, rounded once at the stated places."""
    line = c.claim.line_of(FigureKind.TWO_YEAR)
    figure = Stated(FigureKind.TWO_YEAR, stated, f"{plain(stated)}%", line)
    month = c.month
    if c.who is None or month is None or actual is None:
        c.unverifiable(figure, "数据中没有本期的数")
        return
    base = c.data.actual(c.who, c.ctx.year - 2, month)
    year = c.ctx.year - 2
    average = None if base is None else two_year_average(actual, base, places_of(stated))
    if base is None or average is None:
        c.unverifiable(figure, f"数据中没有可作基数的{year}年{period_label(month)}的数")
        return
    how = f"√({amount(actual)} ÷ {year}年 {amount(base)}) − 1"
    c.judge(figure, average, how)


def check_chain(c: ClaimCheck, stated: Decimal) -> None:
    """环比: the month's own amount against the previous one of the same length (January
    against last December), by periodic.changes; after a 1-2月 release March has none."""
    line = c.claim.line_of(FigureKind.CHAIN)
    figure = Stated(FigureKind.CHAIN, stated, f"{plain(stated)}%", line)
    month, year = c.month, c.ctx.year
    if c.who is None or month is None or c.indicator.kind is not Kind.FLOW:
        c.unverifiable(figure, "环比只对期间累计（流量）指标的当月数计算")
        return
    amounts = period_amounts(c.ctx.facts.values_of(c.indicator.id, year, c.who), Basis.YTD, year)
    before = c.ctx.facts.values_of(c.indicator.id, year - 1, c.who)
    earlier = period_amounts(before, Basis.YTD, year - 1)
    # A table's 当月 cell names its months when they are more than one (4-6月 of a quarterly
    # release): its 环比 is that span's against the one before, as the report computes it.
    first = c.claim.own_first if c.claim.own_first is not None else month
    chain = period_chain_growth(amounts, Period(year, first, month), earlier)
    if chain.growth is None or chain.base is None:
        c.unverifiable(figure, chain.why)
        return
    span = f"{month}月" if first == month else f"{first}-{month}月"
    how = f"{span} {amount(chain.current or Decimal(0))} ÷ 上期 {amount(chain.base)} − 1"
    c.judge(figure, chain.growth, how)
