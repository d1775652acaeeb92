"""What the extractor returns: the figures one sentence states for one indicator
(``Claim``), stated amounts (``Quantity``), the names the data knows (``Names``) and the
sentences it could not read (``Unmatched``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin.kinds import NEED_MONTHS, RANK_PREFIX

if TYPE_CHECKING:
    from collections.abc import Mapping

    from gongshu_kpi.core.bulletin.document import _Sentence
    from gongshu_kpi.core.bulletin.periods import _Period

# A pace word read as ±SIDE_WORDS says a side of time progress (高于/低于), ±1 a status.
SIDE_WORDS = 2

# A Chinese word is at least two characters (税收, 营收, 新招): one alone names nothing.
SHORTEST_WORD = 2

# --------------------------------------------------------------------------- public types


@dataclass(frozen=True)
class Quantity:
    """A stated amount: the number exactly as written and the unit text right after it."""

    value: Decimal  # "25.80" -> Decimal("25.80"): the exponent is kept
    unit: str  # "亿元", "家", "万美元" …; "" when no unit is written


@dataclass(frozen=True)
class Claim:
    """The figures one sentence states for one indicator."""

    line: int  # 1-based line where the sentence starts
    text: str  # the sentence, whitespace collapsed, Markdown markers removed
    subject: str  # the indicator name as written, e.g. "主营业务收入"
    target: Quantity | None  # stated annual target
    period_end: int | None  # N of 1-N月; 上半年 6, 前三季度 9, 一季度 3, 全年 12
    actual: Quantity | None  # stated year-to-date actual
    rate: Decimal | None  # completion rate in percent, as written
    growth: Decimal | None  # year-on-year growth in percent; 下降 negative, 持平 0
    share: Decimal | None  # share (占…%) in percent
    rate_line: int | None  # line of the rate figure (else the growth, else the share figure)
    scope: str = ""  # who the figure is for when the sentence says so: "4个省级特色小镇"
    share_of: str = ""  # the whole a share is of: "全区十大产业平台"
    target_line: int | None = None  # line of the target figure
    actual_line: int | None = None  # line of the actual figure
    growth_target: Decimal | None = None  # 年度目标增长8%: a growth-rate target, in percent
    growth_times: Decimal | None = None  # 增长1.2倍, as written (compared at its own places)
    pace: Decimal | None = None  # 超/落后序时进度X个百分点, signed by its word (落后/低于 negative)
    pace_status: int | None = None  # 超序时 1, 达序时 0, 落后序时 -1 (stated with or without X)
    # The pace words say the side of time progress (高于/低于), not the status (超/落后):
    # under a cap the two differ, using more of it than time progress being 落后.
    pace_side_words: bool = False
    # The pace is a table's 差值 cell: a signed figure (rate − time progress, +3.86 / -1.50),
    # compared signed even beside a status cell, not a size signed by a pace word.
    pace_signed: bool = False
    growth_gap: Decimal | None = None  # 高于/低于目标增速X个百分点, signed
    own_month: bool = False  # the actual is the month's own amount (3月完成…, 当月…)
    # An own amount over several months: its first month (4 for 二季度, 7 for 下半年).
    own_first: int | None = None
    period_year: int | None = None  # the year written with the period (2021年一季度)
    not_computed: tuple[str, ...] = ()  # figure kinds kpi does not compute (两年平均, 环比)
    ranks: tuple[tuple[str, int], ...] = ()  # (where, rank): 全市排名第四 -> ("全市", 4)
    projection: Quantity | None = None  # 预计全年839.44亿元
    cap_used: Decimal | None = None  # 占控制额度的Z%: a cap's share used (lower is better)
    gap: Quantity | None = None  # 距年度目标还差X
    monthly_need: Quantity | None = None  # 后N个月月均需完成Y
    need_months: int | None = None  # what the need is averaged over as written: 季均 3
    two_year: Decimal | None = None  # 两年平均增长Z%, signed (下降 negative)
    chain: Decimal | None = None  # 环比增长W%, signed
    # Read from kpi's own report tables only: 序时进度, 累计环比, and a growth target's status
    # (高于目标 1, 达到目标 0, 低于目标 -1).
    time_progress: Decimal | None = None
    ytd_chain: Decimal | None = None
    growth_status: int | None = None
    original_target: Quantity | None = None  # （调整后目标，原为500亿元）
    lines: tuple[tuple[str, int], ...] = ()  # (figure kind, line) for every stated figure
    columns: tuple[tuple[str, int], ...] = ()  # (figure kind, 1-based column of its number)

    def line_of(self, kind: str) -> int:
        """The line a figure of this kind was stated on (the sentence's line otherwise)."""
        return dict(self.lines).get(kind, self.line)

    def column_of(self, kind: str) -> int | None:
        return dict(self.columns).get(kind)


@dataclass(frozen=True)
class Names:
    """The names the data knows: a bulletin's words are split into org and indicator by
    these exact names, never by what a word ends with."""

    orgs: frozenset[str] = frozenset()  # orgs.yaml names, groups and root; 填报单位 values
    indicators: frozenset[str] = frozenset()  # indicator names, ids and aliases
    rank_scopes: frozenset[str] = frozenset()  # where ranks.yaml's ranks are from: 全市, 同城组
    units: tuple[str, ...] = ()  # units targets.yaml declares (车次), read like built-in ones
    english_units: tuple[str, ...] = ()  # their English words, each magnitude (vehicle trips)


NO_NAMES = Names()  # the default: no org or indicator names known


@dataclass(frozen=True)
class Unmatched:
    """A sentence stating a percentage or a 目标/完成 figure that could not be read."""

    line: int
    text: str
    reason: str = ""  # which figure was left over, in the bulletin's language
    not_computed: str = ""  # a figure kind kpi does not compute (两年平均, 环比): a note
    column: str = ""  # a table cell the check cannot read or verify: "指标：列名", a note
    english_table: bool = False  # kpi's English table (--lang en): not read, one note


@dataclass(frozen=True)
class _Found:
    """What was found for one indicator, before it is frozen as a ``Claim``: `amounts`,
    `lines` and `columns` are keyed by figure kind."""

    subject: str
    amounts: dict[str, Decimal | Quantity]
    lines: dict[str, int]
    period: _Period | None
    scope: str = ""
    share_of: str = ""
    columns: dict[str, int] = field(default_factory=dict)


def _make_claim(sentence: _Sentence, found: _Found) -> Claim:
    """Freeze what was found for one indicator."""
    amounts, lines, period = found.amounts, found.lines, found.period

    def quantity(kind: str) -> Quantity | None:
        amount = amounts.get(kind)
        assert amount is None or isinstance(amount, Quantity)
        return amount

    def percent(kind: str) -> Decimal | None:
        amount = amounts.get(kind)
        assert amount is None or isinstance(amount, Decimal)
        return amount

    status, growth_status = percent("pace_status"), percent("growth_status")
    return Claim(
        line=sentence.line,
        text=sentence.text,
        subject=found.subject,
        target=quantity("target"),
        period_end=None if period is None else period.month,
        actual=quantity("actual"),
        rate=percent("rate"),
        growth=percent("growth"),
        share=percent("share"),
        rate_line=next(
            (lines[k] for k in ("rate", "growth", "growth_times", "share") if k in lines), None
        ),
        scope=found.scope,
        share_of=found.share_of,
        target_line=lines.get("target"),
        actual_line=lines.get("actual"),
        growth_target=percent("growth_target"),
        growth_times=percent("growth_times"),
        pace=percent("pace"),
        pace_status=None if status is None else _sign(int(status)),
        pace_side_words=status is not None and abs(status) == SIDE_WORDS,
        growth_gap=percent("growth_gap"),
        own_month=_is_own(period, amounts),
        own_first=None if period is None or not _is_own(period, amounts) else period.first,
        period_year=None if period is None else period.year,
        ranks=_ranks(amounts),
        projection=quantity("projection"),
        cap_used=percent("cap_used"),
        gap=quantity("gap"),
        monthly_need=quantity("monthly_need"),
        need_months=None if (per := percent(NEED_MONTHS)) is None else int(per),
        two_year=percent("two_year"),
        chain=percent("chain"),
        time_progress=percent("time_progress"),
        ytd_chain=percent("ytd_chain"),
        growth_status=_sign(int(growth_status)) if growth_status is not None else None,
        original_target=quantity("original_target"),
        lines=tuple(sorted(lines.items())),
        columns=tuple(sorted(found.columns.items())),
    )


def _ranks(amounts: Mapping[str, Decimal | Quantity]) -> tuple[tuple[str, int], ...]:
    """The ranks stated, by place (全市, or kpi's own computed one)."""
    return tuple(
        (kind.removeprefix(RANK_PREFIX), int(amount))
        for kind, amount in amounts.items()
        if kind.startswith(RANK_PREFIX) and isinstance(amount, Decimal)
    )


def _sign(value: int) -> int:
    return (value > 0) - (value < 0)


def _is_own(period: _Period | None, amounts: dict[str, Decimal | Quantity]) -> bool:
    """Whether the figures are of a period's own amount: an actual stated for 3月 or 当月;
    any figure stated for a quarter or half-year of its own (二季度同比增长 is that
    quarter's growth, not the year to date's)."""
    if period is None or not period.own:
        return False
    several = period.first is not None and period.first != period.month
    return "actual" in amounts or several


# What may be an indicator's name: words, not filler or a period.
_SUBJECT_RE = re.compile(r"^[\u4e00-\u9fffA-Za-z0-9()·+\-]{2,30}$")
_NOT_SUBJECTS = frozenset({"上年同期", "去年同期", "同期", "上年", "去年", "本月", "当月", "累计"})


def _is_subject(words: str) -> bool:
    return (
        bool(_SUBJECT_RE.match(words))
        and len(re.findall(r"[\u4e00-\u9fffA-Za-z]", words)) >= SHORTEST_WORD
        and "等" not in words
        and words not in _NOT_SUBJECTS
    )
