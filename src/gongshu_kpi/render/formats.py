"""Table, Markdown and JSON renderings of a report (pure: they return text, never print);
CSV is render/export.py, XLSX, HTML and Word their own modules."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.periodic.period import Frequency
from gongshu_kpi.render.columns import Column, extra_columns, notes, target_cell
from gongshu_kpi.render.columns import percent_text as _percent
from gongshu_kpi.render.columns import with_unit as _with_unit
from gongshu_kpi.render.view import View, make_view, plain

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage, Report
    from gongshu_kpi.render.jobs import ReportJob


NO_DATA: dict[OutputLanguage, str] = {"zh": "无数据", "en": "no data"}

NAME = Column("指标", "Indicator", lambda ln, _: ln.name, wraps=True)
ORG = Column("单位", "Org", lambda ln, _: ln.org, wraps=True)
# The target in force at the line's month, marked * when adjusted (the footer says so).
TARGET = Column("年度目标", "Target", target_cell, numeric=True)
PERIOD = Column("期间", "Period", lambda ln, _: ln.period or "—")
ACTUAL = Column(
    "累计完成",
    "YTD actual",
    lambda ln, lang: _with_unit(ln.actual, ln.actual_unit) if ln.has_data else NO_DATA[lang],
    numeric=True,
)
RATE = Column(
    "完成率",
    "Rate",
    lambda ln, _: f"{ln.rate}点" if ln.growth_target and ln.rate else _percent(ln.rate),
    numeric=True,
)
PROGRESS = Column("序时进度", "Time", lambda ln, _: _percent(ln.time_progress), numeric=True)
PACE = Column("差值", "Pace", lambda ln, _: ln.pace or "—", numeric=True)
STATUS = Column("状态", "Status", lambda ln, _: ln.status or "—")
YOY = Column("同比", "YoY", lambda ln, _: _percent(ln.yoy), numeric=True)
SHARE = Column(  # ※ (no % sign) where the whole has no figure at the month; the footer says why
    "占比", "Share", lambda ln, _: ln.share if ln.share_note else _percent(ln.share), numeric=True
)
RANK = Column("排名", "Rank", lambda ln, _: ln.rank or "—", numeric=True)
CAPTION: dict[OutputLanguage, str] = {
    "zh": "差值 = 完成率 − 序时进度（百分点）",
    "en": "Pace = completion rate − time progress (percentage points)",
}


def footer(view: View, lang: OutputLanguage, keys: Sequence[str] = ()) -> str:
    """The table's footer: the summary of statuses, what 差值 means, then why a share or a
    chosen column's figure is missing."""
    shares = [f"※ {ln.name}：{ln.share_note}" for ln in view.lines if ln.share_note]
    why = notes(view, keys, lang)
    return "\n".join([*([view.summary] if view.summary else []), CAPTION[lang], *shares, *why])


def title(view: View, lang: OutputLanguage) -> str:
    who = f"{view.org} " if view.org else ""
    if lang == "en":
        return f"KPI completion, {who}{view.year} {view.period}"
    return f"{who}{view.year}年{view.period}指标完成情况"


def columns_for(view: View, projection: bool = False, keys: Sequence[str] = ()) -> list[Column]:
    """The base columns plus those the data or the options call for (--columns keys, in the
    order asked, then --projection's)."""
    lines = view.lines
    chosen = [NAME]
    if len({line.org for line in lines}) > 1 or view.org:
        chosen.append(ORG)
    chosen += [TARGET, PERIOD, ACTUAL, RATE, PROGRESS, PACE, STATUS]
    if any(line.yoy for line in lines):
        chosen.append(YOY)
    if view.share_of:
        chosen.append(SHARE)
    if any(line.rank for line in lines):
        chosen.append(RANK)
    # Looking ahead (--projection): the year's end, and what is still to do.
    return chosen + extra_columns(view, keys, projection)


def _header(column: Column, lang: OutputLanguage, view: View) -> str:
    if column is SHARE:
        return f"占{view.share_of}" if lang == "zh" else f"Share of {view.share_of}"
    return column.header(view, lang)


def render_table(
    report: Report,
    lang: OutputLanguage = "zh",
    projection: bool = False,
    width: int | None = None,
    keys: Sequence[str] = (),
) -> RenderableType:
    """The terminal table. Given a `width` it is too wide for, the columns after the first
    (the names, repeated) are split into as many tables, one under the other, as it takes
    to fit: figures are never cut or wrapped mid-number."""
    from rich.console import Console, Group
    from rich.text import Text

    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view, projection, keys)
    whole = _rich_table(view, lang, columns, title(view, lang), footer(view, lang, keys))
    if width is None:
        return whole
    console = Console(width=10_000, color_system=None)
    if _measure(console, whole) <= width:
        return whole
    first, rest = columns[:1], columns[1:]
    if len(first) == 1 and rest and rest[0] is ORG:
        first, rest = columns[:2], columns[2:]  # the org belongs with the name
    groups: list[list[Column]] = [[]]
    for column in rest:
        trial = _rich_table(view, lang, [*first, *groups[-1], column], None, None)
        if groups[-1] and _measure(console, trial) > width:
            groups.append([column])
        else:
            groups[-1].append(column)
    parts = [
        _rich_table(
            view,
            lang,
            first + group,
            title(view, lang) if index == 0 else None,
            None,
        )
        for index, group in enumerate(groups)
    ]
    # Under the last part, not as its caption: a narrow part would wrap the sentence.
    return Group(*parts, Text(footer(view, lang, keys)))


def _measure(console: Any, table: Any) -> int:
    from rich.measure import Measurement

    return Measurement.get(console, console.options, table).maximum


def _rich_table(
    view: View,
    lang: OutputLanguage,
    columns: list[Column],
    heading: str | None,
    caption: str | None,
) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(title=heading, caption=caption, box=box.SIMPLE_HEAD, pad_edge=False)
    for column in columns:
        # Only names may wrap: a wrapped figure is easy to misread.
        table.add_column(
            _header(column, lang, view),
            justify="right" if column.numeric else "left",
            no_wrap=not column.wraps,
            min_width=8 if column.wraps else None,
            overflow="fold",
        )
    style_by_status = {"ahead": "green", "on_pace": "green", "behind": "yellow"}
    for line in view.lines:
        style = style_by_status.get(line.status_code, "dim")
        if view.status_rules and line.status_colour:  # status.yaml's own colours
            style = f"#{line.status_colour}"
        table.add_row(*(c.cell(line, lang) for c in columns), style=style)
    return table


LARGE_TABLE = 200  # rows; above this the terminal table is laid out without Rich


def render_text_table(
    report: Report,
    lang: OutputLanguage = "zh",
    projection: bool = False,
    width: int | None = None,
    keys: Sequence[str] = (),
) -> str:
    """The terminal table as plain aligned text: same columns as `render_table`, built in a
    single pass. Rich measures and wraps every cell, which takes about 0.8 s for 1000
    rows; this takes a few hundredths. Too wide for `width`, it is split like render_table."""
    from rich.cells import cell_len

    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view, projection, keys)
    rows = [[c.cell(line, lang) for c in columns] for line in view.lines]
    headers = [_header(c, lang, view) for c in columns]
    widths = [
        max(cell_len(headers[i]), *(cell_len(row[i]) for row in rows)) for i in range(len(columns))
    ]
    keep = 2 if len(columns) > 1 and columns[1] is ORG else 1  # name (and org) in every part
    parts: list[list[int]] = [[]]
    for index in range(keep, len(columns)):
        trial = [*range(keep), *parts[-1], index]
        if parts[-1] and width is not None and sum(widths[i] + 2 for i in trial) - 2 > width:
            parts.append([index])
        else:
            parts[-1].append(index)

    def fit(text: str, index: int) -> str:
        pad = " " * (widths[index] - cell_len(text))
        return pad + text if columns[index].numeric else text + pad

    def line(cells: list[str], chosen: list[int]) -> str:
        return "  ".join(fit(cells[i], i) for i in chosen).rstrip()

    heading = title(view, lang)
    out: list[str] = []
    for number, part in enumerate(parts):
        chosen = [*range(keep), *part]
        ruler = "  ".join("─" * widths[i] for i in chosen)
        if number == 0:
            indent = max(0, (cell_len(ruler) - cell_len(heading)) // 2)
            out += [" " * indent + heading, ""]
        else:
            out.append("")
        out += [line(headers, chosen), ruler, *(line(row, chosen) for row in rows)]
    return "\n".join([*out, "", _folded(footer(view, lang, keys), width)]) + "\n"


def _folded(text: str, width: int | None) -> str:
    """Lines wider than `width` broken after a Chinese comma (the summary has no spaces)."""
    from rich.cells import cell_len

    if width is None:
        return text
    lines: list[str] = []
    for whole in text.splitlines():
        current = ""
        for piece in re.split(r"(?<=，)", whole):
            if current and cell_len(current + piece) > width:
                lines.append(current)
                current = piece
            else:
                current += piece
        lines.append(current)
    return "\n".join(lines)


def render_markdown(
    report: Report,
    lang: OutputLanguage = "zh",
    projection: bool = False,
    keys: Sequence[str] = (),
) -> str:
    view = make_view(report, lang, report.settings.thousands_separator)
    columns = columns_for(view, projection, keys)
    lines = [
        f"## {title(view, lang)}",
        "",
        "| " + " | ".join(_header(c, lang, view) for c in columns) + " |",
        "| " + " | ".join("---:" if c.numeric else "---" for c in columns) + " |",
    ]
    for line in view.lines:
        cells = (c.cell(line, lang).replace("|", "\\|") for c in columns)
        lines.append("| " + " | ".join(cells) + " |")
    # No summary line here: a Markdown report is also a bulletin draft, and the fact-check
    # would read 9项指标中… as an unknown indicator's sentence.
    lines += ["", CAPTION[lang]]
    for note in notes(view, keys, lang):  # each its own paragraph: the fact-check reads them
        # "* " would start a list: the adjusted target's mark is written as itself.
        lines += ["", f"\\{note}" if note.startswith("*") else note]
    return "\n".join(lines) + "\n"


def _text(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


def report_as_data(report: Report) -> dict[str, Any]:
    """Every figure as a decimal string, so no consumer ever sees a float."""
    view = make_view(report)
    return {
        "year": report.year,
        "month": f"{report.year:04d}-{report.month:02d}",
        "rounding": report.settings.rounding,
        "org": report.org_label or None,
        "share_of": report.share_of,
        "summary": _summary_data(report, view),
        "indicators": [
            {
                "id": r.indicator.id,
                "name": r.indicator.name,
                "org": r.org or None,
                "unit": line.unit,
                "kind": r.indicator.kind.value,
                "target_type": r.indicator.target_type.value,
                "direction": r.indicator.direction.value,
                "group": r.indicator.group,
                "owner": r.indicator.owner,
                "target": _text(r.target),
                # 原目标, the adjusted target's name and month when `target` is adjusted
                "original_target": _text(r.original_target),
                "target_note": r.target_note or None,
                "target_from": r.target_from or None,  # YYYY-MM the adjusted target applies from
                "as_of": line.as_of or None,
                "actual": _text(r.actual),
                "completion_rate": _text(r.rate),
                "time_progress": _text(r.time_progress),
                "pace": _text(r.pace),
                "status": None if r.status is None else r.status.value,
                # The status shown: a status rule's (data/status.yaml) or the built-in one.
                "status_label": line.status or None,
                "status_code": line.status_code or None,
                "status_colour": line.status_colour or None,
                "previous_year": _text(r.previous),
                "yoy": _text(r.yoy),
                "share": _text(r.share),
                "share_note": r.share_note or None,  # why there is no share (the ※ mark)
                "whole": _text(r.whole),
                "projection": _text(r.projection),
                "projection_method": r.projection_method,
                **_period_data(r),
                "rank": r.rank,
                "rank_tied": r.rank_tied if r.rank is not None else None,
                "external_ranks": line.external_ranks or None,
                # The figures as printed (core/display.py), in the units they are printed in.
                "display": {
                    "target": line.target or None,
                    "target_unit": line.target_unit,
                    "actual": line.actual or None,
                    "actual_unit": line.actual_unit,
                },
            }
            for r, line in zip(report.results, view.lines, strict=True)
        ],
    }


def _period_data(r: IndicatorResult) -> dict[str, Any]:
    """The period figures of a result (README "JSON fields of a report")."""
    monthly = r.need_frequency is None or r.need_frequency is Frequency.MONTHLY
    return {
        # What is still to do (flows against an amount target): target − actual, and that
        # gap ÷ the periods after as_of (months; quarters for a quarterly indicator at a
        # quarter's end) rounded once: half-up, or up to a whole number for a count (家, 个);
        # 0 once the target is met. months_left / monthly_need only when the need is monthly.
        "gap": _text(r.gap),
        "months_left": r.months_left if monthly else None,
        "monthly_need": _text(r.monthly_need) if monthly else None,
        "need_frequency": None if r.need_frequency is None else r.need_frequency.value,
        "periods_left": r.months_left,
        "period_need": _text(r.monthly_need),
        "two_year_growth": _text(r.two_year_growth),
        # 当月: as_of's own amount (from month_first, 1 for a 1-2月 release), its 当月同比
        # and 环比 (null after a 1-2月 release: not comparable).
        "month_amount": _text(r.month_amount),
        "month_first": r.month_first,
        "month_yoy": _text(r.month_yoy),
        "chain": _text(r.chain),
        "chain_note": r.chain_note or None,  # why chain is null (not comparable, no base)
        # 累计环比: a stock's month-end level against the previous period's end; null for a
        # flow (its year-to-date only adds the month: not a figure), ytd_chain_note says why.
        "ytd_chain": _text(r.ytd_chain),
        "ytd_chain_note": r.ytd_chain_note or None,
    }


def _summary_data(report: Report, view: View) -> dict[str, Any]:
    from gongshu_kpi.render.view import status_summary

    text, counts = status_summary(view.lines, report.results, "zh")
    return {
        "text": text or None,
        "counts": [{"status": c.code, "label": c.label, "count": c.count} for c in counts],
    }


def render_json(report: Report) -> str:
    from gongshu_kpi.render.jsontext import dumps_indented

    # json.dumps(…, indent=2)'s text, about twice as fast (render/jsontext.py).
    return dumps_indented(report_as_data(report)) + "\n"


# The report view's renderers (render/registry.py): one ReportJob in.


def table_output(job: ReportJob) -> RenderableType:
    args = (job.report, job.language, job.projection, job.width, job.columns)
    if len(job.report.results) > LARGE_TABLE:
        return render_text_table(*args)  # Rich would be slow
    return render_table(*args)


def markdown_output(job: ReportJob) -> str:
    return render_markdown(job.report, job.language, job.projection, job.columns)


def json_output(job: ReportJob) -> str:
    return render_json(job.report)
