"""Rules beyond validity, for CI: configured in data/rules.yaml, each a small pure check.

Every rule has a stable id (also the code of its problems), a default severity and an on/off
default; `rules.yaml` may switch a rule off, change its severity or set its threshold.  The
bulletin fact-check's policy codes (an unread sentence, an unknown indicator …) are rules
too, so a team can make them stricter or quieter in the same file.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StrictBool, field_validator, model_validator

from gongshu_kpi.core.ci.plausibility import PlausibilityRule, check_plausibility
from gongshu_kpi.core.collection import (
    check_not_reported,
    collection_status,
    expected_indicators,
)
from gongshu_kpi.core.figures.result import compute_result
from gongshu_kpi.core.models import Direction
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periodic.targets import indicator_target_at
from gongshu_kpi.core.periods import period_label
from gongshu_kpi.core.problems import Location, Problem, Severity

if TYPE_CHECKING:
    from gongshu_kpi.core.ci.snapshots import PublishedFigure, Snapshot
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.rollup import Point

RuleId = Literal[
    "missing-latest-month",
    "published-changed",
    "target-changed",
    "behind-time-progress",
    "not-reported",
    "bulletin-unread",
    "bulletin-unknown-indicator",
    "bulletin-unit-mismatch",
    "bulletin-unverifiable",
    "bulletin-fuzzy-match",
]
SeverityName = Literal["error", "warning", "info"]


@dataclass(frozen=True, slots=True)
class RuleInfo:
    enabled: bool
    severity: Severity
    summary: str


RULE_BY_ID: dict[str, RuleInfo] = {
    "missing-latest-month": RuleInfo(
        True, Severity.WARNING, "an org has not reported an indicator for its latest month"
    ),
    "published-changed": RuleInfo(
        True, Severity.ERROR, "a figure of an already-published month has changed"
    ),
    "target-changed": RuleInfo(
        True, Severity.WARNING, "an annual target differs from the one published this year"
    ),
    "behind-time-progress": RuleInfo(
        False, Severity.ERROR, "an indicator is more than `points` behind time progress"
    ),
    "not-reported": RuleInfo(
        True, Severity.WARNING, "an org has not reported the month by settings.due_day"
    ),
    "bulletin-unread": RuleInfo(
        True, Severity.WARNING, "a bulletin sentence with figures could not be read"
    ),
    "bulletin-unknown-indicator": RuleInfo(
        True, Severity.WARNING, "a bulletin names an indicator not in targets.yaml"
    ),
    "bulletin-unit-mismatch": RuleInfo(
        True, Severity.WARNING, "a bulletin figure's unit cannot convert to the indicator's"
    ),
    "bulletin-unverifiable": RuleInfo(
        True, Severity.INFO, "a bulletin figure the data cannot confirm (no data for it)"
    ),
    "bulletin-fuzzy-match": RuleInfo(
        True, Severity.INFO, "a bulletin name matched an indicator only approximately"
    ),
}
assert set(RULE_BY_ID) == set(get_args(RuleId))

DEFAULT_BEHIND_POINTS = Decimal(10)


class RuleSetting(BaseModel):
    """One rule's settings in rules.yaml; anything left out keeps the rule's default."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    enabled: StrictBool | None = None  # `enabled: yes` is refused, not read as true
    severity: SeverityName | None = None
    points: Decimal | None = Field(default=None, ge=0)  # behind-time-progress only

    @field_validator("points", mode="before")
    @classmethod
    def _exact(cls, value: object) -> object:
        if isinstance(value, bool | str | float):
            raise ValueError(f"应为数值，得到“{value}”；修正：写作普通数字如 10")
        return value


class Rules(BaseModel):
    """The whole rules.yaml: `rules:` maps rule ids to settings."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    rules: dict[RuleId, RuleSetting] = Field(default_factory=dict)
    # Plausibility rules of the team's own (core/ci/plausibility.py), ids of their choosing.
    plausibility: tuple[PlausibilityRule, ...] = ()

    @model_validator(mode="after")
    def _unique_plausibility_ids(self) -> Rules:
        seen: set[str] = set()
        for rule in self.plausibility:
            if rule.id in seen or rule.id in RULE_BY_ID:
                what = "重复" if rule.id in seen else "与内置规则同名"
                raise ValueError(f"plausibility 规则 id“{rule.id}”{what}")
            seen.add(rule.id)
        return self

    @model_validator(mode="after")
    def _points_only_where_used(self) -> Rules:
        for rule_id, setting in self.rules.items():
            if setting.points is not None and rule_id != "behind-time-progress":
                raise ValueError(f"{rule_id} 没有 points 设置（只有 behind-time-progress 有）")
        return self

    def enabled(self, rule_id: str) -> bool:
        setting = self.rules.get(rule_id)  # type: ignore[call-overload]
        if setting is not None and setting.enabled is not None:
            return bool(setting.enabled)
        return RULE_BY_ID[rule_id].enabled

    def severity(self, rule_id: str) -> Severity:
        setting = self.rules.get(rule_id)  # type: ignore[call-overload]
        if setting is not None and setting.severity is not None:
            return Severity(setting.severity)
        return RULE_BY_ID[rule_id].severity

    def points(self) -> Decimal:
        setting = self.rules.get("behind-time-progress")
        if setting is not None and setting.points is not None:
            return setting.points
        return DEFAULT_BEHIND_POINTS


def apply_rules(problems: Iterable[Problem], rules: Rules) -> list[Problem]:
    """Drop problems of switched-off rules and give rule problems their configured severity."""
    result: list[Problem] = []
    for problem in problems:
        if problem.code not in RULE_BY_ID:
            result.append(problem)
        elif rules.enabled(problem.code):
            result.append(replace(problem, severity=rules.severity(problem.code)))
    return result


@dataclass(frozen=True)
class RuleContext:
    """What the rules look at: the data as of a month, the published snapshots, positions."""

    facts: Facts
    year: int
    month: int  # the as-of month of the check
    rules: Rules = field(default_factory=Rules)
    snapshots: tuple[Snapshot, ...] = ()
    target_locations: Mapping[str, Location] = field(default_factory=dict)  # indicator id ->
    today: dt.date | None = None  # for deadlines (not-reported); None: no rule needs a date
    rule_locations: Mapping[int, Location] = field(default_factory=dict)  # plausibility index ->


RuleCheck = Callable[[RuleContext], Iterator[Problem]]


def check_missing_latest_month(ctx: RuleContext) -> Iterator[Problem]:
    """Each org that reports an indicator should have its latest month like the others."""
    names = {i.id: i.name for i in ctx.facts.targets.indicators}
    for (indicator_id, year), by_org in sorted(ctx.facts.raw.items()):
        if year != ctx.year:
            continue
        last = {
            org: max(months)
            for org, series in by_org.items()
            if org != WHOLE and (months := [m for m in series.values if m <= ctx.month])
        }
        silent = _never_reported(ctx, indicator_id, by_org) if last else []
        for org in silent:
            yield Problem(
                "missing-latest-month",
                f"“{names.get(indicator_id, indicator_id)}”（{org}）{year}年从未填报，"
                f"其他单位已填报到 {max(last.values())}月",
                None,
                f"请{org}报送；它不报此指标时，在 orgs.yaml 中为它列出 indicators",
            )
        if len(last) <= 1:  # one org alone is behind nobody
            continue
        latest = max(last.values())
        for org, month in sorted(last.items()):
            if month < latest:
                series = by_org[org]
                yield Problem(
                    "missing-latest-month",
                    f"“{names.get(indicator_id, indicator_id)}”（{org}）"
                    f"只填报到 {year}年{month}月，其他单位已填报到 {latest}月",
                    series.sources[month],
                    f"请{org}补报 {latest}月的数据",
                )


def _never_reported(ctx: RuleContext, indicator_id: str, by_org: Mapping[str, object]) -> list[str]:
    """Orgs of orgs.yaml expected to report an indicator that have no data for it this year."""
    tree = ctx.facts.orgs
    if not tree.declared:
        return []
    return [
        org
        for org in tree.leaves()
        if org not in by_org
        and any(i.id == indicator_id for i in expected_indicators(ctx.facts, org, ctx.year))
    ]


def check_published_changed(ctx: RuleContext) -> Iterator[Problem]:
    """A year-to-date figure of a published month must not change afterwards.

    A changed row changes every roll-up above it too; the roll-ups are reported only when no
    org that reports directly explains the change (a row added for a new org, say).
    """
    names = {i.id: i.name for i in ctx.facts.targets.indicators}
    for snapshot in ctx.snapshots:
        changed: list[tuple[PublishedFigure, Point | None]] = []
        for figure in snapshot.figures:
            if figure.indicator_id not in names:
                continue  # a removed indicator is reported by target-changed
            series = ctx.facts.series(figure.indicator_id, snapshot.year, figure.org)
            point = series.get(figure.month)
            if point is None or point.value != figure.value:
                changed.append((figure, point))
        reported = {(f.indicator_id, f.month) for f, _ in changed if _reported(ctx, snapshot, f)}
        said: set[tuple[str, str]] = set()  # a changed month changes every later 1-N月 too
        for figure, point in sorted(changed, key=lambda pair: pair[0].month):
            key = (figure.indicator_id, figure.month)
            who = (figure.indicator_id, figure.org)
            if who not in said and (_reported(ctx, snapshot, figure) or key not in reported):
                said.add(who)
                yield _published_changed(ctx, snapshot, figure, point, names)


def _reported(ctx: RuleContext, snapshot: Snapshot, figure: PublishedFigure) -> bool:
    """Whether the org reported this month's figure itself (not only as a roll-up)."""
    series = ctx.facts.raw.get((figure.indicator_id, snapshot.year), {}).get(figure.org)
    return series is not None and figure.month in series.values


def _published_changed(
    ctx: RuleContext,
    snapshot: Snapshot,
    figure: PublishedFigure,
    point: Point | None,
    names: Mapping[str, str],
) -> Problem:
    published = f"{snapshot.year}-{snapshot.month:02d}"
    who = f"（{ctx.facts.orgs.label(figure.org)}）" if figure.org else ""
    what = f"“{names[figure.indicator_id]}”{who}{snapshot.year}年{period_label(figure.month)}累计"
    fix = f"如确需更正，更正后重新发布（kpi publish --month {published} --force）并说明"
    if point is None:
        return Problem(
            "published-changed",
            f"{what}已于 {published} 发布为 {figure.value}，现在数据中没有这个数",
            Location(snapshot.path),
            fix,
        )
    return Problem(
        "published-changed",
        f"{what}已于 {published} 发布为 {figure.value}，现为 {point.value}",
        point.sources[-1] if point.sources else Location(snapshot.path),
        fix,
    )


def check_target_changed(ctx: RuleContext) -> Iterator[Problem]:
    """A published target should not change afterwards. Compared with the target in force
    at the published month: a declared change (target_changes) from a later month is an
    adjustment, not a rewrite; editing the target, or a change reaching back to a published
    month, is."""
    indicators = {i.id: i for i in ctx.facts.targets.indicators}
    for snapshot in ctx.snapshots:
        published = f"{snapshot.year}-{snapshot.month:02d}"
        for indicator_id, old in snapshot.targets.items():
            indicator = indicators.get(indicator_id)
            where = ctx.target_locations.get(indicator_id, Location(snapshot.path))
            if indicator is None:
                yield Problem(
                    "target-changed",
                    f"指标 {indicator_id} 在 {published} 发布时有目标 {old}，"
                    "现已不在 targets.yaml 中",
                    Location(snapshot.path),
                    "如确已取消该指标，重新发布或删除旧快照",
                )
                continue
            in_force = indicator_target_at(
                indicator, snapshot.year, ctx.facts.targets.year, snapshot.month
            )
            new = None if in_force is None else in_force.target
            if new != old:
                yield Problem(
                    "target-changed",
                    f"“{indicator.name}”{snapshot.year}年目标在 {published} 发布时为 {old}，"
                    f"现为 {new if new is not None else '（无）'}",
                    where,
                    "年中调整目标须经批准；确认后重新发布，或恢复原目标",
                )


def check_behind_time_progress(ctx: RuleContext) -> Iterator[Problem]:
    """An indicator more than `points` percentage points behind time progress (off by default)."""
    limit = ctx.rules.points()
    for indicator in ctx.facts.targets.indicators:
        result = compute_result(ctx.facts, indicator, WHOLE, ctx.year, ctx.month)
        if result.time_progress is None or result.pace is None or result.as_of is None:
            continue  # growth-rate targets are judged against their rate, not the calendar
        # Under a cap, using it faster than the calendar (a positive pace) is behind.
        cap = indicator.direction is Direction.LOWER
        behind = result.pace if cap else -result.pace
        if behind > limit:
            figure, word = ("占控制额度", "高于") if cap else ("完成率", "落后")
            yield Problem(
                "behind-time-progress",
                f"“{indicator.name}”{period_label(result.as_of)}{figure} {result.rate}%，"
                f"{word}序时进度 {result.time_progress}% 共 {behind} 个百分点"
                f"（超过 {limit}）",
                ctx.target_locations.get(indicator.id),
                "加快进度，或在 rules.yaml 中调整 behind-time-progress 的 points",
            )


def check_not_reported_by_due_day(ctx: RuleContext) -> Iterator[Problem]:
    """Orgs (those in orgs.yaml that never reported too) whose month is overdue."""
    if ctx.today is None or ctx.facts.targets.settings.due_day is None:
        return
    status = collection_status(ctx.facts, ctx.year, ctx.month, ctx.today)
    yield from check_not_reported(status, None)


RULE_CHECKS: tuple[tuple[str, RuleCheck], ...] = (
    ("missing-latest-month", check_missing_latest_month),
    ("published-changed", check_published_changed),
    ("target-changed", check_target_changed),
    ("behind-time-progress", check_behind_time_progress),
    ("not-reported", check_not_reported_by_due_day),
)


def run_rules(ctx: RuleContext) -> list[Problem]:
    """Problems of every enabled rule, with configured severities; then the plausibility
    rules, whose severities are their own."""
    found = [
        problem
        for rule_id, check in RULE_CHECKS
        if ctx.rules.enabled(rule_id)
        for problem in check(ctx)
    ]
    plausible = check_plausibility(
        ctx.facts, ctx.rules.plausibility, ctx.year, ctx.month, ctx.rule_locations
    )
    return [*apply_rules(found, ctx.rules), *plausible]
