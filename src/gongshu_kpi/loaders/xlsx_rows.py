""".xlsx read with python-calamine, in any declared layout, after a safety check of the zip.

The fast path is calamine alone. Calamine reads a formula without a cached value and an
error value (#DIV/0!) as an empty cell, so only when a value cell is empty is the workbook
opened a second time with openpyxl to say which of the three it is.
"""

from __future__ import annotations

import fnmatch
import zipfile
from collections.abc import Generator, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.problems import Location, Problem, Severity, UsageError
from gongshu_kpi.loaders.layouts import layout_of
from gongshu_kpi.loaders.numbers import ERROR_VALUES
from gongshu_kpi.loaders.rows import RawRow, column_letter
from gongshu_kpi.loaders.table import Empty, Period, Table, parse_period, read_table
from gongshu_kpi.loaders.zipcheck import check_workbook

if TYPE_CHECKING:
    from gongshu_kpi.loaders.sources import SourceEntry


def require_defusedxml() -> None:
    """openpyxl parses XML safely only when defusedxml is importable; never run without it."""
    import openpyxl

    if not getattr(openpyxl, "DEFUSEDXML", False):
        raise UsageError(
            "缺少 defusedxml：openpyxl 无法安全读取外来的 .xlsx；修正：pip install defusedxml"
        )


def read_xlsx_rows(
    path: Path, shown_as: str, entry: SourceEntry | None = None
) -> Iterator[RawRow | Problem]:
    refused = check_workbook(path, shown_as)
    if refused is not None:
        yield refused
        return
    from python_calamine import CalamineError, CalamineWorkbook  # heavy: only when needed

    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as exc:
        yield _unreadable(shown_as, exc)
        return
    try:
        read_any = False
        sheets = yield from _chosen_sheets(workbook, shown_as, entry)
        if not sheets:
            return  # _chosen_sheets said why
        empties: dict[str, list[Empty]] = {}
        for name, period in sheets:
            sheet = workbook.get_sheet_by_name(name)
            rows: list[list[Any]] = sheet.to_python(skip_empty_area=False)
            _fill_merged(rows, sheet.merged_cell_ranges)
            table = Table(shown_as, name, entry, path.name, period, optional=True)
            found = yield from read_table(enumerate(rows, 1), table, empties.setdefault(name, []))
            read_any = read_any or bool(found)
    except (CalamineError, OSError, ValueError) as exc:
        yield _unreadable(shown_as, exc)
        return
    finally:
        workbook.close()
    if any(empties.values()):
        yield from diagnose_empties(path, shown_as, {k: v for k, v in empties.items() if v})
    if not read_any and layout_of(entry).long:
        yield Problem(
            "no-data-sheet",
            "没有找到带表头的工作表",
            Location(shown_as),
            "第一行填写表头：指标,月份,数值,口径；"
            "表头在标题行之下时在 sources.yaml 设置 header_row",
        )


def _unreadable(shown_as: str, exc: Exception) -> Problem:
    return Problem(
        "unreadable-xlsx",
        f"无法读取工作簿：{exc}",
        Location(shown_as),
        "用 Excel/WPS 打开后另存为 .xlsx 再试",
    )


def _chosen_sheets(
    workbook: Any, shown_as: str, entry: SourceEntry | None
) -> Generator[Problem, None, Sequence[tuple[str, Period | None]]]:
    """The (sheet name, its month for sheet-per-month) pairs to read."""
    from python_calamine import SheetTypeEnum, SheetVisibleEnum

    metas = [m for m in workbook.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
    visible = [m.name for m in metas if m.visible == SheetVisibleEnum.Visible]
    hidden = [m.name for m in metas if m.visible != SheetVisibleEnum.Visible]
    where = Location(shown_as)
    if hidden:
        yield Problem(
            "hidden-sheet",
            f"忽略隐藏工作表“{'、'.join(hidden)}”",
            where,
            severity=Severity.INFO,
        )
    by_month = layout_of(entry).sheets_are_months
    if entry is None or (entry.sheet is None and not by_month):
        return [(name, None) for name in visible]
    if not by_month:
        assert entry.sheet is not None
        if entry.sheet in visible or entry.sheet in hidden:
            return [(entry.sheet, None)]
        hint = f"（存在隐藏工作表“{'、'.join(hidden)}”）" if hidden else ""
        yield Problem(
            "missing-sheet",
            f"未找到工作表“{entry.sheet}”{hint}；现有：{'、'.join(visible)}",
            where,
            "改正 sources.yaml 中的 sheet，或取消隐藏该工作表",
        )
        return []
    return (yield from _month_sheets(visible, shown_as, entry.sheet))


def _month_sheets(
    visible: Sequence[str], shown_as: str, pattern: str | None
) -> Generator[Problem, None, Sequence[tuple[str, Period | None]]]:
    """Sheet-per-month: the visible sheets named as months (and matching `sheet:` if set)."""
    chosen: list[tuple[str, Period | None]] = []
    for name in visible:
        if pattern is not None and not fnmatch.fnmatchcase(name, pattern):
            continue
        period = parse_period(name)
        if isinstance(period, Period):
            chosen.append((name, period))
        elif pattern is not None:
            yield Problem(
                "bad-period",
                f"工作表名“{name}”不是月份（{period or '应如 2020年6月、6月、1-6月'}）",
                Location(shown_as, sheet=name, cell="A1"),
                "把工作表改名为月份，如“2020年6月”",
            )
        else:
            yield Problem(
                "sheet-skipped",
                f"工作表“{name}”不是月份名，已跳过",
                Location(shown_as, sheet=name, cell="A1"),
                severity=Severity.INFO,
            )
    if not chosen:
        yield Problem(
            "missing-sheet",
            f"没有按月命名的工作表（现有：{'、'.join(visible) or '无'}）",
            Location(shown_as),
            "工作表名写作“2020年6月”“6月”或“1-6月”",
        )
    return chosen


def _fill_merged(rows: list[list[Any]], ranges: Sequence[Any] | None) -> None:
    """Give every cell of a merged range its top-left text, as a reader of the sheet sees it.

    Only text is filled (headers, indicator names, units): a number merged over several rows
    is one figure, and copying it would count it more than once.
    """
    for (top, left), (bottom, right) in ranges or ():
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        if not isinstance(value, str):
            continue
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value


def diagnose_empties(
    path: Path, shown_as: str, empties: dict[str, list[Empty]]
) -> Iterator[RawRow | Problem]:
    """Say which empty-looking value cells are error values or formulas without a result.

    Truly blank cells of a long table yield their row again, so the usual "缺少数值" is
    reported; blank cells of a wide table are months not reported yet. One openpyxl read
    of the formulas serves every sheet; cached values are read only if there are formulas.
    """
    require_defusedxml()
    wanted = {(sheet, e.row, e.column) for sheet, cells in empties.items() for e in cells}
    written = _cells(path, wanted, data_only=False)
    formulas = {key: text for key, text in written.items() if _formula(text)}
    cached = _cells(path, set(formulas), data_only=True) if formulas else {}
    for sheet, cells in empties.items():
        for empty in cells:
            key = (sheet, empty.row, empty.column)
            where = Location(
                shown_as, sheet=sheet, cell=f"{column_letter(empty.column)}{empty.row}"
            )
            formula = formulas.get(key)
            value = cached.get(key) if formula else written.get(key)
            if isinstance(value, str) and value.strip().upper() in ERROR_VALUES:
                source = f"（公式“{formula}”）" if formula else ""
                yield Problem(
                    "excel-error",
                    f"单元格为错误值 {value.strip()}{source}",
                    where,
                    "修正公式或填写数值",
                )
            elif formula:
                yield Problem(
                    "formula-no-value",
                    f"公式“{formula}”没有计算结果（文件由程序生成，未在 Excel 中计算过）",
                    where,
                    "用 Excel/WPS 打开后保存再试，或把公式改为数值",
                )
            elif empty.raw is not None:
                yield empty.raw


def _formula(value: object) -> str | None:
    text = getattr(value, "text", value)  # an array formula keeps its text in .text
    return text if isinstance(text, str) and text.startswith("=") else None


def _cells(
    path: Path, wanted: set[tuple[str, int, int]], data_only: bool
) -> dict[tuple[str, int, int], Any]:
    """Values of a few cells by (sheet, 1-based row, 0-based column), read with openpyxl."""
    from openpyxl import load_workbook

    found: dict[tuple[str, int, int], Any] = {}
    try:
        workbook = load_workbook(path, read_only=True, data_only=data_only)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile):
        return found  # best effort: the cells are then reported as blank
    try:
        for sheet in {s for s, _, _ in wanted}:
            rows = [r for s, r, _ in wanted if s == sheet]
            columns = [c for s, _, c in wanted if s == sheet]
            # Bounds computed once: min(columns) inside the loop made 20k empty cells
            # cost 20k × 20k steps.
            first_row, first_column = min(rows), min(columns)
            cells = workbook[sheet].iter_rows(
                min_row=first_row,
                max_row=max(rows),
                min_col=first_column + 1,
                max_col=max(columns) + 1,
            )
            for r, row in enumerate(cells, first_row):
                for c, cell in enumerate(row, first_column):
                    if (sheet, r, c) in wanted:
                        found[(sheet, r, c)] = cell.value
    except (KeyError, ValueError, TypeError):
        pass
    finally:
        workbook.close()
    return found
