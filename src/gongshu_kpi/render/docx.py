"""The bulletin as a Word document (python-docx): title, the bulletin's lines as paragraphs,
a figures table and the charts, in a 公文-like house style defined once as named styles."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gongshu_kpi.render.formats import CAPTION, columns_for, title
from gongshu_kpi.render.publication import Publication, footer_lines, text
from gongshu_kpi.render.view import make_view

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.render.jobs import ReportJob


@dataclass(frozen=True, slots=True)
class FontStyle:
    name: str  # the font Word uses for Chinese text (eastAsia)
    size: float  # points: 二号 22, 三号 16, 四号 14, 小四 12, 五号 10.5
    bold: bool = False


@dataclass(frozen=True, slots=True)
class HouseStyle:
    """The document's look in one place: fonts by role and sizes (GB/T 9704 公文 sizes)."""

    title: FontStyle = FontStyle("方正小标宋简体", 22)
    heading: FontStyle = FontStyle("黑体", 16)
    body: FontStyle = FontStyle("仿宋_GB2312", 16)
    table: FontStyle = FontStyle("仿宋_GB2312", 9)
    note: FontStyle = FontStyle("仿宋_GB2312", 10.5)
    latin: str = "Times New Roman"
    line_spacing_pt: float = 28  # 公文 body: fixed 28 pt lines
    chart_width_cm: float = 15.5


HOUSE_STYLE = HouseStyle()
# Style names in the document, so an office can restyle them in Word once for all.
STYLE_NAMES = {
    "title": "KPI 标题",
    "heading": "KPI 一级标题",
    "body": "KPI 正文",
    "table": "KPI 表格",
    "note": "KPI 注释",
}


def _font(run_or_style: Any, font: FontStyle, latin: str) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run_or_style.font.name = latin
    run_or_style.font.size = Pt(font.size)
    run_or_style.font.bold = font.bold
    properties = run_or_style.element.get_or_add_rPr()
    fonts = properties.find(qn("w:rFonts"))
    if fonts is None:
        fonts = properties.makeelement(qn("w:rFonts"), {})
        properties.append(fonts)
    fonts.set(qn("w:eastAsia"), font.name)


def _styles(document: Any, house: HouseStyle) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
    from docx.shared import Pt

    for role, name in STYLE_NAMES.items():
        style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles["Normal"]
        font: FontStyle = getattr(house, role)
        _font(style, font, house.latin)
        fmt = style.paragraph_format
        fmt.space_before = Pt(0)
        fmt.space_after = Pt(6 if role in ("title", "heading") else 0)
        if role == "heading":
            fmt.space_before = Pt(12)
        if role == "title":
            fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER
            fmt.space_after = Pt(18)
        if role == "body":
            fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            fmt.line_spacing = Pt(house.line_spacing_pt)
            fmt.first_line_indent = Pt(font.size * 2)  # two characters, as 公文 indent


def _table(
    document: Any, publication: Publication, lang: OutputLanguage, house: HouseStyle
) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    from gongshu_kpi.render.xlsx import display_width

    report = publication.report
    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view)
    table = document.add_table(rows=1, cols=len(columns))
    table.style = document.styles["Table Grid"]
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _cell_text(cell, column.zh if lang == "zh" else column.en, bold=True)
        _shade(cell, "DCE6F1", OxmlElement, qn)
    widths = [display_width(column.zh if lang == "zh" else column.en) for column in columns]
    for line in view.lines:
        cells = table.add_row().cells
        for index, (cell, column) in enumerate(zip(cells, columns, strict=True)):
            value = column.cell(line, lang)
            widths[index] = max(widths[index], display_width(value))
            _cell_text(cell, value, right=column.numeric)
            if column.zh == "状态" and line.status_code:
                _shade(cell, line.status_fill, OxmlElement, qn)
    # Columns as wide as their text; where the page is too narrow, names wrap, figures don't.
    table.autofit = False
    # English units are words (10,000 US dollars): those cells may wrap after the figure.
    flexible = [
        c.wraps or (lang == "en" and c.zh in ("年度目标", "累计完成", "预计全年")) for c in columns
    ]
    for index, cm in enumerate(column_widths(widths, flexible, house)):
        table.columns[index].width = Cm(cm)  # the grid, which LibreOffice reads
        for cell in table.columns[index].cells:  # and each cell, which Word reads
            cell.width = Cm(cm)


def column_widths(units: list[int], wraps: list[bool], house: HouseStyle) -> list[float]:
    """Centimetres per column from text widths (a CJK character counts two units): the
    columns that may wrap (names) give way first, the others only if they must."""
    per_unit = house.table.size * 0.0353 * 0.55  # points -> cm, half an em per unit
    needed = [u * per_unit + 0.35 for u in units]  # plus the cell's padding
    page = house.chart_width_cm
    excess = sum(needed) - page
    if excess <= 0:
        return [w * page / sum(needed) for w in needed]  # spread to the page's width
    flexible = [w for w, wrap in zip(needed, wraps, strict=True) if wrap]
    room = sum(flexible) - 2.0 * len(flexible)  # names keep at least 2 cm
    if flexible and room >= excess:
        shrink = excess / room
        return [
            w - (w - 2.0) * shrink if wrap else w for w, wrap in zip(needed, wraps, strict=True)
        ]
    return [w * page / sum(needed) for w in needed]


def _cell_text(cell: Any, value: str, bold: bool = False, right: bool = False) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    paragraph.style = STYLE_NAMES["table"]
    if right:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.add_run(value)
    run.bold = bold


def _shade(cell: Any, fill: str, element: Any, qn: Any) -> None:
    shading = element("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def render_docx(
    publication: Publication,
    bulletin: Sequence[str],
    charts: Sequence[tuple[str, bytes]],
    lang: OutputLanguage = "zh",
    house: HouseStyle = HOUSE_STYLE,
) -> bytes:
    """The document: `bulletin` is the bulletin text's lines (from its template), `charts`
    (title, PNG) pairs."""
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)
    _styles(document, house)
    report = publication.report
    view = make_view(report, lang)
    document.add_paragraph(title(view, lang), style=STYLE_NAMES["title"])
    for line in bulletin:
        if line.strip():
            document.add_paragraph(line.strip(), style=STYLE_NAMES["body"])
    document.add_paragraph(text("table_heading", lang), style=STYLE_NAMES["heading"])
    _table(document, publication, lang, house)
    if view.summary:  # 9项指标中7项超序时，2项落后序时
        document.add_paragraph(view.summary, style=STYLE_NAMES["note"])
    document.add_paragraph(CAPTION[lang], style=STYLE_NAMES["note"])
    if charts:
        document.add_paragraph(text("charts_heading", lang), style=STYLE_NAMES["heading"])
        for _, png in charts:
            document.add_picture(io.BytesIO(png), width=Cm(house.chart_width_cm))
    for note in footer_lines(publication, lang):
        document.add_paragraph(note, style=STYLE_NAMES["note"])
    document.core_properties.title = title(view, lang)
    document.core_properties.author = "kpi"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_output(job: ReportJob) -> bytes:
    """The publication view's renderer (render/registry.py): the bulletin's text (a template's
    lines) as paragraphs, then the tables and the charts."""
    from gongshu_kpi.render.charts import all_charts, render_png

    assert job.publication is not None and job.bulletin is not None
    pictures = [(c.title, render_png(c)) for c in all_charts(job.publication, job.language)]
    return render_docx(job.publication, job.bulletin.splitlines(), pictures, job.language)
