"""Periods of a month, a quarter or a half-year: parsing (`2021-Q2`, 2021年一季度) and labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from gongshu_kpi.core.periods import MONTHS_IN_YEAR
from gongshu_kpi.core.periods import parse_period as parse_month_window


class Frequency(StrEnum):
    """How often an indicator is reported: its data cells are months, quarters or halves."""

    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    HALF_YEARLY = "half-yearly"

    @property
    def months(self) -> int:
        """Months in one period of this frequency."""
        return _MONTHS_BY_FREQUENCY[self]

    @property
    def per_year(self) -> int:
        return 12 // self.months


_MONTHS_BY_FREQUENCY = {
    Frequency.MONTHLY: 1,
    Frequency.QUARTERLY: 3,
    Frequency.HALF_YEARLY: 6,
}


class LabelStyle(StrEnum):
    """How periods are named in output: by their months (1-6月) or by name (上半年)."""

    MONTHS = "months"
    NAMES = "names"


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """Months first..last of one year: a month, a quarter, a half-year, a year-to-date window
    (1-N月) or a combined release (1-2月)."""

    year: int
    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= MONTHS_IN_YEAR:
            raise ValueError(
                f"期间 {self.year}年{self.first}-{self.last}月无效：月份应在 1 到 12 之间且起止有序"
            )

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        return cls(year, month, month)

    @classmethod
    def of(cls, year: int, frequency: Frequency, number: int) -> Period:
        """The number-th month, quarter or half-year of a year (Q2 → 4-6月)."""
        if not 1 <= number <= frequency.per_year:
            raise ValueError(f"{year}年没有第 {number} 个{_UNIT_NAME[frequency]}")
        last = number * frequency.months
        return cls(year, last - frequency.months + 1, last)

    @property
    def months(self) -> int:
        return self.last - self.first + 1

    @property
    def frequency(self) -> Frequency | None:
        """The frequency of which this period is exactly one period (4-6月: quarterly);
        None for other windows (1-9月, a combined 1-2月 release, the whole year)."""
        for frequency in Frequency:
            if self.months == frequency.months and self.last % frequency.months == 0:
                return frequency
        return None

    @property
    def number(self) -> int:
        """Which period of its frequency this is (4-6月 → 2), 0 for other windows."""
        frequency = self.frequency
        return 0 if frequency is None else self.last // frequency.months

    @property
    def year_to_date(self) -> Period:
        """The window 1-N月 ending where this period ends."""
        return Period(self.year, 1, self.last)

    def before(self) -> Period:
        """The period of the same length just before this one (Q1 → last year's Q4)."""
        if self.first > self.months:
            return Period(self.year, self.first - self.months, self.first - 1)
        if self.first == 1:
            return Period(self.year - 1, 13 - self.months, 12)
        raise ValueError(f"{label(self)}之前没有同样长度的期间（会跨年）")

    def last_year(self) -> Period:
        """The same months a year earlier (同期)."""
        return Period(self.year - 1, self.first, self.last)

    def contains(self, other: Period) -> bool:
        return self.year == other.year and self.first <= other.first and other.last <= self.last

    def __str__(self) -> str:
        return f"{self.year}年{label(self)}"


_UNIT_NAME = {Frequency.MONTHLY: "月", Frequency.QUARTERLY: "季度", Frequency.HALF_YEARLY: "半年"}
_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_QUARTER_NAMES = ("一季度", "二季度", "三季度", "四季度")

# 2021-Q2, 2021Q2, 2021 q2, 2021-H1 (the --period forms, also seen in data cells).
_CODE_RE = re.compile(r"^\s*(\d{4})\s*[-/.]?\s*([QqHh])\s*(\d{1,2})\s*$")
# 2021年一季度, 2021年第二季度, 2021年2季度, 2021年上半年, 2021年前三季度, 2021年全年.
_WORDS_RE = re.compile(
    r"^\s*(\d{4})\s*年?\s*(?:第?([一二三四1-4])\s*季度?|([上下])半年|(前三季度)|(全年))\s*$"
)
_CODES = {
    Frequency.QUARTERLY: "季度应写作 Q1 到 Q4（如 2021-Q2）",
    Frequency.HALF_YEARLY: "半年只有 H1（上半年）和 H2（下半年）",
}
_FORMS = "2021-06、2021-Q2、2021-H1、2021年一季度、2021年上半年 或 2021年1-6月"


def parse_period(text: str) -> Period:
    """A period from a `--period` value or a data cell: 2021-Q2, 2021-H1, 2021-06, 2021Q1,
    2021年一季度, 2021年二季度, 2021年上半年, 2021年前三季度, 2021年1-3月, 2021年6月."""
    code = _CODE_RE.match(text)
    if code is not None:
        year, letter, number = int(code.group(1)), code.group(2).upper(), int(code.group(3))
        frequency = Frequency.QUARTERLY if letter == "Q" else Frequency.HALF_YEARLY
        if not 1 <= number <= frequency.per_year:
            raise ValueError(f"无法识别的期间“{text}”：{_CODES[frequency]}")
        return Period.of(year, frequency, number)
    words = _WORDS_RE.match(text)
    if words is not None:
        return _from_words(int(words.group(1)), words)
    try:
        year, first, last = parse_month_window(text)
    except ValueError:
        raise ValueError(f"无法识别的期间“{text}”，应写作 {_FORMS}") from None
    return Period(year, first, last)


def _from_words(year: int, words: re.Match[str]) -> Period:
    quarter, half, three = words.group(2, 3, 4)
    if quarter is not None:
        return Period.of(year, Frequency.QUARTERLY, _DIGITS[quarter])
    if half is not None:
        return Period.of(year, Frequency.HALF_YEARLY, 1 if half == "上" else 2)
    return Period(year, 1, 9 if three is not None else 12)  # 前三季度 or 全年


def label(period: Period, style: LabelStyle = LabelStyle.MONTHS) -> str:
    """The bulletin's name for a period, without the year: 1-6月 or 上半年, 1-9月 or 前三季度,
    4-6月 or 二季度, 6月. A window with no name of its own (1-5月) keeps its months."""
    if style is LabelStyle.NAMES:
        name = _name(period)
        if name is not None:
            return name
    if period.first == period.last:
        return f"{period.last}月"
    return f"{period.first}-{period.last}月"


def _name(period: Period) -> str | None:
    if period.first == 1 and period.last in _YTD_NAMES:
        return _YTD_NAMES[period.last]
    if period.frequency is Frequency.QUARTERLY:
        return _QUARTER_NAMES[period.number - 1]
    if period.frequency is Frequency.HALF_YEARLY:
        return "下半年"  # the first half starts in January: named above
    return None


# Windows from January with a name: 一季度 is also 1-3月 year-to-date, the same months.
_YTD_NAMES = {3: "一季度", 6: "上半年", 9: "前三季度", 12: "全年"}


_MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_YTD_NAMES_EN = {3: "Q1", 6: "H1", 9: "Q1-Q3", 12: "Full year"}


def label_en(period: Period, style: LabelStyle = LabelStyle.MONTHS) -> str:
    """The English label, in the style of the render layer's month labels: Jan-Jun or H1,
    Apr-Jun or Q2, Jun."""
    if style is LabelStyle.NAMES:
        if period.first == 1 and period.last in _YTD_NAMES_EN:
            return _YTD_NAMES_EN[period.last]
        if period.frequency is Frequency.QUARTERLY:
            return f"Q{period.number}"
        if period.frequency is Frequency.HALF_YEARLY:
            return "H2"
    first, last = _MONTH_ABBR[period.first - 1], _MONTH_ABBR[period.last - 1]
    return last if period.first == period.last else f"{first}-{last}"
