"""The monthly collection loop, pure: who reports what (kpi form), who has not (kpi status).

An org is expected to report the indicators orgs.yaml lists for it; failing that, the ones
any org reports (this year or last); failing that, all of them. Only orgs without children
report (a parent is the sum of its children); with no orgs at all, the whole reports.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from gongshu_kpi.core.formulas import month_amount
from gongshu_kpi.core.models import Basis, Indicator, Kind
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periods import MONTHS_IN_YEAR
from gongshu_kpi.core.problems import Location, Problem

if TYPE_CHECKING:
    from gongshu_kpi.core.figures import Facts

FORM_VERSION = 1


@dataclass(frozen=True, slots=True)
class FormLine:
    """One indicator on an org's form: what to fill in and the figures to compare with."""

    indicator: Indicator
    basis: Basis  # what the input cell asks for: the month's own amount or 1-N月累计
    last_month: Decimal | None  # the same figure a month earlier (None: not known)
    last_year: Decimal | None  # the same figure in last year's same month


@dataclass(frozen=True, slots=True)
class FormSpec:
    """Everything one collection form (填报表) holds."""

    org: str  # WHOLE when there are no orgs
    org_label: str  # the name printed on the form (the root's name for the whole)
    year: int
    month: int
    due: dt.date | None
    lines: tuple[FormLine, ...]


def due_date(year: int, month: int, due_day: int | None) -> dt.date | None:
    """The deadline of a month's figures: `due_day` of the next month (clamped to its length)."""
    if due_day is None:
        return None
    year, month = (year + 1, 1) if month == MONTHS_IN_YEAR else (year, month + 1)
    return dt.date(year, month, min(due_day, calendar.monthrange(year, month)[1]))


def reporting_orgs(facts: Facts) -> tuple[str, ...]:
    """Orgs that fill in forms: the leaves of the org tree, or the whole when there are none."""
    return facts.orgs.leaves() or (WHOLE,)


def unknown_reported_indicators(
    tree: OrgTree, keys: Collection[str], where: Location | None
) -> list[Problem]:
    """orgs.yaml `indicators:` entries that name no indicator of targets.yaml."""
    return [
        Problem(
            "unknown-indicator",
            f"“{org}”的 indicators 含未知指标“{name}”",
            where,
            "改为 targets.yaml 中的指标名称或 id",
        )
        for org, names in tree.reports.items()
        for name in names
        if name not in keys
    ]


def expected_indicators(facts: Facts, org: str, year: int) -> tuple[Indicator, ...]:
    """The indicators `org` reports, in targets order (see the module docstring)."""
    indicators = facts.targets.indicators
    listed = facts.orgs.reports.get(org)
    if listed:
        keys = facts.targets.by_key()
        ids = {keys[name].id for name in listed if name in keys}
        return tuple(i for i in indicators if i.id in ids)
    if org == WHOLE:
        return indicators
    # What the orgs report (this year or last): an org that has sent nothing yet, or has
    # dropped an indicator, is still expected to report what the others do.
    seen = {
        indicator_id
        for (indicator_id, y), by_org in facts.raw.items()
        if y in (year, year - 1) and any(reporter != WHOLE for reporter in by_org)
    }
    return tuple(i for i in indicators if i.id in seen) or indicators


def form_basis(facts: Facts, indicator: Indicator, org: str, year: int) -> Basis:
    """The basis the org has used this year (one basis per year), else the one most orgs use,
    else 1-N月累计 — what offices usually report."""
    by_org = facts.raw.get((indicator.id, year), {})
    own = by_org.get(org)
    if own is not None:
        return own.basis
    used = [s.basis for s in by_org.values()]
    if used and used.count(Basis.MONTH) > used.count(Basis.YTD):
        return Basis.MONTH
    return Basis.YTD


def reference_figure(
    values: Mapping[int, Decimal], indicator: Indicator, month: int, basis: Basis
) -> Decimal | None:
    """The figure as the form asks for it (the month's own amount or year-to-date) at a month,
    from an org's year-to-date `values` of that year (Facts.values_of)."""
    if month < 1:
        return None
    ytd = values.get(month)
    if ytd is None or basis is Basis.YTD or indicator.kind is Kind.STOCK:
        return ytd
    return month_amount(ytd, values.get(month - 1), month)


def build_form(facts: Facts, org: str, year: int, month: int) -> FormSpec:
    """The form one org fills in for a month."""
    lines = []
    for indicator in expected_indicators(facts, org, year):
        basis = form_basis(facts, indicator, org, year)
        this_year = facts.values_of(indicator.id, year, org)
        last_year = facts.values_of(indicator.id, year - 1, org)
        lines.append(
            FormLine(
                indicator,
                basis,
                reference_figure(this_year, indicator, month - 1, basis),
                reference_figure(last_year, indicator, month, basis),
            )
        )
    return FormSpec(
        org,
        facts.orgs.label(org),
        year,
        month,
        due_date(year, month, facts.targets.settings.due_day),
        tuple(lines),
    )


class ReportState(StrEnum):
    REPORTED = "reported"  # the month's figure is in the data
    MISSING = "missing"  # not yet, and the deadline has not passed (or there is none)
    LATE = "late"  # not reported and the deadline has passed


STATE_LABEL = {ReportState.REPORTED: "已报", ReportState.MISSING: "未报", ReportState.LATE: "逾期"}


@dataclass(frozen=True, slots=True)
class IndicatorStatus:
    indicator: Indicator
    state: ReportState
    source: Location | None  # where the figure was reported
    basis: Basis  # what the form asks for


@dataclass(frozen=True, slots=True)
class OrgStatus:
    org: str
    org_label: str
    lines: tuple[IndicatorStatus, ...]
    ever_reported: bool  # anything at all this year

    @property
    def outstanding(self) -> tuple[IndicatorStatus, ...]:
        return tuple(s for s in self.lines if s.state is not ReportState.REPORTED)

    @property
    def state(self) -> ReportState:
        """The org's worst: late beats missing beats reported."""
        states = {s.state for s in self.lines}
        for state in (ReportState.LATE, ReportState.MISSING):
            if state in states:
                return state
        return ReportState.REPORTED


@dataclass(frozen=True, slots=True)
class CollectionStatus:
    year: int
    month: int
    due: dt.date | None
    today: dt.date
    orgs: tuple[OrgStatus, ...]

    def count(self, state: ReportState) -> int:
        return sum(1 for o in self.orgs for s in o.lines if s.state is state)


def reported_at(
    facts: Facts, indicator_id: str, org: str, year: int, month: int
) -> Location | None:
    """Where the org reported the month's figure (a combined 1-2月 release covers both)."""
    series = facts.raw.get((indicator_id, year), {}).get(org)
    if series is None:
        return None
    if month in series.values:
        return series.sources[month]
    for end, first in series.covers.items():
        if first <= month <= end:
            return series.sources[end]
    return None


def collection_status(facts: Facts, year: int, month: int, today: dt.date) -> CollectionStatus:
    """Per reporting org and indicator: reported, missing or late for the month."""
    due = due_date(year, month, facts.targets.settings.due_day)
    overdue = due is not None and today > due
    orgs = []
    for org in reporting_orgs(facts):
        lines = []
        for indicator in expected_indicators(facts, org, year):
            source = reported_at(facts, indicator.id, org, year, month)
            if source is not None:
                state = ReportState.REPORTED
            else:
                state = ReportState.LATE if overdue else ReportState.MISSING
            basis = form_basis(facts, indicator, org, year)
            lines.append(IndicatorStatus(indicator, state, source, basis))
        ever = any(org in by_org for (_, y), by_org in facts.raw.items() if y == year)
        orgs.append(OrgStatus(org, facts.orgs.label(org), tuple(lines), ever))
    return CollectionStatus(year, month, due, today, tuple(orgs))


def check_not_reported(status: CollectionStatus, orgs_file: Location | None) -> Iterator[Problem]:
    """One problem per org with figures overdue (the `not-reported` rule of kpi check)."""
    for org in status.orgs:
        late = [s.indicator.name for s in org.lines if s.state is ReportState.LATE]
        if not late:
            continue
        never = "" if org.ever_reported else "（本年从未报送）"
        yield Problem(
            "not-reported",
            f"{org.org_label}{never}未按期报送 {status.year}年{status.month}月的"
            f"{'、'.join(late)}（报送期限 {status.due}）",
            orgs_file,
            f"催报：kpi status --month {status.year}-{status.month:02d}",
        )

