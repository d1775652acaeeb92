"""Facts: everything the data says (year-to-date series per indicator, year and org), and the
check that last year's figures can be growth bases. Pure."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, partial
from typing import TYPE_CHECKING

from gongshu_kpi.core.periods import MONTHS_IN_YEAR, period_label
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rollup import (
    Point,
    RolledValues,
    Values,
    YtdSeries,
    rollup,
    sources_at,
    sum_series,
)

if TYPE_CHECKING:
    from gongshu_kpi.core.models import ActualSeries, ExternalRank, Kind, Targets
    from gongshu_kpi.core.orgs import OrgTree

SeriesKey = tuple[str, int]  # (indicator id, year)


@dataclass(frozen=True)
class Facts:
    """Everything the data says, before a report picks a month, org or format."""

    targets: Targets
    orgs: OrgTree
    raw: Mapping[SeriesKey, Mapping[str, ActualSeries]]  # as reported, per org
    values: Mapping[SeriesKey, RolledValues]  # year-to-date, rolled up, per org
    external_ranks: tuple[ExternalRank, ...] = ()

    def values_of(self, indicator_id: str, year: int, who: str) -> Mapping[int, Decimal]:
        """The year-to-date values of an org or a group (its members summed), by month."""
        members = self.orgs.members(who)
        return {} if members is None else self._summed(indicator_id, year, members)

    def _summed(self, indicator_id: str, year: int, members: tuple[str, ...]) -> Values:
        by_org: Mapping[str, Values] = self.values.get((indicator_id, year), {})
        return sum_series(by_org.get(m, {}) for m in members)

    def series(self, indicator_id: str, year: int, who: str) -> YtdSeries:
        """The year-to-date series of an org or a group (its members summed), as points
        whose sources are found when asked for."""
        members = self.orgs.members(who)
        if members is None:
            return {}
        values = self._summed(indicator_id, year, members)
        return {
            month: Point(value, partial(self.sources, indicator_id, year, members, month))
            for month, value in values.items()
        }

    def org_series(self, indicator_id: str, year: int) -> dict[str, YtdSeries]:
        """Every org's year-to-date series of one indicator and year."""
        return {
            org: self.series(indicator_id, year, org)
            for org in self.values.get((indicator_id, year), {})
        }

    def sources(
        self, indicator_id: str, year: int, members: tuple[str, ...], month: int
    ) -> tuple[Location, ...]:
        """The file rows or cells behind members' summed year-to-date value at a month."""
        kind = self.kinds[indicator_id]
        raw = self.raw.get((indicator_id, year), {})
        rolled: Mapping[str, Values] = self.values.get((indicator_id, year), {})
        return tuple(
            location
            for org in members
            if month in rolled.get(org, {})
            for location in sources_at(self.orgs, kind, raw, rolled, org, month)
        )

    @cached_property
    def kinds(self) -> dict[str, Kind]:
        return {i.id: i.kind for i in self.targets.indicators}

    def latest_month(self, year: int, up_to: int = MONTHS_IN_YEAR) -> int | None:
        """The latest month of `year`, not after `up_to`, that any series has."""
        if (
            up_to >= MONTHS_IN_YEAR
        ):  # the common question, answered without working out derived sums
            months = [orgs.latest() for (_, y), orgs in self.values.items() if y == year]
            return max((m for m in months if m is not None), default=None)
        return max(
            (
                m
                for (_, y), orgs in self.values.items()
                if y == year
                for s in orgs.values()
                for m in s
                if m <= up_to
            ),
            default=None,
        )


def build_facts(
    targets: Targets,
    orgs: OrgTree,
    series: Sequence[ActualSeries],
    external_ranks: Sequence[ExternalRank] = (),
) -> tuple[Facts, list[Problem]]:
    """Year-to-date series for every indicator, year and org, rolled up the tree."""
    indicators = {i.id: i for i in targets.indicators}
    tree = orgs.with_orgs(s.org for s in series)
    raw: dict[SeriesKey, dict[str, ActualSeries]] = {}
    for s in series:
        raw.setdefault((s.indicator_id, s.year), {})[s.org] = s
    values: dict[SeriesKey, RolledValues] = {}
    problems: list[Problem] = []
    for key, by_org in raw.items():
        values[key], found = rollup(tree, indicators[key[0]], key[1], by_org)
        problems.extend(found)
    return Facts(targets, tree, raw, values, tuple(external_ranks)), problems


def check_yoy_bases(facts: Facts) -> list[Problem]:
    """Last year's figure of 0 or less cannot be a growth base: say so instead of printing ∞.

    Only the base a report uses is checked: last year's figure at the month this year's
    data has reached (a zero January last year does not matter once June is reported).
    """
    by_id = {i.id: i for i in facts.targets.indicators}
    problems: list[Problem] = []
    for (indicator_id, year), by_org in facts.values.items():
        indicator = by_id[indicator_id]
        this_year = facts.values.get((indicator_id, year + 1))
        if not indicator.yoy or this_year is None:
            continue
        for org, values in by_org.items():
            reached = this_year.get(org)
            month = max(reached) if reached else None
            if month is None or month not in values or values[month] > 0:
                continue
            sources = facts.sources(indicator_id, year, (org,), month)
            problems.append(
                Problem(
                    "yoy-base-not-positive",
                    f"“{indicator.name}”{facts.orgs.label(org)} 上年同期"
                    f"（{year}年{period_label(month)}）为 {values[month]}，无法计算同比",
                    sources[0] if sources else None,
                    "在 targets.yaml 中为该指标设置 yoy: false，或核对上年数据",
                )
            )
    return problems
