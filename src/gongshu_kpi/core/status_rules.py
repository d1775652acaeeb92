"""Status rules (亮灯): named statuses with a label and colour, decided by pace, completion rate
or growth, per indicator or group; the first rule that matches wins, and where none does the
built-in 超/达/落后序时 stays. Read from data/status.yaml (README: Status rules)."""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

if TYPE_CHECKING:
    from gongshu_kpi.core.models import IndicatorResult, Report

MEASURES = ("pace", "rate", "growth")
_OPERATORS: dict[str, Callable[[Decimal, Decimal], bool]] = {
    ">=": operator.ge,
    "<=": operator.le,
    ">": operator.gt,
    "<": operator.lt,
    "==": operator.eq,
}
_CONDITION = re.compile(r"^\s*(>=|<=|>|<|==)\s*([-+]?\d+(?:\.\d+)?)\s*$")
_COLOUR = re.compile(r"^#?([0-9A-Fa-f]{6})$")


@dataclass(frozen=True, slots=True)
class Grade:
    """The status a rule gave one result: how every output labels and colours it."""

    code: str  # the rule's name (CSS class, JSON value)
    label: str  # 绿灯
    label_en: str
    colour: str  # RGB hex without '#', for text
    fill: str  # a light background for table cells
    order: int  # position in status.yaml, for summaries in the file's order


def tint(colour: str) -> str:
    """A light background of a colour: 15% of it over white, in exact integers."""
    channels = [int(colour[i : i + 2], 16) for i in (0, 2, 4)]
    return "".join(f"{255 - (255 - c) * 15 // 100:02X}" for c in channels)


@dataclass(frozen=True, slots=True)
class Condition:
    measure: str  # pace, rate or growth
    op: str
    bound: Decimal

    def holds(self, value: Decimal) -> bool:
        return _OPERATORS[self.op](value, self.bound)


def parse_condition(measure: str, text: object) -> Condition:
    """`>= 5` → Condition; a number alone means at least that (`pace: 0` is `>= 0`)."""
    if isinstance(text, int | Decimal) and not isinstance(text, bool):
        return Condition(measure, ">=", Decimal(text))
    match = _CONDITION.match(text) if isinstance(text, str) else None
    if match is None:
        raise ValueError(
            f'{measure} 的条件“{text}”无法读取；修正：写作比较符加数字，如 ">= 5" 或 "< -3"'
            "（比较符 >=、>、<=、<、==，数字为百分点或百分比）"
        )
    try:
        return Condition(measure, match.group(1), Decimal(match.group(2)))
    except InvalidOperation:  # pragma: no cover - the pattern admits only plain numbers
        raise ValueError(f"{measure} 的条件“{text}”中的数字无法读取") from None


Code = Annotated[str, StringConstraints(pattern=r"^[A-Za-z][A-Za-z0-9_-]*$")]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class StatusRule(BaseModel):
    """One named status and when it applies (README: Status rules)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: Code
    label: Label
    label_en: str = ""
    colour: str
    fill: str | None = None
    # measure -> condition; all must hold. Empty: any result that has a pace.
    when: dict[str, object] = Field(default_factory=dict)
    indicators: tuple[str, ...] = ()  # ids or names; empty = every indicator
    groups: tuple[str, ...] = ()

    @field_validator("colour", "fill")
    @classmethod
    def _hex(cls, value: object) -> object:
        if value is None:
            return None
        match = _COLOUR.match(value) if isinstance(value, str) else None
        if match is None:
            raise ValueError(f'颜色“{value}”无效；修正：写作带引号的 6 位十六进制 RGB，如 "1B7F3B"')
        return match.group(1).upper()

    @field_validator("when")
    @classmethod
    def _conditions(cls, value: dict[str, object]) -> dict[str, object]:
        for measure, text in value.items():
            if measure not in MEASURES:
                raise ValueError(
                    f"未知的判定依据“{measure}”；修正：改为 {'、'.join(MEASURES)} 之一"
                )
            parse_condition(measure, text)
        return value

    def conditions(self) -> tuple[Condition, ...]:
        return tuple(parse_condition(m, t) for m, t in self.when.items())

    def grade(self, order: int) -> Grade:
        fill = self.fill or tint(self.colour)
        return Grade(self.name, self.label, self.label_en or self.name, self.colour, fill, order)


class StatusRules(BaseModel):
    """The whole status.yaml: statuses in the order they are tried."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    statuses: tuple[StatusRule, ...] = Field(min_length=1)

    @field_validator("statuses")
    @classmethod
    def _unique(cls, value: tuple[StatusRule, ...]) -> tuple[StatusRule, ...]:
        seen: set[str] = set()
        for rule in value:
            if rule.name in seen:
                raise ValueError(f"状态名“{rule.name}”重复；修正：每个状态用不同的 name")
            seen.add(rule.name)
        return value

    def unknown_indicators(self, known: Iterable[str], groups: Iterable[str]) -> list[str]:
        """Indicator or group names the rules use that the targets do not have."""
        ids, group_names = set(known), set(groups)
        missing = [i for r in self.statuses for i in r.indicators if i not in ids]
        return missing + [g for r in self.statuses for g in r.groups if g not in group_names]


def _measures(result: IndicatorResult) -> dict[str, Decimal | None]:
    pace = result.pace
    # Under a cap the share used above time progress is behind: rules read points ahead.
    if pace is not None and result.indicator.direction.value == "lower":
        pace = -pace
    return {"pace": pace, "rate": result.rate, "growth": result.yoy}


def _applies(rule: StatusRule, result: IndicatorResult) -> bool:
    indicator = result.indicator
    if rule.indicators and not {indicator.id, indicator.name} & set(rule.indicators):
        return False
    return not rule.groups or indicator.group in rule.groups


def grade_for(rules: StatusRules, result: IndicatorResult) -> Grade | None:
    """The first status whose conditions all hold, or None (the built-in status then)."""
    if result.as_of is None:
        return None
    values = _measures(result)
    for order, rule in enumerate(rules.statuses):
        if not _applies(rule, result):
            continue
        conditions = rule.conditions() or (Condition("pace", ">", Decimal("-Infinity")),)
        if all((value := values[c.measure]) is not None and c.holds(value) for c in conditions):
            return rule.grade(order)
    return None


def apply_status_rules(report: Report, rules: StatusRules | None) -> Report:
    """The report with each result's status from the rules (unchanged without rules)."""
    if rules is None:
        return report
    results = tuple(replace(r, grade=grade_for(rules, r)) for r in report.results)
    return replace(report, results=results)


@dataclass(frozen=True, slots=True)
class StatusCount:
    code: str
    label: str
    count: int


def count_statuses(items: Sequence[tuple[str, str, int]]) -> list[StatusCount]:
    """(code, label, order) per line with a status → counts per label, in status order."""
    counts: dict[str, StatusCount] = {}
    for code, label, _ in sorted(items, key=lambda item: item[2]):
        found = counts.get(label)
        counts[label] = StatusCount(code, label, 1 if found is None else found.count + 1)
    return list(counts.values())


def summary_sentence(
    total: int,
    counts: Sequence[StatusCount],
    zh: bool = True,
    unpaced: int = 0,
    untargeted: int = 0,
) -> str:
    """9项指标中7项超序时，2项落后序时 — apart from the statuses the `unpaced` (stocks compared
    with their target only: 不计序时), the `untargeted` (data but no target: 无目标) and the
    rest without a status (no data yet: 暂无进度)."""
    rated = sum(c.count for c in counts)
    unrated = total - rated - unpaced - untargeted
    if zh:
        parts = [f"{c.count}项{c.label}" for c in counts]
        if unpaced:
            parts.append(f"{unpaced}项不计序时")
        if untargeted:
            parts.append(f"{untargeted}项无目标")
        if unrated > 0:
            parts.append(f"{unrated}项暂无进度")
        return f"{total}项指标中" + "，".join(parts) if parts else ""
    parts = [f"{c.count} {c.label}" for c in counts]
    if unpaced:
        parts.append(f"{unpaced} not paced")
    if untargeted:
        parts.append(f"{untargeted} without a target")
    if unrated > 0:
        parts.append(f"{unrated} not rated")
    return f"Of {total} indicators: " + ", ".join(parts) if parts else ""
