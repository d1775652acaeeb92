"""Figure expressions (step 3): each clause is searched for the next figure expression of
any kind, in reading order, and read into a ``_Figure`` of that kind."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from gongshu_kpi.core.bulletin.claims import SIDE_WORDS, Quantity
from gongshu_kpi.core.bulletin.kinds import NEED_MONTHS, FigureKind
from gongshu_kpi.core.bulletin.patterns import (
    _ACTUAL_BARE_RE,
    _ACTUAL_NOUN_RE,
    _ACTUAL_VERB_RE,
    _CAP_RE,
    _CAP_SHARE_RE,
    _CAP_USED_RE,
    _CHAIN_RE,
    _CJK_RE,
    _CLAUSE_CUT_RE,
    _FIGURE_WITHOUT_DIGIT_RE,
    _GAP_RE,
    _GROUPED_NUM_RE,
    _GROWTH_FLAT_RE,
    _GROWTH_GAP_RE,
    _GROWTH_RE,
    _GROWTH_SHORT_RE,
    _GROWTH_TARGET_RE,
    _GROWTH_TIMES_RE,
    _GROWTH_WORD_RE,
    _MONTHLY_NEED_RE,
    _NOT_COMPUTED_RE,
    _ORIGINAL_TARGET_RE,
    _PACE_RE,
    _PCT_RE,
    _PROJECTION_RE,
    _RANK_RE,
    _RATE_OF_TARGET_RE,
    _RATE_RE,
    _SHARE_RATIO_RE,
    _SHARE_RE,
    _TARGET_LEAD_RE,
    _TARGET_RE,
    _TWO_YEAR_RE,
    _YTD_CHAIN_RE,
    with_units,
)

# The kinds this module tags figures with, bound once: an Enum member's attribute access
# costs ~0.3 µs on Python 3.11, and this runs for every figure read.
_K_ACTUAL = FigureKind.ACTUAL
_K_CAP_USED = FigureKind.CAP_USED
_K_GROWTH = FigureKind.GROWTH
_K_GROWTH_GAP = FigureKind.GROWTH_GAP
_K_GROWTH_TARGET = FigureKind.GROWTH_TARGET
_K_GROWTH_TIMES = FigureKind.GROWTH_TIMES
_K_NOT_COMPUTED = FigureKind.NOT_COMPUTED
_K_PACE = FigureKind.PACE
_K_PACE_STATUS = FigureKind.PACE_STATUS
_K_PROJECTION = FigureKind.PROJECTION
_K_RANK = FigureKind.RANK
_K_RATE = FigureKind.RATE
_K_SHARE = FigureKind.SHARE
_K_TARGET = FigureKind.TARGET


# --------------------------------------------------------------------------- step 3: figures


@dataclass(frozen=True)
class _Value:
    amount: Decimal | Quantity
    pos: int  # offset of the number in the sentence


@dataclass(frozen=True)
class _Figure:
    """One figure expression found in a clause, before it is given to an indicator."""

    kind: str  # a FigureKind; rank:<place> once the builder has read where a rank is from
    start: int
    end: int
    values: tuple[_Value, ...]
    subject_text: str = ""  # words between a verb and its number: 实现「主营业务收入」419.72亿元
    confirms: bool = True  # False for a bare "name + number", which needs another figure
    must_report: bool = False  # a 目标/完成 amount that may not go unreported
    share_of: str = ""
    then: tuple[_Figure, ...] = ()  # figures stated in the same expression, placed after it


def _quantity(m: re.Match[str]) -> _Value:
    value = Decimal(m.group("num").replace(",", ""))
    return _Value(Quantity(value, m.group("unit") or ""), m.start("num"))


def _percentages(m: re.Match[str], sign: int = 1) -> tuple[_Value, ...]:
    values = []
    for p in _PCT_RE.finditer(m.string, m.start("values"), m.end("values")):
        value = Decimal(p.group("num").replace(",", ""))
        if p.group("sign"):
            value = -value
        values.append(_Value(-value if sign < 0 else value, p.start("num")))
    return tuple(values)


def _read_target(m: re.Match[str]) -> _Figure:
    return _Figure(_K_TARGET, m.start(), m.end(), (_quantity(m),), must_report=True)


def _read_original_target(m: re.Match[str]) -> _Figure:
    return _Figure(FigureKind.ORIGINAL_TARGET, m.start(), m.end(), (_quantity(m),))


def _read_target_lead(m: re.Match[str]) -> _Figure:
    value = (_quantity(m),)
    return _Figure(_K_TARGET, m.start(), m.end(), value, m.group("subject"), must_report=True)


def _read_actual_verb(m: re.Match[str]) -> _Figure:
    return _Figure(
        _K_ACTUAL,
        m.start(),
        m.end(),
        (_quantity(m),),
        subject_text=m.group("subject"),
        must_report="完成" in m.group("verb"),
    )


def _read_actual_noun(m: re.Match[str]) -> _Figure:
    return _Figure(_K_ACTUAL, m.start(), m.end(), (_quantity(m),), must_report=True)


def _read_actual_bare(m: re.Match[str]) -> _Figure:
    return _Figure(_K_ACTUAL, m.start(), m.end(), (_quantity(m),), confirms=False)


def _read_rate_of_target(m: re.Match[str]) -> _Figure:
    rate = _Figure(_K_RATE, m.start(), m.end(), _percentages(m))
    target = _read_target(m)
    return _Figure(_K_TARGET, m.start(), m.end(), target.values, must_report=True, then=(rate,))


def _read_rate(m: re.Match[str]) -> _Figure:
    return _Figure(_K_RATE, m.start(), m.end(), _percentages(m))


def _read_growth(m: re.Match[str]) -> _Figure:
    sign = -1 if m.group("down") else 1
    return _Figure(_K_GROWTH, m.start(), m.end(), _percentages(m, sign))


def _read_growth_times(m: re.Match[str]) -> _Figure:
    # 增长1.2倍 is kept as written: it is compared at its own places (1.2 for 2.205 - 1).
    value = Decimal(m.group("num").replace(",", ""))
    return _Figure(_K_GROWTH_TIMES, m.start(), m.end(), (_Value(value, m.start("num")),))


def _read_growth_flat(m: re.Match[str]) -> _Figure:
    # 持平 states growth 0; the figure's position is that of the word 持平 itself.
    return _Figure(_K_GROWTH, m.start(), m.end(), (_Value(Decimal(0), m.end() - 2),))


def _read_growth_target(m: re.Match[str]) -> _Figure:
    return _Figure(_K_GROWTH_TARGET, m.start(), m.end(), _percentages(m))


def _points(m: re.Match[str]) -> _Value:
    """X个百分点 signed by the word before it (高于/超 +, 低于/落后 −); the pattern's branch
    without 持平 always has the number."""
    value = Decimal(m.group("num").replace(",", ""))
    return _Value(-value if m.group("down") else value, m.start("num"))


def _pace_points(m: re.Match[str], status: int) -> _Value | None:
    if m.group("num") is None:
        return None
    value = Decimal(m.group("num").replace(",", ""))
    return _Value(-value if status < 0 else value, m.start("num"))


def _read_pace(m: re.Match[str]) -> _Figure:
    """超/落后 (a status) read as ±1, 高于/低于 (a side of time progress) as ±SIDE_WORDS;
    the points are signed by the word (落后/低于 negative)."""
    if m.group("above") or m.group("below"):
        status = SIDE_WORDS if m.group("above") else -SIDE_WORDS
    else:
        status = 1 if m.group("up") else -1 if m.group("down") else 0
    status_value = (_Value(Decimal(status), m.start()),)
    points = _pace_points(m, status) if status else None
    if points is None:
        return _Figure(_K_PACE_STATUS, m.start(), m.end(), status_value)
    then = (_Figure(_K_PACE_STATUS, m.start(), m.end(), status_value),)
    return _Figure(_K_PACE, m.start(), m.end(), (points,), then=then)


_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}


def _rank_number(text: str) -> int:
    """4, 四, 十二, 二十四 -> int (ranks below 100)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return _CHINESE_DIGITS.get(tens, 1) * 10 + _CHINESE_DIGITS.get(ones, 0)
    return _CHINESE_DIGITS[text]


def _read_rank(m: re.Match[str]) -> _Figure:
    # The place (全市) is read by the builder from the words before the figure.
    value = _Value(Decimal(_rank_number(m.group("rank"))), m.start("rank"))
    return _Figure(_K_RANK, m.start(), m.end(), (value,))


def _read_cap_share(m: re.Match[str]) -> _Figure:
    return _Figure(_K_CAP_USED, m.start(), m.end(), _percentages(m))


def _read_projection(m: re.Match[str]) -> _Figure:
    return _Figure(_K_PROJECTION, m.start(), m.end(), (_quantity(m),))


def _read_gap(m: re.Match[str]) -> _Figure:
    return _Figure(FigureKind.GAP, m.start(), m.end(), (_quantity(m),))


def _read_monthly_need(m: re.Match[str]) -> _Figure:
    """后2个季度季均需完成29.98亿元: the need, and the months it is averaged over as written
    (so a message says 季均需完成, not 月均)."""
    months = 3 if m.group("quarter") else 6 if m.group("half") else 1
    per = _Figure(NEED_MONTHS, m.start(), m.end(), (_Value(Decimal(months), m.start()),))
    return _Figure(FigureKind.MONTHLY_NEED, m.start(), m.end(), (_quantity(m),), then=(per,))


def _read_two_year(m: re.Match[str]) -> _Figure:
    sign = -1 if m.group("down") else 1
    return _Figure(FigureKind.TWO_YEAR, m.start(), m.end(), _percentages(m, sign))


def _read_chain(m: re.Match[str]) -> _Figure:
    sign = -1 if m.group("down") else 1
    return _Figure(FigureKind.CHAIN, m.start(), m.end(), _percentages(m, sign))


def _read_ytd_chain(m: re.Match[str]) -> _Figure:
    sign = -1 if m.group("down") else 1
    return _Figure(FigureKind.YTD_CHAIN, m.start(), m.end(), _percentages(m, sign))


def _read_growth_gap(m: re.Match[str]) -> _Figure:
    if m.group("flat"):
        return _Figure(_K_GROWTH_GAP, m.start(), m.end(), (_Value(Decimal(0), m.start()),))
    return _Figure(_K_GROWTH_GAP, m.start(), m.end(), (_points(m),))


def _read_not_computed(m: re.Match[str]) -> _Figure:
    # The 增速比一季度… form is named by its own words, read back from the unmasked text.
    return _Figure(_K_NOT_COMPUTED, m.start(), m.end(), (), share_of=m.group("what") or "")


def _read_share(m: re.Match[str]) -> _Figure:
    whole = m.groupdict().get("whole") or ""
    return _Figure(
        _K_SHARE,
        m.start(),
        m.end(),
        _percentages(m),
        share_of=re.sub(r"\s+", "", whole),
    )


# Tried at every position; the earliest match wins, ties go to the earlier reader here
# (so "完成率52%" is a rate, not 完成 + "率").
_READERS = (
    (_TWO_YEAR_RE, _read_two_year),
    (_YTD_CHAIN_RE, _read_ytd_chain),
    (_CHAIN_RE, _read_chain),
    (_NOT_COMPUTED_RE, _read_not_computed),
    (_GAP_RE, _read_gap),
    (_MONTHLY_NEED_RE, _read_monthly_need),
    (_GROWTH_TARGET_RE, _read_growth_target),
    (_ORIGINAL_TARGET_RE, _read_original_target),
    (_RATE_OF_TARGET_RE, _read_rate_of_target),
    (_RATE_RE, _read_rate),
    (_GROWTH_RE, _read_growth),
    (_GROWTH_SHORT_RE, _read_growth),
    (_GROWTH_WORD_RE, _read_growth),
    (_GROWTH_TIMES_RE, _read_growth_times),
    (_GROWTH_FLAT_RE, _read_growth_flat),
    (_GROWTH_GAP_RE, _read_growth_gap),
    (_RANK_RE, _read_rank),
    (_CAP_RE, _read_target),
    (_CAP_USED_RE, _read_actual_noun),
    (_CAP_SHARE_RE, _read_cap_share),
    (_PROJECTION_RE, _read_projection),
    (_PACE_RE, _read_pace),
    (_SHARE_RATIO_RE, _read_share),
    (_SHARE_RE, _read_share),
    (_TARGET_RE, _read_target),
    (_TARGET_LEAD_RE, _read_target_lead),
    (_ACTUAL_VERB_RE, _read_actual_verb),
    (_ACTUAL_NOUN_RE, _read_actual_noun),
    (_ACTUAL_BARE_RE, _read_actual_bare),
)


_Readers = tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], _Figure]], ...]


@lru_cache(maxsize=32)
def readers_for(declared_units: tuple[str, ...]) -> _Readers:
    """_READERS, reading a project's declared units (Names.units) as units too."""
    return tuple((with_units(pattern, declared_units), read) for pattern, read in _READERS)


class _FigureFinder:
    """The next figure expression in a clause, each reader searched again only when its last
    match lies behind the reading position: a reader that found nothing finds nothing later,
    so a long clause costs each reader one pass, not one per figure."""

    def __init__(self, work: str, end: int, readers: _Readers = _READERS) -> None:
        self.work = work
        self.end = end
        self.readers = readers
        self.found: list[re.Match[str] | None] = []

    def _may_hold_a_figure(self, pos: int) -> bool:
        # Every reader needs a Chinese word or unit: "1 1 1 …" or "111,111" holds no figure.
        text = self.work[pos : self.end]
        if not _CJK_RE.search(text):
            return False
        return any(ch.isdigit() for ch in text) or bool(_FIGURE_WITHOUT_DIGIT_RE.search(text))

    def next(self, pos: int) -> _Figure | None:
        if not self.found and not self._may_hold_a_figure(pos):
            return None
        readers = self.readers
        if not self.found:
            self.found = [p.search(self.work, pos, self.end) for p, _ in readers]
        best: tuple[int, int, re.Match[str]] | None = None
        for rank, (pattern, _) in enumerate(readers):
            m = self.found[rank]
            if m is not None and m.start() < pos:
                m = self.found[rank] = pattern.search(self.work, pos, self.end)
            if m and (best is None or m.start() < best[0]):
                best = (m.start(), rank, m)
        if best is None:
            return None
        _, rank, m = best
        return readers[rank][1](m)


def _clauses(work: str) -> list[tuple[int, int]]:
    """Clauses split at "," and ";", not cutting inside a thousands-separated number."""
    grouped = {
        m.start() + k
        for m in _GROUPED_NUM_RE.finditer(work)
        for k, ch in enumerate(m.group())
        if ch == ","
    }
    bounds, start = [], 0
    for m in _CLAUSE_CUT_RE.finditer(work):
        if m.start() not in grouped:
            bounds.append((start, m.start()))
            start = m.start() + 1
    bounds.append((start, len(work)))
    return bounds
