"""Check a stated rank among the orgs (列第二位, 并列第一, a bare 排名第3) against kpi's own
ranking: the same rule as `kpi report --rank` and the ranks bulletin_full prints
(core/figures/rank.py) — every org of orgs.yaml, best completion rate first (smallest share
used under a cap), equal figures sharing the better rank (并列). Where no org has a rate of its
own the orgs rank by year-on-year growth, as `--rank yoy` does; a rank that agrees with the
growth ranking when the orgs also have rates is accepted too (the draft may come from
`--rank yoy`). A rank is an org's place among all the orgs, however few of them a draft
shows: `--org A --org B --rank rate` prints each one's place among all, so a draft ranking
only the orgs it names (A 列第一位 for being ahead of B) is wrong. Ranks of a place
(全市排名第四) are ranks.yaml's (checks_amounts.check_rank).
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.kinds import RANK_PREFIX, TIED_RANK, FigureKind
from gongshu_kpi.core.bulletin.verdicts import ClaimCheck, Stated
from gongshu_kpi.core.figures.rank import rank_results
from gongshu_kpi.core.figures.result import compute_result

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.models import Indicator, IndicatorResult

RANK_BASIS = {"rate": "完成率", "yoy": "同比增速"}


def rank_said(rank: int, tied: bool) -> str:
    """How the check shows a rank: 并列第1位, 列第2位."""
    return f"{'并列' if tied else '列'}第{rank}位"


def org_rankings(
    facts: Facts, indicator: Indicator, year: int, month: int, orgs: Sequence[str]
) -> dict[str, list[IndicatorResult]]:
    """By rate and by yoy: the orgs' results as of `month`, ranked (those without the
    figure unranked); only the rankings that rank someone."""
    results = [compute_result(facts, indicator, org, year, month) for org in orgs]
    rankings = {by: rank_results(results, by) for by in RANK_BASIS}
    return {by: ranked for by, ranked in rankings.items() if any(r.rank for r in ranked)}


def _ranks_of(org: str, rankings: dict[str, list[IndicatorResult]]) -> dict[str, IndicatorResult]:
    """The org's ranked result in each ranking that ranks it."""
    mine = {by: next((r for r in ranked if r.org == org), None) for by, ranked in rankings.items()}
    return {by: r for by, r in mine.items() if r is not None and r.rank is not None}


def check_computed_rank(c: ClaimCheck, where: str, stated: int) -> None:
    """列第二位 / 并列第一 for the claim's org against kpi's ranking of the orgs."""
    tied = where == TIED_RANK
    line = c.claim.line_of(f"{RANK_PREFIX}{where}")
    figure = Stated(FigureKind.RANK, Decimal(stated), rank_said(stated, tied), line, "")
    facts = c.ctx.facts
    if c.who is None:
        c.unverifiable(figure, c.scope_note)
        return
    if c.who not in facts.orgs.parent:
        why = "只有单位之间排名（汇总数、分组没有名次）；外部排名请写明范围，如“全市排名第四”"
        c.unverifiable(figure, why)
        return
    if c.month is None:
        c.unverifiable(figure, "数据中没有本期的数")
        return
    rankings = org_rankings(facts, c.indicator, c.ctx.year, c.month, list(facts.orgs.parent))
    ranked = _ranks_of(c.who, rankings)
    if not ranked:
        why = (
            "没有单位有自己的年度目标或上年同期数，kpi 不排名"
            if not rankings
            else f"{c.who}没有{'或'.join(RANK_BASIS[by] for by in rankings)}，不参与排名"
        )
        c.unverifiable(figure, why)
        return
    for result in ranked.values():
        if result.rank == stated and result.rank_tied == tied:
            c.confirm(figure)
            return
    by, result = next(iter(ranked.items()))
    assert result.rank is not None  # _ranks_of keeps ranked results only
    right = rank_said(result.rank, result.rank_tied)
    count = sum(1 for r in rankings[by] if r.rank is not None)
    how = f"按{RANK_BASIS[by]}在{count}个单位中排名，与 kpi report --rank {by} 相同"
    message = f"“{c.name}”排名写作 {figure.shown}，应为 {right}（{how}）"
    c.wrong(figure, right, c.problem(figure, "bulletin-rank-wrong", message, f"改为 {right}"))
