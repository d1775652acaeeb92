"""Input layouts: how a table of cells (a CSV file or a sheet) holds its values.

A layout is named in sources.yaml (`layout: long | wide | sheet-per-month`, the names in
core/vocabulary.py) and looked up here in `LAYOUT_BY_NAME`; files no entry declares are long.
Each layout is one module with one object that follows the `TableLayout` protocol: given the
table's header row it finds the columns that hold values and, for each, the `Layout` (field ->
column) its rows are validated with, appending what the header or sources.yaml says instead of a
column (the month of a wide column, a declared org). `loaders/table.py` does the rest alike for
every layout: finding the header, skipping blank and note rows, yielding RawRow records, so
validation cannot tell layouts apart. Adding a layout is one module here and one entry below.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from typing import TYPE_CHECKING, Final, Protocol

from gongshu_kpi.loaders.layouts.long import LongLayout
from gongshu_kpi.loaders.layouts.sheet_per_month import SheetPerMonthLayout
from gongshu_kpi.loaders.layouts.wide import WideLayout

if TYPE_CHECKING:
    from gongshu_kpi.core.problems import Problem
    from gongshu_kpi.core.vocabulary import LayoutName
    from gongshu_kpi.loaders.layouts.base import Table, ValueColumn
    from gongshu_kpi.loaders.rows import Cell
    from gongshu_kpi.loaders.sources import SourceEntry


class TableLayout(Protocol):
    """One input layout."""

    name: LayoutName
    # Each row as read is one record: read_table's fast loop, and a workbook without a
    # header anywhere is reported (other layouts are declared, so their header is too).
    long: bool
    sheets_are_months: bool  # .xlsx only: every chosen sheet is a month, named by the sheet

    def value_columns(
        self, header: tuple[Cell, ...], at: int, table: Table, titles: list[str]
    ) -> Generator[Problem, None, list[ValueColumn] | None]:
        """The value columns under `header` (row `at`), or None when the header is unusable
        (problems yielded). `titles` are the one-cell rows above it, for a missing year."""
        ...


LAYOUT_BY_NAME: Final[Mapping[LayoutName, TableLayout]] = {
    "long": LongLayout(),
    "wide": WideLayout(),
    "sheet-per-month": SheetPerMonthLayout(),
}


def layout_of(entry: SourceEntry | None) -> TableLayout:
    """The layout sources.yaml declares for a file; long when it declares none."""
    return LAYOUT_BY_NAME[entry.layout if entry is not None else "long"]
