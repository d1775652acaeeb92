"""The HTML report as a page one can circulate: one self-contained file (inline CSS and SVG,
nothing fetched), status colours, title, date, sources and notes, and print CSS for A4."""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from gongshu_kpi.render.columns import notes as column_notes
from gongshu_kpi.render.formats import CAPTION, _header, columns_for, title
from gongshu_kpi.render.publication import STATUS_STYLE, Publication, footer_lines, labelled
from gongshu_kpi.render.view import Line, make_view

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.render.jobs import ReportJob

# The browser draws every character with the reader's fonts: these first, as offices have them.
FONTS = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", '
    '"PingFang SC", "WenQuanYi Micro Hei", "SimHei", sans-serif'
)

WIDE_COLUMNS = 12  # more columns than this: the smaller type (screen 12px, print 8px)


def _css(lines: Sequence[Line] = ()) -> str:
    # The built-in statuses, then those of data/status.yaml (their codes are CSS-safe names).
    styles = {code: (style.colour, style.fill) for code, style in STATUS_STYLE.items()}
    styles.update({ln.status_code: (ln.status_colour, ln.status_fill) for ln in lines if ln.status})
    statuses = "".join(
        f"td.status.{code}{{color:#{colour};background:#{fill}}}"
        f"tr.{code} td.rate{{color:#{colour}}}"
        for code, (colour, fill) in styles.items()
    )
    return (
        f"body{{font-family:{FONTS};color:#1f2933;margin:24px auto;max-width:1100px;"
        "padding:0 16px;line-height:1.5}"
        "h1{font-size:22px;text-align:center;margin:0 0 4px}"
        "p.meta{text-align:center;color:#52606d;margin:0 0 16px;font-size:13px}"
        "table{border-collapse:collapse;width:100%;font-size:14px}"
        # A wide table scrolls in its own box, never cut; one step smaller, as Word's 六号.
        "div.scroll{overflow-x:auto;max-width:100%}"
        "table.wide{font-size:12px}table.wide td,table.wide th{padding:3px 5px}"
        "th{background:#dce6f1;font-weight:600}"
        "td,th{border:1px solid #a0a0a0;padding:4px 8px}"
        "th{white-space:nowrap}th.wrap{white-space:normal;min-width:4em}"
        "td.text{white-space:nowrap}td.name{min-width:5em}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        "td.status{text-align:center;white-space:nowrap}"
        f"{statuses}"
        "p.caption{font-size:12px;color:#52606d}"
        "section.charts{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}"
        "figure{margin:0;flex:0 1 calc(50% - 6px);min-width:420px;break-inside:avoid;"
        "page-break-inside:avoid}"
        "figure svg{width:100%;height:auto}"
        # matplotlib writes the font it drew with; the reader's CJK fonts must win.
        f"figure svg text{{font-family:{FONTS} !important}}"
        "footer{margin-top:20px;border-top:1px solid #cbd2d9;padding-top:8px;"
        "font-size:12px;color:#52606d}"
        "footer p{margin:2px 0}"
        "@page{size:A4 landscape;margin:12mm}"
        "@media print{body{margin:0;max-width:none;padding:0}"
        "table{font-size:11px}table.wide{font-size:8px}div.scroll{overflow:visible}"
        "thead{display:table-header-group}"
        "tr{break-inside:avoid;page-break-inside:avoid}"
        "figure{min-width:0}}"
    )


def _th(head: str) -> str:
    """A header cell: a short one (序时进度, 7月当月) on one line, a long one (两年平均增长,
    距目标还差) free to wrap, as in the Word table (render/docx.py header_units)."""
    from gongshu_kpi.render.docx import SHORT_HEADER
    from gongshu_kpi.render.xlsx import display_width

    wrap = ' class="wrap"' if display_width(head) > SHORT_HEADER else ""
    return f"<th{wrap}>{html.escape(head)}</th>"


def _svg_inline(svg: str) -> str:
    """matplotlib's SVG without the XML prologue and DOCTYPE, to sit inside the page."""
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    svg = re.sub(r"<!DOCTYPE[^>]*>\s*", "", svg)
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.DOTALL)  # RDF boilerplate
    return svg.strip()


def render_page(
    publication: Publication,
    lang: OutputLanguage = "zh",
    projection: bool = False,
    svgs: Sequence[tuple[str, str]] = (),
    keys: Sequence[str] = (),
) -> str:
    """The page; `svgs` are (title, SVG text) charts; `keys` the --columns keys."""
    report = publication.report
    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view, projection, keys)
    head = "".join(_th(_header(c, lang, view)) for c in columns)
    rows = []
    for line in view.lines:
        cells = []
        for column in columns:
            # Names wrap (.name); figures (.num) and periods, units, orgs (.text) never do.
            classes = "num" if column.numeric else "name" if column.wraps else "text"
            if column.zh == "状态":
                classes = f"status {line.status_code}".strip()
            elif column.zh == "完成率":
                classes += " rate"
            cells.append(f'<td class="{classes}">{html.escape(column.cell(line, lang))}</td>')
        status = f' class="{line.status_code}"' if line.status_code else ""
        rows.append(f"<tr{status}>{''.join(cells)}</tr>\n")
    heading = html.escape(title(view, lang))
    wide = ' class="wide"' if len(columns) > WIDE_COLUMNS else ""
    meta = []
    if publication.generated is not None:
        meta.append(labelled("generated", publication.generated.isoformat(), lang))
    charts = "".join(
        f'<figure aria-label="{html.escape(name)}">{_svg_inline(svg)}</figure>\n'
        for name, svg in svgs
    )
    notes = [
        *([view.summary] if view.summary else []),
        *footer_lines(publication, lang, CAPTION[lang], column_notes(view, keys, lang)),
    ]
    footer = [f"<p>{html.escape(line)}</p>" for line in notes]
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n'
        f"<title>{heading}</title>\n<style>{_css(view.lines)}</style>\n</head>\n<body>\n"
        f'<h1>{heading}</h1>\n<p class="meta">{html.escape(" ".join(meta))}</p>\n'
        f'<div class="scroll"><table{wide}>\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{''.join(rows)}</tbody>\n</table></div>\n"
        + (f'<section class="charts">\n{charts}</section>\n' if charts else "")
        + f"<footer>\n{''.join(footer)}\n</footer>\n</body>\n</html>\n"
    )


def page_output(job: ReportJob) -> str:
    """The publication view's renderer (render/registry.py): the page with its charts."""
    from gongshu_kpi.render.charts import all_charts, render_svg

    assert job.publication is not None
    svgs = [(c.title, render_svg(c)) for c in all_charts(job.publication, job.language)]
    return render_page(job.publication, job.language, job.projection, svgs, job.columns)
