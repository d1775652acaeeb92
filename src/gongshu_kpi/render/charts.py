"""Charts as images (matplotlib): completion rate against time progress, year to date against
the target line, the orgs' ranking. PNG for Word, SVG (text kept as text) for HTML.

CJK text needs a CJK font: the Noto Sans SC that the `pylopdf-fonts-zh-cn` package installs
(SIL Open Font License), else one the system has. Without any, a chart would print boxes for
every character, so kpi stops with a message instead (exit 2).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.formulas import time_progress_at
from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.render.publication import (
    Publication,
    actual_rule,
    aside,
    display_name,
    month_label,
    rankings,
    rate_results,
    status_style,
    text,
)
from gongshu_kpi.render.view import unit_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from gongshu_kpi.core.models import Indicator, IndicatorResult, OutputLanguage, Report, Settings

# Fonts a system may have, tried after the packaged one (file name stems, lower case).
SYSTEM_CJK_FONTS = (
    "notosanscjk",  # Debian/Ubuntu fonts-noto-cjk (a .ttc collection)
    "notosanssc",
    "sourcehansans",
    "msyh",  # Microsoft YaHei
    "simhei",
    "pingfang",
    "wqy-microhei",
    "wqy-zenhei",
    "droidsansfallback",
)
BAR = "#4A7EBB"
TIME_LINE = "#B42318"
TARGET_LINE = "#595959"


def cjk_font_path() -> Path | None:
    """The packaged Noto Sans SC, else a CJK font the system has, else None."""
    try:
        import pylopdf_fonts_zh_cn

        packaged = Path(pylopdf_fonts_zh_cn.sans_path())
        if packaged.is_file():
            return packaged
    except ImportError:
        pass
    from matplotlib import font_manager

    for stem in SYSTEM_CJK_FONTS:
        for found in sorted(font_manager.findSystemFonts()):
            if Path(found).name.lower().replace(" ", "").startswith(stem):
                return Path(found)
    return None


@functools.cache
def _setup() -> str:
    """Register the CJK font with matplotlib once; its family name."""
    import matplotlib as mpl

    mpl.use("Agg")  # files only, never a window
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is None:
        raise UsageError(
            "找不到中文字体，图表中的汉字会显示为方框；修正：pip install pylopdf-fonts-zh-cn，"
            "或安装 Noto Sans CJK（如 apt-get install fonts-noto-cjk）"
        )
    font_manager.fontManager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    mpl.rcParams.update(
        {
            "font.family": [family],
            "axes.unicode_minus": False,  # the CJK font has no U+2212
            "svg.fonttype": "none",  # text stays text in SVG; the browser's fonts draw it
            "svg.hashsalt": "kpi",  # the same chart gives the same file
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return family


@dataclass(frozen=True, slots=True)
class Chart:
    """One chart: a file-name stem, a title and how to draw it."""

    name: str
    title: str
    draw: Callable[[Any], None]  # draws on a matplotlib Axes
    height: float = 3.6  # inches


def _float(value: Decimal) -> float:
    return float(value)  # plotting only: every printed figure comes from the Decimals


def rate_chart(publication: Publication, lang: OutputLanguage) -> Chart | None:
    """Completion rate per indicator as bars (status colours), time progress as a line."""
    results = rate_results(publication.report)
    if not results:
        return None

    def draw(ax: Any) -> None:
        names = [_label(r, lang) for r in results]
        rates = [_float(r.rate) for r in results if r.rate is not None]
        colours = [
            "#" + (r.grade or status_style(r.status.value if r.status else "")).colour
            for r in results
        ]
        bars = ax.bar(range(len(results)), rates, color=colours, width=0.6)
        for index, (bar, result) in enumerate(zip(bars, results, strict=True)):
            ax.annotate(
                f"{result.rate}%",
                (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                ha="center",
                va="bottom",
                fontsize=8,
                xytext=(0, 2),
                textcoords="offset points",
            )
            assert result.time_progress is not None  # rate_results' choice
            progress = _float(result.time_progress)
            ax.hlines(
                progress,
                index - 0.42,
                index + 0.42,
                colors=TIME_LINE,
                linestyles="dashed",
                linewidth=1.6,
                label=text("time", lang) if index == 0 else None,
            )
        ax.set_xticks(range(len(results)), names, fontsize=8)
        ax.set_ylabel(f"{text('rate', lang)} (%)")
        ax.set_ylim(0, max([*rates, 100.0]) * 1.12)
        ax.legend(loc="upper right", fontsize=8, frameon=False)

    return Chart("rate-vs-time", text("rate_vs_time", lang), draw)


def trend_charts(publication: Publication, lang: OutputLanguage) -> list[Chart]:
    """For each indicator with months: year to date by month, the annual target as a line and
    the target phased over the months (序时目标) as a dashed line where the indicator has a
    序时进度 (not a stock without a pace)."""
    report = publication.report
    charts = []
    for result in report.results:
        rows = list(publication.trends.get(result.indicator.id, ()))
        if result.org or len(rows) < 1 or result.target is None or result.rate is None:
            continue
        from gongshu_kpi.core.models import TargetType

        if result.indicator.target_type is not TargetType.AMOUNT:
            continue
        charts.append(_trend_chart(publication, result, rows, lang))
    return charts


def phased_targets(
    target: Decimal, year: int, settings: Settings, indicator: Indicator
) -> list[Decimal]:
    """The target phased over months 1..12 (序时目标): target × time progress at each month's
    end, by the same rule as the report's 序时进度 (months or days, or the indicator's
    monthly profile)."""
    return [
        target * time_progress_at(month, year, settings, indicator) / 100 for month in range(1, 13)
    ]


def _trend_chart(
    publication: Publication, result: IndicatorResult, rows: Sequence[Any], lang: OutputLanguage
) -> Chart:
    from gongshu_kpi.core.units import convert

    rule = actual_rule(result, publication.report)
    assert result.target is not None
    # The target line is drawn in the actual's unit, so both share one axis.
    target_shown = convert(result.target, rule.own, rule.shown)
    target_value = _float(target_shown)
    report = publication.report
    # No 序时目标 where the report has no 序时进度: a stock (高新企业累计数) without a pace,
    # or an indicator with pace: none.
    phased = (
        None
        if result.time_progress is None
        else phased_targets(target_shown, report.year, report.settings, result.indicator)
    )

    def draw(ax: Any) -> None:
        months = [row.month for row in rows]
        values = [_float(rule.value(row.ytd)) for row in rows]
        ax.plot(months, values, marker="o", color=BAR, label=text("ytd", lang))
        for month, row in zip(months, rows, strict=True):
            ax.annotate(
                rule.text(row.ytd),
                (month, _float(rule.value(row.ytd))),
                fontsize=7,
                ha="center",
                xytext=(0, 5),
                textcoords="offset points",
            )
        ax.axhline(target_value, color=TARGET_LINE, linewidth=1.2, label=text("target", lang))
        if phased is not None:
            ax.plot(
                range(1, 13),
                [_float(value) for value in phased],
                color=TIME_LINE,
                linestyle="dashed",
                linewidth=1,
                label=text("phased", lang),
            )
        ax.set_xticks(range(1, 13), [month_label(m, lang) for m in range(1, 13)], fontsize=7)
        ax.set_xlim(0.5, 12.5)
        ax.set_ylim(0, max([*values, target_value]) * 1.1)
        ax.set_ylabel(unit_text(rule.shown.text, lang, result.indicator.units))
        ax.legend(loc="upper left", fontsize=7, frameon=False)

    title = f"{display_name(result, lang)} {text('trend_title', lang)}"
    return Chart(f"trend-{result.indicator.id}", title, draw, height=3.0)


def ranking_charts(publication: Publication, lang: OutputLanguage) -> list[Chart]:
    """For each indicator with orgs: the orgs ranked, best at the top."""
    charts = []
    by_org = publication.by_org
    for whole, by_rate, ranked in rankings(publication):
        shown = actual_rule(whole, by_org or publication.report).shown.text
        unit = "%" if by_rate else unit_text(shown, lang, whole.indicator.units)
        what = text("rate", lang) if by_rate else text("ytd", lang)

        labels = _status_labels(whole, by_org or publication.report, lang)

        def draw(
            ax: Any,
            ranked: Sequence[Any] = ranked,
            by_rate: bool = by_rate,
            labels: dict[str, str] = labels,
        ) -> None:
            names = [item.org for item in ranked][::-1]
            values = [_float(item.value) for item in ranked][::-1]
            colours = [
                f"#{item.colour or status_style(item.status_code).colour}" if by_rate else BAR
                for item in ranked
            ][::-1]
            bars = ax.barh(names, values, color=colours, height=0.6)
            for bar, item in zip(bars, list(ranked)[::-1], strict=True):
                label = f"{item.value}%" if by_rate else format(item.value, "f")
                ax.annotate(
                    label,
                    (bar.get_width(), bar.get_y() + bar.get_height() / 2),
                    va="center",
                    fontsize=7,
                    xytext=(3, 0),
                    textcoords="offset points",
                )
            ax.set_xlim(0, max(values) * 1.18 if values and max(values) > 0 else 1)
            ax.tick_params(axis="y", labelsize=8)
            if by_rate:
                _status_legend(ax, ranked, labels)

        title = f"{display_name(whole, lang)} {text('ranking', lang)}{aside([what, unit], lang)}"
        charts.append(
            Chart(f"ranking-{whole.indicator.id}", title, draw, height=0.9 + 0.32 * len(ranked))
        )
    return charts


def _status_labels(whole: IndicatorResult, report: Report, lang: OutputLanguage) -> dict[str, str]:
    """Status code -> its label (data/status.yaml's, else 超序时 …) among the orgs' results."""
    from gongshu_kpi.render.view import make_line

    lines = [make_line(r, report, lang) for r in report.results if r.indicator is whole.indicator]
    return {line.status_code: line.status for line in lines if line.status_code}


def _status_legend(ax: Any, ranked: Sequence[Any], labels: dict[str, str]) -> None:
    """What the bars' colours mean: one swatch per status shown, best first."""
    from matplotlib.patches import Patch

    shown = {item.status_code: item for item in ranked if item.status_code in labels}
    handles = [
        Patch(color=f"#{item.colour or status_style(code).colour}", label=labels[code])
        for code, item in shown.items()
    ]
    if handles:
        ax.legend(handles=handles, loc="best", fontsize=7, frameon=False)


def all_charts(publication: Publication, lang: OutputLanguage) -> list[Chart]:
    rate = rate_chart(publication, lang)
    return [
        *([rate] if rate else []),
        *trend_charts(publication, lang),
        *ranking_charts(publication, lang),
    ]


_ONE_LINE_LABEL = 6  # characters under one bar; a longer label wraps onto two lines


def _label(result: IndicatorResult, lang: OutputLanguage) -> str:
    name = display_name(result, lang)
    label = f"{result.org} {name}" if result.org else name
    return (
        label
        if len(label) <= _ONE_LINE_LABEL
        else f"{label[: (len(label) + 1) // 2]}\n{label[(len(label) + 1) // 2 :]}"
    )


def figure(chart: Chart, width: float = 6.4) -> Figure:
    _setup()
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, chart.height), layout="constrained")
    ax = fig.add_subplot()
    chart.draw(ax)
    ax.set_title(chart.title, fontsize=11)
    return fig


def render_png(chart: Chart, dpi: int = 150) -> bytes:
    buffer = io.BytesIO()
    figure(chart).savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


def render_svg(chart: Chart) -> str:
    buffer = io.StringIO()
    figure(chart).savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    return buffer.getvalue()
