"""Checks of stated growth and pace: year-on-year growth (in percent or 倍), a growth-rate
target and the gap to it, and the pace against time progress (points and words)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core import formulas
from gongshu_kpi.core.bulletin.compare import amount, plain
from gongshu_kpi.core.bulletin.expected import pace_word
from gongshu_kpi.core.bulletin.kinds import FigureKind
from gongshu_kpi.core.bulletin.verdicts import Amounts, ClaimCheck, Stated
from gongshu_kpi.core.formulas import places_of
from gongshu_kpi.core.models import Direction, TargetType
from gongshu_kpi.core.numbers import round_to
from gongshu_kpi.core.periods import period_label

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Claim

_STATUS_WORD = {1: "超序时", 0: "达序时", -1: "落后序时"}
_SIDE_WORD = {1: "高于序时进度", 0: "达到序时进度", -1: "低于序时进度"}


def growth_base(
    c: ClaimCheck, actual: Decimal | None, figure: Stated
) -> tuple[Decimal, Decimal] | None:
    """This year's figure and last year's for a growth, or None after a note."""
    month = c.month
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
        return None
    if month is None or actual is None:
        c.unverifiable(figure, "数据中没有本期的数")
        return None
    if not c.indicator.yoy:
        c.unverifiable(figure, "该指标在 targets.yaml 中设为不计同比")
        return None
    previous = c.data.actual(c.who, c.ctx.year - 1, month)
    if c.claim.own_month:
        actual = c.data.own_amount(c.ctx.year, month, c.claim.own_first)
        previous = c.data.own_amount(c.ctx.year - 1, month, c.claim.own_first)
    if actual is None or previous is None or not formulas.is_growth_base(previous):
        base = f"{c.ctx.year - 1}年{period_label(month)}"
        why = (
            f"数据中没有 {base}的数（同比基数）"
            if previous is None or actual is None
            else f"{base}为 {amount(previous)}，不能作同比基数"
        )
        c.unverifiable(figure, why)
        return None
    return actual, previous


def _own_span(c: ClaimCheck, month: int) -> tuple[str, str]:
    """How a growth and its data are named: 7月当月同比 and 7月 for a month's own amount,
    4-6月同比 and 4-6月 for a quarter's, else 同比增长 and 1-7月 (the year to date)."""
    first = c.claim.own_first if c.claim.own_first is not None else month
    if not c.claim.own_month:
        return "", period_label(month)
    span = f"{month}月" if first == month else f"{first}-{month}月"
    return f"{span}{'当月' if first == month else ''}同比", span


def check_growth(c: ClaimCheck, stated: Decimal, actual: Decimal | None) -> None:
    month = c.month
    label, span = ("", "") if month is None else _own_span(c, month)
    line = c.claim.line_of(FigureKind.GROWTH)
    figure = Stated(FigureKind.GROWTH, stated, f"{plain(stated)}%", line, label=label)
    if (
        c.indicator.target_type is TargetType.GROWTH
        and c.unit.text == "%"
        and month is not None
        and actual is not None
    ):
        # A growth-rate indicator reported in %: the achieved growth is the actual itself.
        c.judge(figure, actual, f"数据：{period_label(month)} {plain(actual)}%")
        return
    base = growth_base(c, actual, figure)
    if base is None or month is None:
        return
    now, previous = base
    how = f"数据：{span} {amount(now)}{c.unit}，上年同期 {amount(previous)}{c.unit}"
    c.judge(figure, formulas.growth(now, previous), how)


def check_growth_times(c: ClaimCheck, stated: Decimal, actual: Decimal | None) -> None:
    """增长1.2倍: the growth over 100, compared at the places it is printed with."""
    line = c.claim.line_of(FigureKind.GROWTH_TIMES)
    label, span = ("", "") if c.month is None else _own_span(c, c.month)
    label = label and f"{label}（倍）"
    figure = Stated(FigureKind.GROWTH_TIMES, stated, f"{plain(stated)}倍", line, "倍", label)
    base = growth_base(c, actual, figure)
    if base is None or c.month is None:
        return
    now, previous = base
    how = f"数据：{span} {amount(now)}{c.unit}，上年同期 {amount(previous)}{c.unit}"
    c.judge(figure, formulas.growth_times(formulas.growth(now, previous)), how)


def check_growth_target(c: ClaimCheck, stated: Decimal, target: Decimal | None) -> None:
    line = c.claim.line_of(FigureKind.GROWTH_TARGET)
    figure = Stated(FigureKind.GROWTH_TARGET, stated, f"{plain(stated)}%", line)
    if c.indicator.target_type is not TargetType.GROWTH:
        c.unverifiable(figure, "targets.yaml 中该指标的目标是数量，不是增速")
    elif c.who is None:
        c.unverifiable(figure, c.scope_note)
    elif target is None:
        c.unverifiable(figure, "targets.yaml 中没有该目标")
    else:
        c.judge(figure, target, f"targets.yaml：目标增长{plain(target)}%")


def achieved_growth(c: ClaimCheck) -> Decimal | None:
    """The printed growth a growth target is met against: the sentence's own, else the
    data's at the growth places."""
    month = c.month
    if c.claim.growth is not None:
        return c.claim.growth
    if c.who is None or month is None:
        return None
    actual = c.data.actual(c.who, c.ctx.year, month)
    if actual is not None and c.unit.text == "%":
        return actual
    previous = c.data.actual(c.who, c.ctx.year - 1, month)
    if actual is None or previous is None or not formulas.is_growth_base(previous):
        return None
    settings = c.settings
    return round_to(formulas.growth(actual, previous), settings.growth_places, settings.rounding)


def check_growth_gap(c: ClaimCheck, stated: Decimal, target: Decimal | None) -> None:
    line = c.claim.line_of(FigureKind.GROWTH_GAP)
    figure = Stated(FigureKind.GROWTH_GAP, stated, f"{plain(stated)}个百分点", line, "个百分点")
    goal = c.claim.growth_target if c.claim.growth_target is not None else target
    achieved = achieved_growth(c)
    if goal is None or achieved is None:
        c.unverifiable(figure, "本句和数据都不能同时给出增速与目标增速")
        return
    how = f"增速 {plain(achieved)}% − 目标增速 {plain(goal)}%"
    c.judge(figure, formulas.growth_gap(achieved, goal), how)


def check_pace(c: ClaimCheck, x: Amounts) -> None:
    """超/落后序时进度X个百分点: X is the size of the printed rate minus time progress at the
    same places; 超序时/达序时/落后序时 must agree with kpi's status (on_pace_band wide; under
    a cap using more of it than time progress is 落后), 高于/低于 with the side of time progress.
    A pace stated without words (English +2.47 points) or in a table's 差值 cell (beside its
    状态 cell) is signed: +3.86 written -3.86 is wrong."""
    claim, settings, month = c.claim, c.settings, c.month
    kind = FigureKind.PACE if claim.pace is not None else FigureKind.PACE_STATUS
    worded = claim.pace is not None and claim.pace_status is not None and not claim.pace_signed
    stated = None if claim.pace is None else abs(claim.pace) if worded else claim.pace
    shown = f"{plain(stated)}个百分点" if stated is not None else _word(claim)
    figure = Stated(kind, stated, shown, claim.line_of(kind), "个百分点")
    if c.indicator.target_type is TargetType.GROWTH:
        if claim.pace is not None and not worded:
            # A table's 差值 of a growth target: points above the target rate.
            check_growth_gap(c, claim.pace, x.target)
            return
        c.unverifiable(figure, "该指标的目标是增速，没有序时进度")
        return
    if month is None:
        c.unverifiable(figure, "未写明期间")
        return
    cap = c.indicator.direction is Direction.LOWER
    rate_name = "占控制额度" if cap else "完成率"
    # Progress is rounded like the figures printed beside it (17% − 17% is 达序时).
    places = places_of(claim.pace) if claim.pace is not None else settings.rate_places
    if claim.pace is None and claim.rate is not None:
        places = places_of(claim.rate)
    rate, source = claim.rate, f"本句{rate_name}"
    if rate is None and claim.cap_used is not None and cap:
        rate = claim.cap_used
    if rate is None and x.target is not None and x.actual is not None and x.target > 0:
        rate = round_to(formulas.completion_rate(x.actual, x.target), places, settings.rounding)
        source = f"数据{rate_name}"
    if rate is None:
        c.unverifiable(figure, f"本句未写{rate_name}，数据中也没有目标或完成数")
        return
    progress_exact = formulas.time_progress_at(month, c.ctx.year, settings, c.indicator)
    progress = round_to(progress_exact, max(places, places_of(rate)), settings.rounding)
    pace = formulas.pace(rate, progress)
    how = f"{source} {plain(rate)}% − {period_label(month)}序时进度 {plain(progress)}%"
    if stated is not None:
        c.judge(figure, abs(pace) if worded else pace, how)
    if claim.pace_status is not None:
        _check_pace_word(c, pace, f"{how} = {plain(pace)}个百分点", figure.line)


def _word(claim: Claim) -> str:
    words = _SIDE_WORD if claim.pace_side_words else _STATUS_WORD
    return words.get(claim.pace_status or 0, "")


def _check_pace_word(c: ClaimCheck, pace: Decimal, how: str, line: int | None) -> None:
    """超/落后 say kpi's status, 高于/低于 the side of time progress the rate is on: the same
    for a target, opposite under a cap, where being above time progress is 落后."""
    claim, band = c.claim, c.settings.on_pace_band
    stated = claim.pace_status or 0
    if claim.pace_side_words:
        words, wanted = _SIDE_WORD, (pace > 0) - (pace < 0)
    else:
        cap = c.indicator.direction is Direction.LOWER
        words = _STATUS_WORD
        wanted = pace_word(pace, band, cap)
        if cap:
            how += "；控制额度用得比序时快为落后序时，慢为超序时"
    word, right = words[stated], words[wanted]
    figure = Stated(FigureKind.PACE_STATUS, None, word, line)
    if wanted == stated:
        c.ctx.checked += 1
        c.record(figure, right, "ok")
        return
    message = f"“{c.name}”写作“{word}”，应为“{right}”（{how}）"
    c.wrong(figure, right, c.problem(figure, "bulletin-pace-wrong", message, f"改为“{right}”"))
