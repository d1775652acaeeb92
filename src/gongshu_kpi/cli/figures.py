"""`kpi explain` (provenance of one figure) and `kpi trend` (an indicator month by month)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.console import print_wide
from gongshu_kpi.cli.options import DataOption, DebugOption, Lang, ViewFormat


@app.command()
def explain(
    indicator: Annotated[str, typer.Argument(help="The indicator's id or name.")],
    month: Annotated[
        str | None, typer.Option("--month", "-m", help="As of this month, YYYY-MM.")
    ] = None,
    org: Annotated[
        str | None, typer.Option("--org", help="An org or org group instead of the whole.")
    ] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="text or json.")] = "text",
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Where one figure came from: every file row or cell, and the arithmetic step by step."""
    from gongshu_kpi import pipeline
    from gongshu_kpi.core.explain import explain as explain_figure
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render.history import render_explanation, render_explanation_json

    if fmt not in ("text", "json"):
        raise UsageError(f"--format {fmt}：可用 text 或 json")
    loaded, chosen, who = pipeline.one_indicator(data, indicator, org)
    year, as_of = pipeline.resolve_month(loaded, month)
    explanation = explain_figure(loaded.facts, chosen, who, year, as_of)
    label = loaded.facts.orgs.label(who) if who else ""
    if fmt == "json":
        sys.stdout.write(render_explanation_json(explanation))
    else:
        sys.stdout.write(render_explanation(explanation, label, year))


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
        ViewFormat, typer.Option("--format", "-f", help="table, markdown or json.")
    ] = ViewFormat.table,
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
    from gongshu_kpi.core.explain import trend as trend_rows
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render import history

    loaded, chosen, who = pipeline.one_indicator(data, indicator, org)
    the_year = loaded.targets.year if year is None else year
    rows = trend_rows(loaded.facts, chosen, who, the_year)
    if not rows:
        raise UsageError(f"“{chosen.name}”没有 {the_year} 年的数据")
    label = f"（{loaded.facts.orgs.label(who)}）" if who else ""
    rule = amount_rule(chosen, "actual", loaded.targets.settings, loaded.finest_units)
    language: OutputLanguage = "en" if lang is Lang.en else "zh"
    if fmt is ViewFormat.json:
        sys.stdout.write(history.render_trend_json(chosen, rows, label, the_year))
    elif fmt is ViewFormat.markdown:
        sys.stdout.write(
            history.render_trend_markdown(chosen, rows, label, the_year, rule, language)
        )
    else:
        print_wide(history.render_trend_table(chosen, rows, label, the_year, rule, language))
