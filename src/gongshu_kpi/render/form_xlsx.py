"""The collection form (填报表) an org fills in, as an Excel workbook, and what identifies it.

Sheet 填报表 is what people see: a title, who and which month, the deadline, instructions, and
one row per indicator with its unit, basis, last month's and last year's figures for
reference and a yellow input cell (data validation: a decimal, ≥ 0 unless the indicator
allows negatives). Every other cell is locked; the sheet is protected without a password,
so anyone can see why a cell is locked and unlock it.

Sheet kpi_form (hidden, not very-hidden: 取消隐藏 shows it) is the metadata `kpi` reads
back, documented in README.md ("Collection forms"): key/value rows, then one row per
indicator line with the sheet row it lives on and a fingerprint of what the row must say.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.form_layout import (
    COLUMNS,
    FIRST_ROW,
    FORM_SHEET,
    HEADER_ROW,
    META_KEYS,
    META_LINE_HEADER,
    META_LINES_ROW,
    META_SHEET,
    MONTH_CELL,
    ORG_CELL,
    basis_text,
    form_metadata,
    month_text,
)

if TYPE_CHECKING:
    from openpyxl.styles import Border
    from openpyxl.worksheet.datavalidation import DataValidation
    from openpyxl.worksheet.worksheet import Worksheet

    from gongshu_kpi.core.collection import FormSpec


def render_form(spec: FormSpec) -> bytes:
    """One org's form as .xlsx bytes."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = FORM_SHEET
    _write_head(sheet, spec)
    _write_lines(sheet, spec)
    end = FIRST_ROW + len(spec.lines) - 1
    sheet.cell(end + 2, 1, "注：上月数、上年同期数为已报送数据，仅供核对；黄色单元格为填报区。")
    for letter, width in zip("ABCDEFGH", (10, 26, 10, 12, 17, 17, 19, 20), strict=True):
        sheet.column_dimensions[letter].width = width
    _protect_and_print(sheet, end)
    _write_metadata(workbook.create_sheet(META_SHEET), spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _border() -> Border:
    from openpyxl.styles import Border, Side

    thin = Side(style="thin", color="808080")
    return Border(left=thin, right=thin, top=thin, bottom=thin)


def _write_head(sheet: Worksheet, spec: FormSpec) -> None:
    """The title, who / which month / the deadline, the instructions and the header row."""
    from openpyxl.styles import Alignment, Font, PatternFill

    month_label = month_text(spec.year, spec.month)
    last = (spec.year, spec.month - 1) if spec.month > 1 else None
    sheet.merge_cells("A1:H1")
    sheet["A1"] = f"{spec.org_label} {month_label} 经济指标填报表"
    sheet["A1"].font = Font(size=16, bold=True)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    for label_at, text in (("A2", "填报单位"), ("D2", "填报期间"), ("F2", "报送期限")):
        sheet[label_at] = text
        sheet[label_at].font = Font(bold=True)
    sheet[ORG_CELL] = spec.org_label
    sheet[MONTH_CELL] = month_label
    sheet["G2"] = "未设定" if spec.due is None else f"{spec.due:%Y年%-m月%-d日}前"
    sheet.merge_cells("A3:H3")
    sheet["A3"] = _instructions(spec)
    sheet["A3"].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.row_dimensions[3].height = 96
    headers = list(COLUMNS)
    headers[4] = "上月数" + (f"（{month_text(*last)}）" if last else "")
    headers[5] = f"上年同期（{month_text(spec.year - 1, spec.month)}）"
    headers[6] = f"本月填报（{month_label}）"
    border = _border()
    for index, text in enumerate(headers, 1):
        cell = sheet.cell(HEADER_ROW, index, text)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="D9D9D9")
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.row_dimensions[HEADER_ROW].height = 32


def _validations(sheet: Worksheet) -> tuple[DataValidation, DataValidation]:
    """The input cell's rules: (a number not below 0, a number of either sign)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    non_negative = DataValidation(
        type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True
    )
    any_sign = DataValidation(
        type="decimal", operator="between", formula1="-1E+15", formula2="1E+15", allow_blank=True
    )
    for validation, rule in ((non_negative, "不小于 0 的数字"), (any_sign, "数字（可为负）")):
        validation.error = f"请填写{rule}，不要填写单位或文字；没有数据请留空。"
        validation.errorTitle = "数值无效"
        validation.prompt = f"填写{rule}，单位见“计量单位”列；没有数据请留空（不要填 0）"
        validation.promptTitle = "本月填报"
        validation.showErrorMessage = True
        validation.showInputMessage = True
        sheet.add_data_validation(validation)
    return non_negative, any_sign


def _write_lines(sheet: Worksheet, spec: FormSpec) -> None:
    """One row per indicator line: the figures for reference and the yellow input cell."""
    from openpyxl.styles import Alignment, PatternFill, Protection

    border = _border()
    wrap = Alignment(wrap_text=True, vertical="center")
    unlocked = Protection(locked=False)
    non_negative, any_sign = _validations(sheet)
    input_fill = PatternFill("solid", fgColor="FFF2CC")
    for number, line in enumerate(spec.lines, 1):
        row = FIRST_ROW + number - 1
        values: list[int | str | Decimal | None] = [
            number,
            line.indicator.name,
            line.indicator.unit,
            basis_text(line.basis, line.indicator, spec.month),
            line.last_month,
            line.last_year,
            None,
            None,
        ]
        for index, value in enumerate(values, 1):
            cell = sheet.cell(row, index, value)  # openpyxl writes a Decimal exactly
            cell.border = border
            cell.alignment = wrap
            if isinstance(value, Decimal):
                cell.number_format = _number_format(value)
        sheet.row_dimensions[row].height = 20
        sheet.cell(row, 2).data_type = "s"  # a name is never a formula, whatever it starts with
        for column in (7, 8):
            sheet.cell(row, column).protection = unlocked
        value_cell = sheet.cell(row, 7)
        value_cell.fill = input_fill
        (any_sign if line.indicator.allow_negative else non_negative).add(value_cell)


def _protect_and_print(sheet: Worksheet, end: int) -> None:
    """Locked but for the input cells (no password), and A4 landscape, one page wide."""
    sheet.protection.sheet = True  # no password: protection guides, it does not hide
    sheet.protection.formatColumns = False  # widths may still be changed
    sheet.freeze_panes = f"A{FIRST_ROW}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.print_area = f"A1:H{end + 2}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    if sheet.sheet_properties.pageSetUpPr is not None:
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    if sheet.oddFooter is not None:
        sheet.oddFooter.center.text = "第 &P 页，共 &N 页"


def _instructions(spec: FormSpec) -> str:
    due = "（未设定报送期限）" if spec.due is None else f"请于 {spec.due:%Y年%-m月%-d日} 前报送。"
    return (
        "填写说明：\n"
        "1. 只在黄色的“本月填报”列填写数字，单位见“计量单位”列；不要填写单位、文字或公式。\n"
        "2. 口径为“本月”的填当月发生数；“1-N月累计”的填本年1月至本月的累计数；"
        "“月末数”的填本月末的时点数。\n"
        "3. 没有数据的请留空——留空表示未报送，不要填 0。\n"
        "4. 上月数、上年同期数仅供核对；请勿增删行、修改指标名称或计量单位。\n"
        f"5. 填好后直接保存为 .xlsx 报送，不要改文件名。{due}"
    )


def _number_format(value: Decimal) -> str:
    places = max(0, -int(value.as_tuple().exponent))
    return "0" if places == 0 else "0." + "0" * places


def _write_metadata(sheet: object, spec: FormSpec) -> None:
    from openpyxl.worksheet.worksheet import Worksheet

    assert isinstance(sheet, Worksheet)
    values, lines = form_metadata(spec)
    sheet["A1"] = "kpi 填报表元数据：kpi 据此识别和核对本表，请勿修改（说明见 kpi 的 README）"
    for row, key in enumerate(META_KEYS, 2):
        sheet.cell(row, 1, key)
        cell = sheet.cell(row, 2, values[key])
        cell.data_type = "s"  # 2020-06 must stay text, never become a date
    for index, text in enumerate(META_LINE_HEADER, 1):
        sheet.cell(META_LINES_ROW, index, text)
    for offset, line in enumerate(lines, 1):
        for index, text in enumerate(line, 1):
            sheet.cell(META_LINES_ROW + offset, index, text).data_type = "s"
    sheet.column_dimensions["A"].width = 14
    sheet.column_dimensions["B"].width = 24
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True
