"""Group accepted observations into one series per indicator, org and year."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from gongshu_kpi.core.models import ActualSeries, Basis, Observation
from gongshu_kpi.core.problems import Location, Problem

BASIS_LABEL = {Basis.MONTH: "当月", Basis.YTD: "累计"}


@dataclass(slots=True)
class _Draft:
    basis: Basis
    basis_at: Location
    values: dict[int, Decimal] = field(default_factory=dict)
    sources: dict[int, Location] = field(default_factory=dict)
    covers: dict[int, int] = field(default_factory=dict)
    covered: dict[int, int] = field(default_factory=dict)  # month -> the release covering it


def build_series(
    observations: Iterable[Observation], names: Mapping[str, str]
) -> tuple[list[ActualSeries], list[Problem]]:
    """Series per indicator, org and year; a month reported twice or a basis that flips is
    a problem. `names` maps indicator ids to the names people know them by, for messages.
    """
    drafts: dict[tuple[str, str, int], _Draft] = {}
    problems: list[Problem] = []
    for obs in observations:
        key = (obs.indicator_id, obs.org, obs.year)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = _Draft(obs.basis, obs.location)
        elif obs.basis is not draft.basis:
            problems.append(
                Problem(
                    "conflicting-basis",
                    f"{_name(obs, names)}口径为“{BASIS_LABEL[obs.basis]}”，"
                    f"与 {draft.basis_at} 的“{BASIS_LABEL[draft.basis]}”不一致",
                    obs.location,
                    "同一指标同一单位的数据须统一为当月数或1-N月累计数",
                )
            )
            continue
        first_month = obs.first_month or obs.month
        if first_month == obs.month:
            clash = draft.covered.get(first_month)
        else:
            clash = next(
                (draft.covered[m] for m in range(first_month, obs.month + 1) if m in draft.covered),
                None,
            )
        if clash is not None:
            first = draft.sources[clash]
            span = f"{obs.month}月" if first_month == obs.month else f"{first_month}-{obs.month}月"
            earlier = draft.values[clash]
            # Two different figures for one month is a conflict to resolve, not a stray copy.
            values = (
                f"，两处数值不同：{earlier} 与 {obs.value}"
                if earlier != obs.value
                else "，数值相同"
            )
            problems.append(
                Problem(
                    "duplicate-month",
                    f"{_name(obs, names)}{obs.year}年{span}重复填报（首次出现于 {first}{values}）",
                    obs.location,
                    "删除重复的一行；1-2月合并发布时不要再单独填1月",
                )
            )
            continue
        draft.values[obs.month] = obs.value
        draft.sources[obs.month] = obs.location
        if first_month != obs.month:
            draft.covers[obs.month] = first_month
        for m in range(first_month, obs.month + 1):
            draft.covered[m] = obs.month
    series = [
        ActualSeries.model_construct(
            indicator_id=indicator_id,
            org=org,
            year=year,
            basis=draft.basis,
            values=dict(sorted(draft.values.items())),
            sources=dict(sorted(draft.sources.items())),
            covers=draft.covers,
        )
        for (indicator_id, org, year), draft in drafts.items()
    ]
    return series, problems


def _name(obs: Observation, names: Mapping[str, str]) -> str:
    """'“产业投资”（智慧网谷小镇）', for messages."""
    org = f"（{obs.org}）" if obs.org else ""
    return f"“{names[obs.indicator_id]}”{org}"
