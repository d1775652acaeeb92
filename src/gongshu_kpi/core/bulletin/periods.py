"""Period words in a sentence (1-6月, 上半年, 前三季度, 二季度, Q2, 当月 …): masked out of the
text so they are not read as figures, and noted with the months they name."""

from __future__ import annotations

import re
from dataclasses import dataclass

_TO = r"\s*[-~—–―〜至]\s*"
# Period words, each optionally after its year (2021年一季度).  "全年" is a period only when it
# is not the start of 全年目标 / 全年任务.  Codes (Q2, H1) stand alone, not inside a word.
_PERIOD_RE = re.compile(
    r"(?:(?P<stated_year>(?:19|20)\d{2})\s*年\s*)?(?:"
    rf"(?<!\d)1{_TO}(?P<month>1[0-2]|[1-9])\s*月份?"
    r"|(?<![\d-])(?P<january>1)月(?!\d)"  # kpi's own label for January alone
    r"|截至\s*(?P<month_end>1[0-2]|[1-9])\s*月(?:底|末)"
    r"|前\s*(?P<first_months>1[0-2]|[1-9])\s*个?月"
    r"|(?P<half>上半年|(?<![A-Za-z])H1(?![\dA-Za-z]))"
    r"|(?P<second_half>下半年|(?<![A-Za-z])H2(?![\dA-Za-z]))"
    rf"|(?P<three_quarters>前三季度|(?<![A-Za-z])Q1{_TO}Q3(?!\d)|1{_TO}3\s*季度)"
    rf"|(?P<two_quarters>前[两二2]个?季度|(?<![A-Za-z])Q1{_TO}Q2(?!\d)|1{_TO}2\s*季度)"
    r"|(?P<quarter>第?[一1]\s*季度|(?<![A-Za-z])Q1(?![\dA-Za-z]))"
    # 二季度 / Q2: that quarter's own amount (4-6月), not the year to date.
    r"|第?(?P<own_quarter>[二三四2-4])\s*季度"
    r"|(?<![A-Za-z])Q(?P<own_quarter_code>[2-4])(?![\dA-Za-z])"
    r"|(?P<year>全年)(?!目标|任务|计划|增长目标|增速目标)"
    r"|(?P<own_current>当月|本月)"
    # 3月完成7.9亿元: the month's own amount; 3月20日 is a date, 1月 alone is kpi's label.
    r"|(?<![\d\-~—–―〜至])(?P<own>1[0-2]|[2-9])\s*月份?(?![\d底末])"
    r")"
)
_PERIOD_WORD_MONTHS = {
    "half": 6,
    "three_quarters": 9,
    "two_quarters": 6,
    "quarter": 3,
    "year": 12,
    "january": 1,
}
_QUARTER_NUMBER = {"二": 2, "三": 3, "四": 4, "2": 2, "3": 3, "4": 4}
_OWN_MONTH_WORDS = frozenset({"own", "own_current"})


@dataclass(frozen=True)
class _Period:
    """A period word: where it stood, its last month N (None for 当月), whether it names an
    own amount (3月, 当月, 二季度, 下半年) rather than the year to date (1-3月, 上半年), the
    first month of an own amount over several months (4 for 二季度), and the year written
    before it (2021年一季度)."""

    pos: int
    month: int | None
    own: bool = False
    first: int | None = None
    year: int | None = None


def _period_of(pos: int, found: dict[str, str], year: int | None) -> _Period:
    name, value = next(iter(found.items()))
    if name in ("own_quarter", "own_quarter_code"):
        last = 3 * _QUARTER_NUMBER[value]
        return _Period(pos, last, own=True, first=last - 2, year=year)
    if name == "second_half":
        return _Period(pos, 12, own=True, first=7, year=year)
    month = _PERIOD_WORD_MONTHS.get(name) or (None if name == "own_current" else int(value))
    own = name in _OWN_MONTH_WORDS
    return _Period(pos, month, own, month if own else None, year)


def _mask_periods(parse: str) -> tuple[str, list[_Period]]:
    """Blank out period words (so 1-6月 is not read as a figure) and note where they were."""
    periods: list[_Period] = []

    def blank(m: re.Match[str]) -> str:
        found = {name: value for name, value in m.groupdict().items() if value}
        stated = found.pop("stated_year", None)
        periods.append(_period_of(m.start(), found, None if stated is None else int(stated)))
        return " " * len(m.group())

    return _PERIOD_RE.sub(blank, parse), periods
