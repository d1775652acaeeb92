"""The scorecard (赛马) as an XLSX sheet: orgs as rows, indicators as columns, every figure a
number with a number format (rates as 0.00%, amounts in their displayed unit, the rank with
"并列" in its format), each figure's cell filled with its status colour (data/status.yaml's,
else the built-in one), a legend of the colours and the scoring rule; A4 landscape."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.display import places_of
from gongshu_kpi.render.publication import actual_rule
from gongshu_kpi.render.scorecard import footer, grid, headers, legend, title
from gongshu_kpi.render.xlsx import (
    FONT,
    HEADER_ROW,
    Cell,
    _amount,
    _gap,
    _number,
    _percent,
    _Table,
    _write_table,
)

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.core.scorecard import Scorecard, ScoreRow
    from gongshu_kpi.render.jobs import ScorecardJob
    from gongshu_kpi.render.scorecard import GridCell

SHEET = {"zh": "赛马得分", "en": "Scorecard"}
LEGEND_WORD = {"zh": "颜色：", "en": "Colours:"}


def rank_cell(rank: int, tied: bool, lang: OutputLanguage) -> Cell:
    """The rank as a number; a tie (并列) is said by the number format, so it stays a number."""
    if not tied:
        return Cell(Decimal(rank), "0")
    return Cell(Decimal(rank), '"="0' if lang == "en" else '"并列"0')


def _figure(cell: GridCell, row: ScoreRow, index: int, report: Report, lang: str) -> Cell:
    result = row.cells[index].result
    settings = report.settings
    if cell.kind == "rate":
        made = _percent(result.rate, settings.rate_places)
    elif cell.kind == "points":
        made = _gap(result.rate, settings.growth_places, "en" if lang == "en" else "zh")
    elif cell.kind == "amount":
        rule = actual_rule(result, report)
        made = _amount(result.actual, rule, settings.thousands_separator)
        # The unit in the format, as the table prints it (8.02亿元): the value stays a number.
        unit = cell.line.actual_unit.replace('"', "")
        if unit:
            made = Cell(made.value, f'{made.number_format}"{unit}"')
    else:
        return Cell("—")
    # Every figure, a rate, points or an amount, takes its status's fill and colour.
    line = cell.line
    if not line.status_code:
        return made
    return Cell(made.value, made.number_format, line.status_fill, line.status_colour)


def _rows(
    card: Scorecard, shown: list[list[GridCell]], report: Report, lang: OutputLanguage
) -> list[list[Cell]]:
    out = []
    for row, cells in zip(card.rows, shown, strict=True):
        places = places_of(row.score)
        out.append(
            [
                rank_cell(row.rank, row.tied, lang),
                Cell(row.org),
                *(_figure(c, row, i, report, lang) for i, c in enumerate(cells)),
                Cell(_number(row.score), f"0.{'0' * places}" if places else "0"),
            ]
        )
    return out


def _legend(sheet: Worksheet, at: int, statuses: list[Cell], lang: OutputLanguage) -> None:
    """颜色： then one cell per status, filled and coloured as the figures are."""
    from openpyxl.styles import Font, PatternFill

    sheet.cell(at, 1, LEGEND_WORD[lang]).font = Font(name=FONT, size=9, color="595959")
    for offset, status in enumerate(statuses, 2):
        cell = sheet.cell(at, offset, status.value)
        cell.data_type = "s"
        cell.font = Font(name=FONT, size=9, color=status.colour)
        if status.fill:
            cell.fill = PatternFill("solid", fgColor=status.fill)


def render_scorecard_workbook(card: Scorecard, report: Report, lang: OutputLanguage) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET[lang]
    heads = headers(card, lang)
    shown = grid(card, report, lang)
    rows = _rows(card, shown, report, lang)
    numeric = [True, False, *(True for _ in card.columns), True]
    _write_table(sheet, _Table(title(card, lang), footer(card, lang), heads, rows, numeric))
    sheet.freeze_panes = f"C{HEADER_ROW + 1}"  # the header, the rank and the org stay in view
    for (rank,) in sheet.iter_rows(HEADER_ROW + 1, HEADER_ROW + len(rows), 1, 1):
        rank.alignment = Alignment(horizontal="center")
    statuses = [Cell(ln.status, None, ln.status_fill, ln.status_colour) for ln in legend(shown)]
    if statuses:
        _legend(sheet, HEADER_ROW + len(rows) + 2, statuses, lang)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def scorecard_workbook_output(job: ScorecardJob) -> bytes:
    """The scorecard view's XLSX renderer (render/registry.py)."""
    return render_scorecard_workbook(job.card, job.report, job.language)
