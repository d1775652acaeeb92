"""The explain steps of the figures beyond rate, pace and growth: share, projection, rank,
unit conversions and the rows a roll-up left out. Each step is written from the very figures
(`exact_figures`, `printed`, `rank_results`, the roll-up's `sources`) a report prints, so a
figure cannot be explained differently from how it was computed. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.figures.rank import rank_results
from gongshu_kpi.core.formulas import places_of
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    Direction,
    IndicatorResult,
    Kind,
    Settings,
    Status,
    TargetType,
)
from gongshu_kpi.core.numbers import ROUNDING_BY_NAME
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.rollup import to_ytd

if TYPE_CHECKING:
    from gongshu_kpi.core.display import AmountRule
    from gongshu_kpi.core.figures.exact import IndicatorFigures
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.orgs import OrgTree
    from gongshu_kpi.core.problems import Location
    from gongshu_kpi.core.provenance import EnteredValue

ROUNDING_TEXT = {"half-up": "四舍五入", "half-even": "银行家舍入", "truncate": "截断"}
RANK_BY_TEXT = {"rate": "完成率", "yoy": "同比"}
SHOWN_ROWS = 3  # locations listed per left-out line before "等N行"


def approx(value: Decimal) -> str:
    """An unrounded quotient shown to 6 places, marked when it goes on."""
    shown = value.quantize(Decimal("0.000001"), rounding=ROUNDING_BY_NAME["truncate"])
    return format(shown.normalize(), "f") + ("…" if shown != value else "")


GROWTH_STATUS_ZH = {
    Status.AHEAD: "高于目标增速",
    Status.ON_PACE: "达到目标增速",
    Status.BEHIND: "低于目标增速",
}


def growth_target_steps(figures: IndicatorFigures, result: IndicatorResult) -> list[str]:
    """A growth target: the growth achieved (as printed) against it, in points."""
    if figures.indicator.target_type is not TargetType.GROWTH:
        return []
    if result.pace is None or result.status is None or result.actual is None:
        return []
    what = "填报增速" if figures.indicator.unit == "%" else "同比"
    sign = "+" if result.pace > 0 else ""
    step = (
        f"与目标增速比 = {what} {result.actual:f}% − 目标 {result.target}% = "
        f"{sign}{result.pace:f} 个百分点 → {GROWTH_STATUS_ZH[result.status]}"
    )
    return [step]


def share_steps(
    figures: IndicatorFigures, result: IndicatorResult, settings: Settings
) -> list[str]:
    """占比: the part over the whole at the part's own month, or why there is none."""
    detail, actual = figures.share_detail, figures.actual
    if detail is None or figures.share_of is None or actual is None or figures.as_of is None:
        return []
    whole = figures.share_of or "全体"
    if detail.value is None or detail.whole is None or result.share is None:
        return [f"占{whole}比重：{detail.mark} {detail.note}"]
    step = (
        f"占{whole}比重 = {actual:f} ÷ {detail.whole:f}（{whole}{period_label(figures.as_of)}，"
        f"同期） × 100% = {approx(detail.value)}% → {result.share:f}%"
        f"（{ROUNDING_TEXT[settings.rounding]}，保留{settings.rate_places}位）"
    )
    return [step]


def shown_arrow(value: Decimal, rule: AmountRule, unit: str) -> str:
    """→ the amount as the report prints it (core/display.py), where that differs from the
    exact figure: 88.72215 亿元 entered in 万元 → 88.72 亿元; "" where they are the same."""
    shown = rule.value(value)
    if format(shown, "f") == format(value, "f") and rule.shown.text == unit:
        return ""
    why = f"{ROUNDING_TEXT[rule.rounding]}，保留{places_of(shown)}位，报表所示"
    return f" → {shown:f} {rule.shown.text}（{why}）"


def projection_steps(
    figures: IndicatorFigures, result: IndicatorResult, settings: Settings, rule: AmountRule
) -> list[str]:
    """预计全年: which method was used and why, and its arithmetic; → the figure as the report
    prints it (`rule`, core/display.py)."""
    projection, actual, n = figures.projection, figures.actual, figures.as_of
    if projection is None or actual is None or n is None or result.projection is None:
        return []
    shown = rule.value(result.projection)
    same = "同累计数" if places_of(shown) == places_of(actual) else "报表所示"
    rounded = (
        f"→ {shown:f} {rule.shown.text}"
        f"（{ROUNDING_TEXT[settings.rounding]}，保留{places_of(shown)}位，{same}）"
    )
    profile = figures.indicator.profile
    if projection.method == "profile" and profile is not None:
        elapsed, total = sum(profile[:n], Decimal(0)), sum(profile, Decimal(0))
        why = "按指标的月度权重 profile"
        arithmetic = f"{actual:f} × 全年权重 {total:f} ÷ 1-{n}月权重 {elapsed:f}"
    elif projection.last_at_month is not None and projection.last_full is not None:
        why = "按上年进度，因无 profile，上年同期与上年全年都有数"
        arithmetic = (
            f"{actual:f} × 上年全年 {projection.last_full:f} ÷ "
            f"上年{period_label(n)} {projection.last_at_month:f}"
        )
    else:
        why = "按本年月均，因无 profile，也无上年全年数"
        arithmetic = f"{actual:f} ÷ {n} × 12"
    return [f"预计全年（{why}） = {arithmetic} = {approx(projection.value)} {rounded}"]


def rank_steps(
    result: IndicatorResult, peers: Sequence[IndicatorResult], by: str, tree: OrgTree
) -> tuple[list[str], IndicatorResult]:
    """The rank among `peers` (every org, as the report ranks them: `rank_orgs`), the sorted
    values shown, and `result` with its rank; equal figures share a rank (并列)."""
    ranked = [r for r in rank_results(peers, by) if r.rank is not None]
    mine = next((r for r in ranked if r.org == result.org), None)
    name = RANK_BY_TEXT.get(by, by)
    if all(r.org != result.org for r in peers):
        return [f"排名（按{name}）：{tree.label(result.org)}不是参加排名的单位"], result
    if mine is None or mine.rank is None:
        return [f"排名（按{name}）：{tree.label(result.org)}没有{name}，不参加排名"], result
    lower = by == "rate" and result.indicator.direction is Direction.LOWER
    order = "从低到高（控制额度用得少者在前）" if lower else "从高到低"
    listed = "、".join(f"{r.rank}.{tree.label(r.org)} {_figure(r, by):f}%" for r in ranked)
    tied = "并列" if mine.rank_tied else ""
    unranked = len(peers) - len(ranked)
    rest = f"；另{unranked}个单位没有{name}，不排名" if unranked else ""
    step = f"排名（按{name}{order}，{len(ranked)}个单位{rest}）：{listed} → {tied}第{mine.rank}位"
    return [step], replace(result, rank=mine.rank, rank_tied=mine.rank_tied)


def _figure(result: IndicatorResult, by: str) -> Decimal:
    value = result.rate if by == "rate" else result.yoy
    return Decimal(0) if value is None else value


def conversion_steps(
    contributions: Iterable[tuple[Location, Decimal]],
    entered: Mapping[Location, EnteredValue],
    unit: str,
) -> list[str]:
    """Cells entered in another unit than the indicator's: as entered, the exact factor and
    the value used (4.45146 亿元 ×10000 = 44514.6 万元)."""
    steps: list[str] = []
    for location, used in contributions:
        cell = entered.get(location)
        if cell is not None:
            steps.append(
                f"单位换算：{location} 填报 {cell.number:f} {cell.unit} {cell.factor_text()}"
                f"（{cell.unit} → {unit}） = {used:f} {unit}（计算所用的值）"
            )
    return steps


@dataclass(frozen=True, slots=True)
class LeftOut:
    """Rows of the indicator and year that are not in the figure, and why."""

    org: str
    months: tuple[int, ...]
    reason: str
    locations: tuple[Location, ...]
    firsts: tuple[int, ...] = ()  # each row's first month (1 for 1-2月 or a 累计 row)


def left_out(
    facts: Facts, figures: IndicatorFigures, used: Iterable[Location]
) -> tuple[LeftOut, ...]:
    """Every reported row of this indicator and year the figure does not include, by org and
    reason: outside the group, after the as-of month, under a parent that reports its
    own figure, or not summable (a month missing before it)."""
    if figures.as_of is None:
        return ()
    indicator, as_of = figures.indicator, figures.as_of
    counted = set(used)
    members = set(_under(facts.orgs, facts.orgs.members(figures.org) or ()))
    # Outside an org's own subtree is plain; outside a named group is worth saying.
    group = figures.org in facts.orgs.groups
    found: list[LeftOut] = []
    for org, series in facts.raw.get((indicator.id, figures.year), {}).items():
        if org not in members and not group:
            continue
        by_reason: dict[str, list[tuple[int, Location]]] = {}
        for month in series.sources:
            location = series.sources[month]
            if location in counted:
                continue
            if org in members and _earlier_total(series, indicator.kind, month, as_of):
                # The basis says why: a later 累计 figure holds it, a stock's is replaced.
                reason = EARLIER_REASON[indicator.kind].format(period_label(as_of), as_of)
            else:
                reason = _why_left_out(facts, figures, org, members, month)
            by_reason.setdefault(reason, []).append((month, location))
        for reason, rows in by_reason.items():
            months = tuple(m for m, _ in rows)
            # A 累计 row covers the year from January; a 当月 row its month (or 1-2月).
            ytd = series.basis is Basis.YTD and indicator.kind is Kind.FLOW
            firsts = tuple(1 if ytd else series.covers.get(m, m) for m in months)
            locations = tuple(loc for _, loc in rows)
            found.append(LeftOut(org, months, reason, locations, firsts))
    return tuple(found)


EARLIER_REASON = {
    Kind.FLOW: "累计口径：{0}累计已包含此前各月",
    Kind.STOCK: "时点数：只取{1}月末的值",
}


def _earlier_total(series: ActualSeries, kind: Kind, month: int, as_of: int) -> bool:
    """An earlier month of a year-to-date (累计) or stock series: the later figure holds it
    (or, for a stock, replaces it)."""
    return month < as_of and (series.basis is Basis.YTD or kind is Kind.STOCK)


def _under(tree: OrgTree, orgs: Iterable[str]) -> Iterable[str]:
    for org in orgs:
        yield org
        yield from _under(tree, tree.children(org))


def _why_left_out(
    facts: Facts,
    figures: IndicatorFigures,
    org: str,
    members: set[str],
    month: int,
) -> str:
    tree, as_of = facts.orgs, figures.as_of or 0
    if org not in members:
        return f"不属于{tree.label(figures.org)}"
    if month > figures.month:
        return f"晚于所选月份（{figures.year}年{figures.month}月）"
    if month > as_of:
        return f"合计只到各单位都有数的{period_label(as_of)}"
    raw = facts.raw.get((figures.indicator.id, figures.year), {})
    above = tree.parent.get(org)
    while above is not None and above in members:
        if above in raw and as_of in to_ytd(raw[above], figures.indicator.kind):
            return f"上级{tree.label(above)}自报{period_label(as_of)}数，下级只用于核对"
        above = tree.parent.get(above)
    return "未计入合计"


def left_out_steps(rows: Sequence[LeftOut], tree: OrgTree) -> list[str]:
    """One line per org and reason: the months, where they are, and why; a reason shared by
    many orgs (every org's months after the one asked for) is one line naming a few."""
    by_reason: dict[str, list[LeftOut]] = {}
    for row in rows:
        by_reason.setdefault(row.reason, []).append(row)
    steps: list[str] = []
    for reason, same in by_reason.items():
        if len(same) > SHOWN_ROWS:
            names = "、".join(tree.label(row.org) for row in same[:SHOWN_ROWS])
            count = sum(len(row.locations) for row in same)
            steps.append(f"未计入：{names}等{len(same)}个单位的 {count} 行——{reason}")
            continue
        steps += [f"未计入：{_left_out_rows(row, tree)}——{reason}" for row in same]
    return steps


def _left_out_rows(row: LeftOut, tree: OrgTree) -> str:
    firsts = row.firsts or row.months
    months = "、".join(
        f"{m}月" if f == m else f"{f}-{m}月" for f, m in zip(firsts, row.months, strict=True)
    )
    where = "、".join(str(loc) for loc in row.locations[:SHOWN_ROWS])
    more = f" 等{len(row.locations)}行" if len(row.locations) > SHOWN_ROWS else ""
    return f"{tree.label(row.org)} {months}（{where}{more}）"
