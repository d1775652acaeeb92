"""The XLSX report's native (editable) Excel charts: a data sheet and a chart sheet with the
completion rate against time progress per indicator, and each indicator's orgs ranked."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.display import places_of
from gongshu_kpi.render.export import neutralise
from gongshu_kpi.render.publication import (
    Publication,
    actual_rule,
    aside,
    display_name,
    rankings,
    rate_results,
    text,
)
from gongshu_kpi.render.view import unit_text
from gongshu_kpi.render.xlsx import _number, _print_setup, amount_format

if TYPE_CHECKING:
    from gongshu_kpi.core.models import IndicatorResult, OutputLanguage
    from gongshu_kpi.render.publication import Ranked


def add_charts(book: Any, publication: Publication, lang: OutputLanguage) -> None:
    """A chart data sheet and a chart sheet: completion rate with time progress per
    indicator (bars and a line), and each indicator's orgs ranked."""
    report = publication.report
    data = book.create_sheet(text("chart_data", lang))
    charts = book.create_sheet(text("charts", lang))
    with_rate = rate_results(report)
    data.append([text("rate_vs_time", lang), text("rate", lang), text("time", lang)])
    for r in with_rate:
        label = f"{r.org} {display_name(r, lang)}" if r.org else display_name(r, lang)
        assert r.rate is not None and r.time_progress is not None  # rate_results' choice
        data.append([neutralise(label), _number(r.rate / 100), _number(r.time_progress / 100)])
        for cell in data[data.max_row][1:]:
            cell.number_format = "0.00%"
    data.column_dimensions["A"].width = 30
    anchor_row = 1
    if with_rate:
        charts.add_chart(_rate_chart(data, len(with_rate), lang), "A1")
        anchor_row = 20
    start = data.max_row + 2
    for index, ranking in enumerate(rankings(publication)[:8]):
        chart = _ranking_chart(data, start, ranking, publication, lang)
        column = "A" if index % 2 == 0 else "J"
        charts.add_chart(chart, f"{column}{anchor_row + (index // 2) * 18}")
        start += len(ranking[2]) + 2
    # Both print as the other sheets do (A4 landscape, one page wide); the data sheet's
    # blocks have headers of their own, so no row repeats on every page.
    for sheet in (data, charts):
        _print_setup(sheet, header=None)


def _rate_chart(data: Any, count: int, lang: OutputLanguage) -> Any:
    """Completion rate as bars with time progress as a dashed line, one pair per indicator
    (the data sheet's first `count` rows)."""
    from openpyxl.chart import BarChart, LineChart, Reference
    from openpyxl.chart.label import DataLabelList

    bars = BarChart()
    bars.type = "col"
    bars.title = text("rate_vs_time", lang)
    bars.add_data(Reference(data, min_col=2, min_row=1, max_row=count + 1), titles_from_data=True)
    bars.set_categories(Reference(data, min_col=1, min_row=2, max_row=count + 1))
    bars.dataLabels = _values_only(DataLabelList)
    bars.y_axis.number_format = "0%"
    bars.y_axis.scaling.min = 0
    bars.y_axis.title = text("rate", lang)
    line = LineChart()
    line.add_data(Reference(data, min_col=3, min_row=1, max_row=count + 1), titles_from_data=True)
    line.series[0].graphicalProperties.line.solidFill = "B42318"
    line.series[0].graphicalProperties.line.dashStyle = "dash"
    bars += line
    _axes_visible(bars)
    bars.width, bars.height = max(16, round(2.2 * count)), 9
    bars.legend.position = "b"
    return bars


def _ranking_chart(
    data: Any,
    start: int,
    ranking: tuple[IndicatorResult, bool, list[Ranked]],
    publication: Publication,
    lang: OutputLanguage,
) -> Any:
    """One indicator's orgs best first: written to the data sheet from row `start`, and
    drawn as horizontal bars from them."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList

    whole, by_rate, ranked = ranking
    shown = actual_rule(whole, publication.by_org or publication.report).shown.text
    unit = "%" if by_rate else unit_text(shown, lang, whole.indicator.units)
    what = text("rate", lang) if by_rate else text("ytd", lang)
    heading = f"{display_name(whole, lang)} {text('ranking', lang)}{aside([what], lang)}"
    data.cell(start, 1, heading).data_type = "s"
    data.cell(start, 2, f"{what}{aside([unit], lang)}").data_type = "s"
    for offset, item in enumerate(ranked, 1):
        data.cell(start + offset, 1, neutralise(item.org)).data_type = "s"
        value = data.cell(start + offset, 2, _number(item.value / 100 if by_rate else item.value))
        places = places_of(item.value)
        value.number_format = "0.00%" if by_rate else amount_format(places, False)
    chart = BarChart()
    chart.type = "bar"  # horizontal: names read easily
    chart.title = heading
    chart.add_data(
        Reference(data, min_col=2, min_row=start, max_row=start + len(ranked)),
        titles_from_data=True,
    )
    chart.set_categories(Reference(data, min_col=1, min_row=start + 1, max_row=start + len(ranked)))
    chart.x_axis.scaling.orientation = "maxMin"  # best first, at the top
    chart.legend = None
    chart.dataLabels = _values_only(DataLabelList)
    chart.y_axis.scaling.min = 0  # bars from zero, or small differences look large
    _axes_visible(chart)
    chart.width, chart.height = 14, max(6, 1 + 0.8 * len(ranked))
    return chart


def _values_only(labels: Any) -> Any:
    # LibreOffice shows series and category names in labels unless told not to.
    made = labels()
    made.showVal = True
    made.showSerName = made.showCatName = made.showLegendKey = made.showPercent = False
    return made


def _axes_visible(chart: Any) -> None:
    # openpyxl 3.1 leaves axes' `delete` unset, and Excel then hides them.
    chart.x_axis.delete = False
    chart.y_axis.delete = False
