"""Group accepted observations into one series per indicator, org and year, as they stream in."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gongshu_kpi.core.models import ActualSeries, Basis, Observation, SourceMap
from gongshu_kpi.core.problems import Location, Place, Problem
from gongshu_kpi.core.vocabulary import BASIS_LABEL

# Row numbers by month (slots 1-12; 0 = no row yet, as rows count from 1), copied per series.
_NO_ROWS = array("Q", bytes(8 * 13))


def _no_rows() -> array[int]:
    return _NO_ROWS[:]


@dataclass(slots=True)
class _Draft:
    basis: Basis
    place: Place  # where the series' first value came from; most months share it
    basis_at: int  # the row that set the basis
    values: dict[int, Decimal] = field(default_factory=dict)
    rows: array[int] = field(default_factory=_no_rows)  # month -> row (see SourceMap)
    places: dict[int, Place] | None = None  # months read from elsewhere, if any
    covers: dict[int, int] = field(default_factory=dict)  # release end -> its first month
    inside: dict[int, int] = field(default_factory=dict)  # month inside a release -> its end

    def location(self, month: int) -> Location:
        return SourceMap(self.rows, self.place, self.places)[month]

    def elsewhere(self, month: int, place: Place) -> None:
        """A month read from another file or sheet than the series' first value."""
        if self.places is None:
            self.places = {}
        self.places[month] = place


class SeriesBuilder:
    """Takes observations one at a time (nothing per row is kept but the value and where it
    came from); a month reported twice or a basis that flips is a problem.

    `names` maps indicator ids to the names people know them by, for messages.
    """

    def __init__(self, names: Mapping[str, str]) -> None:
        self.names = names
        self.drafts: dict[tuple[str, str, int], _Draft] = {}
        self.problems: list[Problem] = []

    def add(self, obs: Observation) -> None:
        self.add_parts(
            obs.indicator_id,
            obs.org,
            obs.year,
            obs.month,
            obs.value,
            obs.basis,
            obs.place,
            obs.row,
            obs.first_month,
        )

    def add_parts(
        self,
        indicator_id: str,
        org: str,
        year: int,
        month: int,
        value: Decimal,
        basis: Basis,
        place: Place,
        row: int,
        first_month: int = 0,
    ) -> None:
        """`add` without an Observation object: the loaders' fast path calls this per row."""
        key = (indicator_id, org, year)
        draft = self.drafts.get(key)
        if draft is None:
            draft = self.drafts[key] = _Draft(basis, place, row)
        if basis is not draft.basis or month in draft.values or first_month or draft.inside:
            obs = Observation(indicator_id, org, year, month, value, basis, place, row, first_month)
            self._add_carefully(draft, obs)
            return
        draft.values[month] = value
        draft.rows[month] = row
        if place is not draft.place:
            draft.elsewhere(month, place)

    def _add_carefully(self, draft: _Draft, obs: Observation) -> None:
        """Basis conflicts, duplicates and combined releases: the rare cases."""
        if obs.basis is not draft.basis:
            self.problems.append(
                Problem(
                    "conflicting-basis",
                    f"{self._name(obs)}口径为“{BASIS_LABEL[obs.basis]}”，"
                    f"与 {draft.place.at(draft.basis_at)} 的“{BASIS_LABEL[draft.basis]}”不一致",
                    obs.location,
                    "同一指标同一单位的数据须统一为当月数或1-N月累计数",
                )
            )
            return
        month = obs.month
        first_month = obs.first_month or month
        clash = self._clash(draft, first_month, month)
        if clash is not None:
            self._duplicate(draft, obs, clash, first_month)
            return
        draft.values[month] = obs.value
        draft.rows[month] = obs.row
        if obs.place is not draft.place:
            draft.elsewhere(month, obs.place)
        if first_month != month:
            draft.covers[month] = first_month
            for m in range(first_month, month):
                draft.inside[m] = month

    def finish(self) -> tuple[list[ActualSeries], list[Problem]]:
        """The series, once every row is in; the builder is spent (its drafts let go)."""
        series = [
            ActualSeries(
                indicator_id=indicator_id,
                org=org,
                year=year,
                basis=draft.basis,
                values=_in_month_order(draft.values),
                sources=SourceMap(draft.rows, draft.place, draft.places),
                covers=draft.covers,
            )
            for (indicator_id, org, year), draft in self.drafts.items()
        ]
        self.drafts = {}
        return series, self.problems

    @staticmethod
    def _clash(draft: _Draft, first_month: int, month: int) -> int | None:
        """The release already covering any of first_month..month, if there is one."""
        for m in range(first_month, month + 1):
            if m in draft.values:
                return m
            if m in draft.inside:
                return draft.inside[m]
        return None

    def _duplicate(self, draft: _Draft, obs: Observation, clash: int, first_month: int) -> None:
        span = f"{obs.month}月" if first_month == obs.month else f"{first_month}-{obs.month}月"
        earlier = draft.values[clash]
        # Two different figures for one month is a conflict to resolve, not a stray copy.
        values = "，数值相同"
        if earlier != obs.value:
            values = f"，两处数值不同：{earlier} 与 {obs.value}"
        self.problems.append(
            Problem(
                "duplicate-month",
                f"{self._name(obs)}{obs.year}年{span}重复填报"
                f"（首次出现于 {draft.location(clash)}{values}）",
                obs.location,
                "删除重复的一行；1-2月合并发布时不要再单独填1月",
            )
        )

    def _name(self, obs: Observation) -> str:
        """'“产业投资”（智慧网谷小镇）', for messages."""
        org = f"（{obs.org}）" if obs.org else ""
        return f"“{self.names[obs.indicator_id]}”{org}"


def _in_month_order(values: dict[int, Decimal]) -> dict[int, Decimal]:
    """Files usually list months in order: copy (and sort) only when they did not."""
    months = list(values)
    return values if months == sorted(months) else dict(sorted(values.items()))


def build_series(
    observations: Iterable[Observation], names: Mapping[str, str]
) -> tuple[list[ActualSeries], list[Problem]]:
    """All observations at once (tests and small inputs); the pipeline streams instead."""
    builder = SeriesBuilder(names)
    for obs in observations:
        builder.add(obs)
    return builder.finish()
