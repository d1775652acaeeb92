"""`kpi explain` (provenance of one figure) and `kpi trend` (an indicator month by month)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.console import emit, print_wide
from gongshu_kpi.cli.options import (
    EXPLAIN_FORMATS,
    DataOption,
    DebugOption,
    Lang,
    PeriodOption,
    RankBy,
    ViewFormat,
    listed,
)
from gongshu_kpi.render.registry import View, names

TREND_DEFAULT = ViewFormat("table")


@app.command()
def explain(
    indicator: Annotated[str, typer.Argument(help="The indicator's id or name.")],
    month: Annotated[
        str | None, typer.Option("--month", "-m", help="As of this month, YYYY-MM.")
    ] = None,
    period: PeriodOption = None,
    org: Annotated[
        str | None, typer.Option("--org", help="An org or org group instead of the whole.")
    ] = None,
    share_of: Annotated[
        str | None,
        typer.Option(
            "--share-of", help="Also explain the share (占比) of this org or group's figure."
        ),
    ] = None,
    rank: Annotated[
        RankBy | None,
        typer.Option(
            "--rank", help="Also explain the rank among orgs, as report --by org --rank does."
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help=f"{listed(EXPLAIN_FORMATS)}.")
    ] = EXPLAIN_FORMATS[0],
    lang: Annotated[
        Lang, typer.Option("--lang", help="Output language: zh Chinese, en English.")
    ] = Lang.zh,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Where one figure came from: every file row or cell, and the arithmetic step by step."""
    from gongshu_kpi import pipeline
    from gongshu_kpi.core.figures.explain import ExplainAsk, explain_asked
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render.jobs import ExplainJob
    from gongshu_kpi.render.registry import render_explanation

    if fmt not in EXPLAIN_FORMATS:
        raise UsageError(f"--format {fmt}：可用 {listed(EXPLAIN_FORMATS, ' 或 ')}")
    month = pipeline.month_of_period(month, period)
    loaded, chosen, who = pipeline.one_indicator(data, indicator, org)
    if share_of is not None:
        pipeline.resolve_orgs(loaded, [share_of], False)
    year, as_of = pipeline.resolve_month(loaded, month)
    rank_by = None if rank is None else rank.value
    ask = ExplainAsk(
        year, as_of, share_of, rank_by, entered=loaded.entered, finest_units=loaded.finest_units
    )
    explanation = explain_asked(loaded.facts, chosen, who, ask)
    label = loaded.facts.orgs.label(who) if who else ""
    sys.stdout.write(
        render_explanation(
            fmt, ExplainJob(explanation, label, year, "en" if lang is Lang.en else "zh")
        )
    )


@app.command()
def trend(
    indicator: Annotated[str, typer.Argument(help="The indicator's id or name.")],
    year: Annotated[
        int | None, typer.Option("--year", help="The year (default: the targets' year).")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="An org or org group instead of the whole.")
    ] = None,
    fmt: Annotated[
        ViewFormat, typer.Option("--format", "-f", help=f"{listed(names(View.TREND))}.")
    ] = TREND_DEFAULT,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Output language: zh Chinese, en English.")
    ] = Lang.zh,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """An indicator month by month: amount, year-to-date, completion rate, year-on-year,
    with a small chart in the terminal."""
    from gongshu_kpi import pipeline
    from gongshu_kpi.core.display import amount_rule
    from gongshu_kpi.core.figures.explain import trend as trend_rows
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render.jobs import TrendJob
    from gongshu_kpi.render.registry import render_trend

    loaded, chosen, who = pipeline.one_indicator(data, indicator, org)
    the_year = loaded.targets.year if year is None else year
    rows = trend_rows(loaded.facts, chosen, who, the_year)
    if not rows:
        raise UsageError(f"“{chosen.name}”没有 {the_year} 年的数据")
    label = f"（{loaded.facts.orgs.label(who)}）" if who else ""
    rule = amount_rule(chosen, "actual", loaded.targets.settings, loaded.finest_units)
    job = TrendJob(chosen, rows, label, the_year, rule, "en" if lang is Lang.en else "zh")
    shown = render_trend(fmt.value, job)
    if isinstance(shown, str | bytes):
        emit(shown, None)
    else:
        print_wide(shown)
