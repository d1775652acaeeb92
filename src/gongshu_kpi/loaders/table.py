"""One table of cells (a CSV file or a sheet) into RawRow records, whatever its layout.

long: one row per indicator, month and value (the default). wide: months as columns
(1月 … 12月, 2020-01 …, 1-6月累计). sheet-per-month: the sheet's name is the month and one
column holds the value (each layout is a module in loaders/layouts/). Every layout yields the
same RawRow records, so validation and the rest of the pipeline cannot tell them apart. All
layout work is done once per table; the per-row work is a tuple concatenation at most.
"""

from __future__ import annotations

from collections.abc import Generator, Iterable, Iterator, Sequence
from typing import Final

from gongshu_kpi.core.problems import Problem, Severity
from gongshu_kpi.core.vocabulary import FIELD_BY_HEADER
from gongshu_kpi.loaders.layouts import layout_of
from gongshu_kpi.loaders.layouts.base import (
    Empty,
    Period,
    Table,
    ValueColumn,
    infer_year,
    parse_period,
)
from gongshu_kpi.loaders.layouts.base import blank as _blank
from gongshu_kpi.loaders.rows import Cell, RawRow, is_blank, is_note, normalise_header

__all__ = ["Empty", "Period", "Table", "TableRows", "infer_year", "parse_period", "read_table"]

TITLE_ROWS: Final = 5  # one-cell title rows ("2020年1-6月经济指标", "单位：万元") above a header
_NOTE: Final = frozenset("注说备")  # first characters of 注：, 说明, 备注 rows
_LISTED: Final = 10  # row numbers named in one message; more end in …

TableRows = Generator[RawRow | Problem, None, bool | None]


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
    layout = layout_of(table.entry)
    value_columns = yield from layout.value_columns(header, header_at, table, titles)
    if value_columns is None:
        return False
    if not value_columns:
        return True
    yield from _rows(it, table, header, value_columns, empties, layout.long)
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
                titles.extend(_distinct(str(c) for c in cells if not _blank(c)))
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
        title = _title(record)
        if title is not None and len(titles) < TITLE_ROWS:
            titles.append(title)
            continue
        return number, record, titles
    return None


def _title(record: tuple[Cell, ...]) -> str | None:
    """The text of a title row: one filled cell, or one text repeated across a run of
    adjacent cells (a title merged over A1:E1, filled from its top-left cell by the reader,
    or written into every merged cell by some programs). None for any other row."""
    filled = [(i, c) for i, c in enumerate(record) if not _blank(c)]
    first, cell = filled[0]
    if any(c != cell for _, c in filled) or filled[-1][0] - first != len(filled) - 1:
        return None
    return str(cell) if _title_like(cell) else None


def _distinct(texts: Iterable[str]) -> list[str]:
    """Texts without the repeats of a merged cell filled across its range."""
    kept: list[str] = []
    for text in texts:
        if not kept or kept[-1] != text:
            kept.append(text)
    return kept


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


def _rows(
    it: Iterable[tuple[int, Sequence[Cell]]],
    table: Table,
    header: tuple[Cell, ...],
    value_columns: list[ValueColumn],
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
            fitted = _fit(record, number, table, needed, padding)
            if isinstance(fitted, Problem):
                yield fitted
                continue
            record = fitted
        if long:
            raw = RawRow(record + extra if extra else record, number, layout)
            if empties is not None and _blank(record[first.index]):
                empties.append(Empty(number, first.index, raw))
                continue
            yield raw
            continue
        yield from _per_column(record, number, value_columns, empties)
    if skipped:
        lines = "、".join(map(str, skipped[:_LISTED])) + ("…" if len(skipped) > _LISTED else "")
        yield Problem(
            "blank-rows",
            f"跳过空行 {len(skipped)} 行（第{lines}行）",
            table.place(skipped[0]),
            severity=Severity.INFO,
        )


def _per_column(
    record: tuple[Cell, ...],
    number: int,
    value_columns: list[ValueColumn],
    empties: list[Empty] | None,
) -> Iterator[RawRow]:
    """One record per filled value column of a row (wide and sheet-per-month layouts)."""
    for column in value_columns:
        if _blank(record[column.index]):
            # Months not reported yet are blank; in .xlsx a blank may hide a formula.
            if empties is not None:
                empties.append(Empty(number, column.index, None))
            continue
        yield RawRow(record + column.extra, number, column.layout)


def _fit(
    record: tuple[Cell, ...], number: int, table: Table, needed: int, padding: tuple[Cell, ...]
) -> tuple[Cell, ...] | Problem:
    """A row of another width than the header's (`padding`): cut or padded to it, or, in a CSV
    file, a problem when it lost a named column or has cells past the header."""
    width = len(padding)
    if table.check_width and (len(record) < needed or not is_blank(record[width:])):
        hint = "多余的逗号（数字中的千分位逗号需加引号）" if len(record) > width else "是否少了逗号"
        return Problem(
            "ragged-row",
            f"应有{width}列，实际{len(record)}列",
            table.place(number),
            f"检查第{number}行{hint}",
        )
    return (record + padding)[:width]
