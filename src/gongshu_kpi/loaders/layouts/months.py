"""What the layouts with a month per column or per sheet share: given the columns that hold
values and the month and basis each one implies, the RawRow layout of each column."""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.vocabulary import BASIS_LABEL, RowField
from gongshu_kpi.loaders.layouts.base import (
    Period,
    Table,
    ValueColumn,
    constants,
    declared,
    infer_year,
)
from gongshu_kpi.loaders.rows import Cell, Layout, find_columns

Candidate = tuple[int, Period, Basis | None]  # column, month, basis its header implies
# A layout's own step: the value columns of a header, given the other fields' columns.
FindCandidates = Callable[
    [tuple[Cell, ...], int, Table, dict[str, int]], Generator[Problem, None, list[Candidate]]
]


@dataclass
class _Columns:
    """The value columns of one header, and the ones that could not be read."""

    header: tuple[Cell, ...]
    at: int  # the header's row
    table: Table
    columns: dict[str, int]  # the other fields' columns
    given: dict[str, Cell]  # constants from sources.yaml, appended to each row
    year: int | None  # for months written without one
    found: list[ValueColumn] = field(default_factory=list)
    undeclared: list[str] = field(default_factory=list)  # no basis in header or sources.yaml
    no_year: list[tuple[int, str]] = field(default_factory=list)

    def conflict(self, candidate: Candidate) -> Problem | None:
        """A column whose header says one basis while sources.yaml declares the other."""
        index, _, implied = candidate
        entry = self.table.entry
        declared_basis = entry.basis if entry is not None else None
        if implied is None or declared_basis is None or implied is declared_basis:
            return None
        return Problem(
            "conflicting-basis",
            f"列“{self.header[index]}”是{BASIS_LABEL[implied]}数，"
            f"但 sources.yaml 声明 basis: {declared_basis.value}（{BASIS_LABEL[declared_basis]}）",
            self.table.place(self.at, index),
            "改正 sources.yaml 中的 basis，或核对该列",
        )

    def add(self, candidate: Candidate) -> None:
        index, period, implied = candidate
        entry = self.table.entry
        basis = implied or (entry.basis if entry is not None else None)
        if basis is None:
            self.undeclared.append(str(self.header[index]))
            return
        period_year = period.year or self.year
        if period_year is None:
            self.no_year.append((index, str(self.header[index])))
            return
        width = len(self.header)
        layout_columns = {
            **self.columns,
            RowField.VALUE: index,
            RowField.MONTH: width,
            RowField.BASIS: width + 1,
        }
        extra: list[Cell] = [f"{period_year}-{period.month:02d}", BASIS_LABEL[basis]]
        for name, value in self.given.items():
            if name not in layout_columns:
                layout_columns[name] = width + len(extra)
                extra.append(value)
        where = self.table.place(self.at, index)
        fixed: dict[str, Location] = {RowField.MONTH: where, RowField.BASIS: where}
        layout = Layout(self.table.path, self.table.sheet, layout_columns, fixed)
        self.found.append(ValueColumn(index, tuple(extra), layout))

    def unread(self) -> Generator[Problem]:
        if self.no_year:
            yield Problem(
                "missing-year",
                f"列“{'、'.join(name for _, name in self.no_year)}”的月份没有年份，"
                "文件名、工作表名和标题中也没有",
                self.table.place(self.at, self.no_year[0][0]),
                "在 sources.yaml 中为该文件设置 year: 2020",
            )
        if self.undeclared:
            yield Problem(
                "missing-basis",
                f"无法判断列“{'、'.join(self.undeclared)}”是当月数还是1-N月累计数",
                self.table.place(self.at),
                "在 sources.yaml 中为该文件设置 basis: month（当月）或 basis: ytd（累计）",
            )


def month_value_columns(
    header: tuple[Cell, ...], at: int, table: Table, titles: list[str], find: FindCandidates
) -> Generator[Problem, None, list[ValueColumn]]:
    """Which columns hold values, for which month and basis (wide and sheet-per-month)."""
    entry = table.entry
    assert entry is not None  # only declared files have these layouts
    given = constants(entry)
    given.pop(RowField.BASIS, None)  # the basis comes from each column (or the declaration)
    columns, problems = find_columns(
        header,
        table.place(at),
        declared(entry),
        frozenset({RowField.MONTH, RowField.VALUE, RowField.BASIS, *given}),
    )
    if columns is None:
        yield from problems
        return []
    for name in (RowField.MONTH, RowField.BASIS):
        columns.pop(name, None)
    year = entry.year or infer_year(table.sheet or "", *titles, table.file_name)
    candidates = yield from find(header, at, table, columns)
    reader = _Columns(header, at, table, columns, given, year)
    for candidate in candidates:
        conflict = reader.conflict(candidate)
        if conflict is None:
            reader.add(candidate)
        else:
            yield conflict
    yield from reader.unread()
    return reader.found
