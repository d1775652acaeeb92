"""Table, Markdown and JSON renderings of a report (pure: they return, never print)."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.models import OutputLanguage, Report
from gongshu_kpi.render.view import View, make_view, plain

if TYPE_CHECKING:
    from rich.table import Table

HEADERS: dict[OutputLanguage, tuple[str, ...]] = {
    "zh": ("指标", "年度目标", "期间", "累计完成", "完成率", "序时进度", "差值", "状态"),
    "en": ("Indicator", "Target", "Period", "YTD actual", "Rate", "Time", "Pace", "Status"),
}
CAPTION: dict[OutputLanguage, str] = {
    "zh": "差值 = 完成率 − 序时进度（百分点）",
    "en": "Pace = completion rate − time progress (percentage points)",
}
TITLE: dict[OutputLanguage, str] = {
    "zh": "{year}年{period}指标完成情况",
    "en": "KPI completion, {year} {period}",
}
NUMERIC_COLUMNS = frozenset({1, 3, 4, 5, 6})
NO_DATA: dict[OutputLanguage, str] = {"zh": "无数据", "en": "no data"}


def _cells(view: View, lang: OutputLanguage) -> list[tuple[str, ...]]:
    return [
        (
            line.name,
            f"{line.target}{line.unit}",
            line.period or "—",
            f"{line.actual}{line.unit}" if line.has_data else NO_DATA[lang],
            f"{line.rate}%" if line.has_data else "—",
            f"{line.time_progress}%" if line.has_data else "—",
            line.pace or "—",
            line.status or "—",
        )
        for line in view.lines
    ]


def render_table(report: Report, lang: OutputLanguage = "zh") -> Table:
    from rich import box
    from rich.table import Table

    view = make_view(report, lang)
    table = Table(
        title=TITLE[lang].format(year=view.year, period=view.period),
        caption=CAPTION[lang],
        box=box.SIMPLE_HEAD,
        pad_edge=False,
    )
    for index, header in enumerate(HEADERS[lang]):
        numeric = index in NUMERIC_COLUMNS
        # Only the name may wrap: a wrapped figure is easy to misread.
        table.add_column(
            header,
            justify="right" if numeric else "left",
            no_wrap=index != 0,
            min_width=8 if index == 0 else None,
            overflow="fold",
        )
    style_by_status = {"ahead": "green", "on_pace": "green", "behind": "yellow"}
    for line, cells in zip(view.lines, _cells(view, lang), strict=True):
        table.add_row(*cells, style=style_by_status.get(line.status_code, "dim"))
    return table


def render_markdown(report: Report, lang: OutputLanguage = "zh") -> str:
    view = make_view(report, lang)
    headers = HEADERS[lang]
    lines = [
        f"## {TITLE[lang].format(year=view.year, period=view.period)}",
        "",
        "| " + " | ".join(headers) + " |",
        "| "
        + " | ".join("---:" if i in NUMERIC_COLUMNS else "---" for i in range(len(headers)))
        + " |",
    ]
    for cells in _cells(view, lang):
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    lines += ["", CAPTION[lang]]
    return "\n".join(lines) + "\n"


def report_as_data(report: Report) -> dict[str, Any]:
    """Every figure as a decimal string, so no consumer ever sees a float."""

    def text(value: object) -> str | None:
        return None if value is None else plain(value)  # type: ignore[arg-type]

    return {
        "year": report.year,
        "month": f"{report.year:04d}-{report.month:02d}",
        "rounding": report.settings.rounding,
        "indicators": [
            {
                "id": r.indicator.id,
                "name": r.indicator.name,
                "unit": r.indicator.unit,
                "kind": r.indicator.kind.value,
                "group": r.indicator.group,
                "owner": r.indicator.owner,
                "target": plain(r.indicator.target),
                "as_of": None if r.as_of is None else f"{report.year:04d}-{r.as_of:02d}",
                "actual": text(r.actual),
                "completion_rate": text(r.rate),
                "time_progress": text(r.time_progress),
                "pace": text(r.pace),
                "status": None if r.status is None else r.status.value,
            }
            for r in report.results
        ],
    }


def render_json(report: Report, lang: OutputLanguage = "zh") -> str:
    return json.dumps(report_as_data(report), ensure_ascii=False, indent=2) + "\n"
