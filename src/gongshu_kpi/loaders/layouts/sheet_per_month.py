"""The sheet-per-month layout (.xlsx only): each sheet is a month, named by the sheet
(2020年6月, 6月, 1-6月); one column of each sheet holds the values."""

from __future__ import annotations

from collections.abc import Generator

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.problems import Problem
from gongshu_kpi.core.vocabulary import BASIS_BY_HEADER, LayoutName, RowField
from gongshu_kpi.loaders.layouts.base import Period, Table, ValueColumn, parse_period
from gongshu_kpi.loaders.layouts.months import Candidate, month_value_columns
from gongshu_kpi.loaders.rows import Cell, normalise_header


class SheetPerMonthLayout:
    """Rows read like the long layout's, with the sheet's month appended."""

    name: LayoutName = "sheet-per-month"
    long = False
    sheets_are_months = True

    def value_columns(
        self, header: tuple[Cell, ...], at: int, table: Table, titles: list[str]
    ) -> Generator[Problem, None, list[ValueColumn] | None]:
        return (yield from month_value_columns(header, at, table, titles, _sheet_value_column))


def _sheet_value_column(
    header: tuple[Cell, ...], at: int, table: Table, columns: dict[str, int]
) -> Generator[Problem, None, list[Candidate]]:
    """The value column of a month's sheet: declared, or the 累计 (else 本月) column."""
    entry, sheet_period = table.entry, table.period
    assert entry is not None and sheet_period is not None
    index = columns.get(RowField.VALUE) if entry.value_column else None
    # A generic value_column (1-N月累计, 本月) names a kind of column, not one header text.
    wanted = implied_basis(entry.value_column) if entry.value_column else None
    if index is None and (entry.value_column is None or wanted is not None):
        ytd_columns = [i for i, cell in enumerate(header) if implied_basis(cell) is Basis.YTD]
        month_columns = [i for i, cell in enumerate(header) if implied_basis(cell) is Basis.MONTH]
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
    implied = implied_basis(header[index])
    if sheet_period.ytd:
        implied = Basis.YTD
    return [(index, sheet_period, implied)]


def implied_basis(cell: Cell) -> Basis | None:
    found = BASIS_BY_HEADER.get(normalise_header(cell))
    if found is not None:
        return found
    period = parse_period(cell)
    return Basis.YTD if isinstance(period, Period) and period.ytd else None
