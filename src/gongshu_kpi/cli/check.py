"""`kpi check` (validation, rules, bulletin fact-check, CI formats) and `kpi publish`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.console import emit, progress_display
from gongshu_kpi.cli.errors import EXIT_DATA, err, fail
from gongshu_kpi.cli.options import (
    CheckFormat,
    DataOption,
    DebugOption,
    Lang,
    PeriodOption,
    QuietOption,
)

if TYPE_CHECKING:
    from gongshu_kpi.core.models import OutputLanguage


@app.command()
def check(
    data: DataOption = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="Check as of this month, YYYY-MM. Default: the latest with data."
        ),
    ] = None,
    period: PeriodOption = None,
    bulletin: Annotated[
        Path | None,
        typer.Option(
            "--bulletin",
            "-b",
            help="Fact-check a draft bulletin (Markdown or text, UTF-8 or GB18030) against "
            "the data: every stated target, actual, rate, growth and share.",
        ),
    ] = None,
    fmt: Annotated[
        CheckFormat | None,
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (workflow commands; the default when GITHUB_ACTIONS=true) "
            "or junit (XML).",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (atomically)."),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Warnings fail the check too (exit 1).")
    ] = False,
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose",
            "-v",
            help="Also show informational notes; with --bulletin, a line per bulletin line "
            "listing each stated figure and its verdict.",
        ),
    ] = False,
    quiet: QuietOption = False,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Output language: zh Chinese, en English.")
    ] = Lang.zh,
    debug: DebugOption = False,
) -> None:
    """Validate targets and actuals, apply data/rules.yaml, compare with published
    snapshots and optionally fact-check a bulletin draft; print each problem as
    `path:line[:col]: 错误：<problem>；修正：<fix>`.

    Exits 0 when clean (warnings allowed unless --strict), 1 when there are problems,
    2 on a usage error, 3 on an internal error.
    """
    from gongshu_kpi import checking, pipeline
    from gongshu_kpi.render.check_formats import summary_line

    month = pipeline.month_of_period(month, period)
    words: OutputLanguage = "en" if lang is Lang.en else "zh"
    shown = None if fmt is None else fmt.value
    ask = checking.CheckAsk(month, bulletin, strict, shown, verbose, words)
    folder = pipeline.find_data_folder(data)
    if output is not None:
        checking.refuse_output(output, folder, ask)
    with progress_display(quiet) as progress:
        result = checking.run_check(folder, ask, progress)
    emit(checking.check_text(result, ask), output)
    err(summary_line(result, words))
    if result.failed:
        fail(EXIT_DATA)


@app.command()
def publish(
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="The month published, YYYY-MM. Default: the latest with data."
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing snapshot of that month.")
    ] = False,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Record the figures and targets a bulletin went out with, as
    data/published/YYYY-MM.json; `kpi check` then reports any of them that changes.
    """
    from gongshu_kpi import pipeline
    from gongshu_kpi.publishing import publish as publish_month

    done = publish_month(pipeline.find_data_folder(data), month, force)
    err(f"已记录 {done.year}年{done.month}月 发布的数字：{pipeline.shown(done.path)}")
