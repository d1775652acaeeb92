"""Group accepted observations into one series per indicator and org."""

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


def build_series(
    observations: Iterable[Observation], names: Mapping[str, str]
) -> tuple[dict[str, list[ActualSeries]], list[Problem]]:
    """Series by indicator id; a month reported twice or a basis that flips is a problem.

    `names` maps indicator ids to the names people know them by, for messages.
    """
    drafts: dict[tuple[str, str], _Draft] = {}
    problems: list[Problem] = []
    for obs in observations:
        key = (obs.indicator_id, obs.org)
        draft = drafts.get(key)
        if draft is None:
            draft = drafts[key] = _Draft(obs.basis, obs.location)
        elif obs.basis is not draft.basis:
            problems.append(
                Problem(
                    "conflicting-basis",
                    f"“{names[obs.indicator_id]}”{_org_text(obs.org)}口径为“{BASIS_LABEL[obs.basis]}”，"
                    f"与 {draft.basis_at} 的“{BASIS_LABEL[draft.basis]}”不一致",
                    obs.location,
                    "同一指标同一单位的数据须统一为当月数或1-N月累计数",
                )
            )
            continue
        first = draft.sources.get(obs.month)
        if first is not None:
            problems.append(
                Problem(
                    "duplicate-month",
                    f"“{names[obs.indicator_id]}”{_org_text(obs.org)}{obs.month}月重复填报"
                    f"（首次出现于 {first}）",
                    obs.location,
                    "删除重复的一行，或核对月份",
                )
            )
            continue
        draft.values[obs.month] = obs.value
        draft.sources[obs.month] = obs.location
    series: dict[str, list[ActualSeries]] = {}
    for (indicator_id, org), draft in drafts.items():
        series.setdefault(indicator_id, []).append(
            ActualSeries.model_construct(
                indicator_id=indicator_id,
                org=org,
                basis=draft.basis,
                values=dict(sorted(draft.values.items())),
                sources=dict(sorted(draft.sources.items())),
            )
        )
    return series, problems


def _org_text(org: str) -> str:
    return f"（{org}）" if org else ""
