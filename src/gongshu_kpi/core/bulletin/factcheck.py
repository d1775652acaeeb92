"""Fact-check a draft bulletin: every stated figure against the data and its own arithmetic.

Pure: the caller reads the file and passes its text.  ``check_bulletin`` extracts the claims
(``extract``), gives each one an indicator (name, id, alias, then a conservative fuzzy
match), works out whose figures it states (its scope: the whole, an org or a group) and the
period (1-N月) (``context``), then compares target, year-to-date actual, completion rate,
growth and share with the figures ``expected`` works out (``checks_*``).

A stated figure is right when the exact figure, rounded to the places it is printed with
(settings.rounding), equals it.  One unit off in the last place gets its own code
(``bulletin-<figure>-rounding``): it usually means a rounded actual was printed beside a rate
computed from the unrounded one, and the printed figures must still agree, so it is an error.
A figure the data cannot confirm (no last-year data, a scope not in orgs.yaml) is a note,
never an error: the fact-checker reports what it did not look at instead of passing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.checks_amounts import (
    check_actual,
    check_month_actual,
    check_original_target,
    check_projection,
    check_rank,
    check_target,
    in_indicator_unit,
)
from gongshu_kpi.core.bulletin.checks_columns import (
    check_growth_status,
    check_time_progress,
    check_ytd_chain,
)
from gongshu_kpi.core.bulletin.checks_growth import (
    check_growth,
    check_growth_gap,
    check_growth_target,
    check_growth_times,
    check_pace,
)
from gongshu_kpi.core.bulletin.checks_periodic import check_chain, check_still_to_do, check_two_year
from gongshu_kpi.core.bulletin.checks_ranks import check_computed_rank
from gongshu_kpi.core.bulletin.checks_rates import check_cap_used, check_rate, check_share
from gongshu_kpi.core.bulletin.compare import Verdict, compare
from gongshu_kpi.core.bulletin.context import Match, known_names, match_indicator, resolve_scope
from gongshu_kpi.core.bulletin.extract import extract_claims
from gongshu_kpi.core.bulletin.kinds import COMPUTED_RANK, FIGURE_LABEL, TIED_RANK, FigureKind
from gongshu_kpi.core.bulletin.own import check_own_arithmetic, check_own_pace
from gongshu_kpi.core.bulletin.verdicts import (
    Amounts,
    BulletinCheck,
    ClaimCheck,
    FigureVerdict,
    Findings,
    excerpt,
    report_unread,
)

if TYPE_CHECKING:
    from gongshu_kpi.core.bulletin.claims import Claim
    from gongshu_kpi.core.figures.facts import Facts

__all__ = [
    "FIGURE_LABEL",
    "BulletinCheck",
    "FigureVerdict",
    "Match",
    "Verdict",
    "check_bulletin",
    "compare",
    "known_names",
    "match_indicator",
    "resolve_scope",
]


def check_bulletin(
    text: str, facts: Facts, path: str, year: int, month: int | None = None
) -> BulletinCheck:
    """Every stated figure in `text` judged against `facts` for `year`.

    `month` (from --month) is the period assumed when a sentence states none, and the
    latest month whose data counts.
    """
    claims, unmatched = extract_claims(text, known_names(facts))
    ctx = Findings(facts, path, year, month)
    for item in unmatched:
        report_unread(ctx, item)
    for claim in claims:
        _check_claim(ctx, claim)
    return ctx.result(len(claims))


def _check_claim(ctx: Findings, claim: Claim) -> None:
    indicators = ctx.facts.targets.indicators
    match = match_indicator(claim.subject, indicators)
    if match.indicator is None:
        check_own_arithmetic(ctx, claim)
        check_own_pace(ctx, claim)
        names = "、".join(i.name for i in match.candidates)
        hint = f"（可能是：{names}）" if names else ""
        ctx.note(
            "bulletin-unknown-indicator",
            f"“{claim.subject}”不是 targets.yaml 中的指标{hint}，这句话的数字未核对："
            f"{excerpt(claim.text)}",
            claim.line,
            f"在 targets.yaml 对应指标下加上 aliases: [{claim.subject}]",
        )
        return
    indicator = match.indicator
    if claim.period_year is not None and claim.period_year != ctx.year:
        # 2020年一季度… in a bulletin of 2021: another year's figures, not this year's.
        ctx.note(
            "bulletin-unverifiable",
            f"“{claim.subject}”写的是{claim.period_year}年的数字，kpi 核对的是{ctx.year}年的"
            f"数据，这句话的数字未核对：{excerpt(claim.text)}",
            claim.line,
            f"核对年份；本年的数字写作 {ctx.year}年…",
        )
        return
    if match.how == "fuzzy":
        ctx.note(
            "bulletin-fuzzy-match",
            f"“{claim.subject}”按近似名称视为指标“{indicator.name}”",
            claim.line,
            f"如无误，可在 targets.yaml 中为该指标加上 aliases: [{claim.subject}]",
        )
    _check_matched(ClaimCheck.start(ctx, claim, indicator))


def _check_matched(c: ClaimCheck) -> None:
    """Every figure of one claim matched to an indicator, in a fixed order."""
    claim = c.claim
    target = c.data.target(c.month)
    stated_target = in_indicator_unit(c, FigureKind.TARGET, claim.target, claim.target_line)
    stated_actual = in_indicator_unit(c, FigureKind.ACTUAL, claim.actual, claim.actual_line)
    actual = None
    if c.who is not None and c.month is not None:
        actual = c.data.actual(c.who, c.ctx.year, c.month)
    x = Amounts(target, actual, stated_target, stated_actual)
    _check_amounts(c, x)
    _check_percentages(c, x)
    for where, rank in claim.ranks:
        if where in (COMPUTED_RANK, TIED_RANK):  # 列第二位, 并列第一: kpi's own ranking
            check_computed_rank(c, where, rank)
        else:
            check_rank(c, where, rank)
    if claim.projection is not None:
        check_projection(c, claim.projection, actual)
    if claim.cap_used is not None:
        check_cap_used(c, claim.cap_used, x)
    check_still_to_do(c, target, actual)
    if claim.two_year is not None:
        check_two_year(c, claim.two_year, actual)
    if claim.chain is not None:
        check_chain(c, claim.chain)
    if claim.time_progress is not None:
        check_time_progress(c, claim.time_progress)
    if claim.ytd_chain is not None:
        check_ytd_chain(c, claim.ytd_chain)
    if claim.growth_status is not None:
        check_growth_status(c, claim.growth_status, target)


def _check_amounts(c: ClaimCheck, x: Amounts) -> None:
    claim = c.claim
    if claim.target is not None and x.stated_target is not None:
        check_target(c, claim.target, x.stated_target[1], x.target)
    if claim.original_target is not None:
        check_original_target(c, claim.original_target)
    if claim.actual is not None and x.stated_actual is not None:
        if claim.own_month:
            check_month_actual(c, claim.actual, x.stated_actual[1])
        else:
            check_actual(c, claim.actual, x.stated_actual[1], x.actual)


def _check_percentages(c: ClaimCheck, x: Amounts) -> None:
    claim = c.claim
    if claim.rate is not None:
        check_rate(c, claim.rate, x)
    if claim.growth is not None:
        check_growth(c, claim.growth, x.actual)
    if claim.share is not None:
        check_share(c, claim.share, x)
    if claim.growth_times is not None:
        check_growth_times(c, claim.growth_times, x.actual)
    if claim.growth_target is not None:
        check_growth_target(c, claim.growth_target, x.target)
    if claim.growth_gap is not None:
        check_growth_gap(c, claim.growth_gap, x.target)
    if claim.pace is not None or claim.pace_status is not None:
        check_pace(c, x)
