"""Markdown tables: a header with an 指标 column gives one claim per row, its columns
recognised by their headers; other tables are read row by row like sentences."""

from __future__ import annotations

import re
from decimal import Decimal

from gongshu_kpi.core.bulletin.assign import _read_sentence
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
from gongshu_kpi.core.bulletin.patterns import _NUM, _QTY_OPT_UNIT, _UNIT, with_units
from gongshu_kpi.core.bulletin.periods import _PERIOD_RE, _mask_periods, _Period

# --------------------------------------------------------------------------- tables

# What a column holds, judged from its header; other columns (序时进度, 差值 …) are ignored.
_COLUMN_ROLES = (
    ("subject", re.compile(r"^(?:指标|指标名称|名称|项目)$")),
    ("rate", re.compile("完成率")),
    ("target", re.compile("目标|任务")),
    ("period", re.compile(r"^(?:期间|时间|月份|统计期)$")),
    ("actual", re.compile(r"完成|^(?:实际|实绩|累计|累计数)$")),
    ("growth", re.compile("同比|增速|增幅|增长")),
    ("share", re.compile("占比|比重")),
)
# Columns of figures kpi's report prints beside those (--projection, --columns): 距目标还差,
# 月均需完成, 预计全年, 6月当月, 当月同比, 环比, 两年平均增长 — never a target, actual or growth.
_OTHER_FIGURE_RE = re.compile("还差|需完成|预计|当月|环比|两年平均")
_CELL_QTY_RE = re.compile(rf"{_QTY_OPT_UNIT}")
_CELL_PCT_RE = re.compile(rf"(?P<sign>[-+]?)(?P<num>{_NUM})%?")
_HEADER_UNIT_RE = re.compile(rf"\((?P<unit>{_UNIT})\)")


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
    if _OTHER_FIGURE_RE.search(name):
        role = None
    return role, unit.group("unit") if unit else ""


def _read_table(table: _Table, names: Names) -> tuple[list[Claim], list[Unmatched]]:
    """A table whose header names an indicator column gives one claim per row.

    Tables without such a header are read row by row like sentences.
    """
    rows = [_table_cells(row) for row in table.rows]
    roles = [_column_role(_cell_text(cell), names.units) for cell in rows[0]]
    # A period written in the header (| 1-6月完成 |) is every row's.
    header_periods = _mask_periods("".join(_cell_text(cell) for cell in rows[0]))[1]
    header_period = header_periods[0] if header_periods else None
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
    for raw, cells in zip(table.rows[1:], rows[1:], strict=True):
        texts = [_cell_text(cell) for cell in cells]
        if all(_TABLE_RULE_RE.match(t) or not t for t in texts):
            continue  # the |---|---| line under the header
        row = _finish_sentence(raw)
        claim = _read_table_row(row, texts, roles, header_period, names.units)
        if claim is None:
            if any(ch.isdigit() for t in texts for ch in t):
                unmatched.append(Unmatched(row.line, row.text, "表格行未能识别"))
        else:
            claims.append(claim)
    return claims, unmatched


def _read_table_row(
    row: _Sentence,
    texts: list[str],
    roles: list[tuple[str | None, str]],
    header_period: _Period | None = None,
    units: tuple[str, ...] = (),
) -> Claim | None:
    """One claim from a table row; cells such as "—" or "无数据" simply state nothing.
    A period column wins over one written in a header (1-6月完成)."""
    subject = ""
    period: _Period | None = header_period
    amounts: dict[str, Decimal | Quantity] = {}
    cell_quantity = with_units(_CELL_QTY_RE, units)
    for text, (role, header_unit) in zip(texts, roles, strict=False):
        if role == "subject":
            subject = text
        elif role in ("target", "actual") and (m := cell_quantity.fullmatch(text)):
            value = Decimal(m.group("num").replace(",", ""))
            amounts[role] = Quantity(value, m.group("unit") or header_unit)
        elif role in ("rate", "growth", "share") and (m := _CELL_PCT_RE.fullmatch(text)):
            value = Decimal(m.group("num").replace(",", ""))
            amounts[role] = -value if m.group("sign") == "-" else value
        elif role == "period" and _PERIOD_RE.fullmatch(text):
            period = _mask_periods(text)[1][0]
    if not _is_subject(subject) or not amounts:
        return None
    lines = dict.fromkeys(amounts, row.line)
    return _make_claim(row, _Found(subject, amounts, lines, period))
