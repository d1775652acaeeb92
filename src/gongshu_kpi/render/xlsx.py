"""The XLSX report an office circulates as it comes: title and unit rows, frozen header,
numbers stored as numbers with formats, status colours, A4 landscape print set-up, sheets for
the summary, the orgs and the months, and native (editable) Excel charts."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from gongshu_kpi.core.display import AmountRule, places_of
from gongshu_kpi.core.units import convert
from gongshu_kpi.render.columns import ADJUSTED_MARK, adjusted
from gongshu_kpi.render.formats import NO_DATA, title
from gongshu_kpi.render.publication import (
    Publication,
    actual_rule,
    display_name,
    month_label,
    target_rule,
    text,
)
from gongshu_kpi.render.view import Line, make_view, unit_text

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage, Report
    from gongshu_kpi.render.jobs import ReportJob

HEADER_ROW = 3  # row 1: title; row 2: the unit basis; row 3: the header
FONT = "等线"  # Excel's default CJK font; LibreOffice substitutes a CJK one
HEADER_FILL = "DCE6F1"


@dataclass(frozen=True, slots=True)
class Cell:
    """A value and its number format (None: text or empty)."""

    value: Any
    number_format: str | None = None
    fill: str | None = None
    colour: str | None = None


class CellOf(Protocol):
    """A column's cell from the line's result, its view line and the report; each column
    uses what it needs (ruff's ARG rules are off for this module for that reason)."""

    def __call__(self, result: IndicatorResult, line: Line, report: Report, /) -> Cell: ...


@dataclass(frozen=True, slots=True)
class XColumn:
    zh: str
    en: str
    cell: CellOf
    numeric: bool = False


def _number(value: Decimal) -> Decimal:
    # Never exponent form in the file (5E+4): Excel reads it, other readers may not.
    return Decimal(format(value, "f"))


def amount_format(places: int, thousands: bool) -> str:
    whole = "#,##0" if thousands else "0"
    return whole if places == 0 else f"{whole}.{'0' * places}"


def _amount(value: Decimal | None, rule: AmountRule, thousands: bool) -> Cell:
    """The exact figure in the shown unit, formatted to the places the display rule prints:
    the cell shows what the bulletin says, a sum over cells uses the exact figures."""
    if value is None:
        return Cell("—")
    shown = rule.value(value)
    exact = convert(value, rule.own, rule.shown)
    # A declared or rounded display keeps its places; otherwise the figure as it is.
    stored = shown if rule.places is not None else exact
    return Cell(_number(stored), amount_format(places_of(shown), thousands))


def _percent(value: Decimal | None, places: int) -> Cell:
    if value is None:
        return Cell("—")
    return Cell(_number(value / 100), f"0.{'0' * places}%" if places else "0%")


def _points(value: Decimal | None, places: int) -> Cell:
    if value is None:
        return Cell("—")
    digits = f"0.{'0' * places}" if places else "0"
    return Cell(_number(value), f"+{digits};-{digits};{digits}")


def growth_gap_format(places: int, lang: OutputLanguage) -> str:
    """A growth target's gap in the completion-rate column: stored as points, shown in words
    as the bulletin says them (Excel shows the second section's number without its sign)."""
    d = f"0.{'0' * places}" if places else "0"
    if lang == "en":
        return f'{d}" points above the target rate";{d}" points below it";"at the target rate"'
    return f'"高于目标增速"{d}"个百分点";"低于目标增速"{d}"个百分点";"与目标增速持平"'


def _gap(value: Decimal | None, places: int, lang: OutputLanguage) -> Cell:
    if value is None:
        return Cell("—")
    return Cell(_number(value), growth_gap_format(places, lang))


def _status(result: IndicatorResult, line: Line, report: Report) -> Cell:
    if not line.status:
        return Cell("—")
    return Cell(line.status, fill=line.status_fill, colour=line.status_colour)


def _target(result: IndicatorResult, line: Line, report: Report) -> Cell:
    """The target in force, a number; an adjusted one shows the mark after it (20*) through
    its number format, as the other tables print it, and the footer says what it was."""
    cell = _amount(result.target, target_rule(result, report), _thousands(report))
    if not adjusted(line) or cell.number_format is None:
        return cell
    return Cell(cell.value, f'{cell.number_format}"{ADJUSTED_MARK}"', cell.fill, cell.colour)


def _thousands(report: Report) -> bool:
    return report.settings.thousands_separator


def summary_columns(
    report: Report,
    lines: Sequence[Line],
    projection: bool,
    lang: OutputLanguage = "zh",
    keys: Sequence[str] = (),
) -> list[XColumn]:
    places = report.settings.rate_places
    growth = report.settings.growth_places
    several_orgs = len({line.org for line in lines}) > 1 or bool(report.org_label)
    columns = [XColumn("指标", "Indicator", lambda r, ln, rep: Cell(ln.name))]
    if several_orgs:
        columns.append(XColumn("单位", "Org", lambda r, ln, rep: Cell(ln.org)))
    columns += [
        XColumn("年度目标", "Annual target", _target, numeric=True),
        XColumn("目标单位", "Target unit", lambda r, ln, rep: Cell(ln.target_unit)),
        XColumn("期间", "Period", lambda r, ln, rep: Cell(ln.period or "—")),
        XColumn(
            "累计完成",
            "YTD actual",
            lambda r, ln, rep: _amount(r.actual, actual_rule(r, rep), _thousands(rep)),
            numeric=True,
        ),
        XColumn("计量单位", "Unit", lambda r, ln, rep: Cell(ln.actual_unit)),
        XColumn(
            "完成率",
            "Completion rate",
            lambda r, ln, rep: (
                _gap(r.rate, growth, lang) if ln.growth_target else _percent(r.rate, places)
            ),
            numeric=True,
        ),
        XColumn(
            "序时进度",
            "Time progress",
            lambda r, ln, rep: _percent(r.time_progress, places),
            numeric=True,
        ),
        XColumn(
            "差值（百分点）",
            "Pace (points)",
            lambda r, ln, rep: _points(r.pace, places),
            numeric=True,
        ),
        XColumn("状态", "Status", _status),
    ]
    return columns + _optional_columns(report, lines, projection, lang, keys)


def _optional_columns(
    report: Report,
    lines: Sequence[Line],
    projection: bool,
    lang: OutputLanguage,
    keys: Sequence[str],
) -> list[XColumn]:
    """同比, 占比 and 排名 when some line has them; then the columns asked for (--columns,
    --projection)."""
    places = report.settings.rate_places
    growth = report.settings.growth_places
    columns: list[XColumn] = []
    if any(line.yoy for line in lines):
        columns.append(
            XColumn("同比", "YoY", lambda r, ln, rep: _percent(r.yoy, growth), numeric=True)
        )
    if report.share_of:
        columns.append(
            XColumn(
                f"占{report.share_of}",
                f"Share of {report.share_of}",
                lambda r, ln, rep: _percent(r.share, places),
                numeric=True,
            )
        )
    if any(line.rank for line in lines):
        columns.append(XColumn("排名", "Rank", lambda r, ln, rep: Cell(ln.rank or "—")))
    from gongshu_kpi.render.xlsx_columns import extra_xcolumns  # it builds on this module

    return columns + extra_xcolumns(report, lines, keys, projection, lang)


def display_width(value: object) -> int:
    """Columns a text takes: a CJK character is two wide (Excel's widths count Latin ones)."""
    shown = value if isinstance(value, str) else format(value, "f") if value is not None else ""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(shown))


@dataclass(frozen=True, slots=True)
class _Table:
    """What one sheet shows: a title, the basis line, the header, rows and notes below."""

    heading: str
    basis: str
    headers: Sequence[str]
    rows: Sequence[Sequence[Cell]]
    numeric: Sequence[bool]  # per column: right-aligned
    footer: Sequence[str] = ()


def _write_table(sheet: Worksheet, table: _Table) -> None:
    """Title, basis line, bold header, rows; widths, frozen header and print set-up."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    heading, basis, headers, rows = table.heading, table.basis, table.headers, table.rows
    numeric, footer = table.numeric, table.footer

    last = get_column_letter(len(headers))
    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    sheet["A1"] = heading
    sheet["A1"].font = Font(name=FONT, bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.merge_cells(f"A1:{last}1")
    sheet.row_dimensions[1].height = 24
    sheet["A2"] = basis
    sheet["A2"].font = Font(name=FONT, size=9, color="595959")
    sheet.merge_cells(f"A2:{last}2")
    for index, header in enumerate(headers, 1):
        head = sheet.cell(HEADER_ROW, index, header)
        head.font = Font(name=FONT, bold=True)
        head.fill = PatternFill("solid", fgColor=HEADER_FILL)
        head.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        head.border = border
    widths = [display_width(h) for h in headers]
    for offset, row in enumerate(rows):
        for index, item in enumerate(row, 1):
            value = item.value
            cell = sheet.cell(HEADER_ROW + 1 + offset, index)
            if isinstance(value, str):
                cell.value = value
                cell.data_type = "s"  # never a formula, whatever the text starts with
            else:
                cell.value = value
            if item.number_format:
                cell.number_format = item.number_format
            cell.font = Font(name=FONT, color=item.colour)
            if item.fill:
                cell.fill = PatternFill("solid", fgColor=item.fill)
            cell.border = border
            right = numeric[index - 1] or item.number_format is not None
            cell.alignment = Alignment(horizontal="right" if right else "left")
            widths[index - 1] = max(widths[index - 1], _shown_width(item))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(width + 2, 6), 40)
    after = HEADER_ROW + len(rows) + 2
    for offset, line in enumerate(footer):
        note = sheet.cell(after + offset, 1, line)
        note.data_type = "s"
        note.font = Font(name=FONT, size=9, color="595959")
    sheet.freeze_panes = f"B{HEADER_ROW + 1}"  # the header rows and the name column
    _print_setup(sheet)


def _shown_width(item: Cell) -> int:
    """Width of the text Excel shows: a number with its format's places, %, separators."""
    value = item.value
    if not isinstance(value, Decimal) or item.number_format is None:
        return display_width(value)
    sections = item.number_format.split(";")
    section = sections[1] if value < 0 and len(sections) > 1 else sections[0]
    words = "".join(re.findall(r'"([^"]*)"', section))  # quoted text shown beside the number
    fmt = re.sub(r'"[^"]*"', "", section)
    places = len(fmt.split(".")[1].rstrip("%")) if "." in fmt else 0
    number = value * 100 if fmt.endswith("%") else value
    shown = format(number, f"{',' if ',' in fmt else ''}.{places}f")
    signs = (1 if fmt.endswith("%") else 0) + (1 if fmt.startswith("+") else 0)
    return len(shown) + signs + display_width(words)


def _print_setup(sheet: Worksheet, header: int | None = HEADER_ROW) -> None:
    """A4 landscape, one page wide, the `header` row repeated on every page (None: no row
    repeats, for a sheet of charts or of several tables)."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    from openpyxl.worksheet.properties import PageSetupProperties

    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    if header is not None:
        sheet.print_title_rows = f"{header}:{header}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "&P / &N"  # type: ignore[union-attr]


def _summary(
    sheet: Worksheet,
    report: Report,
    publication: Publication,
    lang: OutputLanguage,
    projection: bool,
    keys: Sequence[str] = (),
) -> None:
    from gongshu_kpi.render.xlsx_columns import summary_footer

    view = make_view(report, lang)
    columns = summary_columns(report, view.lines, projection, lang, keys)
    rows = []
    for result, line in zip(report.results, view.lines, strict=True):
        row = [c.cell(result, line, report) for c in columns]
        if not line.has_data:
            row = [
                c.cell(result, line, report)
                if c.zh in ("指标", "单位", "年度目标", "目标单位")
                else Cell(NO_DATA[lang] if c.zh == "累计完成" else "—")
                for c in columns
            ]
        rows.append(row)
    _write_table(
        sheet,
        _Table(
            title(view, lang),
            f"{text('basis', lang)}",
            [c.zh if lang == "zh" else c.en for c in columns],
            rows,
            [c.numeric for c in columns],
            summary_footer(publication, lang, keys, report),
        ),
    )


def _trend(sheet: Worksheet, publication: Publication, lang: OutputLanguage) -> bool:
    """Rows of (indicator, measure), a column per month: year to date and completion rate."""
    report = publication.report
    months = sorted({row.month for rows in publication.trends.values() for row in rows})
    if not months:
        return False
    rows: list[list[Cell]] = []
    places = report.settings.rate_places
    for result in report.results:
        if result.org:
            continue
        trend = {row.month: row for row in publication.trends.get(result.indicator.id, ())}
        if not trend:
            continue
        rule = actual_rule(result, report)
        name, unit = _name(result, lang), unit_text(rule.shown.text, lang, result.indicator.units)
        rows.append(
            [Cell(name), Cell(text("ytd", lang)), Cell(unit)]
            + [
                _amount(trend[m].ytd, rule, _thousands(report)) if m in trend else Cell("—")
                for m in months
            ]
        )
        rows.append(
            [Cell(name), Cell(text("rate", lang)), Cell("%")]
            + [_percent(trend[m].rate, places) if m in trend else Cell("—") for m in months]
        )
    headers = [
        "指标" if lang == "zh" else "Indicator",
        text("measure", lang),
        text("unit", lang),
        *(month_label(m, lang) for m in months),
    ]
    heading = f"{report.year}年逐月完成情况" if lang == "zh" else f"{report.year}, month by month"
    numeric = [False, False, False, *(True for _ in months)]
    _write_table(sheet, _Table(heading, text("basis", lang), headers, rows, numeric))
    return True


def _name(result: IndicatorResult, lang: OutputLanguage) -> str:
    return display_name(result, lang)


def render_workbook(
    publication: Publication,
    lang: OutputLanguage = "zh",
    projection: bool = False,
    keys: Sequence[str] = (),
) -> bytes:
    from openpyxl import Workbook

    report = publication.report
    book = Workbook()
    summary = book.active
    assert summary is not None
    summary.title = text("summary", lang)
    _summary(summary, report, publication, lang, projection, keys)
    by_org = publication.by_org
    if by_org is not None and any(r.org for r in by_org.results):
        sheet = book.create_sheet(text("by_org", lang))
        _summary(sheet, by_org, publication, lang, projection, keys)
    _trend(book.create_sheet(text("trend", lang)), publication, lang)
    from gongshu_kpi.render.xlsx_charts import add_charts  # it uses this module's cells

    add_charts(book, publication, lang)
    book.active = 0
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def workbook_output(job: ReportJob) -> bytes:
    """The publication view's renderer (render/registry.py)."""
    assert job.publication is not None
    return render_workbook(job.publication, job.language, job.projection, job.columns)
