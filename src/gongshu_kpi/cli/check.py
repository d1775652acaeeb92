"""`kpi check` (validation, rules, bulletin fact-check, CI formats) and `kpi publish`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

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
    import os

    from gongshu_kpi import pipeline
    from gongshu_kpi.checking import run_check
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.output import check_output_path
    from gongshu_kpi.render.check_formats import (
        render_figure_lines,
        summary_line,
    )
    from gongshu_kpi.render.registry import render_check

    if fmt is None:
        # Like yamllint: annotations on the diff without any configuration in Actions.
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        fmt = CheckFormat("github" if github else "text")
    month = pipeline.month_of_period(month, period)
    folder = pipeline.find_data_folder(data)
    if output is not None:
        # Checked before the run, so a refused --output never costs a full check. A report
        # in published/ would be read as a snapshot next time, like one in actuals/.
        inputs = [folder.targets, *([bulletin] if bulletin else [])]
        check_output_path(output, inputs, [folder.data, folder.templates])
    with progress_display(quiet) as progress:
        result = run_check(folder, month, bulletin, strict, progress)
    # A bulletin fact-check lists what it could not verify: never hide those notes.
    words: OutputLanguage = "en" if lang is Lang.en else "zh"
    text = render_check(fmt.value, result, verbose or bulletin is not None, words)
    if verbose and fmt == "text":
        text += render_figure_lines(result, words)
    emit(text, output)
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
