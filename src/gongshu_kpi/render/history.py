"""Text for `kpi explain` (provenance) and `kpi trend` (a monthly series with a small chart)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.vocabulary import BASIS_LABEL
from gongshu_kpi.render.view import MONTH_ABBR, optional, period_text, plain, unit_text

if TYPE_CHECKING:
    from rich.table import Table

    from gongshu_kpi.core.display import AmountRule
    from gongshu_kpi.core.figures.explain import Explanation, TrendRow
    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage
    from gongshu_kpi.render.jobs import ExplainJob, TrendJob

BARS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[Decimal | None], spans: list[int] | None = None) -> str:
    """One block character per month, scaled between the smallest and largest (gaps as ' ').

    A value over several months (`spans`: a 1-2月 release, 5-6月 after a gap) is drawn as
    that many months at its monthly average, in brackets — one bar would be a false spike,
    and brackets say the months were never reported apart."""
    spans = spans or [1] * len(values)
    monthly = [None if v is None else v / n for v, n in zip(values, spans, strict=True)]
    known = [v for v in monthly if v is not None]
    if not known:
        return ""
    low, high = min(known), max(known)
    span = high - low
    out = []
    for value, months in zip(monthly, spans, strict=True):
        if value is None:
            bar = " "
        elif span == 0:
            bar = BARS[len(BARS) // 2]
        else:
            bar = BARS[int((value - low) / span * (len(BARS) - 1))]
        out.append(f"[{bar * months}]" if months > 1 else bar)
    return "".join(out)


def _spans(rows: list[TrendRow], per: int = 1) -> list[int]:
    """Periods each row's amount covers: months, or quarters (`per` 3) for a quarterly
    indicator, whose own quarter is one bar (1 for a stock's level)."""
    return [
        max((row.month - row.first_month + 1) // per, 1) if row.first_month else 1 for row in rows
    ]


def spark_note(rows: list[TrendRow], lang: OutputLanguage, per: int = 1) -> str:
    """What the brackets in the sparkline mean, naming the combined amounts ("" if none)."""
    combined = [r for r, n in zip(rows, _spans(rows, per), strict=True) if n > 1]
    if not combined:
        return ""
    if lang == "en":
        spans = ", ".join(
            f"{MONTH_ABBR[r.first_month - 1]}-{MONTH_ABBR[r.month - 1]}" for r in combined
        )
        return f"[ ]: {spans} reported as one amount, drawn at its average a period"
    spans = "、".join(f"{r.first_month}-{r.month}月" for r in combined)
    what = "月" if per == 1 else "期"
    return f"[ ] 内为{spans}合并数，按{what}均画出，不是逐{what}数"


# The explanation's fixed words; its steps are the core's arithmetic, written once in Chinese.
EXPLAIN_WORDS: dict[OutputLanguage, dict[str, str]] = {
    "zh": {
        "unit": "单位：{0}　年度目标：{1}",
        "unset": "未设置",
        "sources": "来源（{0} 行）：",
        "previous": "上年同期来源（{0} 行）：",
        "steps": "计算：",
    },
    "en": {
        "unit": "Unit: {0}   Annual target: {1}",
        "unset": "not set",
        "sources": "Sources ({0} rows):",
        "previous": "Same period last year, sources ({0} rows):",
        "steps": "Arithmetic:",
    },
}
BASIS_EN = {"当月": "month's amount", "累计": "year to date"}


def render_explanation(
    explanation: Explanation, who_label: str, year: int, lang: OutputLanguage = "zh"
) -> str:
    result = explanation.result
    ind = result.indicator
    words = EXPLAIN_WORDS[lang]
    if lang == "en":
        who = f" ({who_label})" if who_label else ""
        span = "" if result.as_of is None else f" {period_text(result.as_of, 'en')}"
        head = f"{ind.name_en or ind.name} ({ind.id}){who} {year}{span}"
    else:
        head = f"{ind.name}（{ind.id}）{who_label} {year}年"
        if result.as_of is not None:
            head += f"1-{result.as_of}月" if result.as_of > 1 else "1月"
    target = optional(result.target) or words["unset"]
    lines = [head, words["unit"].format(unit_text(ind.unit, lang, ind.units), target), ""]
    for key, rows in (("sources", explanation.contributions), ("previous", explanation.previous)):
        if rows:
            lines.append(words[key].format(len(rows)))
            lines += [_row(c, lang) for c in rows]
            lines.append("")
    lines.append(words["steps"])
    lines += [f"  {step}" for step in explanation.steps]
    return "\n".join(lines) + "\n"


def _row(c: Any, lang: OutputLanguage = "zh") -> str:
    basis = BASIS_LABEL[c.basis]
    if lang == "en":
        first = MONTH_ABBR[c.first_month - 1]
        span = first if c.first_month == c.month else f"{first}-{MONTH_ABBR[c.month - 1]}"
        org = f"  {c.org}" if c.org else ""
        shown = BASIS_EN.get(basis, basis)
        return f"  {c.location}  {span} {c.year}  {plain(c.value)}  {shown}{org}"
    span = f"{c.month}月" if c.first_month == c.month else f"{c.first_month}-{c.month}月"
    org = f"  {c.org}" if c.org else ""
    return f"  {c.location}  {c.year}年{span}  {plain(c.value)}  {basis}{org}"


def explanation_as_data(explanation: Explanation) -> dict[str, Any]:
    def rows(items: Any) -> list[dict[str, Any]]:
        return [
            {
                "location": str(c.location),
                "org": c.org or None,
                "year": c.year,
                "month": c.month,
                "first_month": c.first_month,
                "value": plain(c.value),
                "basis": c.basis.value,
            }
            for c in items
        ]

    result = explanation.result
    return {
        "indicator": result.indicator.id,
        "org": result.org or None,
        "as_of": result.as_of,
        "actual": optional(result.actual) or None,
        "completion_rate": optional(result.rate) or None,
        # The same figures the steps show, named as in the report's JSON.
        "figures": _figures_data(result),
        "sources": rows(explanation.contributions),
        "previous_year_sources": rows(explanation.previous),
        "left_out": [
            {
                "org": row.org or None,
                "months": list(row.months),
                "first_months": list(row.firsts),  # 1 for a 1-2月 release or a 累计 row
                "reason": row.reason,
                "locations": [str(loc) for loc in row.locations],
            }
            for row in explanation.left_out
        ],
        "steps": list(explanation.steps),
    }


def _figures_data(result: IndicatorResult) -> dict[str, Any]:
    def text(value: Decimal | None) -> str | None:
        return None if value is None else plain(value)

    return {
        "time_progress": text(result.time_progress),
        "pace": text(result.pace),
        "status": None if result.status is None else result.status.value,
        "yoy": text(result.yoy),
        "share": text(result.share),
        "share_note": result.share_note or None,
        "projection": text(result.projection),
        "projection_method": result.projection_method,
        "gap": text(result.gap),
        "months_left": result.months_left,
        "monthly_need": text(result.monthly_need),
        "two_year_growth": text(result.two_year_growth),
        "month_amount": text(result.month_amount),
        "month_yoy": text(result.month_yoy),
        "chain": text(result.chain),
        "rank": result.rank,
        "rank_tied": result.rank_tied if result.rank is not None else None,
    }


def render_explanation_json(explanation: Explanation) -> str:
    return json.dumps(explanation_as_data(explanation), ensure_ascii=False, indent=2) + "\n"


TREND_HEADERS: dict[OutputLanguage, tuple[str, ...]] = {
    "zh": ("月份", "当月", "累计", "完成率", "上年同期累计", "同比", "当月同比"),
    "en": ("Month", "Month's amount", "YTD", "Rate", "Last year YTD", "YoY", "Month YoY"),
}


def _trend_cells(
    row: TrendRow, first: bool, rule: AmountRule | None, lang: OutputLanguage
) -> tuple[str, ...]:
    # The first point is year-to-date since January: a 1-2月 release is labelled as such.
    if lang == "en":
        label = period_text(row.month, "en") if first else MONTH_ABBR[row.month - 1]
    else:
        label = f"1-{row.month}月" if first and row.month > 1 else f"{row.month}月"
    if 0 < row.first_month < row.month and not first:
        # A combined release (or a gap between two reports) stays one amount, labelled so.
        label = (
            f"{MONTH_ABBR[row.first_month - 1]}-{MONTH_ABBR[row.month - 1]}"
            if lang == "en"
            else f"{row.first_month}-{row.month}月"
        )

    def amount(value: Decimal | None) -> str:
        if value is None:
            return "—"
        return rule.text(value) if rule is not None else plain(value)

    return (
        label,
        amount(row.amount),
        amount(row.ytd),
        f"{plain(row.rate)}%" if row.rate is not None else "—",
        amount(row.previous),
        f"{plain(row.yoy)}%" if row.yoy is not None else "—",
        f"{plain(row.month_yoy)}%" if row.month_yoy is not None else "—",
    )


def _trend_title(job: TrendJob) -> str:
    indicator, who_label, year, lang = job.indicator, job.label, job.year, job.language
    unit = job.rule.shown.text if job.rule is not None else indicator.unit
    if lang == "en":
        name = indicator.name_en or indicator.name
        return (
            f"{name}{who_label} {year}, month by month ({unit_text(unit, 'en', indicator.units)})"
        )
    return f"{indicator.name}{who_label} {year}年逐月（{unit}）"


def trend_table_output(job: TrendJob) -> Table:
    """Amounts by the display rule (`job.rule`), headers in `job.language`."""
    from rich.table import Table

    indicator, rows, rule, lang = job.indicator, job.rows, job.rule, job.language

    per = indicator.frequency.months
    chart = sparkline([r.amount for r in rows], _spans(rows, per))
    stock = indicator.kind.value == "stock"
    if lang == "en":
        amount_label = "Month-end" if stock else "Month's amount"
        caption = f"{amount_label} {chart}"
    else:
        amount_label = "月末值" if stock else "当月"
        caption = f"{amount_label}走势 {chart}"
    note = spark_note(rows, lang, per)
    caption += f"\n{note}" if note else ""
    table = Table(
        title=_trend_title(job),
        caption=caption if chart else None,
    )
    for index, header in enumerate(TREND_HEADERS[lang]):
        table.add_column(
            amount_label if index == 1 else header, justify="left" if index == 0 else "right"
        )
    for index, row in enumerate(rows):
        table.add_row(*_trend_cells(row, index == 0, rule, lang))
    return table


def trend_markdown_output(job: TrendJob) -> str:
    indicator, rows, rule, lang = job.indicator, job.rows, job.rule, job.language
    per = indicator.frequency.months
    chart = sparkline([r.amount for r in rows], _spans(rows, per))
    lines = [
        f"## {_trend_title(job)}",
        "",
        "| " + " | ".join(TREND_HEADERS[lang]) + " |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        "| " + " | ".join(_trend_cells(r, i == 0, rule, lang)) + " |" for i, r in enumerate(rows)
    ]
    if chart:
        lines += ["", f"{'走势' if lang == 'zh' else 'Trend'} {chart}"]
        note = spark_note(rows, lang, per)
        lines += [f"（{note}）" if lang == "zh" else f"({note})"] if note else []
    return "\n".join(lines) + "\n"


def trend_json_output(job: TrendJob) -> str:
    indicator, rows, year = job.indicator, job.rows, job.year
    data = {
        "indicator": indicator.id,
        "year": year,
        "months": [
            {
                "month": r.month,
                "amount": None if r.amount is None else plain(r.amount),
                "ytd": plain(r.ytd),
                "completion_rate": None if r.rate is None else plain(r.rate),
                "previous_year_ytd": None if r.previous is None else plain(r.previous),
                "yoy": None if r.yoy is None else plain(r.yoy),
                # The amount's months (a 1-2月 release is one amount), 当月同比 and 环比.
                "first_month": r.first_month or r.month,
                "month_yoy": None if r.month_yoy is None else plain(r.month_yoy),
                "chain": None if r.chain is None else plain(r.chain),
            }
            for r in rows
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


# The trend and explain views' renderers (render/registry.py).


def explanation_output(job: ExplainJob) -> str:
    return render_explanation(job.explanation, job.label, job.year, job.language)


def explanation_json_output(job: ExplainJob) -> str:
    return render_explanation_json(job.explanation)
