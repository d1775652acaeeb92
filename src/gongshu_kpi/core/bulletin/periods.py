"""Period words in a sentence (1-6月, 上半年, 前三季度, 当月 …): masked out of the text so
they are not read as figures, and noted with the month N they name."""

from __future__ import annotations

import re
from dataclasses import dataclass

# Period words.  "全年" is a period only when it is not the start of 全年目标 / 全年任务.
_PERIOD_RE = re.compile(
    r"(?<!\d)1\s*[-~—–―〜至]\s*(?P<month>1[0-2]|[1-9])\s*月份?"
    r"|(?<![\d-])(?P<january>1)月(?!\d)"  # kpi's own label for January alone
    r"|截至\s*(?P<month_end>1[0-2]|[1-9])\s*月(?:底|末)"
    r"|前\s*(?P<first_months>1[0-2]|[1-9])\s*个?月"
    r"|(?P<half>上半年)|(?P<three_quarters>前三季度)|(?P<quarter>第?一季度|1季度)"
    r"|(?P<year>全年)(?!目标|任务|计划|增长目标|增速目标)"
    r"|(?P<own_current>当月|本月)"
    # 3月完成7.9亿元: the month's own amount; 3月20日 is a date, 1月 alone is kpi's label.
    r"|(?<![\d\-~—–―〜至])(?P<own>1[0-2]|[2-9])\s*月份?(?![\d底末])"
)
_PERIOD_WORD_MONTHS = {"half": 6, "three_quarters": 9, "quarter": 3, "year": 12, "january": 1}
_OWN_MONTH_WORDS = frozenset({"own", "own_current"})


@dataclass(frozen=True)
class _Period:
    """A period word: where it stood, its month N (None for 当月), and whether it names the
    month's own amount (3月, 当月) rather than the year to date (1-3月)."""

    pos: int
    month: int | None
    own: bool = False


def _mask_periods(parse: str) -> tuple[str, list[_Period]]:
    """Blank out period words (so 1-6月 is not read as a figure) and note where they were."""
    periods: list[_Period] = []

    def blank(m: re.Match[str]) -> str:
        found = {name: value for name, value in m.groupdict().items() if value}
        name, value = next(iter(found.items()))
        month = _PERIOD_WORD_MONTHS.get(name) or (None if name == "own_current" else int(value))
        periods.append(_Period(m.start(), month, name in _OWN_MONTH_WORDS))
        return " " * len(m.group())

    return _PERIOD_RE.sub(blank, parse), periods
