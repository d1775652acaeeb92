"""Rows refused with an error, and the months of a series they would have filled.

A row refused for a bad value, unit or indicator name it suggests a correction for still
says whose figure it was: the indicator, the org and the month. The gap checks (checks.py)
then do not report that month missing as well: one bad cell, one error. A refused row that
cannot be placed (its month cell is bad, its indicator unknown) may still be the missing
month: the gap's message names it. Both the careful path and the columnar engine's refused
rows (which it hands to the careful path) are recorded the same way (loaders/rows.py).
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongshu_kpi.core.models import ActualSeries
    from gongshu_kpi.core.problems import Location

_NAMED = 3  # refused rows named in one gap message; more end in 等
# Unplaced rows kept for those messages: a million unreadable rows need not all be compared
# with every gap, and a message names only the first few anyway.
_LOOSE_KEPT = 200
_DIGITS = re.compile(r"[0-9]+")


@dataclass(frozen=True, slots=True)
class RefusedRow:
    """A row refused with an error, and what its cells still say (None: not known)."""

    location: Location
    indicator_id: str | None = None
    org: str | None = None
    year: int | None = None
    first: int | None = None  # the months it would have filled: first..last
    last: int | None = None

    def placed(self) -> bool:
        return None not in (self.indicator_id, self.org, self.year, self.first, self.last)


class Refusals:
    """The refused rows of a load, looked up by series."""

    def __init__(self, rows: Iterable[RefusedRow] = ()) -> None:
        self._placed: dict[tuple[str, str, int], list[tuple[int, int]]] = {}
        loose: set[RefusedRow] = set()
        for row in rows:
            if row.placed():
                key = (row.indicator_id, row.org, row.year)
                self._placed.setdefault(key, []).append((row.first, row.last))  # type: ignore[arg-type]
            else:
                loose.add(row)
        # By place, not by the order they were noted in: the columnar engine hands its
        # refused rows over before the files it leaves to the careful path whole.
        self._loose = heapq.nsmallest(_LOOSE_KEPT, loose, key=_place)

    def spans(self, series: ActualSeries) -> list[tuple[int, int]]:
        """The months (first, last) refused rows of this series would have filled."""
        return self._placed.get((series.indicator_id, series.org, series.year), [])

    def months(self, series: ActualSeries) -> set[int]:
        return {m for first, last in self.spans(series) for m in range(first, last + 1)}

    def maybe(self, series: ActualSeries, missing: Sequence[int]) -> str:
        """A note naming the refused rows that could not be placed but could be one of the
        `missing` months of this series (nothing they do say contradicts it; a row whose
        indicator is unknown, only in the series' own files), or ""."""
        files = {where.path for where in series.sources.values()}
        found = [
            row.location
            for row in self._loose
            if row.indicator_id in (None, series.indicator_id)
            and row.org in (None, series.org)
            and row.year in (None, series.year)
            and (
                row.first is None
                or row.last is None
                or any(row.first <= m <= row.last for m in missing)
            )
            # a row nothing can be read of is named for the series of its own file only
            and (row.indicator_id is not None or row.location.path in files)
        ]
        if not found:
            return ""
        places = "、".join(str(place) for place in found[:_NAMED])
        more = "等" if len(found) > _NAMED else ""
        return f"（被拒绝的 {places}{more} 可能就是缺少的月份，先改正该行）"


def _place(row: RefusedRow) -> tuple[str, str, int, str]:
    """A refused row's place in reading order: file, sheet, row (C10 after C9)."""
    where = row.location
    number = where.line
    if number is None:
        found = _DIGITS.search(where.cell or "")
        number = int(found.group()) if found else 0
    return where.path, where.sheet or "", number, where.cell or ""
