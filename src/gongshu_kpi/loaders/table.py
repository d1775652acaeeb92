"""One table of cells (a CSV file or a sheet) into RawRow records, whatever its layout.

long: one row per indicator, month and value (the default). wide: months as columns
(1月 … 12月, 2020-01 …, 1-6月累计). sheet-per-month: the sheet's name is the month and one
column holds the value. Every layout yields the same RawRow records, so validation and the
rest of the pipeline cannot tell them apart. All layout work is done once per table; the
per-row work is a tuple concatenation at most.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Generator, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.core.vocabulary import BASIS_BY_HEADER, BASIS_LABEL, FIELD_BY_HEADER
from gongshu_kpi.loaders.rows import (
    Cell,
    Layout,
    RawRow,
    column_letter,
    find_columns,
    is_blank,
    is_note,
    normalise_header,
)
from gongshu_kpi.loaders.sources import SourceEntry

TITLE_ROWS: Final = 5  # one-cell title rows ("2020年1-6月经济指标", "单位：万元") above a header

_PERIOD_RE = re.compile(
    r"(?:(?P<year>\d{4})年)?(?:(?P<start>\d{1,2})[-—–~至到])?(?P<month>\d{1,2})月份?"
    r"(?P<ytd>累计|止累计|累计数|累计值)?"
)
_ISO_RE = re.compile(r"(?P<year>\d{4})[-/.](?P<month>\d{1,2})月?(?P<ytd>累计)?")
_NOTE: Final = frozenset("注说备")  # first characters of 注：, 说明, 备注 rows
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
        if cell.day == 1:
            return Period(cell.year, cell.month, False)
        return f"表头为日期 {cell:%Y-%m-%d}，疑似“{cell.month}-{cell.day}月”被 Excel 自动转换为日期"
    if not isinstance(cell, str):
        return None
    text = unicodedata.normalize("NFKC", cell).replace(" ", "").strip()
    match = _PERIOD_RE.fullmatch(text) or _ISO_RE.fullmatch(text)
    if match is None:
        return None
    groups = match.groupdict()
    month = int(groups["month"])
    start = groups.get("start")
    if not 1 <= month <= 12:
        return f"期间“{text}”的月份不在 1 到 12 之间"
    if start is not None and int(start) != 1:
        return f"期间“{text}”不是 1-N月累计（只能从 1 月起算）"
    year = int(groups["year"]) if groups["year"] else None
    return Period(year, month, start is not None or bool(groups["ytd"]))


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
class _ValueColumn:
    index: int
    extra: tuple[Cell, ...]  # appended to each row: month, basis and declared constants
    layout: Layout


TableRows = Generator[RawRow | Problem, None, bool | None]


def _blank(cell: Cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def read_table(
    rows: Iterable[tuple[int, Sequence[Cell]]], table: Table, empties: list[Empty] | None = None
) -> TableRows:
    """RawRow records of one table; returns True for data, False for an unusable header
    (already reported) and None when nothing looked like a header at all.

    With `empties`, value cells that read as empty are collected there instead of yielded,
    so an .xlsx reader can tell blanks from uncalculated formulas and error values.
    """
    it = iter(rows)
    found = _find_header(it, table)
    if isinstance(found, Problem):
        yield found
        return False
    if found is None:
        return None
    header_at, header, titles = found
    entry = table.entry
    layout = entry.layout if entry is not None else "long"
    if layout == "long":
        columns = yield from _long_columns(header, header_at, table)
        if columns is None:
            return False
        value_columns = [columns]
    else:
        value_columns = yield from _value_columns(header, header_at, table, titles)
        if not value_columns:
            return True
    yield from _rows(it, table, header, value_columns, empties, layout == "long")
    return True


def _find_header(
    it: Iterable[tuple[int, Sequence[Cell]]], table: Table
) -> tuple[int, tuple[Cell, ...], list[str]] | Problem | None:
    entry = table.entry
    titles: list[str] = []
    if entry is not None and entry.header_row is not None:
        wanted = entry.header_row
        parts: list[Sequence[Cell]] = []
        for number, cells in it:
            if number in wanted:
                parts.append(cells)
            elif number < wanted[0] and not is_blank(tuple(cells)):
                titles.extend(str(c) for c in cells if not _blank(c))
            if number >= wanted[-1]:
                break
        if len(parts) < len(wanted) or all(is_blank(tuple(p)) for p in parts):
            return Problem(
                "missing-header",
                f"sources.yaml 指定的表头行 {'、'.join(map(str, wanted))} 为空或不存在",
                table.place(wanted[0]),
                "核对 sources.yaml 中的 header_row（从 1 起数，含标题行）",
            )
        return wanted[0], _combine(parts), titles
    for number, cells in it:
        record = tuple(cells)
        if is_blank(record):
            continue
        filled = [c for c in record if not _blank(c)]
        if len(filled) == 1 and len(titles) < TITLE_ROWS and _title_like(filled[0]):
            titles.append(str(filled[0]))
            continue
        return number, record, titles
    return None


def _title_like(cell: Cell) -> bool:
    """A lone cell above a table is a title unless it is a header that lost its delimiters."""
    if not isinstance(cell, str):
        return False
    text = normalise_header(cell)
    return text not in FIELD_BY_HEADER and not any(ch in text for ch in ",，\t;；")


def _combine(parts: Sequence[Sequence[Cell]]) -> tuple[Cell, ...]:
    """Header rows stacked into one: "2020年" over "6月" reads "2020年6月"."""
    width = max(len(p) for p in parts)
    combined: list[Cell] = []
    for index in range(width):
        cells = [p[index] for p in parts if index < len(p) and not _blank(p[index])]
        if len(cells) <= 1:
            combined.append(cells[0] if cells else None)
            continue
        texts: list[str] = []
        for cell in cells:
            text = str(cell).strip()
            if not texts or texts[-1] != text:  # a vertically merged cell repeats itself
                texts.append(text)
        combined.append("".join(texts))
    return tuple(combined)


def _declared(entry: SourceEntry | None) -> dict[str, str]:
    if entry is None:
        return {}
    named = {
        "indicator": entry.indicator_column,
        "value": entry.value_column,
        "unit": entry.unit_column,
        "org": entry.org_column,
    }
    return {normalise_header(text): field for field, text in named.items() if text}


def _constants(entry: SourceEntry | None) -> dict[str, Cell]:
    if entry is None:
        return {}
    constants: dict[str, Cell] = {"org": entry.org, "unit": entry.unit}
    if entry.basis is not None:
        constants["basis"] = BASIS_LABEL[entry.basis]
    return {k: v for k, v in constants.items() if v is not None}


def _header_problems(problems: list[Problem], table: Table, at: int) -> Generator[Problem]:
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


def _long_columns(
    header: tuple[Cell, ...], at: int, table: Table
) -> Generator[Problem, None, _ValueColumn | None]:
    constants = _constants(table.entry)
    columns, problems = find_columns(
        header, table.path, table.place(at), _declared(table.entry), frozenset(constants)
    )
    if columns is None:
        if len([c for c in header if not _blank(c)]) == 1:
            # A wrong delimiter explains the missing columns; listing them adds nothing.
            delimiter = _one_column_problem(header, table, at)
            problems = [delimiter] if "分隔" in delimiter.message else [delimiter, *problems]
        yield from _header_problems(problems, table, at)
        return None
    extra: list[Cell] = []
    for field, value in constants.items():
        if field not in columns:
            columns[field] = len(header) + len(extra)
            extra.append(value)
    return _ValueColumn(columns["value"], tuple(extra), Layout(table.path, table.sheet, columns))


def _one_column_problem(header: tuple[Cell, ...], table: Table, at: int) -> Problem:
    text = str(next(c for c in header if not _blank(c)))
    if "\t" in text:
        return Problem(
            "delimiter",
            "表头只有 1 列且含制表符：这是制表符分隔的文本，不是逗号分隔的 CSV",
            table.place(at),
            "在 Excel/WPS 中另存为“CSV UTF-8(逗号分隔)”",
        )
    if "，" in text or ";" in text or "；" in text:
        return Problem(
            "delimiter",
            "表头只识别到 1 列且含“，”或“;”：分隔符不是半角逗号",
            table.place(at),
            "使用半角逗号 , 分隔，或在 Excel/WPS 中另存为 CSV",
        )
    return Problem("delimiter", f"表头只有 1 列「{text}」", table.place(at), "检查分隔符是否为逗号")


def _value_columns(
    header: tuple[Cell, ...], at: int, table: Table, titles: list[str]
) -> Generator[Problem, None, list[_ValueColumn]]:
    """The wide and sheet-per-month layouts: which columns hold values, for which month."""
    entry = table.entry
    assert entry is not None  # only declared files have these layouts
    constants = _constants(entry)
    constants.pop("basis", None)  # the basis comes from each column (or the declaration)
    columns, problems = find_columns(
        header,
        table.path,
        table.place(at),
        _declared(entry),
        frozenset({"month", "value", "basis", *constants}),
    )
    if columns is None:
        yield from problems
        return []
    for field in ("month", "basis"):
        columns.pop(field, None)
    year = entry.year or infer_year(table.sheet or "", *titles, table.file_name)
    if entry.layout == "wide":
        columns.pop("value", None)
        candidates = yield from _wide_periods(header, at, table, set(columns.values()))
    else:
        candidates = yield from _sheet_value_column(header, at, table, columns)
    width = len(header)
    result: list[_ValueColumn] = []
    undeclared: list[str] = []
    no_year: list[tuple[int, str]] = []
    for index, period, implied in candidates:
        where = table.place(at, index)
        if implied is not None and entry.basis is not None and implied is not entry.basis:
            yield Problem(
                "conflicting-basis",
                f"列“{header[index]}”是{BASIS_LABEL[implied]}数，"
                f"但 sources.yaml 声明 basis: {entry.basis.value}（{BASIS_LABEL[entry.basis]}）",
                where,
                "改正 sources.yaml 中的 basis，或核对该列",
            )
            continue
        basis = implied or entry.basis
        if basis is None:
            undeclared.append(str(header[index]))
            continue
        period_year = period.year or year
        if period_year is None:
            no_year.append((index, str(header[index])))
            continue
        layout_columns = {**columns, "value": index, "month": width, "basis": width + 1}
        extra: list[Cell] = [f"{period_year}-{period.month:02d}", BASIS_LABEL[basis]]
        for field, value in constants.items():
            if field not in layout_columns:
                layout_columns[field] = width + len(extra)
                extra.append(value)
        fixed = {"month": where, "basis": where}
        layout = Layout(table.path, table.sheet, layout_columns, fixed)
        result.append(_ValueColumn(index, tuple(extra), layout))
    if no_year:
        yield Problem(
            "missing-year",
            f"列“{'、'.join(name for _, name in no_year)}”的月份没有年份，"
            "文件名、工作表名和标题中也没有",
            table.place(at, no_year[0][0]),
            "在 sources.yaml 中为该文件设置 year: 2020",
        )
    if undeclared:
        yield Problem(
            "missing-basis",
            f"无法判断列“{'、'.join(undeclared)}”是当月数还是1-N月累计数",
            table.place(at),
            "在 sources.yaml 中为该文件设置 basis: month（当月）或 basis: ytd（累计）",
        )
    return result


Candidate = tuple[int, Period, Basis | None]  # column, month, basis its header implies


def _wide_periods(
    header: tuple[Cell, ...], at: int, table: Table, taken: set[int]
) -> Generator[Problem, None, list[Candidate]]:
    periods: list[Candidate] = []
    broken = False
    for index, cell in enumerate(header):
        if index in taken:
            continue
        period = parse_period(cell)
        if isinstance(period, str):
            broken = True
            yield Problem(
                "bad-period",
                period,
                table.place(at, index),
                "将表头单元格设为文本，写作“6月”“2020-06”或“1-6月累计”",
            )
        elif period is not None:
            periods.append((index, period, Basis.YTD if period.ytd else None))
    if not periods and not broken:
        yield Problem(
            "missing-column",
            "没有找到月份列（如 1月、2020-01、1-6月累计）",
            table.place(at),
            "核对 header_row 是否指向月份所在的行",
        )
    periods = yield from _one_kind(periods, header, at, table)
    seen: dict[tuple[int | None, int], int] = {}
    unique: list[Candidate] = []
    for index, period, implied in periods:
        first = seen.setdefault((period.year, period.month), index)
        if first != index:
            yield Problem(
                "duplicate-column",
                f"月份列重复「{header[first]}」「{header[index]}」（第{first + 1}、{index + 1}列）",
                table.place(at, index),
                "删除或改名其中一列",
            )
            continue
        unique.append((index, period, implied))
    return unique


def _one_kind(
    periods: list[Candidate], header: tuple[Cell, ...], at: int, table: Table
) -> Generator[Problem, None, list[Candidate]]:
    """本月 and 1-N月累计 columns side by side: read the kind sources.yaml declares."""
    entry = table.entry
    assert entry is not None
    ytd = [c for c in periods if c[2] is Basis.YTD]
    plain = [c for c in periods if c[2] is None]
    if not ytd or not plain or entry.basis is None:
        return periods  # one kind only, or undeclared (reported by the caller)
    if entry.basis is Basis.MONTH:
        kept, dropped = plain, ytd
    else:
        # A plain 1月 is year-to-date too; other plain months are the months' own amounts.
        covered = {c[1].month for c in ytd}
        kept = sorted(ytd + [c for c in plain if c[1].month == 1 and 1 not in covered])
        dropped = [c for c in periods if c not in kept]
    if dropped:
        names = "、".join(str(header[c[0]]) for c in dropped)
        yield Problem(
            "columns-skipped",
            f"按 sources.yaml 的 basis: {entry.basis.value}，不读取列“{names}”",
            table.place(at),
            severity=Severity.INFO,
        )
    return kept


def _sheet_value_column(
    header: tuple[Cell, ...], at: int, table: Table, columns: dict[str, int]
) -> Generator[Problem, None, list[Candidate]]:
    """The value column of a month's sheet: declared, or the 累计 (else 本月) column."""
    entry, sheet_period = table.entry, table.period
    assert entry is not None and sheet_period is not None
    index = columns.get("value") if entry.value_column else None
    # A generic value_column (1-N月累计, 本月) names a kind of column, not one header text.
    wanted = _implied_basis(entry.value_column) if entry.value_column else None
    if index is None and (entry.value_column is None or wanted is not None):
        ytd_columns = [i for i, cell in enumerate(header) if _implied_basis(cell) is Basis.YTD]
        month_columns = [i for i, cell in enumerate(header) if _implied_basis(cell) is Basis.MONTH]
        if Basis.MONTH in (wanted, entry.basis):
            ytd_columns = []
        if wanted is Basis.YTD:
            month_columns = []
        index = next(iter(ytd_columns or month_columns), None)
    if index is None:
        named = entry.value_column or "1-N月累计 / 本月"
        yield Problem(
            "missing-column",
            f"工作表“{table.sheet}”没有找到数值列「{named}」",
            table.place(at),
            "在 sources.yaml 中用 value_column 指定数值列的表头",
        )
        return []
    period = parse_period(header[index])
    if isinstance(period, Period) and period.month != sheet_period.month:
        yield Problem(
            "period-mismatch",
            f"数值列“{header[index]}”与工作表“{table.sheet}”的月份不一致",
            table.place(at, index),
            "核对工作表名与表头的月份",
        )
        return []
    implied = _implied_basis(header[index])
    if sheet_period.ytd:
        implied = Basis.YTD
    return [(index, sheet_period, implied)]


def _implied_basis(cell: Cell) -> Basis | None:
    found = BASIS_BY_HEADER.get(normalise_header(cell))
    if found is not None:
        return found
    period = parse_period(cell)
    return Basis.YTD if isinstance(period, Period) and period.ytd else None


def _rows(
    it: Iterable[tuple[int, Sequence[Cell]]],
    table: Table,
    header: tuple[Cell, ...],
    value_columns: list[_ValueColumn],
    empties: list[Empty] | None,
    long: bool,
) -> Generator[RawRow | Problem]:
    width = len(header)
    # A row may stop before trailing header cells that are blank; not before a named column.
    needed = max((i + 1 for i, cell in enumerate(header) if not _blank(cell)), default=0)
    padding: tuple[Cell, ...] = ("",) * width
    first = value_columns[0]
    extra, layout = first.extra, first.layout  # the long layout's, read for every row
    blank: list[int] = []  # blank rows since the last data row
    skipped: list[int] = []  # blank rows inside the table (trailing ones are not news)
    for number, cells in it:
        record = tuple(cells)
        lead = record[0] if record else None
        # Most rows start with an indicator name: then they are neither blank nor a note,
        # and the two scans over every cell can be skipped.
        if not (type(lead) is str and lead and lead[0] not in _NOTE and not lead[0].isspace()):
            if is_blank(record):
                blank.append(number)
                continue
            if is_note(record):
                break
        if blank:
            skipped += blank
            blank = []
        if len(record) != width:
            if table.check_width and (len(record) < needed or not is_blank(record[width:])):
                hint = (
                    "多余的逗号（数字中的千分位逗号需加引号）"
                    if len(record) > width
                    else "是否少了逗号"
                )
                yield Problem(
                    "ragged-row",
                    f"应有{width}列，实际{len(record)}列",
                    table.place(number),
                    f"检查第{number}行{hint}",
                )
                continue
            record = (record + padding)[:width]
        if long:
            raw = RawRow(record + extra if extra else record, number, layout)
            if empties is not None and _blank(record[first.index]):
                empties.append(Empty(number, first.index, raw))
                continue
            yield raw
            continue
        for column in value_columns:
            if _blank(record[column.index]):
                # Months not reported yet are blank; in .xlsx a blank may hide a formula.
                if empties is not None:
                    empties.append(Empty(number, column.index, None))
                continue
            yield RawRow(record + column.extra, number, column.layout)
    if skipped:
        lines = "、".join(map(str, skipped[:10])) + ("…" if len(skipped) > 10 else "")
        yield Problem(
            "blank-rows",
            f"跳过空行 {len(skipped)} 行（第{lines}行）",
            table.place(skipped[0]),
            severity=Severity.INFO,
        )
