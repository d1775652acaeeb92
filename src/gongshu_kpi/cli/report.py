"""`kpi report`: the figures as a table, Markdown, JSON, CSV, XLSX, HTML or template text."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from gongshu_kpi.cli.app import app
from gongshu_kpi.cli.console import emit, progress_display, table_text, terminal_width
from gongshu_kpi.cli.errors import EXIT_DATA, err, fail
from gongshu_kpi.cli.options import (
    REPORT_FORMATS,
    DataOption,
    DebugOption,
    Format,
    Lang,
    PeriodOption,
    QuietOption,
    RankBy,
    listed,
)

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.pipeline import DataFolder, Loaded, ReportAsk, ReportRun
    from gongshu_kpi.render.registry import OutputFormat


class ReportView(StrEnum):
    scorecard = "scorecard"  # 赛马: orgs × indicators, a weighted score (gongshu_kpi.scoring)


@app.command()
def report(
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="Report as of this month, YYYY-MM. Default: the latest with data."
        ),
    ] = None,
    period: PeriodOption = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help=f"{listed(REPORT_FORMATS)} (default: table, or as --output's extension says).",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="Render newsletter text with a Jinja template: a name from the project's "
            "templates/ or the shipped defaults (bulletin, bulletin_full, bulletin_en; scorecard "
            "with --view scorecard), or a file path. A name ending in _en renders English "
            "wording.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write to this file (atomically) instead of stdout. The extension picks the "
            "format; an extension kpi does not know is a usage error.",
        ),
    ] = None,
    indicator: Annotated[
        list[str] | None,
        typer.Option("--indicator", "-i", help="Only this indicator (id or name); repeatable."),
    ] = None,
    group: Annotated[
        list[str] | None, typer.Option("--group", "-g", help="Only this group; repeatable.")
    ] = None,
    org: Annotated[
        list[str] | None,
        typer.Option(
            "--org",
            help="Figures of this org or org group (from orgs.yaml) instead of the whole; "
            "repeatable (one row per org).",
        ),
    ] = None,
    by: Annotated[
        str | None, typer.Option("--by", help="'org': one row per org and indicator.")
    ] = None,
    share_of: Annotated[
        str | None,
        typer.Option("--share-of", help="Add each row's share (占比) of this org or group."),
    ] = None,
    rank: Annotated[
        RankBy | None,
        typer.Option("--rank", help="Rank the orgs within each indicator by rate or yoy."),
    ] = None,
    projection: Annotated[
        bool,
        typer.Option(
            "--projection",
            help="Add the year-end projection (预计全年), the gap to the target (距目标还差) "
            "and the need per month left (月均需完成).",
        ),
    ] = False,
    columns: Annotated[
        list[str] | None,
        typer.Option(
            "--columns",
            "-c",
            metavar="NAMES",
            help="Add these columns, in the order given (repeatable, or comma-separated): "
            "当月/month, 环比/mom, 当月同比/month-yoy, 累计环比/ytd-mom, 两年平均/two-year, "
            "距目标还差/gap, 月均需完成/need, 预计全年/projection. Headers name the period "
            "(6月当月); a 1-2月 release is printed as '1-2月 165', never split; a figure that "
            "cannot be given is '—' with the reason under the table. An unknown name is a "
            "usage error (exit 2).",
            show_default=False,
        ),
    ] = None,
    skip_bad_files: Annotated[
        bool,
        typer.Option(
            "--skip-bad-files",
            help="Leave out data files with errors and report the rest: every figure they "
            "would have fed is marked 不含XX, a footnote lists them, and kpi still exits 1.",
        ),
    ] = False,
    charts: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            help="Also write the charts into this folder, as PNG and SVG files.",
            show_default=False,
        ),
    ] = None,
    view: Annotated[
        ReportView | None,
        typer.Option(
            "--view",
            metavar="VIEW",
            help="'scorecard': orgs as rows, indicators as columns, a weighted score and "
            "ranks (赛马), with weights in data/scorecard.yaml.",
        ),
    ] = None,
    quiet: QuietOption = False,
    lang: Annotated[
        Lang, typer.Option("--lang", help="Output language: zh Chinese, en English.")
    ] = Lang.zh,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Completion rates, time progress and pace of each indicator as of a month.

    Each indicator is reported as of its own latest month with data not after --month
    (so one report may mix 1-7月 and 1-6月 lines, as bulletins do). Year-on-year growth
    appears when last year's actuals are in the data folder.
    """
    from gongshu_kpi import pipeline
    from gongshu_kpi.core.problems import UsageError

    if by not in (None, "org"):
        raise UsageError(f"--by {by}：只支持 --by org")
    month = pipeline.month_of_period(month, period)
    keys = _column_keys(columns or ())
    folder = pipeline.find_data_folder(data)
    chosen = _chosen_format(fmt, template, output, folder)
    if view is not None:
        unused: dict[str, object] = {"--indicator": indicator, "--org": org, "--by": by}
        unused |= {"--share-of": share_of}
        unused |= {"--rank": rank, "--projection": projection, "--charts": charts}
        _tell_unused_by_scorecard({**unused, "--skip-bad-files": skip_bad_files})
        emit(_scorecard(folder, month, chosen, lang, group or (), quiet, template), output)
        return
    ask = pipeline.ReportAsk(
        month, indicator or (), group or (), org or (), by == "org" or rank is not None,
        share_of, None if rank is None else rank.value,
        "publication" in chosen.views or charts is not None, skip_bad_files,
    )  # fmt: skip
    with progress_display(quiet) as progress:
        run = pipeline.report_run(folder, ask, progress)
    _tell(run, ask)
    text = _render(run, chosen, template, lang, (projection, keys), output is None)
    _deliver(run, text, chosen.name, template, output, charts, lang)


def _column_keys(asked: list[str] | tuple[()]) -> tuple[str, ...]:
    """--columns names as column keys; an unknown name is a usage error listing the valid."""
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render.columns import UnknownColumnError, parse_columns

    try:
        return parse_columns(asked)
    except UnknownColumnError as error:
        raise UsageError(str(error)) from None


def _chosen_format(
    fmt: Format | None, template: str | None, output: Path | None, folder: DataFolder
) -> OutputFormat:
    """The format asked for (or --output's extension says), once --output may be written."""
    from gongshu_kpi.output import check_output_path
    from gongshu_kpi.render.registry import choose_report_format

    if output is not None:  # into data/ or templates/ is refused before its extension
        check_output_path(output, [folder.targets], forbidden=[folder.data, folder.templates])
    if template is not None and fmt is not None and fmt.value in IGNORED_WITH_TEMPLATE:
        err(f"提示：有 --template 时输出模板生成的文字，--format {fmt.value} 不起作用。")
    return choose_report_format(None if fmt is None else fmt.value, template is not None, output)


def _tell(run: ReportRun, ask: ReportAsk) -> None:
    """The data's warnings, the indicators without data by the month, why --rank ranked
    nothing and why --by org has no org to show, on stderr."""
    from gongshu_kpi.render.problems import render_problems

    notes = render_problems(run.notes)
    if notes:
        err(notes)
    run.refuse_when_empty()
    _tell_reached(run.report)
    if run.missing:
        err(f"提示：{'、'.join(run.missing)} 在 {run.when} 及之前没有数据。")
    if ask.rank_by is not None and not any(r.rank is not None for r in run.report.results):
        err(_nothing_ranked(ask.rank_by, run))
    elif ask.by_org and not run.loaded.facts.orgs.parent:  # --by org, with nothing to split
        err(NO_ORGS_BY_ORG)


def _tell_reached(report: Report) -> None:
    """Once, when every line is as of a month before the one asked for: the title names the
    month the data reaches (render/view.make_view), and the reader is told why."""
    from gongshu_kpi.core.figures.result import reached_month
    from gongshu_kpi.render.view import period_text

    reached = reached_month(report)
    if reached < report.month:
        period = period_text(reached, "zh", report.settings)
        err(
            f"提示：数据截至 {report.year}年{reached}月，所问的 {report.year}年{report.month}月"
            f"（--month/--period）还没有数据；按各指标最新月份计算，标题为 {period}。"
        )


def _deliver(
    run: ReportRun,
    text: str | bytes | RenderableType,
    fmt: str,
    template: str | None,
    output: Path | None,
    charts: Path | None,
    lang: Lang,
) -> None:
    """The report to --output or stdout and the charts to --charts; exit 1 after a report
    without the bad files (--skip-bad-files)."""
    from gongshu_kpi.output import check_output_path

    folder = run.loaded.folder
    if output is not None:
        check_output_path(output, _inputs(folder, run, template), [folder.data, folder.templates])
    if charts is not None:
        _write_charts(charts, run.publication, lang.value, [folder.data, folder.templates])
    if run.loaded.skipped:
        _emit_partial(run.loaded, text, fmt, template, output)
        fail(EXIT_DATA)
    emit(text, output)


def _inputs(folder: DataFolder, run: ReportRun, template: str | None) -> list[Path]:
    """Every file the report was made from: --output may overwrite none of them."""
    inputs = [folder.targets, *(Path(f) for f in run.loaded.files)]
    if template is not None:
        inputs.append(Path(template))  # a template path given as --template
        inputs += [folder.templates / template, folder.templates / f"{template}.j2"]
    return inputs


def _tell_unused_by_scorecard(options: dict[str, object]) -> None:
    """Options the scorecard cannot act on say so (data/scorecard.yaml decides its orgs and
    indicators, and it ranks by its own rule)."""
    unused = [name for name, value in options.items() if value]
    if unused:
        err(
            f"提示：--view scorecard 时 {'、'.join(unused)} 不起作用"
            "（赛马的指标、权重、单位和排名规则见 data/scorecard.yaml；--group 可选指标）。"
        )


def _scorecard(
    folder: DataFolder, month: str | None, chosen: OutputFormat, lang: Lang,
    groups: list[str] | tuple[()], quiet: bool, template: str | None,
) -> str | bytes | RenderableType:  # fmt: skip
    """The 赛马 view: orgs × indicators with a weighted score (gongshu_kpi.scoring), or a
    --template's text with it as `scorecard`."""
    from gongshu_kpi import pipeline
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.render.registry import scorecard_format
    from gongshu_kpi.scoring import scorecard_output, scorecard_template

    if template is not None and chosen.binary:  # the Word bulletin's body is a report's
        raise UsageError(f"--view scorecard 的 --template 生成的是文字，不能写成 {chosen.name}")
    if template is None:
        scorecard_format(chosen.name)  # a format that cannot show it is refused before work
    with progress_display(quiet) as progress:
        loaded = pipeline.load(folder, progress)
    if template is not None:
        return scorecard_template(loaded, month, template, folder.templates, groups)
    language: OutputLanguage = "en" if lang is Lang.en else "zh"
    return scorecard_output(loaded, month, chosen.name, language, groups)


# Formats whose renderer a template replaces: the template's text is written instead.
IGNORED_WITH_TEMPLATE = frozenset({"markdown", "json", "csv", "html"})


NO_ORGS_BY_ORG = "提示：数据中没有单位（填报单位列为空，也没有 orgs.yaml），--by org 只有全区一行。"


def _nothing_ranked(by: str, run: ReportRun) -> str:
    """Why --rank ranked nothing (an option that cannot act says so): ranks are places among
    all the orgs, so the whole and groups have none, and an org shown alone may have none."""
    orgs = run.loaded.facts.orgs.parent
    figure = "完成率" if by == "rate" else "上年同期数据"
    if not orgs:
        why = "数据中没有单位（填报单位），排名只在单位之间"
    elif not any(r.org in orgs for r in run.report.results):
        why = "排名只在单位之间，汇总数和分组没有名次"
    elif by == "rate" and not _any_org_ranked(run, by):
        why = "没有单位有自己的年度目标（targets.yaml 的 org_targets），无法按完成率排名"
    elif not _any_org_ranked(run, by):
        why = "没有单位有上年同期数据，无法按同比排名"
    else:
        why = f"所选单位没有{figure}，不参加排名（其他单位有名次，见 --by org）"
    return f"提示：--rank {by} 未排名：{why}。"


def _any_org_ranked(run: ReportRun, by: str) -> bool:
    """Whether any org at all has a place by `by` (the report of every org ranks someone)."""
    from gongshu_kpi.pipeline import ReportAsk, build_report

    asked = run.report.results
    indicators = tuple(dict.fromkeys(r.indicator.id for r in asked))
    every = build_report(run.loaded, ReportAsk(run.when, indicators, rank_by=by, by_org=True))
    return any(r.rank is not None for r in every.results)


def _emit_partial(
    loaded: Loaded,
    text: str | bytes | RenderableType,
    fmt: str,
    template: str | None,
    output: Path | None,
) -> None:
    """The report without the bad files: their problems and the footnote on stderr, and the
    footnote at the end of text formats too (in the others the 不含XX marks say it)."""
    from gongshu_kpi.core.partial import excluded_footnote
    from gongshu_kpi.render.problems import render_problems

    err(render_problems([p for s in loaded.skipped for p in s.problems]))
    footnote = excluded_footnote(loaded.skipped, loaded.facts.orgs)
    if template is not None or fmt in ("table", "markdown"):
        assert not isinstance(text, bytes)  # text formats only
        body = text if isinstance(text, str) else table_text(text)
        text = body + ("" if body.endswith("\n") else "\n") + "\n" + footnote
    emit(text, output)
    err(footnote + "有文件出错，已按 --skip-bad-files 跳过；退出码为 1。")


def _write_charts(folder: Path, publication: object, lang: str, forbidden: list[Path]) -> None:
    """Each chart as NAME.png and NAME.svg in `folder` (made if its parent exists)."""
    from gongshu_kpi.core.problems import UsageError
    from gongshu_kpi.output import check_output_path, write_atomically
    from gongshu_kpi.render.charts import all_charts, render_png, render_svg
    from gongshu_kpi.render.publication import Publication

    assert isinstance(publication, Publication)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"--charts {folder} 不是目录")
    if not folder.parent.is_dir():
        raise UsageError(f"--charts {folder}：目录 {folder.parent} 不存在")
    language: OutputLanguage = "en" if lang == "en" else "zh"
    drawn = all_charts(publication, language)
    if not drawn:
        raise UsageError("没有可画的图表（没有完成率或逐月数据）")
    folder.mkdir(exist_ok=True)
    for chart in drawn:
        for suffix, data in ((".png", render_png(chart)), (".svg", render_svg(chart))):
            path = folder / f"{chart.name}{suffix}"
            check_output_path(path, [], forbidden=forbidden)
            write_atomically(path, data)


def _render(
    run: ReportRun,
    chosen: OutputFormat,
    template: str | None,
    lang: Lang,
    shown: tuple[bool, tuple[str, ...]],
    to_screen: bool,
) -> str | bytes | RenderableType:
    """The report in the chosen format; a --template's text, unless the format takes it as
    its body (the Word bulletin, whose default body is the bulletin template)."""
    from gongshu_kpi.pipeline import template_text
    from gongshu_kpi.render.jobs import ReportJob
    from gongshu_kpi.render.registry import render_report

    templates = run.loaded.folder.templates
    projection, keys = shown  # --projection, and the --columns keys
    if template is not None and not chosen.template_body:
        if keys:  # an option that cannot act says so
            err("提示：有 --template 时输出模板生成的文字，--columns 不起作用。")
        return template_text(run.report, template, templates)
    bulletin = None
    if chosen.template_body:
        name = template or ("bulletin_en" if lang is Lang.en else "bulletin")
        bulletin = template_text(run.report, name, templates)
    # On screen the table fits the terminal; into a file it keeps its natural width. Only the
    # table reads the width: other formats do not pay for Rich's import to learn it.
    width = terminal_width() if to_screen and chosen.name == "table" else None
    language: OutputLanguage = "en" if lang is Lang.en else "zh"
    job = ReportJob(run.report, language, projection, width, run.publication, bulletin, keys)
    return render_report(chosen, job)
