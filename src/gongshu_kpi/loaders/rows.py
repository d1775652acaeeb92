"""Long-layout actual rows, shared by every file format, and their validation.

Each loader yields RawRow records (strings or spreadsheet values, untouched); `accept_row`
turns one into an Observation or a Problem. CSV and Excel therefore give identical results.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from gongshu_kpi.core.models import Basis, Indicator, Observation, Targets
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.periodic.period import parse_period as parse_any_period
from gongshu_kpi.core.periods import parse_period
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.provenance import EnteredValue
from gongshu_kpi.core.units import Unit, UnitError, convert, parse_unit
from gongshu_kpi.core.vocabulary import (
    BASIS_BY_WORD,
    FIELD_BY_HEADER,
    REQUIRED_FIELDS,
    ROW_FIELDS,
    normal_word,
)
from gongshu_kpi.loaders.numbers import NumberError, number_from_cell, parse_number
from gongshu_kpi.loaders.refusals import guess_indicator, note_refused

if TYPE_CHECKING:
    from gongshu_kpi.core.refused import RefusedRow
    from gongshu_kpi.core.series import SeriesBuilder

HEADER_HINT = "指标,月份,数值,口径（可选：填报单位,计量单位）"

Cell = str | int | float | bool | dt.date | dt.datetime | dt.time | dt.timedelta | None


def column_letter(index: int) -> str:
    """0-based column index -> Excel letters (0 -> A, 26 -> AA)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Layout:
    """Where a file's fields are: one per file (or sheet), shared by its rows."""

    path: str
    sheet: str | None
    columns: Mapping[str, int]  # field -> 0-based column index
    # Fields not in a column of their own (a wide layout's month is its header cell; a
    # declared org lives in sources.yaml): where to point messages about them.
    fixed: Mapping[str, Location] | None = None
    # Column of each of ROW_FIELDS (-1 if absent): rows are read by position, not by name.
    slots: tuple[int, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        object.__setattr__(self, "slots", tuple(self.columns.get(f, -1) for f in ROW_FIELDS))

    def at(self, row: int, field: str | None = None) -> Location:
        if field is not None and self.fixed is not None and field in self.fixed:
            return self.fixed[field]
        column = None if field is None else self.columns.get(field)
        if self.sheet is not None:
            letter = column_letter(self.columns["value"] if column is None else column)
            return Location(self.path, sheet=self.sheet, cell=f"{letter}{row}")
        return Location(self.path, row, None if column is None else column + 1)


class RawRow(NamedTuple):
    """One row of cells as read, before validation. A named tuple, not a frozen dataclass:
    one is made per row, and a frozen dataclass's __init__ costs twice as much."""

    cells: tuple[Cell, ...]
    row: int  # 1-based line (CSV) or sheet row (Excel)
    layout: Layout

    def get(self, field: str) -> Cell:
        index = self.layout.columns.get(field)
        return None if index is None or index >= len(self.cells) else self.cells[index]


def normalise_header(cell: Cell) -> str:
    return normal_word("" if cell is None else str(cell))


def find_columns(
    header: tuple[Cell, ...],
    place: Location,
    declared: Mapping[str, str] | None = None,
    provided: frozenset[str] = frozenset(),
    required: tuple[str, ...] = REQUIRED_FIELDS,
) -> tuple[dict[str, int] | None, list[Problem]]:
    """Map header cells to fields; a missing or duplicated required column is a problem.

    `declared` maps header texts named in sources.yaml to fields (they win over the built-in
    names); `provided` are fields sources.yaml gives a constant for, so no column is needed.
    """
    columns: dict[str, int] = {}
    problems: list[Problem] = []
    for index, cell in enumerate(header):
        text = normalise_header(cell)
        field = declared.get(text) if declared else None
        if field is None:
            field = FIELD_BY_HEADER.get(text)
            if declared and field in declared.values():
                continue  # sources.yaml named another column for this field
        if field is None:
            continue
        if field in columns:
            problems.append(
                Problem(
                    "duplicate-column",
                    f"列名重复「{cell}」（第{columns[field] + 1}、{index + 1}列）",
                    place,
                    "删除或改名其中一列",
                )
            )
            continue
        columns[field] = index
    missing = [f for f in required if f not in columns and f not in provided]
    if missing:
        found = "、".join(str(c) for c in header if c not in (None, "")) or "（空）"
        names = "、".join(_chinese_name(f, declared) for f in missing)
        problems.append(
            Problem(
                "missing-column",
                f"缺少必需列「{names}」；已找到：{found}",
                place,
                f"表头应为 {HEADER_HINT}",
            )
        )
    return (None if problems else columns), problems


def _chinese_name(field: str, declared: Mapping[str, str] | None = None) -> str:
    named = next((h for h, f in (declared or {}).items() if f == field), None)
    return named or next(h for h, f in FIELD_BY_HEADER.items() if f == field)


def is_blank(cells: tuple[Cell, ...]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def is_note(cells: tuple[Cell, ...]) -> bool:
    """A 注：/说明 row under a table ends its data."""
    first = next((c for c in cells if c not in (None, "")), None)
    return isinstance(first, str) and first.strip().startswith(("注", "说明", "备注"))


class RowContext:
    """What validating a row needs to know: the targets and orgs, looked up once per run."""

    def __init__(self, targets: Targets, orgs: OrgTree | None = None) -> None:
        self.year = targets.year
        self.years = targets.years()
        self.orgs = orgs or OrgTree()
        self.indicators = targets.by_key()
        self.units: dict[str, Unit] = {i.id: i.parsed_unit for i in targets.indicators}
        # Unit cells are read against the project's table: 万车次 once targets.yaml declares 车次.
        self.unit_table = targets.unit_table
        self._unit_cache: dict[str, Unit | UnitError] = {}
        # Actuals repeat the same few indicator names, months, bases and orgs on every row:
        # each distinct cell is read once (an unhashable cell simply misses the cache).
        self._periods: dict[Cell, tuple[int, int, int] | str] = {}
        self._texts: dict[Cell, str] = {}
        self._bases: dict[Cell, Basis | None] = {}
        # indicator id -> the finest unit its values were entered in, where finer than its
        # own (万元 cells for an 亿元 indicator): the display rule's "digits the data had".
        self.finest_units: dict[str, Unit] = {}
        # A value cell entered in another unit than its indicator's, as entered (kpi explain).
        self.entered: dict[Location, EnteredValue] = {}
        # Rows refused with an error, and whose figure each would have been (refusals.py).
        self.refused: list[RefusedRow] = []
        self._guesses: dict[str, str | None] = {}

    def text(self, cell: Cell) -> str:
        cached = self._texts.get(cell)
        if cached is None:
            cached = self._texts[cell] = _text(cell)
        return cached

    def guess(self, name: str) -> str | None:
        """The indicator id or name an unknown name is likely a misspelling of."""
        if name not in self._guesses:
            self._guesses[name] = guess_indicator(name, self.indicators)
        return self._guesses[name]

    def period(self, cell: Cell) -> tuple[int, int, int] | str:
        cached = self._periods.get(cell)
        if cached is None:
            cached = self._periods[cell] = _period(cell)
        return cached

    def basis(self, cell: Cell) -> Basis | None:
        if cell in self._bases:
            return self._bases[cell]
        found = self._bases[cell] = BASIS_BY_WORD.get(normalise_header(cell))
        return found

    def unit(self, text: str) -> Unit:
        cached = self._unit_cache.get(text)
        if cached is None:
            try:
                cached = parse_unit(text, self.unit_table)
            except UnitError as exc:
                cached = exc
            self._unit_cache[text] = cached
        if isinstance(cached, UnitError):
            raise cached
        return cached


def accept_row(raw: RawRow, ctx: RowContext) -> Observation | Problem:
    """Validate one row: indicator, month, basis, value and unit, in that order."""
    layout, row, cells = raw.layout, raw.row, raw.cells
    # Every row of every file passes here: cells by position, each looked up once.
    width = len(cells)
    at_indicator, at_month, at_basis = layout.slots[:3]
    name = ctx.text(cells[at_indicator] if -1 < at_indicator < width else None)
    indicator = ctx.indicators.get(name)
    if indicator is None:
        return _unknown_indicator(name, layout.at(row, "indicator"), ctx)
    period = ctx.period(cells[at_month] if -1 < at_month < width else None)
    if isinstance(period, str):
        return Problem("bad-month", period, layout.at(row, "month"), "写作 YYYY-MM，如 2020-06")
    year, first_month, month = period
    if year not in ctx.years:
        known = "、".join(str(y) for y in sorted(ctx.years))
        return Problem(
            "month-outside-year",
            f"月份 {year}-{month:02d} 不在目标年度 {ctx.year} 内"
            f"（可用年份：{known}，前两年用于同比和两年平均增长）",
            layout.at(row, "month"),
            f"核对月份，或在 targets.yaml 中为 {year} 年设置目标（targets_by_year）",
        )
    basis_cell = cells[at_basis] if -1 < at_basis < width else None
    basis = ctx.basis(basis_cell)
    if basis is None:
        return Problem(
            "bad-basis",
            f"口径“{_text(basis_cell)}”无法识别",
            layout.at(row, "basis"),
            "填写“当月”（当月发生数）或“累计”（1-N月累计数）",
        )
    if basis is Basis.YTD and first_month not in (1, month):
        return Problem(
            "bad-month",
            f"累计数的期间应从1月开始，得到 {first_month}-{month}月",
            layout.at(row, "month"),
            "写作 1-N月 或只写截止月份",
        )
    return _observation(raw, ctx, indicator, basis, (year, first_month, month))


def _observation(
    raw: RawRow,
    ctx: RowContext,
    indicator: Indicator,
    basis: Basis,
    period: tuple[int, int, int],
) -> Observation | Problem:
    """The rest of accept_row: the org, the value in the indicator's unit, its sign."""
    layout, row, cells = raw.layout, raw.row, raw.cells
    width = len(cells)
    _, _, _, at_org, at_unit, at_value = layout.slots
    year, first_month, month = period
    org_text = ctx.text(cells[at_org] if -1 < at_org < width else None)
    org = ctx.orgs.canonical(org_text)
    if org is None and ctx.orgs.declared:
        return Problem(
            "unknown-org",
            f"未知填报单位“{org_text}”",
            layout.at(row, "org"),
            "改正单位名称，或在 orgs.yaml 中添加该单位",
        )
    value = _value(
        cells[at_value] if -1 < at_value < width else None,
        ctx.text(cells[at_unit] if -1 < at_unit < width else None),
        raw,
        indicator,
        ctx,
    )
    if isinstance(value, Problem):
        return value
    if value < 0 and not indicator.allow_negative:
        return Problem(
            "negative-value",
            f"“{indicator.name}”的数值 {value} 为负数",
            layout.at(row, "value"),
            "核对数值；确可为负请在 targets.yaml 中为该指标设置 allow_negative: true",
        )
    return Observation(
        indicator.id,
        org_text if org is None else org,
        year,
        month,
        value,
        basis,
        layout,
        row,
        first_month if basis is Basis.MONTH and first_month != month else 0,
    )


def _text(cell: Cell) -> str:
    return "" if cell is None else unicodedata.normalize("NFKC", str(cell)).strip()


# Excel's date serial numbers from 1927-05-18 to 9999-12-31: a number there in a month cell
# is a date Excel converted, not a month.
_SERIAL_DATES = (10000, 2958465)


def _unknown_indicator(name: str, where: Location, ctx: RowContext) -> Problem:
    if not name:
        return Problem("missing-indicator", "指标为空", where, "填写指标名称或 id")
    guess = ctx.guess(name)
    hint = f"（是否为“{guess}”？）" if guess else ""
    return Problem(
        "unknown-indicator",
        f"未知指标“{name}”{hint}",
        where,
        "改正指标名称，或在 targets.yaml 中添加该指标",
    )


def _period(cell: Cell) -> tuple[int, int, int] | str:
    """(year, first month, month) of the month cell, or a message saying what is wrong."""
    if isinstance(cell, dt.datetime | dt.date):
        # Excel turns a typed 2020-06 into the date 2020-06-01; any other day is a real date.
        if cell.day == 1:
            return cell.year, cell.month, cell.month
        return (
            f"月份为日期 {cell:%Y-%m-%d}，不是月份"
            f"（疑似“{cell.month}-{cell.day}”被 Excel 自动转换为日期）"
        )
    if (
        isinstance(cell, int | float)
        and not isinstance(cell, bool)
        and _SERIAL_DATES[0] <= cell <= _SERIAL_DATES[1]
    ):
        return f"月份为数字 {cell:g}，疑似 Excel 日期序列号；请将单元格设为文本"
    text = _text(cell)
    return _period_text(text) if text else "月份为空"


def _period_text(text: str) -> tuple[int, int, int] | str:
    """A month, a window of months, or a quarter or half-year (2021年一季度, 2021Q1, 2021-H1),
    which is a window of months too; the month parser's message when it is none of them."""
    try:
        return parse_period(text)
    except ValueError as exc:
        try:
            quarter = parse_any_period(text)
        except ValueError:
            return str(exc)
        return quarter.year, quarter.first, quarter.last


def _is_percent(indicator: Indicator, ctx: RowContext) -> bool:
    return ctx.units[indicator.id].dimension == "百分比"


# What nearly every value cell looks like; anything else goes through parse_number.
# ASCII (\d matches ٣ too), within the numeric policy's digits, and never a negative zero
# ("-0.00" goes the careful way and becomes 0.00): anything else goes through parse_number.
_PLAIN_NUMBER = re.compile(r"(?:-(?=[0-9.]*[1-9]))?[0-9]{1,30}(?:\.[0-9]{1,15})?")
_ZERO = Decimal(0)  # comparing with int 0 would make a Decimal of it every time


def _value(
    cell: Cell, column_unit: str, raw: RawRow, indicator: Indicator, ctx: RowContext
) -> Decimal | Problem:
    plain = type(cell) is str and _PLAIN_NUMBER.fullmatch(cell)
    if plain and (not column_unit or column_unit == indicator.unit):
        return Decimal(cell)  # type: ignore[arg-type]  # the common case: plain, own unit
    where = raw.layout.at(raw.row, "value")
    parsed = _number_of(cell, where, indicator, ctx)
    if isinstance(parsed, Problem):
        return parsed
    number, cell_unit = parsed
    if cell_unit and column_unit and cell_unit != column_unit:
        return Problem(
            "unit-mismatch",
            f"单元格单位“{cell_unit}”与计量单位列“{column_unit}”不一致",
            where,
            "统一为一种单位",
        )
    unit_text = cell_unit or column_unit or indicator.unit
    target_unit = ctx.units[indicator.id]
    try:
        unit = ctx.unit(unit_text)
        converted = convert(number, unit, target_unit)
        if unit.scale < ctx.finest_units.get(indicator.id, target_unit).scale:
            ctx.finest_units[indicator.id] = unit
        if unit.scale != target_unit.scale:  # kept for kpi explain: the cell as entered
            factor = unit.scale / target_unit.scale
            ctx.entered[raw.layout.at(raw.row)] = EnteredValue(number, unit.text, factor)
        return converted
    except UnitError as exc:
        return Problem(
            "unit-mismatch",
            f"“{indicator.name}”定义单位为“{indicator.unit}”：{exc}",
            where,
            f"填写以{indicator.unit}计的数值",
        )


def _number_of(
    cell: Cell, where: Location, indicator: Indicator, ctx: RowContext
) -> tuple[Decimal, str | None] | Problem:
    """A value cell that is not a plain number: its number and the unit written in it."""
    try:
        if isinstance(cell, int | float):
            number = number_from_cell(cell)
            if isinstance(cell, float) and 0 < abs(cell) < 1 and _is_percent(indicator, ctx):
                # A cell formatted as 52.47% holds 0.5247; a General cell 0.5247 may mean
                # either. The file does not say which, so ask rather than guess.
                return Problem(
                    "fraction-percent",
                    f"“{indicator.name}”以 % 计，单元格为小数 {number}，"
                    f"疑似小数形式的百分比（即 {(number * 100).normalize():f}%）",
                    where,
                    "填写百分数数值（如 52.47），或将单元格设为文本并写“52.47%”",
                )
            return number, None
        if isinstance(cell, str) or cell is None:
            parsed = parse_number(cell or "")
            return parsed.value, "%" if parsed.percent else parsed.unit
    except NumberError as exc:
        return Problem("bad-value", exc.message, where, exc.fix)
    if isinstance(cell, dt.date | dt.datetime):
        return Problem(
            "bad-value",
            f"数值单元格为日期 {cell:%Y-%m-%d}（疑似被 Excel 自动转换）",
            where,
            "将单元格设为“数值”或“文本”格式后重新填写数值",
        )
    return Problem("bad-value", f"数值单元格为{type(cell).__name__}“{cell}”", where, "填写数值")


def accept_rows(
    items: Iterable[RawRow | Problem],
    ctx: RowContext,
    builder: SeriesBuilder,
    problems: list[Problem],
) -> None:
    """Validate a file's rows into `builder`, problems into `problems`, one row at a time.

    This is the careful path: every row through `accept_row`, which says exactly what is
    wrong. Large clean files take the columnar path (columnar.py) instead, which applies
    these same rules vectorised.
    """
    for item in items:
        if isinstance(item, Problem):
            problems.append(item)
            note_refused(item, item, ctx)
            continue
        accepted = accept_row(item, ctx)
        if isinstance(accepted, Problem):
            problems.append(accepted)
            note_refused(item, accepted, ctx)
        else:
            builder.add(accepted)
