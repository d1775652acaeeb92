"""What the documents an office circulates (XLSX, HTML, DOCX, charts) show beyond the table:
the orgs' figures, the months so far, the sources, notes; plus their shared house style."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core.display import AmountRule, amount_rule

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.explain import TrendRow
    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage, Report


@dataclass(frozen=True, slots=True)
class Publication:
    """A report with what a circulated document adds to it."""

    report: Report  # the figures asked for (the whole, or the orgs chosen)
    by_org: Report | None = None  # one row per org and indicator, when the data has orgs
    trends: Mapping[str, Sequence[TrendRow]] = field(default_factory=dict)  # id -> months
    sources: tuple[str, ...] = ()  # the input files, for the footer
    generated: date | None = None
    # Free-text notes for the footer (注：…); issue 12's per-indicator notes go here too.
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class StatusStyle:
    """How a status looks everywhere: terminal, XLSX fill, HTML, DOCX, charts."""

    colour: str  # RGB hex, for text and chart bars
    fill: str  # a light background for table cells


# One place for the colours; status rules with their own labels and colours slot in here.
STATUS_STYLE: dict[str, StatusStyle] = {
    "ahead": StatusStyle("1B7F3B", "D8F0DE"),
    "on_pace": StatusStyle("1B7F3B", "E8F5EA"),
    "behind": StatusStyle("B42318", "FBE0DE"),
}
NEUTRAL = StatusStyle("4A5568", "FFFFFF")


def status_style(code: str) -> StatusStyle:
    return STATUS_STYLE.get(code, NEUTRAL)


TEXT: dict[str, dict[OutputLanguage, str]] = {
    "summary": {"zh": "汇总", "en": "Summary"},
    "by_org": {"zh": "分单位", "en": "By org"},
    "trend": {"zh": "逐月", "en": "Monthly"},
    "charts": {"zh": "图表", "en": "Charts"},
    "chart_data": {"zh": "图表数据", "en": "Chart data"},
    "rate_vs_time": {"zh": "完成率与序时进度", "en": "Completion rate vs time progress"},
    "rate": {"zh": "完成率", "en": "Completion rate"},
    "time": {"zh": "序时进度", "en": "Time progress"},
    "ytd": {"zh": "累计完成", "en": "YTD actual"},
    "target": {"zh": "年度目标", "en": "Annual target"},
    "phased": {"zh": "序时目标", "en": "Target phased by month"},
    "table_heading": {"zh": "主要指标完成情况表", "en": "Figures"},
    "charts_heading": {"zh": "图表", "en": "Charts"},
    "ranking": {"zh": "各单位排名", "en": "Orgs' ranking"},
    "trend_title": {"zh": "累计完成与年度目标", "en": "Year to date against the target"},
    "month": {"zh": "月份", "en": "Month"},
    "measure": {"zh": "项目", "en": "Measure"},
    "unit": {"zh": "计量单位", "en": "Unit"},
    "sources": {"zh": "数据来源", "en": "Sources"},
    "generated": {"zh": "生成日期", "en": "Generated"},
    "notes": {"zh": "注", "en": "Notes"},
    "basis": {
        "zh": "金额按各行计量单位；完成率、序时进度、同比、占比为百分比；差值为百分点",
        "en": "Amounts in each row's unit; rates, time progress, growth and shares in percent; "
        "pace in percentage points",
    },
}


def text(key: str, lang: OutputLanguage) -> str:
    return TEXT[key][lang]


def month_label(month: int, lang: OutputLanguage) -> str:
    from gongshu_kpi.render.view import MONTH_ABBR

    return MONTH_ABBR[month - 1] if lang == "en" else f"{month}月"


def actual_rule(result: IndicatorResult, report: Report) -> AmountRule:
    return amount_rule(result.indicator, "actual", report.settings, report.finest_units)


def target_rule(result: IndicatorResult, report: Report) -> AmountRule:
    return amount_rule(result.indicator, "target", report.settings, report.finest_units)


@dataclass(frozen=True, slots=True)
class Ranked:
    """One org's figure in an indicator's ranking (by completion rate, else by amount)."""

    org: str
    value: Decimal  # percent, or the amount in the shown unit
    status_code: str  # a status rule's (data/status.yaml), else the built-in one's
    colour: str = ""  # that status's colour (RGB hex), for the ranking chart's bars


def ranked_status(result: IndicatorResult) -> tuple[str, str]:
    """The status code and colour a ranking shows: data/status.yaml's rule, else the
    built-in 超/达/落后序时 (the same as every table's status column)."""
    if result.grade is not None:
        return result.grade.code, result.grade.colour
    code = result.status.value if result.status else ""
    return code, status_style(code).colour


def rankings(publication: Publication) -> list[tuple[IndicatorResult, bool, list[Ranked]]]:
    """Per indicator with two or more orgs' figures: (the whole's result, by rate?, orgs best
    first). Orgs are ranked by completion rate where they have targets, else by amount."""
    by_org = publication.by_org
    if by_org is None:
        return []
    out = []
    wholes = {r.indicator.id: r for r in by_org.results if not r.org}
    for indicator_id, whole in wholes.items():
        orgs = [r for r in by_org.results if r.org and r.indicator.id == indicator_id]
        by_rate = bool(orgs) and all(r.rate is not None for r in orgs)
        ranked = []
        for r in orgs:
            if by_rate and r.rate is not None:
                code, colour = ranked_status(r)
                ranked.append(Ranked(r.org, r.rate, code, colour))
            elif not by_rate and r.actual is not None:
                value = actual_rule(r, by_org).value(r.actual)
                ranked.append(Ranked(r.org, value, ""))
        if len(ranked) > 1:
            ranked.sort(key=lambda item: item.value, reverse=True)
            out.append((whole, by_rate, ranked))
    return out


def rate_results(report: Report) -> list[IndicatorResult]:
    """Results a completion-rate chart shows: amount targets with a rate and time progress
    (the whole's, or every org's when the report has no whole)."""
    from gongshu_kpi.core.models import TargetType

    usable = [
        r
        for r in report.results
        if r.rate is not None
        and r.time_progress is not None
        and r.indicator.target_type is TargetType.AMOUNT
    ]
    wholes = [r for r in usable if not r.org]
    return wholes or usable


def display_name(result: IndicatorResult, lang: OutputLanguage) -> str:
    """The indicator's name in the output language (name_en where given)."""
    indicator = result.indicator
    return indicator.name_en if lang == "en" and indicator.name_en else indicator.name


def aside(words: Sequence[str], lang: OutputLanguage) -> str:
    """（a，b） in Chinese, (a, b) in English."""
    return f"（{'，'.join(words)}）" if lang == "zh" else f" ({', '.join(words)})"


def labelled(key: str, value: str, lang: OutputLanguage) -> str:
    """注：… / Notes: …"""
    return f"{text(key, lang)}{'：' if lang == 'zh' else ': '}{value}"


def note_lines(report: Report, lang: OutputLanguage) -> list[str]:
    """落后原因 and 下步措施 of data/notes/YYYY-MM.yaml, one line per noted indicator."""
    out = []
    for result in report.results:
        if result.note is None:
            continue
        who = f"{result.org}" if result.org else ""
        parts = [
            f"{label}{'：' if lang == 'zh' else ': '}{value}"
            for label, value in (
                ("落后原因" if lang == "zh" else "Reason", result.note.reason),
                ("下步措施" if lang == "zh" else "Next steps", result.note.steps),
            )
            if value
        ]
        out.append(f"{who}{display_name(result, lang)}：{'；'.join(parts)}")
    return out


def footer_lines(
    publication: Publication,
    lang: OutputLanguage,
    caption: str = "",
    table_notes: Sequence[str] = (),
) -> list[str]:
    """The notes, the data files and the date, as every circulated document ends; the
    table's own `table_notes` (an adjusted target, why a column shows "—") follow its
    caption."""
    lines = [labelled("notes", caption, lang)] if caption else []
    lines += table_notes
    lines += [labelled("notes", note, lang) for note in publication.notes]
    lines += [labelled("notes", note, lang) for note in note_lines(publication.report, lang)]
    if publication.sources:
        joiner = "，" if lang == "zh" else ", "
        lines.append(labelled("sources", joiner.join(publication.sources), lang))
    if publication.generated is not None:
        lines.append(labelled("generated", publication.generated.isoformat(), lang))
    return lines
