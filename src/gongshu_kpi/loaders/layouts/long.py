"""The long layout (the default): one row per indicator, month and value, as 指标,月份,数值,口径."""

from __future__ import annotations

from collections.abc import Generator

from gongshu_kpi.core.problems import Problem
from gongshu_kpi.core.vocabulary import LayoutName, RowField
from gongshu_kpi.loaders.layouts.base import (
    Table,
    ValueColumn,
    blank,
    constants,
    declared,
    header_problems,
)
from gongshu_kpi.loaders.rows import Cell, Layout, find_columns


class LongLayout:
    """Each row as read is one record; declared constants are appended to it."""

    name: LayoutName = "long"
    long = True
    sheets_are_months = False

    def value_columns(
        self, header: tuple[Cell, ...], at: int, table: Table, titles: list[str]
    ) -> Generator[Problem, None, list[ValueColumn] | None]:
        column = yield from _long_columns(header, at, table)
        return None if column is None else [column]


def _long_columns(
    header: tuple[Cell, ...], at: int, table: Table
) -> Generator[Problem, None, ValueColumn | None]:
    given = constants(table.entry)
    columns, problems = find_columns(
        header, table.place(at), declared(table.entry), frozenset(given)
    )
    if columns is None:
        if len([c for c in header if not blank(c)]) == 1:
            # A wrong delimiter explains the missing columns; listing them adds nothing.
            delimiter = _one_column_problem(header, table, at)
            problems = [delimiter] if "分隔" in delimiter.message else [delimiter, *problems]
        yield from header_problems(problems, table, at)
        return None
    extra: list[Cell] = []
    for field, value in given.items():
        if field not in columns:
            columns[field] = len(header) + len(extra)
            extra.append(value)
    return ValueColumn(
        columns[RowField.VALUE], tuple(extra), Layout(table.path, table.sheet, columns)
    )


def _one_column_problem(header: tuple[Cell, ...], table: Table, at: int) -> Problem:
    text = str(next(c for c in header if not blank(c)))
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
