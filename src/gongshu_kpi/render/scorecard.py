"""The scorecard (赛马) as a terminal table, Markdown and JSON (pure: they return text)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any

from gongshu_kpi.render.view import Line, chinese_number, make_line, period_text, plain

if TYPE_CHECKING:
    from rich.table import Table

    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.core.scorecard import Scorecard, ScoreCell
    from gongshu_kpi.render.jobs import ScorecardJob

RULE_TEXT: dict[str, dict[OutputLanguage, str]] = {
    "capped-rate": {
        "zh": "得分 = Σ(完成率×权重)÷Σ权重，完成率封顶{cap}%，无完成率计0",
        "en": "Score = Σ(rate × weight) ÷ Σweights, rates capped at {cap}%, none counts 0",
    },
    "rank-points": {
        "zh": "得分 = Σ(名次分×权重)÷Σ权重，n个单位中第r名得(n−r+1)÷n×100分，"
        "并列取高名次，无数据计0",
        "en": "Score = Σ(rank points × weight) ÷ Σweights; rank r of n earns (n−r+1)÷n×100, "
        "ties the better rank's, none 0",
    },
}


def rank_text(rank: int, tied: bool, lang: OutputLanguage) -> str:
    if lang == "en":
        return f"={rank}" if tied else str(rank)
    return f"并列{rank}" if tied else str(rank)


def cell_text(
    cell: ScoreCell, report: Report, lang: OutputLanguage, by_rate: bool = True
) -> tuple[str, str]:
    """The figure an org's cell is judged on (its rate, else its amount) and its status
    colour."""
    line = make_line(cell.result, report, lang)
    if by_rate and line.rate:
        text = f"{line.rate}点" if line.growth_target else f"{line.rate}%"
    elif line.actual and not by_rate:
        text = f"{line.actual}{line.actual_unit}"
    else:
        text = "—"
    return text, line.status_colour


@dataclass(frozen=True, slots=True)
class GridCell:
    """One org's figure in one indicator as the documents show it: the text, the exact
    figure behind it (for XLSX) and the line whose status colours it."""

    text: str
    value: Decimal | None  # the rate (percent or points) or the amount as displayed
    kind: str  # "rate", "points" (a growth target's gap), "amount" or "" (no figure)
    line: Line
    order: int = 0  # the status's place: data/status.yaml's order, else 超, 达, 落后序时


def grid(card: Scorecard, report: Report, lang: OutputLanguage) -> list[list[GridCell]]:
    """Each org's cells, in the order of the columns (the same texts as the table's)."""
    from gongshu_kpi.render.publication import actual_rule

    out = []
    for row in card.rows:
        cells = []
        for c, by_rate in zip(row.cells, card.by_rate, strict=True):
            line = make_line(c.result, report, lang)
            shown, _ = cell_text(c, report, lang, by_rate)
            value, kind = None, ""
            if by_rate and line.rate:
                value, kind = c.result.rate, "points" if line.growth_target else "rate"
            elif line.actual and not by_rate and c.result.actual is not None:
                value = actual_rule(c.result, report).value(c.result.actual)
                kind = "amount"
            grade = c.result.grade
            order = grade.order if grade else _BUILT_IN_ORDER.get(line.status_code, 9)
            cells.append(GridCell(shown, value, kind, line, order))
        out.append(cells)
    return out


_BUILT_IN_ORDER = {"ahead": 0, "on_pace": 1, "behind": 2}


def legend(cells: list[list[GridCell]]) -> list[Line]:
    """One line per status the coloured cells show, in the statuses' order: what each
    colour means (绿灯, 落后序时 …)."""
    seen: dict[str, GridCell] = {}
    for row in cells:
        for cell in row:
            if cell.kind and cell.line.status_code:
                seen.setdefault(cell.line.status_code, cell)
    return [cell.line for cell in sorted(seen.values(), key=lambda c: c.order)]


def title(card: Scorecard, lang: OutputLanguage) -> str:
    period = period_text(card.month, lang)
    return f"Scorecard, {card.year} {period}" if lang == "en" else f"{card.year}年{period}赛马得分"


def headers(card: Scorecard, lang: OutputLanguage) -> list[str]:
    first = ["Rank", "Org"] if lang == "en" else ["排名", "单位"]
    names = [
        (c.indicator.name_en or c.indicator.name) if lang == "en" else c.indicator.name
        for c in card.columns
    ]
    middle = [
        f"{n} (weight {plain(w)})" if lang == "en" else f"{n}（权重{plain(w)}）"
        for n, w in zip(names, card.weights, strict=True)
    ]
    return [*first, *middle, "Score" if lang == "en" else "得分"]


def rank_words(rank: int, tied: bool, lang: OutputLanguage) -> str:
    """列第一位 / 并列第三位, as bulletins write a rank (ranked joint 3 in English)."""
    if lang == "en":
        return f"ranked {'joint ' if tied else ''}{rank}"
    return f"{'并列' if tied else '列'}第{chinese_number(rank)}位"


def footer(card: Scorecard, lang: OutputLanguage) -> str:
    return RULE_TEXT[card.rule][lang].format(cap=plain(card.cap))


def rows(card: Scorecard, report: Report, lang: OutputLanguage) -> list[list[tuple[str, str]]]:
    """Each org's cells as (text, colour hex or '')."""
    out = []
    for row in card.rows:
        cells = [
            cell_text(c, report, lang, by_rate)
            for c, by_rate in zip(row.cells, card.by_rate, strict=True)
        ]
        out.append(
            [
                (rank_text(row.rank, row.tied, lang), ""),
                (row.org, ""),
                *cells,
                (plain(row.score), ""),
            ]
        )
    return out


def render_scorecard_table(card: Scorecard, report: Report, lang: OutputLanguage) -> Table:
    from rich import box
    from rich.table import Table

    table = Table(
        title=title(card, lang),
        caption=footer(card, lang),
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption_justify="left",
    )
    for index, header in enumerate(headers(card, lang)):
        table.add_column(header, justify="left" if index == 1 else "right", no_wrap=True)
    for cells in rows(card, report, lang):
        table.add_row(*(f"[#{c}]{t}[/]" if c else t for t, c in cells))
    return table


def render_scorecard_markdown(card: Scorecard, report: Report, lang: OutputLanguage) -> str:
    heads = headers(card, lang)
    lines = [
        f"## {title(card, lang)}",
        "",
        "| " + " | ".join(heads) + " |",
        "| " + " | ".join("---" if i == 1 else "---:" for i in range(len(heads))) + " |",
    ]
    lines += (
        "| " + " | ".join(t.replace("|", "\\|") for t, _ in cells) + " |"
        for cells in rows(card, report, lang)
    )
    return "\n".join([*lines, "", footer(card, lang)]) + "\n"


def _exact(value: Fraction) -> str:
    """A fraction as a decimal string when it terminates, else as n/d."""
    if value.denominator == 1:
        return str(value.numerator)
    try:
        return (
            plain(Decimal(value.numerator) / Decimal(value.denominator))
            if _terminates(value.denominator)
            else f"{value.numerator}/{value.denominator}"
        )
    except ArithmeticError:  # pragma: no cover
        return f"{value.numerator}/{value.denominator}"


def _terminates(denominator: int) -> bool:
    for p in (2, 5):
        while denominator % p == 0:
            denominator //= p
    return denominator == 1


def scorecard_as_data(card: Scorecard, report: Report) -> dict[str, Any]:
    return {
        "schema_version": 1,
        "kind": "kpi-scorecard",
        "month": f"{card.year:04d}-{card.month:02d}",
        "rule": card.rule,
        "cap": plain(card.cap) if card.rule == "capped-rate" else None,
        "indicators": [
            {
                "id": c.indicator.id,
                "name": c.indicator.name,
                "weight": plain(w),
                "judged_on": "rate" if by_rate else "amount",
            }
            for c, w, by_rate in zip(card.columns, card.weights, card.by_rate, strict=True)
        ],
        "orgs": [
            {
                "org": row.org,
                "rank": row.rank,
                "rank_tied": row.tied,
                "score": plain(row.score),
                "cells": [
                    {
                        "indicator": c.result.indicator.id,
                        "shown": cell_text(c, report, "zh", by_rate)[0],
                        "status": make_line(c.result, report, "zh").status_code or None,
                        "points": _exact(c.points),
                        "rank": c.rank,
                    }
                    for c, by_rate in zip(row.cells, card.by_rate, strict=True)
                ],
            }
            for row in card.rows
        ],
    }


def scorecard_context(card: Scorecard, report: Report, lang: OutputLanguage) -> dict[str, Any]:
    """The `scorecard` variable of templates (README: Scorecard): every figure a display
    string, orgs best first."""
    names = headers(card, lang)[2:-1]
    cells = grid(card, report, lang)
    return {
        "title": title(card, lang),
        "rule": card.rule,
        "rule_text": footer(card, lang),
        "indicators": [
            {"id": c.indicator.id, "name": c.indicator.name, "heading": heading, "weight": plain(w)}
            for c, w, heading in zip(card.columns, card.weights, names, strict=True)
        ],
        "orgs": [
            {
                "org": row.org,
                "rank": row.rank,
                "rank_tied": row.tied,
                "rank_text": rank_text(row.rank, row.tied, lang),
                "rank_words": rank_words(row.rank, row.tied, lang),
                "score": plain(row.score),
                "cells": [
                    {
                        "id": column.indicator.id,
                        "indicator": shown.line.name,
                        "shown": shown.text,
                        "has_figure": bool(shown.kind),
                        "judged_on": shown.kind or None,  # rate, points (growth), amount
                        "status": shown.line.status if shown.kind else "",
                        "status_code": shown.line.status_code if shown.kind else "",
                        "points": _exact(cell.points),
                    }
                    for column, cell, shown in zip(card.columns, row.cells, figures, strict=True)
                ],
            }
            for row, figures in zip(card.rows, cells, strict=True)
        ],
        "legend": [{"label": ln.status, "colour": ln.status_colour} for ln in legend(cells)],
    }


def render_scorecard_json(card: Scorecard, report: Report) -> str:
    return json.dumps(scorecard_as_data(card, report), ensure_ascii=False, indent=2) + "\n"


# The scorecard view's renderers (render/registry.py): one ScorecardJob in.


def scorecard_table_output(job: ScorecardJob) -> Table:
    return render_scorecard_table(job.card, job.report, job.language)


def scorecard_markdown_output(job: ScorecardJob) -> str:
    return render_scorecard_markdown(job.card, job.report, job.language)


def scorecard_json_output(job: ScorecardJob) -> str:
    return render_scorecard_json(job.card, job.report)
