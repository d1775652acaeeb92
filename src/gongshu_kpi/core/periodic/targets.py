"""Targets adjusted during the year (调整后目标): which target is in force at a month.

In targets.yaml an indicator lists its changes under its original target:

    target: 1000
    target_changes:
      - {from: 2020-07, target: 900, note: 调整后目标}

From July 2020 on, figures use 900; before July, 1000. A change applies within its own year
only (a 2021 figure uses the 2021 target and that year's changes). Output shows both
(原目标 1000, 调整后目标 900).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.models import Indicator, TargetChange, check_target_changes
from gongshu_kpi.core.periods import Month

# The change itself and its check live with Indicator (core/models.py), which validates them.
__all__ = [
    "TargetChange",
    "TargetInForce",
    "check_target_changes",
    "indicator_target_at",
    "target_in_force",
]


@dataclass(frozen=True, slots=True)
class TargetInForce:
    """The target a figure at a month uses, and the original beside it."""

    original: Decimal  # 原目标
    target: Decimal  # the one in force: 调整后目标 when `change` is set
    change: TargetChange | None = None

    @property
    def adjusted(self) -> bool:
        return self.change is not None


def target_in_force(
    original: Decimal, changes: Sequence[TargetChange], month: Month
) -> TargetInForce:
    """The latest change of the month's year that starts no later than the month."""
    applying = [c for c in changes if c.month.year == month.year and c.month <= month]
    if not applying:
        return TargetInForce(original, original)
    latest = max(applying, key=lambda c: c.month)
    return TargetInForce(original, latest.target, latest)


def indicator_target_at(
    indicator: Indicator, year: int, default_year: int, month: int, org: str = ""
) -> TargetInForce | None:
    """An indicator's target of `year` for `org` as in force at `month` (None when it has
    none): the year's target with that year's changes. An org's own target (org_targets) is
    its own: the indicator's changes adjust the whole's."""
    original = indicator.target_for(year, default_year, org)
    if original is None:
        return None
    if org:
        return TargetInForce(original, original)
    return target_in_force(original, indicator.target_changes, Month(year, month))
