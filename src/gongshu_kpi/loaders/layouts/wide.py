"""The wide layout: one row per indicator, months as columns (1月 … 12月, 2020-01 …,
1-6月累计); a 1-N月 header is year-to-date by definition, a plain month needs sources.yaml's
basis."""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING

from gongshu_kpi.core.models import Basis
from gongshu_kpi.core.problems import Problem, Severity
from gongshu_kpi.core.vocabulary import LayoutName, RowField
from gongshu_kpi.loaders.layouts.base import Table, ValueColumn, parse_period
from gongshu_kpi.loaders.layouts.months import Candidate, month_value_columns

if TYPE_CHECKING:
    from gongshu_kpi.loaders.rows import Cell


class WideLayout:
    """Each row holds one value per month column; a row becomes one record per value."""

    name: LayoutName = "wide"
    long = False
    sheets_are_months = False

    def value_columns(
        self, header: tuple[Cell, ...], at: int, table: Table, titles: list[str]
    ) -> Generator[Problem, None, list[ValueColumn] | None]:
        return (yield from month_value_columns(header, at, table, titles, _candidates))


def _candidates(
    header: tuple[Cell, ...], at: int, table: Table, columns: dict[str, int]
) -> Generator[Problem, None, list[Candidate]]:
    columns.pop(RowField.VALUE, None)  # every month column is a value column
    return (yield from _wide_periods(header, at, table, set(columns.values())))


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
