"""Checks of stated amounts: the annual target, the year-to-date actual, the month's own
amount, the full-year projection and an external rank, each against the data."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.compare import amount, qty
from gongshu_kpi.core.bulletin.context import in_unit, other_currency
from gongshu_kpi.core.bulletin.kinds import FIGURE_LABEL, RANK_PREFIX, FigureKind
from gongshu_kpi.core.bulletin.verdicts import ClaimCheck, Stated
from gongshu_kpi.core.figures.exact import exact_projection
from gongshu_kpi.core.models import Kind
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.units import Unit, convert

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Quantity


def in_indicator_unit(
    c: ClaimCheck, kind: str, quantity: Quantity | None, line: int | None, label: str = ""
) -> tuple[Decimal, Unit] | None:
    """A stated amount in the indicator's unit; a unit that cannot convert is a warning.
    `label` names the figure when FIGURE_LABEL[kind] does not (季均需完成)."""
    if quantity is None:
        return None
    converted = in_unit(c.unit, quantity, c.indicator.units)
    named = label or FIGURE_LABEL[kind]
    if converted is None and other_currency(c.unit, quantity):
        figure = Stated(kind, quantity.value, qty(quantity), line, label=label)
        message = f"“{c.name}”{named}写作 {qty(quantity)}，但该指标以“{c.unit}”计：币种不对"
        fix = f"改用{c.unit}，或核对这句话写的是否是另一个指标"
        c.wrong(figure, str(c.unit), c.problem(figure, "bulletin-currency-wrong", message, fix))
        return None
    if converted is None:
        c.ctx.note(
            "bulletin-unit-mismatch",
            f"“{c.name}”{named} {qty(quantity)} 的单位与指标单位“{c.unit}”不能换算，未核对",
            line if line is not None else c.claim.line,
            "核对单位，或检查这句话是否写的是另一个指标",
        )
    return converted


def check_target(c: ClaimCheck, stated: Quantity, written: Unit, target: Decimal | None) -> None:
    figure = Stated(FigureKind.TARGET, stated.value, qty(stated), c.claim.target_line, written.text)
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
    elif target is None:
        c.unverifiable(figure, "targets.yaml 中没有该目标")
    else:
        how = f"targets.yaml：{amount(target)}{c.unit}"
        c.judge(figure, convert(target, c.unit, written), how)


def check_original_target(c: ClaimCheck, stated: Quantity) -> None:
    """原为X beside an adjusted target: the year's target before the change in force."""
    line = c.claim.line_of(FigureKind.ORIGINAL_TARGET)
    converted = in_indicator_unit(c, FigureKind.ORIGINAL_TARGET, stated, line)
    if converted is None:
        return
    written = converted[1]
    figure = Stated(FigureKind.ORIGINAL_TARGET, stated.value, qty(stated), line, written.text)
    found = c.data.target_in_force(c.month)
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
    elif found is None:
        c.unverifiable(figure, "targets.yaml 中没有该目标")
    else:
        original = f"{amount(found.original)}{c.unit}"
        how = f"targets.yaml：原目标 {original}"
        if found.change is not None:
            since = f"{found.change.month.year}年{found.change.month.month}月"
            how += f"，{since}起调整为 {amount(found.target)}{c.unit}"
        else:
            how += "，本期目标未调整"
        c.judge(figure, convert(found.original, c.unit, written), how)


def check_actual(c: ClaimCheck, stated: Quantity, written: Unit, actual: Decimal | None) -> None:
    figure = Stated(FigureKind.ACTUAL, stated.value, qty(stated), c.claim.actual_line, written.text)
    month = c.month
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
    elif month is None:
        c.unverifiable(figure, "未写明期间，数据中也没有可用的月份")
    elif actual is None:
        c.unverifiable(figure, f"数据中没有{period_label(month)}的数")
    else:
        how = f"数据：{period_label(month)}累计 {amount(actual)}{c.unit}"
        c.judge(figure, convert(actual, c.unit, written), how)


def check_month_actual(c: ClaimCheck, stated: Quantity, written: Unit) -> None:
    line, month = c.claim.line_of(FigureKind.ACTUAL), c.month
    first = c.claim.own_first or month
    several = first is not None and first != month
    kind = FigureKind.PERIOD_ACTUAL if several else FigureKind.MONTH_ACTUAL
    figure = Stated(kind, stated.value, qty(stated), line, written.text)
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
        return
    if c.indicator.kind is not Kind.FLOW:
        c.unverifiable(figure, "这是时点指标，kpi 不计算它的当月数")
        return
    own = None if month is None else c.data.own_amount(c.ctx.year, month, first)
    if month is None or own is None or first is None:
        why = (
            "该期末及上期末的累计数，算不出本期数"
            if several
            else "该月及上月的累计数，算不出当月数"
        )
        c.unverifiable(figure, f"数据中没有{why}")
        return
    how = f"数据：{month}月累计减{first - 1}月累计 = {amount(own)}{c.unit}"
    if several:
        how = f"数据：{first}-{month}月 = {month}月累计减{first - 1}月累计 = {amount(own)}{c.unit}"
    if first == 1:
        how = f"数据：{period_label(month)} {amount(own)}{c.unit}"
    c.judge(figure, convert(own, c.unit, written), how)


def check_projection(c: ClaimCheck, stated: Quantity, actual: Decimal | None) -> None:
    """预计全年…: exactly as `kpi report --projection` computes it (exact_projection): along
    the indicator's profile, else last year's shape when last year's 1-N月 and full year
    are known, else the run-rate (1-N月 × 12 ÷ N)."""
    line, month = c.claim.line_of(FigureKind.PROJECTION), c.month
    converted = in_indicator_unit(c, FigureKind.PROJECTION, stated, line)
    if converted is None:
        return
    written = converted[1]
    figure = Stated(FigureKind.PROJECTION, stated.value, qty(stated), line, written.text)
    if c.who is None or month is None or actual is None:
        c.unverifiable(figure, "数据中没有本期的数")
        return
    if c.indicator.kind is not Kind.FLOW:
        c.unverifiable(figure, "时点指标没有全年预计")
        return
    last_year = c.ctx.facts.values_of(c.indicator.id, c.ctx.year - 1, c.who)
    along = exact_projection(c.indicator, actual, month, last_year)
    if along is None:
        c.unverifiable(figure, "增速目标的指标没有全年预计")
        return
    how = f"按当前进度：{amount(actual)} × 12 ÷ {month}"
    if along.method == "profile":
        how = f"按月度权重：{amount(actual)} × 全年权重 ÷ 1-{month}月权重"
    elif along.last_at_month is not None and along.last_full is not None:
        base, full = amount(along.last_at_month), amount(along.last_full)
        how = f"按上年同期进度：{amount(actual)} × {full} ÷ {base}"
    c.judge(figure, convert(along.value, c.unit, written), how)


def check_rank(c: ClaimCheck, where: str, stated: int) -> None:
    """全市排名第四 against ranks.yaml: the latest rank of that place for the year."""
    line, month = c.claim.line_of(f"{RANK_PREFIX}{where}"), c.month
    figure = Stated(FigureKind.RANK, Decimal(stated), f"{where}排名第{stated}", line, "")
    mine = [
        r
        for r in c.ctx.facts.external_ranks
        if r.indicator_id == c.indicator.id and r.scope == where and r.year == c.ctx.year
    ]
    if c.who != WHOLE or not mine:
        why = "ranks.yaml 中没有这项排名" if mine == [] else "ranks.yaml 只记全区的排名"
        c.unverifiable(figure, why)
        return
    upto = [r for r in mine if month is None or r.month <= month] or mine
    latest = max(upto, key=lambda r: r.month)
    how = f"ranks.yaml：{c.ctx.year}年{latest.month}月 {where}排名第{latest.rank}"
    c.judge(figure, Decimal(latest.rank), how)
