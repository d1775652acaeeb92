"""The scorecard (赛马) as a Word document in the house style (render/docx.py): the title,
the orgs × indicators table with each figure's cell shaded by its status, the legend of the
colours and the scoring rule."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongshu_kpi.render.docx import (
    HOUSE_STYLE,
    STYLE_NAMES,
    _cell_text,
    _page,
    _shade,
    _styles,
    fit,
    header_units,
    repeat_header,
    saved,
    set_widths,
)
from gongshu_kpi.render.scorecard import footer, grid, headers, legend, rank_text, title
from gongshu_kpi.render.view import plain

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.core.scorecard import Scorecard
    from gongshu_kpi.render.jobs import ScorecardJob

LEGEND_WORD = {"zh": "颜色：", "en": "Colours: "}


def render_scorecard_docx(card: Scorecard, report: Report, lang: OutputLanguage) -> bytes:
    from docx import Document
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from gongshu_kpi.render.xlsx import display_width

    heads = headers(card, lang)
    shown = grid(card, report, lang)
    texts = [
        [rank_text(row.rank, row.tied, lang), row.org, *(c.text for c in figures), plain(row.score)]
        for row, figures in zip(card.rows, shown, strict=True)
    ]
    # The Word bulletin's fitting rule: the org may wrap, figures never; a long header (an
    # indicator and its weight) onto two lines; landscape, then 六号, when the page is narrow.
    units = [
        max([header_units(display_width(head)), *(display_width(r[i]) for r in texts)])
        for i, head in enumerate(heads)
    ]
    shape = fit(units, [i == 1 for i in range(len(heads))], HOUSE_STYLE)
    style = STYLE_NAMES[shape.role]
    document = Document()
    _page(document.sections[0], shape.landscape)
    _styles(document, HOUSE_STYLE)
    document.add_paragraph(title(card, lang), style=STYLE_NAMES["title"])
    table = document.add_table(rows=1, cols=len(heads))
    table.style = document.styles["Table Grid"]
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        _cell_text(cell, head, bold=True, style=style)
        _shade(cell, "DCE6F1", OxmlElement, qn)
    repeat_header(table, OxmlElement)
    for values, figures in zip(texts, shown, strict=True):
        cells = table.add_row().cells
        for index, value in enumerate(values):
            _cell_text(cells[index], value, right=index != 1, style=style)
        for cell, figure in zip(cells[2:], figures, strict=False):
            if figure.kind and figure.line.status_code:
                _shade(cell, figure.line.status_fill, OxmlElement, qn)
    set_widths(table, shape, HOUSE_STYLE)
    statuses = legend(shown)
    if statuses:
        key = document.add_paragraph(LEGEND_WORD[lang], style=STYLE_NAMES["note"])
        for line in statuses:
            run = key.add_run(f" {line.status} ")
            run.element.get_or_add_rPr().append(_shading(line.status_fill))
    document.add_paragraph(footer(card, lang), style=STYLE_NAMES["note"])
    return saved(document, title(card, lang))


def _shading(fill: str) -> Any:
    """A run's background (the legend's swatches): w:shd in its properties."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    made = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        made.set(qn(key), value)
    return made


def scorecard_docx_output(job: ScorecardJob) -> bytes:
    """The scorecard view's DOCX renderer (render/registry.py)."""
    return render_scorecard_docx(job.card, job.report, job.language)
