"""Checks of stated percentages of a whole: the completion rate, a share (占…的比重) and the
share of a cap used, from the data, else from the sentence's own figures."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.compare import amount, plain, qty
from gongshu_kpi.core.bulletin.context import half_unit, resolve_scope
from gongshu_kpi.core.bulletin.kinds import FigureKind
from gongshu_kpi.core.bulletin.verdicts import Amounts, ClaimCheck, Stated
from gongshu_kpi.core.formulas import completion_rate, places_of, share
from gongshu_kpi.core.models import TargetType
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.periods import period_label

if TYPE_CHECKING:
    from gongshu_kpi.core.units import Unit


def check_rate(c: ClaimCheck, stated: Decimal, x: Amounts) -> None:
    figure = Stated(FigureKind.RATE, stated, f"{plain(stated)}%", c.claim.rate_line)
    if c.indicator.target_type is TargetType.GROWTH:
        c.unverifiable(figure, "该指标的目标是增速，没有完成率")
        return
    own = sentence_rates(c, x)
    if x.target is not None and x.actual is not None:
        _check_rate_from_data(c, figure, x.target, x.actual, own)
    elif own is not None:
        _check_rate_from_sentence(c, figure, own)
    else:
        why = "数据中没有对应的目标或完成数，本句也未同时写明目标与完成数"
        c.unverifiable(figure, why)


def _check_rate_from_data(
    c: ClaimCheck,
    figure: Stated,
    target: Decimal,
    actual: Decimal,
    own: tuple[Decimal, Decimal, Decimal] | None,
) -> None:
    from_data = completion_rate(actual, target)
    assert figure.value is not None
    rounding, places = c.settings.rounding, places_of(figure.value)
    unit = c.unit
    when = "未写明期间" if c.month is None else period_label(c.month)
    how = f"数据：{when}完成 {amount(actual)}{unit} ÷ 年度目标 {amount(target)}{unit}"
    if own is not None:
        # Say so when no rounding of the sentence's own figures gives the data's rate.
        correct = round_to(from_data, places, rounding)
        low, high = (round_to(r, places, rounding) for r in own[1:])
        if not low <= correct <= high:
            mine = round_to(own[0], places, rounding)
            how += f"；按本句自身的目标与完成数为 {plain(mine)}%"
    c.judge(figure, from_data, how)


def _check_rate_from_sentence(
    c: ClaimCheck, figure: Stated, own: tuple[Decimal, Decimal, Decimal]
) -> None:
    assert c.claim.target is not None and c.claim.actual is not None
    assert figure.value is not None
    rounding, places = c.settings.rounding, places_of(figure.value)
    low, high = (round_to(r, places, rounding) for r in own[1:])
    if low <= figure.value <= high:
        # Printed figures are rounded: any actual that prints as the stated one will do.
        c.confirm(figure)
        return
    how = f"按本句：{qty(c.claim.actual)} ÷ {qty(c.claim.target)}"
    c.judge(figure, own[0], how)


def sentence_rates(c: ClaimCheck, x: Amounts) -> tuple[Decimal, Decimal, Decimal] | None:
    """The rate from the sentence's own target and actual, and its lowest and highest
    value over every actual that prints as the stated one (half a unit of the last
    printed place either side); a target is a set figure, taken as exact."""
    claim = c.claim
    if x.stated_target is None or x.stated_actual is None or x.stated_target[0] <= 0:
        return None
    assert claim.actual is not None  # stated_actual is the claim's actual, converted
    target, actual = x.stated_target[0], x.stated_actual[0]
    point = completion_rate(actual, target)
    slack = half_unit(c.unit, claim.actual.value, x.stated_actual[1])
    ends = [completion_rate(a, target) for a in (actual - slack, actual + slack)]
    return point, min(ends, default=point), max(ends, default=point)


def check_share(c: ClaimCheck, stated: Decimal, x: Amounts) -> None:
    claim, month = c.claim, c.month
    line = claim.rate_line if claim.rate is None and claim.growth is None else claim.line
    figure = Stated(FigureKind.SHARE, stated, f"{plain(stated)}%", line)
    whole_who = resolve_scope(claim.share_of, c.ctx.facts, c.indicator)
    if whole_who is None or not claim.share_of:
        what = claim.share_of or "整体"
        c.unverifiable(figure, f"数据中没有“{what}”（不在 orgs.yaml 的单位或分组中）")
        return
    if month is None:
        c.unverifiable(figure, "未写明期间")
        return
    whole = c.data.actual(whole_who, c.ctx.year, month)
    part = None if c.who is None else c.data.actual(c.who, c.ctx.year, month)
    source, written = "数据", None
    if part is None and x.stated_actual is not None:
        # The part is not in the data (4个省级特色小镇), but the sentence states it: its
        # own figure over the whole's data is still arithmetic worth checking.
        (part, written), source = x.stated_actual, "本句"
    if whole is None or whole == 0 or part is None:
        why = c.scope_note if part is None and c.who is None else "数据中没有本期的数"
        c.unverifiable(figure, why)
        return
    if written is not None and _share_prints_as_stated(c, stated, written, part, whole):
        c.confirm(figure)
        return
    how = (
        f"{source} {amount(part)}{c.unit} ÷ {claim.share_of}"
        f"{period_label(month)} {amount(whole)}{c.unit}"
    )
    c.judge(figure, share(part, whole), how)


def _share_prints_as_stated(
    c: ClaimCheck, stated: Decimal, written: Unit, part: Decimal, whole: Decimal
) -> bool:
    """A printed part is rounded: any part that prints as the stated one will do."""
    assert c.claim.actual is not None  # the part is the sentence's own actual
    slack = half_unit(c.unit, c.claim.actual.value, written)
    places, rounding = places_of(stated), c.settings.rounding
    low = round_to(share(part - slack, whole), places, rounding)
    high = round_to(share(part + slack, whole), places, rounding)
    return low <= stated <= high


def check_cap_used(c: ClaimCheck, stated: Decimal, x: Amounts) -> None:
    """占控制额度的Z%: the amount used ÷ the cap, from the data, else from the sentence."""
    figure = Stated(
        FigureKind.CAP_USED, stated, f"{plain(stated)}%", c.claim.line_of(FigureKind.CAP_USED)
    )
    target, actual = x.target, x.actual
    if target is not None and actual is not None and target > 0:
        how = f"数据：已使用 {amount(actual)}{c.unit} ÷ 控制额度 {amount(target)}{c.unit}"
        c.judge(figure, completion_rate(actual, target), how)
    elif x.stated_target is not None and x.stated_actual is not None and x.stated_target[0] > 0:
        how = "按本句：已使用 ÷ 控制额度"
        c.judge(figure, completion_rate(x.stated_actual[0], x.stated_target[0]), how)
    else:
        c.unverifiable(figure, "数据和本句都没有控制额度与已使用数")
