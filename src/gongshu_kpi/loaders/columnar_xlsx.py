"""Large long-layout .xlsx actuals through the columnar engine: fastexcel (calamine
underneath) hands each column over as Arrow, so no Python object is made per cell.

Only the plainest workbook is vouched for: one visible worksheet whose first cell is A1,
its header in row 1 with every cell named, no empty cell in the table, text in the key
columns (a month may be a date cell) and, in the value column, numbers or plain-number
text. Anything else (a title row, a merged cell, a blank row, 万 in a cell, an error value,
a formula without a result …) returns None and the careful path (xlsx_rows.py) reads it,
with its messages.

A numeric cell counts as Excel shows it (numbers.number_from_cell: 15 significant
digits). polars writes a float as its shortest round-trip text; when that text has at most
15 significant digits it is exactly the 15-digit rounding, so those cells are taken as
text and every other one (713.9999999999999) is left to the careful path.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.numbers import MAX_FRACTION_DIGITS
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.vocabulary import RowField
from gongshu_kpi.loaders.columnar_store import Codes, FastFile
from gongshu_kpi.loaders.rows import Layout, RowContext, find_columns
from gongshu_kpi.loaders.zipcheck import check_workbook

if TYPE_CHECKING:
    import polars as pl

# Significant digits Excel shows of a number (numbers.number_from_cell).
EXCEL_DIGITS = 15
# Enough of a sheet's XML to reach its first cell.
_PREFIX_BYTES = 1 << 16
_FIRST_CELL = re.compile(rb"<(?:\w+:)?c\b[^>]*?\br=\"([A-Z]+[0-9]+)\"")
_NOTE_STARTS = ("注", "说明", "备注")
_SHEET_DEPTH = 2  # xl/worksheets/sheet1.xml, not a file in a folder below it
_MIN_COLUMNS = 2  # a one-column table is no long table


def read_xlsx_columns(
    path: Path, shown_as: str, ctx: RowContext, codes: Codes, number: int = 0
) -> FastFile | None:
    """One workbook as validated columns, or None when the careful path must read it."""
    import polars as pl

    from gongshu_kpi.loaders.columnar import validate_columns

    if check_workbook(path, shown_as) is not None or not _starts_at_a1(path):
        return None
    loaded = _load(path)
    if loaded is None:
        return None
    sheet, frame = loaded
    columns, problems = find_columns(tuple(frame.columns), Location(shown_as, sheet=sheet))
    if columns is None or problems:
        return None
    text = _as_text(frame, columns, ctx)
    checked = None if text is None else validate_columns(text, columns, ctx, codes)
    if checked is None:
        return None
    good, bad = checked
    layout = Layout(shown_as, sheet, columns)
    return FastFile(layout, good.with_columns(file=pl.lit(number, pl.Int16)), bad, number)


def _load(path: Path) -> tuple[str, pl.DataFrame] | None:
    """The only sheet's name and table under its header row, or None."""
    import fastexcel
    import polars as pl

    try:
        reader = fastexcel.read_excel(path)
        if len(reader.sheet_names) != 1:
            return None  # several sheets, hidden ones: the careful path says which it read
        # One read (calamine parses the whole sheet for any part of it); strict: a column
        # whose cells are not all of one type is an error, not coerced.
        sheet = reader.load_sheet(0, header_row=0, dtype_coercion="strict")
        if sheet.visible != "visible" or not _plain_header(sheet.available_columns()):
            return None
        return sheet.name, sheet.to_polars()
    except (fastexcel.FastExcelError, OSError, ValueError, pl.exceptions.PolarsError):
        return None


def _plain_header(infos: Sequence[Any]) -> bool:
    """Every header cell written, and no two alike: fastexcel names a blank one
    __UNNAMED__n and the second of two alike "name_1", where the careful path would
    complain about the header (or fill a merged cell)."""
    names = [info.name for info in infos]
    for info in infos:
        if info.column_name_from != "looked_up" or not info.name.strip():
            return False
        base, _, suffix = info.name.rpartition("_")
        if suffix.isdigit() and base in names:
            return False
    return len(set(names)) == len(names) and len(names) >= _MIN_COLUMNS


def _starts_at_a1(path: Path) -> bool:
    """Whether the workbook has one worksheet and its first cell is A1: calamine starts a
    sheet at its first filled cell, the careful path at A1, and rows are numbered from it."""
    try:
        with zipfile.ZipFile(path) as archive:
            sheets = [
                n
                for n in archive.namelist()
                if n.startswith("xl/worksheets/")
                and n.endswith(".xml")
                and n.count("/") == _SHEET_DEPTH
            ]
            if len(sheets) != 1:
                return False
            with archive.open(sheets[0]) as stream:
                prefix = stream.read(_PREFIX_BYTES)
    except (zipfile.BadZipFile, OSError, KeyError, EOFError, RuntimeError):
        return False
    found = _FIRST_CELL.search(prefix)
    return found is not None and found.group(1) == b"A1"


def _as_text(frame: pl.DataFrame, columns: dict[str, int], ctx: RowContext) -> pl.DataFrame | None:
    """The used columns named c0, c1 … as the CSV path has them, the value column as text;
    None if a cell is empty or of a kind the careful path treats differently."""
    import polars as pl

    used = sorted(set(columns.values()) | {0})
    if max(used) >= frame.width:
        return None
    picked = frame.select(pl.nth(i).alias(f"c{i}") for i in used)
    if frame.height == 0 or sum(picked.null_count().row(0)) != 0:
        return None  # blank rows and cells, error values, formulas without a result
    value = f"c{columns[RowField.VALUE]}"
    for name, dtype in picked.schema.items():
        if name == value:
            continue
        month = name == f"c{columns[RowField.MONTH]}"
        if dtype != pl.String and not (month and dtype in (pl.Date, pl.Datetime)):
            return None
    lead = picked.get_column("c0")
    # A 注：/说明 row ends the careful path's table; a blank-looking lead is checked there.
    if lead.dtype == pl.String and _has_note_or_blank(lead):
        return None
    cells = picked.get_column(value)
    if cells.dtype == pl.Float64:
        text = _float_text(picked, value, columns, ctx)
        return None if text is None else picked.with_columns(text)
    return picked if cells.dtype == pl.String else None


def _has_note_or_blank(lead: pl.Series) -> bool:
    for cell in lead.unique().to_list():
        text = cell.strip()
        if not text or text.startswith(_NOTE_STARTS) or cell[0].isspace():
            return True
    return False


def _float_text(
    picked: pl.DataFrame, value: str, columns: dict[str, int], ctx: RowContext
) -> pl.Series | None:
    """Numeric cells as the text of the Decimal the careful path makes, or None."""

    cells = picked.get_column(value)
    # A fraction below 1 for a % indicator may be a cell formatted as a percentage: the
    # careful path asks which was meant.
    fractions = picked.filter((cells.abs() > 0) & (cells.abs() < 1))
    if fractions.height:
        names = fractions.get_column(f"c{columns[RowField.INDICATOR]}").unique().to_list()
        for name in names:
            found = ctx.indicators.get(ctx.text(name))
            if found is None or ctx.units[found.id].dimension == "百分比":
                return None
    return excel_cells(cells)


def excel_text(cells: pl.Series) -> pl.Series | None:
    """Numeric cells as the text of number_from_cell's Decimal (as Excel shows them), or
    None if any would need the careful path (over 15 digits, an exponent)."""
    text = excel_cells(cells)
    return None if text.null_count() else text


def excel_cells(cells: pl.Series) -> pl.Series:
    """excel_text's cells, null where a cell needs the careful path (that row goes there)."""
    import polars as pl

    text = cells.cast(pl.String).str.strip_suffix(".0")
    digits = text.str.replace_all(r"[-.]", "").str.strip_chars("0").str.len_bytes()
    fraction = text.str.len_bytes() - text.str.find(".", literal=True).fill_null(
        text.str.len_bytes() - 1
    )
    bad = (
        text.str.contains("e", literal=True)
        | (digits > EXCEL_DIGITS)
        | (fraction - 1 > MAX_FRACTION_DIGITS)
    )
    return pl.select(pl.when(bad).then(None).otherwise(text).alias(cells.name)).to_series()
