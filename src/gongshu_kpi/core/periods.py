"""Months, year-to-date windows (1-N月) and time progress (序时进度)."""

from __future__ import annotations

import re
from dataclasses import dataclass

MONTHS_IN_YEAR = 12

_MONTH_RE = re.compile(r"^\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?\s*$")
# A date-formatted month column saved to CSV: 2020/6/1 or 2020-06-01 (the 1st only).
_FIRST_OF_MONTH_RE = re.compile(r"^\s*(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?:\s+0?0:00(?::00)?)?\s*$")


@dataclass(frozen=True, slots=True, order=True)
class Month:
    year: int
    month: int

    def __post_init__(self) -> None:
        if not 1 <= self.month <= MONTHS_IN_YEAR:
            raise ValueError(f"月份应在 1 到 12 之间，得到 {self.month}")

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    @classmethod
    def parse(cls, text: str) -> Month:
        """Read 2020-06, 2020-6, 2020/06, 2020.6 or 2020年6月."""
        match = _MONTH_RE.match(text)
        if match is None and (date := _FIRST_OF_MONTH_RE.match(text)) is not None:
            if int(date.group(4)) != 1:
                raise ValueError(
                    f"月份“{text}”是一个日期（{date.group(4)}日），不是月份；应写作 YYYY-MM"
                )
            return cls(int(date.group(1)), int(date.group(3)))
        if match is None:
            raise ValueError(f"无法识别的月份“{text}”，应写作 YYYY-MM（如 2020-06）")
        return cls(int(match.group(1)), int(match.group(2)))


_RANGE_RE = re.compile(
    r"^\s*(\d{4})\s*(?:年\s*(\d{1,2})\s*[-~～至—–]\s*(\d{1,2})\s*月"
    r"|[-/.]\s*(\d{1,2})\s*[~～至]\s*(\d{1,2})\s*月?)\s*$"
)


def parse_period(text: str) -> tuple[int, int, int]:
    """(year, first month, last month) of 2020-06, 2020年6月, or a window 2020年1-2月 /
    2020-01~02. A window that starts in January is a year-to-date label or, for monthly
    amounts, a combined release (January and February are often published together)."""
    match = _RANGE_RE.match(text)
    if match is None:
        month = Month.parse(text)
        return month.year, month.month, month.month
    year = int(match.group(1))
    first = int(match.group(2) or match.group(4))
    last = int(match.group(3) or match.group(5))
    if not 1 <= first <= last <= MONTHS_IN_YEAR:
        raise ValueError(f"无法识别的期间“{text}”，月份应在 1 到 12 之间且起止有序")
    return year, first, last


def period_label(month: int) -> str:
    """The bulletin's name for a year-to-date window: 1月, 1-6月."""
    return "1月" if month == 1 else f"1-{month}月"
