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
from itertools import pairwise

from pydantic import BaseModel, ConfigDict, Field, field_validator

from gongshu_kpi.core.models import _exact_number
from gongshu_kpi.core.periods import Month


class TargetChange(BaseModel):
    """The annual target in force from a month on."""

    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)

    start: str = Field(alias="from")  # YYYY-MM, kept as written; `month` parses it
    target: Decimal = Field(gt=0)
    note: str = "调整后目标"

    @field_validator("start", mode="before")
    @classmethod
    def _a_month(cls, value: object) -> object:
        if not isinstance(value, str):
            raise ValueError(f"from 应为月份，写作 YYYY-MM（如 2020-07），得到“{value}”")
        Month.parse(value)  # its message names the fix
        return value

    # The same rule as an indicator's target: a quoted number is a typo worth stopping for.
    _check_target = field_validator("target", mode="before")(_exact_number)

    @property
    def month(self) -> Month:
        return Month.parse(self.start)


def check_target_changes(changes: Sequence[TargetChange]) -> list[str]:
    """Problems with a list of changes, as messages with their fix: out of order, or two
    changes from the same month."""
    problems: list[str] = []
    months = [c.month for c in changes]
    for earlier, later in pairwise(months):
        if later == earlier:
            problems.append(f"target_changes 中 {later} 出现两次；同一月只能有一个调整后目标")
        elif later < earlier:
            problems.append(f"target_changes 应按月份先后排列：{later} 写在了 {earlier} 之后")
    return problems


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
