"""The XLSX summary sheet's chosen columns (--columns, --projection): 当月, 环比, 当月同比,
累计环比, 两年平均增长, 预计全年, 距目标还差, 月均需完成 — numbers stored as numbers with number
formats, headers naming the period like the other formats (render/columns.py)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from gongshu_kpi.core.figures.result import reached_month
from gongshu_kpi.render.columns import (
    PER,
    extra_keys,
    month_label,
    month_title,
    need_frequencies,
    need_title,
    notes,
)
from gongshu_kpi.render.formats import CAPTION
from gongshu_kpi.render.publication import Publication, actual_rule, footer_lines
from gongshu_kpi.render.view import make_view
from gongshu_kpi.render.xlsx import Cell, XColumn, _amount, _percent, _thousands

if TYPE_CHECKING:
    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage, Report
    from gongshu_kpi.render.view import Line

CellOf = Callable[["IndicatorResult", "Line", "Report"], Cell]


def _labelled(cell: Cell, label: str) -> Cell:
    """A number shown with words before or after it ("1-2月 165", "40/季"), still a number."""
    if not label or cell.number_format is None:
        return cell
    return Cell(cell.value, label.replace("{0}", cell.number_format), cell.fill, cell.colour)


def _month(month: int) -> CellOf:
    def cell(r: IndicatorResult, ln: Line, rep: Report) -> Cell:
        amount = _amount(r.month_amount, actual_rule(r, rep), _thousands(rep))
        label = month_label(ln, month)
        return _labelled(amount, f'"{label} "{{0}}' if label else "")

    return cell


def _need(mixed: bool, lang: OutputLanguage) -> CellOf:
    def cell(r: IndicatorResult, ln: Line, rep: Report) -> Cell:
        amount = _amount(r.monthly_need, actual_rule(r, rep), _thousands(rep))
        per = PER[lang].get(ln.need_frequency, "") if mixed else ""
        return _labelled(amount, f'{{0}}"{per}"' if per else "")

    return cell


def _growth(field: str) -> CellOf:
    def cell(r: IndicatorResult, _ln: Line, rep: Report) -> Cell:
        return _percent(getattr(r, field), rep.settings.growth_places)

    return cell


def _amount_of(field: str) -> CellOf:
    def cell(r: IndicatorResult, _ln: Line, rep: Report) -> Cell:
        return _amount(getattr(r, field), actual_rule(r, rep), _thousands(rep))

    return cell


def extra_xcolumns(
    report: Report,
    lines: Sequence[Line],
    keys: Sequence[str],
    projection: bool,
    lang: OutputLanguage = "zh",
) -> list[XColumn]:
    """The columns of the keys asked for, then --projection's; as in the other formats, the
    gap and need come with --projection alone only when some line has a gap."""
    has_gap = any(line.gap for line in lines)
    need = need_title(lines, lang)
    month = reached_month(report)  # the month the figures reach, as the other formats head it
    built: dict[str, tuple[str, str, CellOf]] = {
        "month": (month_title(month, "zh"), month_title(month, "en"), _month(month)),
        "mom": ("当月环比", "MoM", _growth("chain")),
        "month-yoy": ("当月同比", "Month YoY", _growth("month_yoy")),
        "ytd-mom": ("累计环比", "YTD MoM", _growth("ytd_chain")),
        "two-year": ("两年平均增长", "Two-year average", _growth("two_year_growth")),
        "projection": ("预计全年", "Projection", _amount_of("projection")),
        "gap": ("距目标还差", "To go", _amount_of("gap")),
        "need": (need, need, _need(len(need_frequencies(lines)) > 1, lang)),
    }
    out: list[XColumn] = []
    for key in extra_keys(keys, projection):
        if key in ("gap", "need") and key not in keys and not has_gap:
            continue
        zh, en, cell = built[key]
        out.append(XColumn(zh, en, cell, numeric=True))
    return out


def summary_footer(
    publication: Publication,
    lang: OutputLanguage,
    keys: Sequence[str] = (),
    report: Report | None = None,
) -> list[str]:
    """Under a summary sheet: the statuses' summary (9项指标中7项超序时…), the caption, the
    sheet's (`report`'s, the publication's by default) adjusted targets and why a chosen
    column shows "—", then the notes and sources."""
    view = make_view(publication.report, lang)
    shown = view if report is None else make_view(report, lang)
    lines = footer_lines(publication, lang, CAPTION[lang], notes(shown, keys, lang))
    return [*([view.summary] if view.summary else []), *lines]
