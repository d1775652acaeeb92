"""Plausibility rules (DHIS2 calls them validation rules): figures that are valid but unlikely.

Declared in rules.yaml under `plausibility:`, each with an id, a severity and a message, and
one kind: `expr` (a comparison between indicators, core/expressions.py), `change_vs_last_year`
(± percent against last year's same month), `month_on_month` (± percent against the month
before) or `min`/`max`. They are checked for every org that reports the indicators itself
(and the whole, where it reports its own figures), every month of the year up to the checked
one; a problem points at the data cell of the figure.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from gongshu_kpi.core.collection import reference_figure, reported_at
from gongshu_kpi.core.expressions import (
    Comparison,
    ExpressionError,
    Ref,
    evaluate,
    holds,
    parse_rule,
)
from gongshu_kpi.core.models import Basis, Indicator
from gongshu_kpi.core.numbers import percent, round_to
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.partial import counts_in
from gongshu_kpi.core.problems import Location, Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts

_PERCENT = re.compile(r"^\s*(?:±|\+/-|\+-)?\s*([0-9]+(?:\.[0-9]+)?)\s*%?\s*$")
FIGURE_LABEL = {"ytd": "累计", "month": "当月"}


def _percent(value: object) -> object:
    """±50%, 50% or 50 -> Decimal 50."""
    if isinstance(value, bool | float):
        raise ValueError(f"应写作百分数如 50%，得到“{value}”")
    if isinstance(value, int | Decimal):
        return Decimal(value)
    match = _PERCENT.match(str(value))
    if match is None:
        raise ValueError(f"应写作百分数如 ±50% 或 50%，得到“{value}”")
    return Decimal(match.group(1))


class PlausibilityRule(BaseModel):
    """One entry of `plausibility:` in rules.yaml."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
    severity: Literal["error", "warning", "info"] = "warning"
    message: str = ""
    expr: str | None = None
    indicator: str | None = None
    org: str | None = None  # an org or a group; default every org reporting the figures
    figure: Literal["ytd", "month"] | None = None  # 累计 or 当月; default by kind
    change_vs_last_year: Decimal | None = None  # percent, either way
    month_on_month: Decimal | None = None  # percent, either way
    min: Decimal | None = None
    max: Decimal | None = None

    @field_validator("change_vs_last_year", "month_on_month", mode="before")
    @classmethod
    def _percent_text(cls, value: object) -> object:
        return None if value is None else _percent(value)

    @field_validator("min", "max", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        if isinstance(value, bool | str | float):
            raise ValueError(f"应为数值，得到“{value}”；修正：写作普通数字如 10")
        return value

    @field_validator("expr")
    @classmethod
    def _parses(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                parse_rule(value)
            except ExpressionError as exc:
                raise ValueError(f"表达式“{value}”{exc}") from None
        return value

    @model_validator(mode="after")
    def _one_kind(self) -> PlausibilityRule:
        kinds = [
            name
            for name, given in (
                ("expr", self.expr is not None),
                ("change_vs_last_year", self.change_vs_last_year is not None),
                ("month_on_month", self.month_on_month is not None),
                ("min/max", self.min is not None or self.max is not None),
            )
            if given
        ]
        if len(kinds) != 1:
            raise ValueError(
                "每条规则须有且只有一种：expr、change_vs_last_year、month_on_month 或 min/max"
                + (f"（得到 {'、'.join(kinds)}）" if kinds else "")
            )
        if self.expr is None and self.indicator is None:
            raise ValueError(f"{kinds[0]} 规则须指定 indicator")
        if self.expr is not None and self.indicator is not None:
            raise ValueError("expr 规则的指标写在表达式里，不要再写 indicator")
        return self

    @property
    def kind(self) -> str:
        if self.expr is not None:
            return "expr"
        if self.change_vs_last_year is not None:
            return "change_vs_last_year"
        if self.month_on_month is not None:
            return "month_on_month"
        return "range"

    def basis(self) -> Basis:
        """Which figure a rule looks at: 当月 for month-on-month jumps, else 累计."""
        default = "month" if self.kind == "month_on_month" else "ytd"
        return Basis.MONTH if (self.figure or default) == "month" else Basis.YTD


@dataclass(frozen=True)
class _Scope:
    facts: Facts
    year: int
    month: int
    keys: Mapping[str, Indicator]


def check_plausibility(
    facts: Facts,
    rules: tuple[PlausibilityRule, ...],
    year: int,
    month: int,
    locations: Mapping[int, Location],
) -> Iterator[Problem]:
    """Every rule's problems; a rule naming an unknown indicator or org is itself a problem,
    located at its line in rules.yaml."""
    scope = _Scope(facts, year, month, facts.targets.by_key())
    for index, rule in enumerate(rules):
        where = locations.get(index)
        names = [r.name for r in parse_rule(rule.expr).refs()] if rule.expr else [rule.indicator]
        unknown = [n for n in names if n is not None and n not in scope.keys]
        if unknown:
            yield Problem(
                "rules-schema",
                f"规则 {rule.id}：未知指标“{'、'.join(unknown)}”",
                where,
                "写 targets.yaml 中的指标名称或 id（名称含空格或运算符时用「」括起）",
            )
            continue
        if rule.org is not None and facts.orgs.members(rule.org) is None:
            yield Problem("rules-schema", f"规则 {rule.id}：未知单位或分组“{rule.org}”", where)
            continue
        yield from _check(scope, rule)


def _orgs(scope: _Scope, rule: PlausibilityRule, indicator_ids: list[str]) -> list[str]:
    """Orgs that report any of the indicators themselves in the year, in the tree's order;
    with `org:`, those that count in it (the org, its children, a group's members)."""
    reporting = {org for i in indicator_ids for org in scope.facts.raw.get((i, scope.year), {})}
    tree = scope.facts.orgs
    return [
        o
        for o in (WHOLE, *tree.parent)
        if o in reporting and (rule.org is None or counts_in(tree, o, rule.org))
    ]


Figure = Callable[[str, str, int, int], Decimal | None]  # (indicator id, org, year, month)


def _check(scope: _Scope, rule: PlausibilityRule) -> Iterator[Problem]:
    basis = rule.basis()
    severity = Severity(rule.severity)
    comparison = None if rule.expr is None else parse_rule(rule.expr)
    if comparison is not None:
        ids = [scope.keys[r.name].id for r in comparison.refs()]
    else:
        assert rule.indicator is not None
        ids = [scope.keys[rule.indicator].id]
    facts, year = scope.facts, scope.year
    indicators = {i.id: i for i in facts.targets.indicators}

    def figure(indicator_id: str, org: str, y: int, m: int) -> Decimal | None:
        values = facts.values_of(indicator_id, y, org)
        return reference_figure(values, indicators[indicator_id], m, basis)

    for org in _orgs(scope, rule, ids):
        for m in range(1, scope.month + 1):
            sources = [loc for i in ids if (loc := reported_at(facts, i, org, year, m))]
            if not sources:
                continue  # nothing reported this month: nothing to judge
            if comparison is not None:
                detail = _compare(scope, comparison, org, m, figure)
            else:
                detail = _single(rule, functools.partial(figure, ids[0], org), year, m)
            if detail is None:
                continue
            message = rule.message or _default_message(rule)
            yield Problem(
                rule.id,
                f"{message}（{facts.orgs.label(org)}{year}年{m}月"
                f"{FIGURE_LABEL[basis.value]}：{detail}）",
                sources[0],
                f"核对该数据；确属实的，在 rules.yaml 中调整规则 {rule.id}",
                severity,
            )


def _compare(
    scope: _Scope, comparison: Comparison, org: str, month: int, figure: Figure
) -> str | None:
    """The comparison's figures when it fails, None when it holds or cannot be evaluated."""
    values: dict[str, Decimal | None] = {}

    def lookup(ref: Ref) -> Decimal | None:
        value = values[ref.name] = figure(scope.keys[ref.name].id, org, scope.year, month)
        return value

    left, right = evaluate(comparison.left, lookup), evaluate(comparison.right, lookup)
    if left is None or right is None or holds(comparison.op, left, right):
        return None
    shown = "，".join(f"{name} {value}" for name, value in values.items())
    return f"{shown}；{comparison.text} 不成立"


def _single(
    rule: PlausibilityRule, figure_of: Callable[[int, int], Decimal | None], year: int, month: int
) -> str | None:
    """What is wrong with one indicator's figure (range, change), or None; `figure_of` gives
    the org's figure of the indicator at (year, month)."""
    value = figure_of(year, month)
    if value is None:
        return None
    if rule.min is not None and value < rule.min:
        return f"{value} 小于下限 {rule.min}"
    if rule.max is not None and value > rule.max:
        return f"{value} 大于上限 {rule.max}"
    return _change(rule, value, figure_of, year, month)


def _change(
    rule: PlausibilityRule,
    value: Decimal,
    figure_of: Callable[[int, int], Decimal | None],
    year: int,
    month: int,
) -> str | None:
    """A change against the same month last year, or against last month, over the limit."""
    if rule.change_vs_last_year is not None:
        limit, what = rule.change_vs_last_year, "上年同期"
        base = figure_of(year - 1, month)
    elif rule.month_on_month is not None:
        limit, what = rule.month_on_month, "上月"
        base = figure_of(year, month - 1)
    else:
        return None
    if base is None or base == 0:
        return None  # no base to compare with
    change = percent(value - base, abs(base))
    if abs(change) <= limit:
        return None
    word = "增长" if change > 0 else "下降"
    shown = round_to(abs(change), 1, "half-up")
    return f"{value}，{what} {base}，{word}{shown}%，超过 ±{limit}%"


def _default_message(rule: PlausibilityRule) -> str:
    if rule.expr is not None:
        return f"不满足 {rule.expr}"
    if rule.kind == "change_vs_last_year":
        return f"“{rule.indicator}”与上年同期相比变化过大"
    if rule.kind == "month_on_month":
        return f"“{rule.indicator}”与上月相比变化过大"
    return f"“{rule.indicator}”超出合理范围"
