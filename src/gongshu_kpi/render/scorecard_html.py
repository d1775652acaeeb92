"""The scorecard (赛马) as one self-contained HTML page: orgs as rows, indicators as columns,
each cell coloured by its status (data/status.yaml's colours, else the built-in ones), the
score and rank (并列) per org, a legend of the colours and the scoring rule; prints on A4."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from gongshu_kpi.render.html import FONTS
from gongshu_kpi.render.scorecard import footer, grid, headers, legend, rank_text, title
from gongshu_kpi.render.view import plain

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.core.scorecard import Scorecard
    from gongshu_kpi.render.jobs import ScorecardJob
    from gongshu_kpi.render.view import Line

LEGEND_WORD = {"zh": "颜色：", "en": "Colours: "}


def _css(statuses: list[Line]) -> str:
    colours = "".join(
        f"td.s-{ln.status_code},span.s-{ln.status_code}"
        f"{{color:#{ln.status_colour};background:#{ln.status_fill}}}"
        for ln in statuses
    )
    return (
        f"body{{font-family:{FONTS};color:#1f2933;margin:24px auto;max-width:1100px;"
        "padding:0 16px;line-height:1.5}"
        "h1{font-size:22px;text-align:center;margin:0 0 16px}"
        "table{border-collapse:collapse;width:100%;font-size:14px}"
        "th{background:#dce6f1;font-weight:600}"
        "td,th{border:1px solid #a0a0a0;padding:4px 8px}"
        "td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
        "td.num.rank{text-align:center}td.org{white-space:nowrap}td.score{font-weight:600}"
        f"{colours}"
        "p.legend span{padding:1px 8px;margin-right:8px;border-radius:3px}"
        "footer{margin-top:12px;font-size:12px;color:#52606d}footer p{margin:2px 0}"
        "@page{size:A4 landscape;margin:12mm}"
        "@media print{body{margin:0;max-width:none;padding:0}table{font-size:11px}"
        "thead{display:table-header-group}tr{break-inside:avoid;page-break-inside:avoid}}"
    )


def render_scorecard_page(card: Scorecard, report: Report, lang: OutputLanguage) -> str:
    cells = grid(card, report, lang)
    statuses = legend(cells)
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers(card, lang))
    rows = []
    for row, figures in zip(card.rows, cells, strict=True):
        tds = [
            f'<td class="num rank">{html.escape(rank_text(row.rank, row.tied, lang))}</td>',
            f'<td class="org">{html.escape(row.org)}</td>',
        ]
        for cell in figures:
            status = f" s-{cell.line.status_code}" if cell.kind and cell.line.status_code else ""
            tds.append(f'<td class="num{status}">{html.escape(cell.text)}</td>')
        tds.append(f'<td class="num score">{plain(row.score)}</td>')
        rows.append(f"<tr>{''.join(tds)}</tr>\n")
    heading = html.escape(title(card, lang))
    key = " ".join(
        f'<span class="s-{ln.status_code}">{html.escape(ln.status)}</span>' for ln in statuses
    )
    notes = [f'<p class="legend">{LEGEND_WORD[lang]}{key}</p>'] if statuses else []
    notes.append(f"<p>{html.escape(footer(card, lang))}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{"zh-CN" if lang == "zh" else "en"}">\n<head>\n'
        '<meta charset="utf-8">\n<meta name="viewport" content="width=device-width">\n'
        f"<title>{heading}</title>\n<style>{_css(statuses)}</style>\n</head>\n<body>\n"
        f"<h1>{heading}</h1>\n<table>\n<thead><tr>{head}</tr></thead>\n<tbody>\n"
        f"{''.join(rows)}</tbody>\n</table>\n<footer>\n{''.join(notes)}\n</footer>\n"
        "</body>\n</html>\n"
    )


def scorecard_page_output(job: ScorecardJob) -> str:
    """The scorecard view's HTML renderer (render/registry.py)."""
    return render_scorecard_page(job.card, job.report, job.language)
