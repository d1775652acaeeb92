"""Long-layout .xlsx read with python-calamine: every visible sheet with a header row."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.loaders.rows import Layout, RawRow, find_columns, is_blank, is_note

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or any password-protected workbook


def read_xlsx_rows(path: Path, shown_as: str) -> Iterator[RawRow | Problem]:
    with path.open("rb") as handle:
        magic = handle.read(8)
    if magic.startswith(OLE_MAGIC):
        yield Problem(
            "not-xlsx",
            "这是旧版 .xls 或设置了打开密码的工作簿",
            Location(shown_as),
            "在 Excel/WPS 中另存为无密码的 .xlsx",
        )
        return
    if not magic.startswith(ZIP_MAGIC):
        yield Problem(
            "not-xlsx",
            "不是有效的 .xlsx（可能是改了扩展名的文本/CSV）",
            Location(shown_as),
            "用 Excel/WPS 打开后另存为 .xlsx，或把扩展名改回 .csv",
        )
        return
    from python_calamine import CalamineError, CalamineWorkbook  # heavy: only when needed

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        sheets = [m.name for m in workbook.sheets_metadata if str(m.visible).endswith("Visible")]
        read_any = False
        for name in sheets:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
            found = yield from _sheet_rows(rows, shown_as, name)
            read_any = read_any or found
    except (CalamineError, OSError, ValueError) as exc:
        yield Problem(
            "unreadable-xlsx",
            f"无法读取工作簿：{exc}",
            Location(shown_as),
            "用 Excel/WPS 打开后另存为 .xlsx 再试",
        )
        return
    if not read_any:
        yield Problem(
            "no-data-sheet",
            "没有找到带表头的工作表",
            Location(shown_as),
            "第一行填写表头：指标,月份,数值,口径",
        )


def _sheet_rows(
    rows: list[list[Any]], shown_as: str, sheet: str
) -> Generator[RawRow | Problem, None, bool]:
    """The sheet's rows; returns whether the sheet had a header (and so was data)."""
    layout: Layout | None = None
    for index, cells in enumerate(rows):
        record = tuple(cells)
        if is_blank(record):
            continue
        row = index + 1
        if layout is None:
            place = Location(shown_as, sheet=sheet, cell=f"A{row}")
            columns, problems = find_columns(record, shown_as, place)
            if columns is None:
                # A sheet of notes beside the data is normal; say so and move on.
                yield Problem(
                    "sheet-skipped",
                    f"工作表“{sheet}”第{row}行不是表头，已跳过该表（{problems[-1].message}）",
                    place,
                    severity=Severity.WARNING,
                )
                return False
            layout = Layout(shown_as, sheet, columns)
            continue
        if is_note(record):
            break
        yield RawRow(record, row, layout)
    return layout is not None
