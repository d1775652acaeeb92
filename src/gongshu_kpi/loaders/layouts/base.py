"""What every layout reads a table with: where the table comes from, the months named by
header cells and sheet names, and the columns and constants sources.yaml declares."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Generator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gongshu_kpi.core.periods import MONTHS_IN_YEAR
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.core.vocabulary import BASIS_LABEL, RowField
from gongshu_kpi.loaders.rows import Cell, Layout, RawRow, column_letter, normalise_header

if TYPE_CHECKING:
    from gongshu_kpi.loaders.sources import SourceEntry

_PERIOD_RE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?:(?P<start>\d{1,2})[-—–~至到])?(?P<month>\d{1,2})月份?"
    r"(?P<ytd>累计|止累计|累计数|累计值)?"
)
_ISO_RE = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})月?(?P<ytd>累计)?")
_YEAR_RE = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


@dataclass(frozen=True, slots=True)
class Period:
    """A month named by a header cell or a sheet name: 6月, 2020-06, 1-6月累计."""

    year: int | None
    month: int
    ytd: bool  # a 1-N月 window: the values are year-to-date by definition


def parse_period(cell: Cell) -> Period | str | None:
    """A period, a message when the cell is a broken one (a date), or None (not a period)."""
    if isinstance(cell, dt.date):  # datetime is a date too
        return _date_period(cell)
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFKC", cell).replace(" ", "").strip()
    match = _PERIOD_RE.fullmatch(text) or _ISO_RE.fullmatch(text)
    if match is None:
        return None
    groups = match.groupdict()
    month = int(groups["month"])
    start = groups.get("start")
    if not 1 <= month <= MONTHS_IN_YEAR:
        return f"期间“{text}”的月份不在 1 到 12 之间"
    if start is not None and int(start) != 1:
        return f"期间“{text}”不是 1-N月累计（只能从 1 月起算）"
    year = int(groups["year"]) if groups["year"] else None
    return Period(year, month, start is not None or bool(groups["ytd"]))


def _date_period(cell: dt.date) -> Period | str:
    """A header Excel turned into a date: the 1st is the month typed; another day is a
    1-N月 header it misread."""
    if cell.day == 1:
        return Period(cell.year, cell.month, False)
    return f"表头为日期 {cell:%Y-%m-%d}，疑似“{cell.month}-{cell.day}月”被 Excel 自动转换为日期"


def infer_year(*texts: str) -> int | None:
    """A year written in a sheet name, a title row or the file name, in that order."""
    for text in texts:
        years = set(_YEAR_RE.findall(text))
        if len(years) == 1:
            return int(years.pop())
    return None


@dataclass(frozen=True, slots=True)
class Table:
    """Where a table comes from, for locations and for inferring a missing year."""

    path: str  # as shown to the user
    sheet: str | None
    entry: SourceEntry | None
    file_name: str
    period: Period | None = None  # sheet-per-month: the sheet's own month
    check_width: bool = False  # CSV: a row with more cells than the header is an error
    optional: bool = False  # an undeclared sheet without a header is skipped, not an error

    def place(self, row: int, column: int | None = None) -> Location:
        if self.sheet is not None:
            return Location(self.path, sheet=self.sheet, cell=f"{column_letter(column or 0)}{row}")
        return Location(self.path, row, None if column is None else column + 1)


@dataclass(frozen=True, slots=True)
class Empty:
    """A value cell that read as empty: blank, or in .xlsx perhaps a formula or error value."""

    row: int
    column: int  # 0-based
    raw: RawRow | None  # the long layout's row, to validate if the cell really is blank


@dataclass(frozen=True, slots=True)
class ValueColumn:
    """A column of values and the Layout its rows are validated with."""

    index: int
    extra: tuple[Cell, ...]  # appended to each row: month, basis and declared constants
    layout: Layout


def blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def declared(entry: SourceEntry | None) -> dict[str, str]:
    """Header texts sources.yaml names for fields (indicator_column: 指标名称 …)."""
    if entry is None:
        return {}
    named = {
        RowField.INDICATOR: entry.indicator_column,
        RowField.VALUE: entry.value_column,
        RowField.UNIT: entry.unit_column,
        RowField.ORG: entry.org_column,
    }
    return {normalise_header(text): field for field, text in named.items() if text}


def constants(entry: SourceEntry | None) -> dict[str, Cell]:
    """Fields sources.yaml gives one value for the whole file (org, unit, basis)."""
    if entry is None:
        return {}
    found: dict[str, Cell] = {RowField.ORG: entry.org, RowField.UNIT: entry.unit}
    if entry.basis is not None:
        found[RowField.BASIS] = BASIS_LABEL[entry.basis]
    return {k: v for k, v in found.items() if v is not None}


def header_problems(problems: list[Problem], table: Table, at: int) -> Generator[Problem]:
    if table.optional and table.entry is None:
        # A sheet of notes beside the data is normal; say so and move on.
        yield Problem(
            "sheet-skipped",
            f"工作表“{table.sheet}”第{at}行不是表头，已跳过该表（{problems[-1].message}）",
            table.place(at),
            severity=Severity.WARNING,
        )
        return
    yield from problems
