"""The bulletin as a Word document (python-docx): title, the bulletin's lines as paragraphs,
a figures table and the charts, in a 公文-like house style defined once as named styles.

The table has the columns of the HTML and Markdown reports (render/formats.py `columns_for`,
with --columns and --projection), their cell texts and the footer's reasons for a "—". A table
too wide for the portrait page is set on an A4 landscape page of its own (附表), and one too wide
even for that in the smaller `KPI 宽表格` style."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from gongshu_kpi.render.columns import notes as column_notes
from gongshu_kpi.render.docx_text import figure_pattern, joined
from gongshu_kpi.render.formats import CAPTION, _header, columns_for, title
from gongshu_kpi.render.publication import Publication, footer_lines, text
from gongshu_kpi.render.view import make_view
from gongshu_kpi.render.xlsx import display_width

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.render.columns import Column
    from gongshu_kpi.render.jobs import ReportJob
    from gongshu_kpi.render.view import View


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
    table: FontStyle = FontStyle("仿宋_GB2312", 9)  # 小五
    wide_table: FontStyle = FontStyle("仿宋_GB2312", 7.5)  # 六号: a table too wide for 小五
    note: FontStyle = FontStyle("仿宋_GB2312", 10.5)
    latin: str = "Times New Roman"
    line_spacing_pt: float = 28  # 公文 body: fixed 28 pt lines
    chart_width_cm: float = 15.5  # and the portrait table's width
    landscape_width_cm: float = 24.7  # A4 landscape less 2.5 cm margins left and right
    wide_cell_margin_cm: float = 0.08  # each side of a 六号 table's cells (Word's own: 0.19)


HOUSE_STYLE = HouseStyle()
# Style names in the document, so an office can restyle them in Word once for all.
STYLE_NAMES = {
    "title": "KPI 标题",
    "heading": "KPI 一级标题",
    "body": "KPI 正文",
    "table": "KPI 表格",
    "wide_table": "KPI 宽表格",
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


@dataclass(frozen=True, slots=True)
class Figures:
    """The table's content, as the HTML and Markdown reports have it: headers and cell texts."""

    view: View
    columns: list[Column]
    headers: list[str]
    rows: list[list[str]]


def figures(
    publication: Publication,
    lang: OutputLanguage,
    projection: bool = False,
    keys: Sequence[str] = (),
) -> Figures:
    report = publication.report
    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view, projection, keys)
    headers = [_header(column, lang, view) for column in columns]
    rows = [[column.cell(line, lang) for column in columns] for line in view.lines]
    return Figures(view, columns, headers, rows)


SHORT_HEADER = 8  # display units: a header this wide keeps one line

# English units are words (10,000 US dollars): cells of amounts may wrap after the figure.
_AMOUNTS = ("年度目标", "累计完成", "预计全年", "距目标还差", "月均需完成", "当月")


@dataclass(frozen=True, slots=True)
class Layout:
    """How the table is set: on a landscape page or not, its paragraph style's role (table,
    wide_table) and its columns' widths in centimetres."""

    landscape: bool
    role: str
    widths: list[float]


def layout(table: Figures, lang: OutputLanguage, house: HouseStyle) -> list[Part]:
    """The portrait page at 小五 when the table fits there (names may wrap, figures not), else
    a landscape page at 小五, else a landscape page at 六号; a table too wide even for that is
    split into tables that each repeat the names (指标, 单位) and fit the landscape page."""
    units = [
        max([header_units(display_width(head)), *(figure_units(row[i]) for row in table.rows)])
        for i, head in enumerate(table.headers)
    ]
    wraps = [c.wraps or (lang == "en" and c.zh in _AMOUNTS) for c in table.columns]
    keys = next((i for i, c in enumerate(table.columns) if c.zh not in _KEYS), len(units))
    groups = split(units, wraps, keys, house)
    if len(groups) == 1:
        return [Part(groups[0], fit(units, wraps, house))]
    role, page = "wide_table", house.landscape_width_cm
    return [
        Part(
            group,
            Layout(True, role, column_widths(*_pick(units, wraps, group), house, role, page)),
        )
        for group in groups
    ]


CONTINUED = {"zh": "（续）", "en": " (continued)"}  # the heading of a split table's next part
_KEYS = ("指标", "单位")  # the leading columns each part of a split table repeats


@dataclass(frozen=True, slots=True)
class Part:
    """One table of the document: its columns (indices into the figures' columns), its shape."""

    columns: list[int]
    shape: Layout


def _pick(units: list[int], wraps: list[bool], group: list[int]) -> tuple[list[int], list[bool]]:
    return [units[i] for i in group], [wraps[i] for i in group]


def split(units: list[int], wraps: list[bool], keys: int, house: HouseStyle) -> list[list[int]]:
    """The columns of each table: all of them when they fit the landscape page at 六号, else
    the first `keys` (the names) in every table and the others, in order, as many as fit."""
    role, page = "wide_table", house.landscape_width_cm
    if least_width(units, wraps, house, role) <= page or keys >= len(units):
        return [list(range(len(units)))]
    groups: list[list[int]] = [list(range(keys))]
    for index in range(keys, len(units)):
        trial = [*groups[-1], index]
        if len(groups[-1]) > keys and least_width(*_pick(units, wraps, trial), house, role) > page:
            groups.append([*range(keys), index])
        else:
            groups[-1] = trial
    return _balanced(units, wraps, keys, len(groups), house) or groups


def _balanced(
    units: list[int], wraps: list[bool], keys: int, count: int, house: HouseStyle
) -> list[list[int]]:
    """`count` tables of about equal width (a break where the running width passes each
    count-th of the whole), or [] where one of them would not fit the page."""
    needed = _needed(units, house, "wide_table")
    total = sum(needed[keys:])
    groups: list[list[int]] = [list(range(keys))]
    running = 0.0
    for index in range(keys, len(units)):
        if len(groups[-1]) > keys and running + needed[index] / 2 > total * len(groups) / count:
            groups.append(list(range(keys)))
        groups[-1].append(index)
        running += needed[index]
    page = house.landscape_width_cm
    if any(least_width(*_pick(units, wraps, g), house, "wide_table") > page for g in groups):
        return []
    return groups


def figure_units(text: str) -> int:
    """A cell's width in display units: a CJK character two, a digit one, and a % sign two
    (in Times New Roman it is as wide as one and a half digits): so 62.19% never breaks."""
    return display_width(text) + text.count("%")


def fit(units: list[int], wraps: list[bool], house: HouseStyle) -> Layout:
    """The fitting rule for every table of the Word documents, from its columns' text widths
    (`units`, a long header's at half) and which columns may wrap (names): portrait at 小五,
    else landscape at 小五, else landscape at 六号."""
    tries = (
        (False, "table", house.chart_width_cm),
        (True, "table", house.landscape_width_cm),
        (True, "wide_table", house.landscape_width_cm),
    )
    fits = (t for t in tries if least_width(units, wraps, house, t[1]) <= t[2])
    landscape, role, page = next(fits, tries[-1])
    return Layout(landscape, role, column_widths(units, wraps, house, role, page))


def header_units(width: int) -> int:
    """A header's width when it may take two lines: up to 8 units (four CJK characters) it
    keeps one; longer, half, rounded up to whole characters (距目标 / 还差)."""
    return width if width <= SHORT_HEADER else -(-width // 4) * 2


def _table(document: Any, table: Figures, part: Part, house: HouseStyle) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    style = STYLE_NAMES[part.shape.role]
    grid = document.add_table(rows=1, cols=len(part.columns))
    grid.style = document.styles["Table Grid"]
    for cell, index in zip(grid.rows[0].cells, part.columns, strict=True):
        _cell_text(cell, table.headers[index], bold=True, style=style)
        _shade(cell, "DCE6F1", OxmlElement, qn)
    repeat_header(grid, OxmlElement)
    for line, texts in zip(table.view.lines, table.rows, strict=True):
        cells = grid.add_row().cells
        for cell, index in zip(cells, part.columns, strict=True):
            column = table.columns[index]
            _cell_text(cell, texts[index], right=column.numeric, style=style)
            if column.zh == "状态" and line.status_code:
                _shade(cell, line.status_fill, OxmlElement, qn)
    set_widths(grid, part.shape, house)


def repeat_header(grid: Any, element: Any) -> None:
    """The header row is repeated on each page the table runs onto."""
    grid.rows[0]._tr.get_or_add_trPr().append(element("w:tblHeader"))


def set_widths(grid: Any, shape: Layout, house: HouseStyle) -> None:
    """Columns as wide as their text; where the page is too narrow, names wrap, figures don't.
    A 六号 table gets its narrow cell margins."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm

    if shape.role == "wide_table":
        _cell_margins(grid, house.wide_cell_margin_cm, OxmlElement, qn)
    grid.autofit = False
    for index, cm in enumerate(shape.widths):
        grid.columns[index].width = Cm(cm)  # the grid, which LibreOffice reads
        for cell in grid.columns[index].cells:  # and each cell, which Word reads
            cell.width = Cm(cm)


def _cell_margins(grid: Any, cm: float, element: Any, qn: Any) -> None:
    """The table's left and right cell margins (tblCellMar), in twips as Word keeps them."""
    margins = element("w:tblCellMar")
    for side in ("left", "right"):
        margin = element(f"w:{side}")
        margin.set(qn("w:w"), str(round(cm * 567)))
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    look = grid._tbl.tblPr.find(qn("w:tblLook"))  # the schema's order: tblCellMar, tblLook
    if look is not None:
        look.addprevious(margins)
    else:
        grid._tbl.tblPr.append(margins)


def _needed(units: list[int], house: HouseStyle, role: str) -> list[float]:
    per_unit = getattr(house, role).size * 0.0353 * 0.55  # points -> cm, half an em per unit
    # Plus the cell's padding: Word's margins, or the narrow ones of a 六号 table.
    padding = 0.35 if role == "table" else 2 * house.wide_cell_margin_cm + 0.05
    return [u * per_unit + padding for u in units]


def least_width(units: list[int], wraps: list[bool], house: HouseStyle, role: str) -> float:
    """The narrowest the table can be in `role`'s style: figures whole, names down to 2 cm."""
    needed = _needed(units, house, role)
    return sum(min(w, 2.0) if wrap else w for w, wrap in zip(needed, wraps, strict=True))


def column_widths(
    units: list[int],
    wraps: list[bool],
    house: HouseStyle,
    role: str = "table",
    page: float | None = None,
) -> list[float]:
    """Centimetres per column from text widths (a CJK character counts two units) in the
    style of `role` (table, wide_table) on a `page` that wide (the portrait one's): the
    columns that may wrap (names) give way, down to 2 cm; figures never (a table too wide
    even so is split first, `split`)."""
    needed = _needed(units, house, role)
    page = house.chart_width_cm if page is None else page
    excess = sum(needed) - page
    if excess <= 0:
        return [w * page / sum(needed) for w in needed]  # spread to the page's width
    give = [max(w - 2.0, 0.0) if wrap else 0.0 for w, wrap in zip(needed, wraps, strict=True)]
    shrink = min(1.0, excess / sum(give)) if sum(give) > 0 else 0.0
    return [w - g * shrink for w, g in zip(needed, give, strict=True)]


def _cell_text(
    cell: Any, value: str, bold: bool = False, right: bool = False, style: str = ""
) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    paragraph = cell.paragraphs[0]
    paragraph.style = style or STYLE_NAMES["table"]
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


def _page(section: Any, landscape: bool) -> None:
    """A4, portrait with the 公文 margins, or landscape for a wide table (附表)."""
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21)
        section.top_margin, section.bottom_margin = Cm(2.8), Cm(2.6)
        section.left_margin, section.right_margin = Cm(2.5), Cm(2.5)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
        section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)


def _new_page(document: Any, landscape: bool) -> None:
    from docx.enum.section import WD_SECTION

    _page(document.add_section(WD_SECTION.NEW_PAGE), landscape)


def render_docx(
    job: ReportJob, charts: Sequence[tuple[str, bytes]], house: HouseStyle = HOUSE_STYLE
) -> bytes:
    """The document: the job's bulletin text (from its template) as paragraphs, its table
    with the columns --projection and --columns add, and `charts`, (title, PNG) pairs."""
    from docx import Document
    from docx.shared import Cm

    document = Document()
    _page(document.sections[0], landscape=False)
    _styles(document, house)
    assert job.publication is not None
    publication, lang, keys = job.publication, job.language, job.columns
    bulletin = (job.bulletin or "").splitlines()
    table = figures(publication, lang, job.projection, keys)
    view = table.view
    document.add_paragraph(title(view, lang), style=STYLE_NAMES["title"])
    pattern = figure_pattern(
        unit for ln in view.lines for unit in (ln.unit, ln.target_unit, ln.actual_unit)
    )
    for line in bulletin:
        if line.strip():  # a figure and its unit never split across lines (279.87 / 亿元)
            document.add_paragraph(joined(line.strip(), pattern), style=STYLE_NAMES["body"])
    parts = layout(table, lang, house)
    shape = parts[0].shape
    if shape.landscape:  # the table, its notes and heading on pages of their own
        _new_page(document, landscape=True)
    for number, part in enumerate(parts):
        heading = text("table_heading", lang) + (CONTINUED[lang] if number else "")
        document.add_paragraph(heading, style=STYLE_NAMES["heading"])
        _table(document, table, part, house)
    if view.summary:  # 9项指标中7项超序时，2项落后序时
        document.add_paragraph(view.summary, style=STYLE_NAMES["note"])
    document.add_paragraph(CAPTION[lang], style=STYLE_NAMES["note"])
    for note in column_notes(view, keys, lang):  # why a chosen column shows "—"
        document.add_paragraph(note, style=STYLE_NAMES["note"])
    if charts:
        if shape.landscape:
            _new_page(document, landscape=False)
        document.add_paragraph(text("charts_heading", lang), style=STYLE_NAMES["heading"])
        for _, png in charts:
            document.add_picture(io.BytesIO(png), width=Cm(house.chart_width_cm))
    for note in footer_lines(publication, lang):
        document.add_paragraph(note, style=STYLE_NAMES["note"])
    return saved(document, title(view, lang))


def saved(document: Any, heading: str) -> bytes:
    """The document's bytes, titled (File → Properties) and authored by kpi."""
    document.core_properties.title = heading
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
    return render_docx(job, pictures)
