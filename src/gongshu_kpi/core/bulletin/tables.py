"""Markdown tables: a header with an 指标 column gives one claim per row, its columns
recognised by their headers; other tables are read row by row like sentences."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from gongshu_kpi.core.bulletin.assign import _context_of, _read_sentence
from gongshu_kpi.core.bulletin.claims import (
    Claim,
    Names,
    Quantity,
    Unmatched,
    _Found,
    _is_subject,
    _make_claim,
)
from gongshu_kpi.core.bulletin.document import (
    _TABLE_RULE_RE,
    _Char,
    _finish_sentence,
    _plain,
    _Sentence,
    _Table,
    _visible,
)
from gongshu_kpi.core.bulletin.kinds import COMPUTED_RANK, NEED_MONTHS, RANK_PREFIX, TIED_RANK
from gongshu_kpi.core.bulletin.patterns import _NUM, _QTY_OPT_UNIT, _UNIT, with_units
from gongshu_kpi.core.bulletin.periods import _PERIOD_RE, _mask_periods, _Period

# --------------------------------------------------------------------------- tables

# What a column holds, judged from its header: every column kpi's report prints (with
# --columns and --projection) has a role; the period figures are tried first (当月同比 is not
# 同比, 月均需完成 not 完成).
_COLUMN_ROLES = (
    ("subject", re.compile(r"^(?:指标|指标名称|名称|项目)$")),
    ("org", re.compile(r"^(?:单位|填报单位|单位名称|Org)$")),
    ("rank", re.compile(r"^(?:排名|名次|Rank)$")),
    ("ytd_chain", re.compile("累计环比")),
    ("chain", re.compile("环比")),
    ("month_growth", re.compile("当月同比")),
    ("two_year", re.compile("两年平均")),
    ("gap", re.compile("还差")),
    ("monthly_need", re.compile("需完成")),
    ("projection", re.compile("预计")),
    ("month_actual", re.compile("当月")),
    ("time_progress", re.compile(r"^(?:序时进度|时间进度)$")),
    ("pace", re.compile(r"^(?:差值|与序时进度之差|进度差)$")),
    ("pace_status", re.compile(r"^(?:状态|进度状态|序时进度判断)$")),
    ("rate", re.compile("完成率")),
    ("target", re.compile("目标|任务")),
    ("period", re.compile(r"^(?:期间|时间|月份|统计期)$")),
    ("actual", re.compile(r"完成|^(?:实际|实绩|累计|累计数)$")),
    ("growth", re.compile("同比|增速|增幅|增长")),
    ("share", re.compile("占比|比重")),
)
# Columns that hold no figure to check: a row's number in the table.
_NO_FIGURE_RE = re.compile(r"^(?:序号|编号|行次|No\.?)$")
_QUANTITY_ROLES = frozenset({"target", "actual", "gap", "monthly_need", "projection"})
_PERCENT_ROLES = frozenset(
    {"rate", "growth", "share", "chain", "two_year", "month_growth", "ytd_chain", "time_progress"}
)
# A month's own figures go on a claim of their own (own_month): its amount, 当月同比, 环比.
_OWN_ROLES = {"month_actual": "actual", "month_growth": "growth", "chain": "chain"}
_GROWTH_TARGET_ROLES = {"target": "growth_target", "actual": "growth"}
_STATUS_WORDS = {"超序时": 1, "达序时": 0, "落后序时": -1}
_GROWTH_STATUS_WORDS = {"高于目标": 1, "达到目标": 0, "低于目标": -1}
_EMPTY_CELLS = frozenset({"", "—", "-", "–", "无数据", "无", "/"})
_CELL_QTY_RE = re.compile(rf"{_QTY_OPT_UNIT}")
_CELL_PCT_RE = re.compile(rf"(?P<sign>[-+]?)(?P<num>{_NUM})%?")
_CELL_POINTS_RE = re.compile(rf"(?P<sign>[-+]?)(?P<num>{_NUM})(?:个百分点|点)")
_CELL_PER_RE = re.compile(r"/(?:月|季|半年)$")  # 平均需完成: 31家/月
_PER_MONTHS = {"月": 1, "季": 3, "半年": 6}  # 31家/季, or the header's 季均需完成


def _need_months(header: str, text: str) -> int | None:
    """The months a 需完成 cell is averaged over: its own /季, else its header's 季均 (None
    for a plain 平均需完成)."""
    per = text.rpartition("/")[2] if _CELL_PER_RE.search(text) else ""
    if per in _PER_MONTHS:
        return _PER_MONTHS[per]
    return 6 if "半年" in header else 3 if "季" in header else 1 if "月" in header else None


_CELL_MONTHS_RE = re.compile(r"^(?:(?P<first>1[0-2]|[1-9])-)?(?P<last>1[0-2]|[1-9])月")
_HEADER_UNIT_RE = re.compile(rf"\((?P<unit>{_UNIT})\)")
_CELL_UNIT_RE = re.compile(rf"(?P<unit>{_UNIT})")  # a 单位 column of units: | 指标 | 单位 | 目标 |
# kpi's 排名 column: an org's place among all the orgs, 并列3 when shared (checks_ranks).
_CELL_RANK_RE = re.compile(r"(?P<tied>并列)?第?(?P<num>\d{1,3})(?:位|名)?")
# kpi's English table (--lang en -f markdown): its header; its cells are not read.
_ENGLISH_HEADER_RE = re.compile(r"^(?:Indicator|KPI)$", re.IGNORECASE)
# A target adjusted during the year, marked after the figure: kpi's 20个* (its footer says the
# original), or 20个（调整后）; the figure is the target in force at the row's month.
_CELL_ADJUSTED_RE = re.compile(r"(?:\\?[*\uff0a]|[（(]调整后(?:目标)?[)）])$")


def _table_cells(row: list[_Char]) -> list[list[_Char]]:
    """Split a row at "|"; the outer pipes give empty first and last pieces."""
    cells: list[list[_Char]] = [[]]
    for c in row:
        if c.norm == "|":
            cells.append([])
        else:
            cells[-1].append(c)
    inner = cells[1:]
    return inner[:-1] if inner and not _visible(inner[-1]) else inner


def _cell_text(cell: list[_Char]) -> str:
    return re.sub(r"\s+", "", _plain(cell))


def _column_role(header: str, units: tuple[str, ...] = ()) -> tuple[str | None, str]:
    """(role, unit written in the header, e.g. 年度目标(亿元)); `units` are declared ones."""
    unit = with_units(_HEADER_UNIT_RE, units).search(header)
    name = re.sub(r"\(.*?\)", "", header)
    role = next((role for role, pattern in _COLUMN_ROLES if pattern.search(name)), None)
    return role, unit.group("unit") if unit else ""


def _read_table(table: _Table, names: Names) -> tuple[list[Claim], list[Unmatched]]:
    """A table whose header names an indicator column gives one claim per row (and one for
    the month's own figures); a cell of a column the check does not know, or one it cannot
    read, is a note naming the column.  Tables without such a header are read row by row
    like sentences."""
    rows = [_table_cells(row) for row in table.rows]
    headers = [_cell_text(cell) for cell in rows[0]]
    roles = [_column_role(header, names.units) for header in headers]
    # A period written in the header (| 1-6月完成 |) is every row's.
    header_periods = _mask_periods("".join(headers))[1]
    header_period = header_periods[0] if header_periods else None
    if any(_ENGLISH_HEADER_RE.match(header) for header in headers):
        row = _finish_sentence(table.rows[0])
        return [], [Unmatched(row.line, row.text, english_table=True)]
    if "subject" not in [role for role, _ in roles]:
        results = [
            _read_sentence(_finish_sentence(row), names) for row in table.rows if _visible(row)
        ]
        return (
            [claim for found, _ in results for claim in found],
            [problem for _, problems in results for problem in problems],
        )
    claims: list[Claim] = []
    unmatched: list[Unmatched] = []
    # A heading naming one org (## 智慧网谷小镇 2020年1-6月…) is the scope of the table
    # under it; a 单位 column names each row's own.
    scope = _context_of(table.context, names)[1]
    columns = _Columns(tuple(headers), tuple(roles), header_period, names.units, scope)
    for raw, cells in zip(table.rows[1:], rows[1:], strict=True):
        texts = [_cell_text(cell) for cell in cells]
        if all(_TABLE_RULE_RE.match(t) or not t for t in texts):
            continue  # the |---|---| line under the header
        row = _finish_sentence(raw)
        found, unread = _read_table_row(row, texts, columns)
        claims += found
        unmatched += unread
        if not found and not unread and any(ch.isdigit() for t in texts for ch in t):
            unmatched.append(Unmatched(row.line, row.text, "表格行未能识别"))
    return claims, unmatched


@dataclass(frozen=True)
class _Columns:
    headers: tuple[str, ...]
    roles: tuple[tuple[str | None, str], ...]  # (role, unit written in the header)
    header_period: _Period | None = None
    units: tuple[str, ...] = ()
    scope: str = ""  # the org a heading above the table names


@dataclass
class _Row:
    """What one row states: the year to date's figures, the month's own, and the columns
    whose cells could not be read."""

    subject: str = ""
    scope: str = ""  # the row's org (单位 column), else the heading's; "" for the whole
    unit: str = ""  # the row's unit, when a 单位 column holds units rather than orgs
    period: _Period | None = None
    amounts: dict[str, Decimal | Quantity] = field(default_factory=dict)
    own: dict[str, Decimal | Quantity] = field(default_factory=dict)
    own_first: int | None = None
    more: list[dict[str, Decimal | Quantity]] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def _read_table_row(
    row: _Sentence, texts: list[str], columns: _Columns
) -> tuple[list[Claim], list[Unmatched]]:
    """The claims of one table row; cells such as "—" or "无数据" simply state nothing.
    A period column wins over one written in a header (1-6月完成)."""
    found = _Row(scope=columns.scope, period=columns.header_period)
    for text, header, (role, unit) in zip(texts, columns.headers, columns.roles, strict=False):
        if role == "subject":
            found.subject = text
        elif role == "org":
            _read_org(found, text, columns.units)
        elif role == "period":
            if _PERIOD_RE.fullmatch(text):
                found.period = _mask_periods(text)[1][0]
        else:
            _read_figure_cell(found, (role, unit or found.unit), header, text, columns.units)
    if not _is_subject(found.subject):
        return [], []
    unread = [
        Unmatched(row.line, row.text, column=f"{found.subject}：{header}")
        for header in found.unread
    ]
    claims = []
    for amounts in [found.amounts, *found.more]:
        if amounts:
            lines = dict.fromkeys(amounts, row.line)
            stated = _Found(found.subject, amounts, lines, found.period, found.scope)
            # The 差值 cell is signed by itself, whatever the 状态 cell beside it says.
            claims.append(replace(_make_claim(row, stated), pace_signed="pace" in amounts))
    if found.own and found.period is not None and found.period.month is not None:
        lines = dict.fromkeys(found.own, row.line)
        own = _make_claim(row, _Found(found.subject, found.own, lines, found.period, found.scope))
        first = found.own_first or found.period.month
        claims.append(replace(own, own_month=True, own_first=first))
    return claims, unread


def _read_figure_cell(
    found: _Row, role: tuple[str | None, str], header: str, text: str, units: tuple[str, ...]
) -> None:
    """A figure cell of a row (`role`: its column's role and unit); unread when it cannot be."""
    kind, unit = role
    if text in _EMPTY_CELLS or _NO_FIGURE_RE.match(header):
        return
    if not _read_cell(found, kind, text, unit, units):
        found.unread.append(header)
    elif kind == "monthly_need" and "monthly_need" in found.amounts:
        per = _need_months(header, text)
        if per is not None:
            found.amounts[NEED_MONTHS] = Decimal(per)


def _read_cell(found: _Row, role: str | None, text: str, unit: str, units: tuple[str, ...]) -> bool:
    """Put one cell's figure where it belongs; False when it cannot be read."""
    into = found.own if role in _OWN_ROLES else found.amounts
    kind = _OWN_ROLES.get(role or "", role or "")
    if role == "month_actual" and (months := _CELL_MONTHS_RE.match(text)):
        # 1-2月 165: a combined release, printed with its months, never split.
        found.own_first = int(months.group("first") or months.group("last"))
        text = text[months.end() :]
    if role == "monthly_need":
        text = _CELL_PER_RE.sub("", text)
    if role == "target":
        text = _CELL_ADJUSTED_RE.sub("", text)
    percent = text.endswith("%") and (m := _CELL_PCT_RE.fullmatch(text))
    if role in _GROWTH_TARGET_ROLES and percent:
        kind = _GROWTH_TARGET_ROLES[role]  # a growth target's 8% and achieved 9.2%
    elif role in _QUANTITY_ROLES or role == "month_actual":
        m = with_units(_CELL_QTY_RE, units).fullmatch(text)
        if m is None:
            return False
        value = Decimal(m.group("num").replace(",", ""))
        _put(found, into, kind, Quantity(value, m.group("unit") or unit))
        return True
    elif role == "rate" and (m := _CELL_POINTS_RE.fullmatch(text)):
        kind = "growth_gap"  # a growth target's 完成率 column: points above the target rate
    elif role in ("pace_status", "rank"):  # words: 超序时, 并列3
        return _read_status(found, text) if role == "pace_status" else _read_rank(found, text)
    elif role not in _PERCENT_ROLES and role != "pace":
        return False  # a column the check does not know
    elif (m := _CELL_PCT_RE.fullmatch(text)) is None:
        return False
    assert m  # for mypy: each branch that gets here matched
    value = Decimal(m.group("num").replace(",", ""))
    _put(found, into, kind, -value if m.group("sign") == "-" else value)
    return True


def _put(
    found: _Row, into: dict[str, Decimal | Quantity], kind: str, value: Decimal | Quantity
) -> None:
    """A second figure of a kind already stated (a growth target's 累计完成 9.2% beside its
    同比 9.2%) goes on a claim of its own, so each cell is checked."""
    if kind in into:
        found.more.append({kind: value})
    else:
        into[kind] = value


def _read_status(found: _Row, text: str) -> bool:
    if text in _STATUS_WORDS:
        found.amounts["pace_status"] = Decimal(_STATUS_WORDS[text])
    elif text in _GROWTH_STATUS_WORDS:
        found.amounts["growth_status"] = Decimal(_GROWTH_STATUS_WORDS[text])
    return text in _STATUS_WORDS or text in _GROWTH_STATUS_WORDS


def _read_org(found: _Row, text: str, units: tuple[str, ...]) -> None:
    """A 单位 cell: the row's org (the root's name or 全区 for the whole), or, in a table whose
    单位 column holds units of measure (亿元, 家), the unit of the row's figures."""
    if with_units(_CELL_UNIT_RE, units).fullmatch(text):
        found.unit = text
    elif text not in _EMPTY_CELLS:
        found.scope = text


def _read_rank(found: _Row, text: str) -> bool:
    """A 排名 cell: kpi's place of the row's org among all the orgs (并列3 when shared)."""
    m = _CELL_RANK_RE.fullmatch(text)
    if m is None:
        return False
    where = TIED_RANK if m.group("tied") else COMPUTED_RANK
    found.amounts[f"{RANK_PREFIX}{where}"] = Decimal(m.group("num"))
    return True
