"""Checks of the columns only kpi's own report tables print beside the sentences' figures:
序时进度, 累计环比 and a growth target's status (高于/达到/低于目标), each against the
report's own exact figures (core/figures/exact), compared at the printed places."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core import formulas
from gongshu_kpi.core.bulletin.checks_growth import achieved_growth
from gongshu_kpi.core.bulletin.compare import amount, plain
from gongshu_kpi.core.bulletin.kinds import FigureKind
from gongshu_kpi.core.bulletin.verdicts import ClaimCheck, Stated
from gongshu_kpi.core.figures.exact import IndicatorFigures, exact_figures
from gongshu_kpi.core.models import Status
from gongshu_kpi.core.periods import period_label

_GROWTH_WORD = {1: "高于目标", 0: "达到目标", -1: "低于目标"}
_SIGN = {Status.AHEAD: 1, Status.ON_PACE: 0, Status.BEHIND: -1}


def _row_figures(
    c: ClaimCheck, kind: FigureKind, stated: Decimal
) -> tuple[Stated, IndicatorFigures | None]:
    """The stated percentage as a figure, and the report's exact figures of its row (None,
    said as unverifiable, when the data has no figure for the row's org and month)."""
    figure = Stated(kind, stated, f"{plain(stated)}%", c.claim.line_of(kind))
    if c.who is None or c.month is None:
        c.unverifiable(figure, "数据中没有本期的数")
        return figure, None
    return figure, exact_figures(c.ctx.facts, c.indicator, c.who, c.ctx.year, c.month)


def check_time_progress(c: ClaimCheck, stated: Decimal) -> None:
    """序时进度: the report's time progress at the row's month (calendar, days or profile)."""
    figure, figures = _row_figures(c, FigureKind.TIME_PROGRESS, stated)
    if figures is None or c.month is None:
        return
    if figures.time_progress is None:
        c.unverifiable(figure, "该指标不计序时进度（时点指标或增速目标）")
        return
    c.judge(figure, figures.time_progress, f"{period_label(c.month)}序时进度")


def check_ytd_chain(c: ClaimCheck, stated: Decimal) -> None:
    """累计环比: a stock's level against the end of its last period, as the report has it."""
    figure, figures = _row_figures(c, FigureKind.YTD_CHAIN, stated)
    if figures is None or c.month is None:
        return
    chain = figures.ytd_chain
    if chain is None or chain.growth is None or chain.base is None:
        c.unverifiable(figure, "该指标没有累计环比" if chain is None else chain.why)
        return
    now = amount(chain.current or Decimal(0))
    how = f"{period_label(c.month)}末 {now} ÷ 上期末 {amount(chain.base)} − 1"
    c.judge(figure, chain.growth, how)


def check_growth_status(c: ClaimCheck, stated: int, target: Decimal | None) -> None:
    """高于/达到/低于目标: the achieved growth against the target rate (on_pace_band wide)."""
    word = _GROWTH_WORD[stated]
    figure = Stated(FigureKind.GROWTH_STATUS, None, word, c.claim.line)
    goal = c.claim.growth_target if c.claim.growth_target is not None else target
    achieved = achieved_growth(c)
    if goal is None or achieved is None:
        c.ctx.note(
            "bulletin-unverifiable",
            f"“{c.name}”写作“{word}”：本句和数据都不能同时给出增速与目标增速，无法核对",
            c.claim.line,
        )
        c.record(figure, "", "unverifiable")
        return
    gap = formulas.growth_gap(achieved, goal)
    right = _GROWTH_WORD[_SIGN[formulas.status_of(gap, c.settings.on_pace_band)]]
    if right == word:
        c.ctx.checked += 1
        c.record(figure, right, "ok")
        return
    how = f"增速 {plain(achieved)}% − 目标增速 {plain(goal)}% = {plain(gap)}个百分点"
    message = f"“{c.name}”写作“{word}”，应为“{right}”（{how}）"
    c.wrong(
        figure, right, c.problem(figure, "bulletin-growth_status-wrong", message, f"改为“{right}”")
    )
