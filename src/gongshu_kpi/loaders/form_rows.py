"""Returned collection forms (填报表, made by `kpi form`), read back without configuration.

A workbook with a `kpi_form` sheet is a form: its metadata says whose form it is, for which
month, and what each row must say. Anything edited where it should not be (a row, a name, a
unit, the metadata, the org or month on the sheet) is an error naming the cell; an empty
input cell means "not reported", never 0. The rows then go through the same validation as
every other file (loaders/rows.py).
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gongshu_kpi.core.collection import FORM_VERSION
from gongshu_kpi.core.form_layout import (
    BASIS_COLUMN,
    FIRST_ROW,
    FORM_KIND,
    FORM_SHEET,
    META_KEYS,
    META_LINES_ROW,
    META_SHEET,
    MONTH_CELL,
    NAME_COLUMN,
    ORG_CELL,
    UNIT_COLUMN,
    VALUE_COLUMN,
    form_file_label,
    form_fingerprint,
    line_fingerprint,
    meta_cell,
)
from gongshu_kpi.core.periods import Month
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.loaders.rows import Cell, Layout, RawRow
from gongshu_kpi.loaders.zipcheck import check_workbook

_SHEET_NAME = re.compile(rb'<sheet\b[^>]*\bname="kpi_form"')
_WORKBOOK_PART = "xl/workbook.xml"
# The row as RawRow cells: the sheet's columns A-H, then the month and org from metadata.
_COLUMNS = {"indicator": 1, "unit": 2, "basis": 3, "value": 6, "month": 8, "org": 9}
_BASIS_WORD = {"month": "当月", "ytd": "累计"}
_FILE_NAME = re.compile(r"填报表-(\d{4}-\d{2})-(.+)\.xlsx?m?$")
REFILL = "重新用 kpi form 生成本单位的填报表，只在黄色单元格填写后报送"


def is_form(path: Path) -> bool:
    """Whether an .xlsx has the metadata sheet of a kpi form (a cheap look at the zip)."""
    try:
        with zipfile.ZipFile(path) as archive, archive.open(_WORKBOOK_PART) as part:
            head = part.read(1 << 20)  # the sheet list is near the start; bounded read
    except (OSError, KeyError, zipfile.BadZipFile, RuntimeError, ValueError):
        return False
    return _SHEET_NAME.search(head) is not None


def _text(value: Any) -> str:
    return "" if value is None else str(value).strip()


def read_form_rows(path: Path, shown_as: str) -> Iterator[RawRow | Problem]:
    """A filled form's reported rows, or the problems that make it unusable (a form's own
    metadata says its layout: a sources.yaml entry has nothing to add)."""
    opened = _open_form(path, shown_as)
    if isinstance(opened, Problem):
        yield opened
        return
    values, formulas = opened
    meta_sheet = values[META_SHEET]
    meta = {
        _text(meta_sheet.cell(row, 1).value): _text(meta_sheet.cell(row, 2).value)
        for row in range(2, 2 + len(META_KEYS))
    }
    refused = _meta_problem(meta, shown_as) or _sheet_problem(values.sheetnames, meta, shown_as)
    if refused is not None:
        yield refused
        return
    sheet = values[FORM_SHEET]
    problems = list(_belongs(path.name, shown_as, meta["org_label"], meta["month"], sheet))
    if problems:
        yield from problems
        return
    yield from _form_lines(meta_sheet, sheet, formulas[FORM_SHEET], meta, shown_as)


def _meta_at(shown_as: str, cell: str) -> Location:
    return Location(shown_as, sheet=META_SHEET, cell=cell)


def _form_at(shown_as: str, cell: str) -> Location:
    return Location(shown_as, sheet=FORM_SHEET, cell=cell)


def _open_form(path: Path, shown_as: str) -> tuple[Any, Any] | Problem:
    """The workbook twice: its cached values and its formulas (a value missing under one)."""
    refused = check_workbook(path, shown_as)
    if refused is not None:
        return refused
    from openpyxl import load_workbook

    from gongshu_kpi.loaders.xlsx_rows import require_defusedxml

    require_defusedxml()
    try:
        return load_workbook(path, data_only=True), load_workbook(path, data_only=False)
    except (OSError, KeyError, ValueError, TypeError, zipfile.BadZipFile) as exc:
        return Problem(
            "unreadable-xlsx", f"无法读取填报表：{exc}", Location(shown_as), "另存为 .xlsx 后重试"
        )


def _meta_problem(meta: dict[str, str], shown_as: str) -> Problem | None:
    """The metadata sheet must be a kpi form's, of this version, unaltered."""
    if meta.get("kind") != FORM_KIND or any(k not in meta for k in META_KEYS):
        return Problem(
            "form-metadata",
            f"工作表 {META_SHEET} 不是 kpi 填报表的元数据（或已被改动）",
            _meta_at(shown_as, "A1"),
            REFILL,
        )
    if meta["form_version"] != str(FORM_VERSION):
        return Problem(
            "form-version",
            f"填报表版本 {meta['form_version']} 不受支持（本版 kpi 读取版本 {FORM_VERSION}）",
            _meta_at(shown_as, meta_cell("form_version")),
            "用当前版本的 kpi form 重新生成填报表",
        )
    if form_fingerprint(meta) != meta["fingerprint"]:
        return Problem(
            "form-metadata",
            f"填报表元数据（隐藏工作表 {META_SHEET}）被改动，与生成时不一致",
            _meta_at(shown_as, meta_cell("fingerprint")),
            REFILL,
        )
    return None


def _sheet_problem(sheet_names: list[str], meta: dict[str, str], shown_as: str) -> Problem | None:
    """The form sheet must be there and the metadata's month a month."""
    if FORM_SHEET not in sheet_names:
        return Problem("form-sheet", f"找不到工作表“{FORM_SHEET}”", Location(shown_as), REFILL)
    month = meta["month"]
    try:
        Month.parse(month)
    except ValueError:
        return Problem(
            "form-metadata",
            f"元数据月份“{month}”无效",
            _meta_at(shown_as, meta_cell("month")),
            REFILL,
        )
    return None


def _form_lines(
    meta_sheet: Any, sheet: Any, written: Any, meta: dict[str, str], shown_as: str
) -> Iterator[RawRow | Problem]:
    """Each line the metadata lists, checked against the sheet, then rows added below them."""
    org, month = meta["org"], meta["month"]
    layout = Layout(
        shown_as,
        FORM_SHEET,
        _COLUMNS,
        {
            "month": _meta_at(shown_as, meta_cell("month")),
            "org": _meta_at(shown_as, meta_cell("org")),
        },
    )

    def form_at(cell: str) -> Location:
        return _form_at(shown_as, cell)

    count = int(meta["lines"]) if meta["lines"].isdigit() else 0
    last_row = FIRST_ROW - 1
    for offset in range(1, count + 1):
        line = [_text(meta_sheet.cell(META_LINES_ROW + offset, c).value) for c in range(1, 8)]
        row_text, indicator_id, name, unit, basis_label, basis, fingerprint = line
        row = int(row_text) if row_text.isdigit() else 0
        expected = line_fingerprint(org, month, row, (indicator_id, name, unit, basis_label))
        if expected != fingerprint or basis not in _BASIS_WORD:
            yield Problem(
                "form-metadata",
                f"填报表元数据第{META_LINES_ROW + offset}行（{name or indicator_id}）被改动",
                _meta_at(shown_as, f"A{META_LINES_ROW + offset}"),
                REFILL,
            )
            return
        last_row = max(last_row, row)
        altered = _altered_row(sheet, row, (name, unit, basis_label), form_at)
        if altered is not None:
            yield altered
            continue
        found = _line_value(sheet, written, row, form_at)
        if isinstance(found, Problem):
            yield found
        elif found is not None:
            cells = (None, indicator_id, unit, _BASIS_WORD[basis], None, None, found, None)
            yield RawRow((*cells, month, org), row, layout)
    yield from _extra_rows(sheet, last_row, count, form_at)


def _line_value(
    sheet: Any, written: Any, row: int, form_at: Callable[[str], Location]
) -> Cell | Problem:
    """A line's reported value, None when not reported (never 0), or a formula left without
    a cached result."""
    at = f"{VALUE_COLUMN}{row}"
    value = sheet[at].value
    formula = written[at].value
    if value is None and isinstance(formula, str) and formula.startswith("="):
        return Problem(
            "formula-no-value",
            f"公式“{formula}”没有计算结果",
            form_at(at),
            "用 Excel/WPS 打开后保存再试，或填写数值",
        )
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    cell: Cell = value
    return cell


def _belongs(
    file_name: str, shown_as: str, label: str, month: str, sheet: Any
) -> Iterator[Problem]:
    """The sheet and the file name must name the org and month the form was made for."""
    parsed = Month.parse(month)  # _sheet_problem has checked it parses
    month_label = f"{parsed.year}年{parsed.month}月"
    if _text(sheet[ORG_CELL].value) != label:
        yield Problem(
            "form-other-org",
            f"填报单位写作“{_text(sheet[ORG_CELL].value)}”，但本表是为“{label}”生成的",
            Location(shown_as, sheet=FORM_SHEET, cell=ORG_CELL),
            f"不要改用其他单位的表：{REFILL}",
        )
    if _text(sheet[MONTH_CELL].value) != month_label:
        yield Problem(
            "form-other-month",
            f"填报期间写作“{_text(sheet[MONTH_CELL].value)}”，但本表是 {month_label} 的",
            Location(shown_as, sheet=FORM_SHEET, cell=MONTH_CELL),
            f"不要沿用其他月份的表：{REFILL}",
        )
    named = _FILE_NAME.search(file_name)
    if named is not None and (named.group(1), named.group(2)) != (month, form_file_label(label)):
        yield Problem(
            "form-other-month" if named.group(1) != month else "form-other-org",
            f"文件名写的是 {named.group(1)} {named.group(2)}，但表内是 {month} {label} 的填报表",
            Location(shown_as),
            f"核对是否放错了文件；{REFILL}",
        )


def _altered_row(sheet: Any, row: int, made: tuple[str, str, str], at: Any) -> Problem | None:
    """A line whose name, unit or basis (as the form wrote them) was changed on the sheet."""
    for column, expected, what in zip(
        (NAME_COLUMN, UNIT_COLUMN, BASIS_COLUMN), made, ("指标", "计量单位", "口径"), strict=True
    ):
        found = _text(sheet[f"{column}{row}"].value)
        if found != expected:
            return Problem(
                "form-altered",
                f"第{row}行{what}应为“{expected}”，表中为“{found}”（填报表的行或单位被改动）",
                at(f"{column}{row}"),
                f"恢复原样：不要增删行、修改指标或计量单位；或{REFILL}",
            )
    return None


def _extra_rows(sheet: Any, last_row: int, count: int, at: Any) -> Iterator[Problem]:
    """A value below the form's rows would silently not count: say so."""
    for row in range(last_row + 1, sheet.max_row + 1):
        value = sheet[f"{VALUE_COLUMN}{row}"].value
        if value is not None and _text(value):
            yield Problem(
                "form-altered",
                f"本表只有 {count} 项指标，第{row}行多出的数值不会被读取",
                at(f"{VALUE_COLUMN}{row}"),
                f"删除多出的行；需要增加指标请联系汇总单位，{REFILL}",
            )
