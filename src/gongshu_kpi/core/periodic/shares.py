"""Shares (占比) when the part and the whole have reached different months.

The share is the part's year-to-date value over the whole's at the same month. When the
whole has no figure at the part's month (the part is at 1-6月, the whole only at 1-5月),
there is no share: a mark for the share column and a note saying why, never a share of
figures from different months and never a silently dropped line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core import formulas
from gongshu_kpi.core.periods import period_label

NOT_SAME_MONTH = "※"  # the share column's mark when the whole has no figure at the month


@dataclass(frozen=True, slots=True)
class Share:
    """A part's share of a whole at the part's as-of month, or why there is none."""

    value: Decimal | None  # percent, unrounded
    whole: Decimal | None  # the whole's figure used
    mark: str = ""  # shown in the share column instead of a figure
    note: str = ""  # for the report's notes


def share_at(
    part: Decimal, as_of: int, whole: Mapping[int, Decimal], whole_name: str = "整体"
) -> Share:
    """The part's share of the whole's year-to-date value at the part's month `as_of`."""
    at_month = whole.get(as_of)
    if at_month is None:
        reached = max((m for m in whole if m < as_of), default=None)
        if reached is None:
            note = f"{whole_name}没有{period_label(as_of)}的数据，未计算占比"
        else:
            note = (
                f"{whole_name}数据只到{period_label(reached)}，"
                f"与{period_label(as_of)}不同期，未计算占比"
            )
        return Share(None, None, NOT_SAME_MONTH, note)
    if at_month == 0:
        note = f"{whole_name}{period_label(as_of)}为 0，无法计算占比"
        return Share(None, at_month, NOT_SAME_MONTH, note)
    return Share(formulas.share(part, at_month), at_month)
