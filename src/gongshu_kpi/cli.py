"""The `kpi` command line: parse options, call the pipeline, render, map errors to exit codes.

Heavy modules (pydantic models, loaders, Jinja, Excel readers) are imported inside the
commands so that `kpi --help` stays as fast as a bare Typer app.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer

from gongshu_kpi import __version__

# The exit-code contract, also in README.md and `kpi --help`.
EXIT_OK = 0
EXIT_DATA = 1  # problems in targets, actuals or a template
EXIT_USAGE = 2  # bad options, no data folder, output cannot be written
EXIT_BUG = 3  # an internal error: a bug in kpi
EXIT_INTERRUPTED = 130

HELP = (
    f"kpi {__version__}：年度目标任务 + 月度实际数 → 完成率、序时进度、成绩单文本与 CI 校验。"
    "\n\nWithout --data, kpi looks for data/targets.yaml in the current folder and its parents."
    "\n\nExit codes: 0 ok; 1 problems in the data or a template; 2 usage error (bad option, "
    "no data folder, output not writable); 3 internal error (please report it; --debug shows "
    "details)."
)

app = typer.Typer(
    help=HELP,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"
    xlsx = "xlsx"
    html = "html"


class RankBy(StrEnum):
    rate = "rate"
    yoy = "yoy"


class ViewFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        "-d",
        help="Data folder holding targets.yaml and actuals/ (or a project folder with data/).",
        show_default=False,
    ),
]
DebugOption = Annotated[
    bool, typer.Option("--debug", help="Show the Python traceback of an internal error.")
]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kpi {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version."),
    ] = False,
) -> None:
    """kpi: exact KPI completion figures, bulletins and CI checks."""


def _err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


@contextmanager
def error_boundary(debug: bool) -> Iterator[None]:
    """The one place exceptions become messages and exit codes."""
    from gongshu_kpi.core.problems import DataError, UsageError

    try:
        yield
    except typer.Exit:
        raise
    except UsageError as exc:
        _err(f"错误：{exc}")
        raise typer.Exit(EXIT_USAGE) from None
    except DataError as exc:
        from gongshu_kpi.render.problems import render_problems, summarise

        _err(
            render_problems(exc.problems)
            + f"{exc.what}有误，未生成结果（{summarise(exc.problems)}）。"
        )
        raise typer.Exit(EXIT_DATA) from None
    except KeyboardInterrupt:
        _err("已中断。")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as exc:
        if debug:
            import traceback

            traceback.print_exc()
        _err(
            f"内部错误：{type(exc).__name__}: {exc}\n"
            "这是 kpi 的缺陷，请附上命令和数据报告问题（加 --debug 可看到详细信息）。"
        )
        raise typer.Exit(EXIT_BUG) from None


@app.command()
def report(
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="Report as of this month, YYYY-MM. Default: the latest with data."
        ),
    ] = None,
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="Output format (default: table, or as --output's extension says: .md .json "
            ".csv .xlsx .html). Not used with --template.",
            show_default=False,
        ),
    ] = None,
    template: Annotated[
        str | None,
        typer.Option(
            "--template",
            "-t",
            help="Render newsletter text with a Jinja template: a name from the project's "
            "templates/ or the shipped defaults (bulletin, bulletin_full, bulletin_en), or a "
            "file path. A name ending in _en renders English wording.",
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (atomically) instead of stdout."),
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
        bool, typer.Option("--projection", help="Add the year-end projection (预计全年).")
    ] = False,
    lang: Annotated[Lang, typer.Option("--lang", help="Output language.")] = Lang.zh,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """Completion rates, time progress and pace of each indicator as of a month.

    Each indicator is reported as of its own latest month with data not after --month
    (so one report may mix 1-7月 and 1-6月 lines, as bulletins do). Year-on-year growth
    appears when last year's actuals are in the data folder.
    """
    with error_boundary(debug):
        from gongshu_kpi import pipeline
        from gongshu_kpi.core.problems import UsageError
        from gongshu_kpi.output import check_output_path
        from gongshu_kpi.render.problems import render_problems

        if by not in (None, "org"):
            raise UsageError(f"--by {by}：只支持 --by org")
        fmt = _output_format(fmt, template, output)
        folder = pipeline.find_data_folder(data)
        loaded = pipeline.load(folder)
        result = pipeline.build_report(
            loaded,
            month,
            indicator or (),
            group or (),
            org or (),
            by_org=by == "org" or rank is not None,
            share_of=share_of,
            rank_by=None if rank is None else rank.value,
        )
        notes = render_problems(loaded.problems)
        if notes:
            _err(notes)
        when = f"{result.year}-{result.month:02d}"
        if all(r.as_of is None for r in result.results):
            raise UsageError(f"{when} 及之前没有任何数据，未生成结果；用 --month 指定有数据的月份")
        missing = [
            r.indicator.name + (f"（{r.org}）" if r.org else "")
            for r in result.results
            if r.as_of is None
        ]
        if missing:
            _err(f"提示：{'、'.join(dict.fromkeys(missing))} 在 {when} 及之前没有数据。")
        text = _render(result, fmt, template, lang.value, folder.templates, projection)
        if output is not None:
            inputs = [folder.targets, *(Path(f) for f in loaded.files)]
            check_output_path(output, inputs, forbidden=[folder.actuals])
        _emit(text, output)


FORMAT_BY_SUFFIX = {
    ".md": Format.markdown,
    ".json": Format.json,
    ".csv": Format.csv,
    ".xlsx": Format.xlsx,
    ".html": Format.html,
    ".htm": Format.html,
}


def _output_format(fmt: Format | None, template: str | None, output: Path | None) -> Format:
    """The format asked for, else the one --output's extension implies; an .xlsx file must
    get a workbook and a workbook needs a file."""
    from gongshu_kpi.core.problems import UsageError

    suffix = "" if output is None else output.suffix.lower()
    if template is not None:
        if suffix == ".xlsx":
            raise UsageError("--template 生成的是文字，不能写成 .xlsx；请换一个扩展名（如 .txt）")
        return fmt or Format.table
    chosen = fmt or FORMAT_BY_SUFFIX.get(suffix, Format.table)
    if (chosen is Format.xlsx) != (suffix == ".xlsx") and output is not None:
        raise UsageError(f"--format {chosen.value} 与输出文件扩展名 {suffix or '（无）'} 不符")
    if chosen is Format.xlsx and output is None:
        raise UsageError("--format xlsx 需要 --output 文件名（不能写到终端）")
    return chosen


def _emit(text: object, output: Path | None) -> None:
    """Print to stdout, or write the file atomically."""
    from gongshu_kpi.output import write_atomically

    if output is None:
        if isinstance(text, bytes):
            sys.stdout.buffer.write(text)
        elif isinstance(text, str):
            sys.stdout.write(text)
        else:
            _print_wide(text)
        return
    if isinstance(text, str | bytes):
        write_atomically(output, text)
    else:
        write_atomically(output, _table_text(text))


def _render(
    result: object,
    fmt: Format,
    template: str | None,
    lang: str,
    user_dir: Path,
    projection: bool = False,
) -> object:
    from gongshu_kpi.core.models import OutputLanguage, Report
    from gongshu_kpi.core.problems import DataError, UsageError
    from gongshu_kpi.pipeline import shown
    from gongshu_kpi.render import formats
    from gongshu_kpi.render.template import (
        TemplateProblem,
        locate_template,
        render_template,
        template_names,
    )

    assert isinstance(result, Report)
    language: OutputLanguage = "en" if lang == "en" else "zh"
    if template is not None:
        path = locate_template(template, user_dir)
        if path is None:
            names = "、".join(template_names(user_dir))
            raise UsageError(f"--template {template}：找不到模板（可用：{names}，或给出文件路径）")
        # A template's language is in its name (bulletin_en); --lang is for tables.
        language = "en" if path.stem.endswith("_en") else "zh"
        try:
            return render_template(result, path, shown(path), language)
        except TemplateProblem as exc:
            raise DataError([exc.problem], what="模板") from None
    renderer = {
        Format.table: formats.render_table,
        Format.markdown: formats.render_markdown,
        Format.json: formats.render_json,
        Format.csv: formats.render_csv,
        Format.xlsx: formats.render_xlsx,
        Format.html: formats.render_html,
    }[fmt]
    return renderer(result, language, projection)


def _print_wide(renderable: Any) -> None:
    """Print a table at its natural width when the terminal is narrower: Rich would otherwise
    cut figures to fit (52.47% becoming 52.4…), and a hidden digit is worse than a wrap."""
    from rich.console import Console

    console = Console()
    needed = _natural_width(console, renderable)
    if needed > console.width:
        console = Console(width=needed)
    console.print(renderable)


def _natural_width(console: Any, renderable: Any) -> int:
    from rich.measure import Measurement

    return Measurement.get(console, console.options.update_width(10_000), renderable).maximum


def _table_text(table: object) -> str:
    import io

    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=80, color_system=None, force_terminal=False)
    console.width = max(80, _natural_width(console, table))
    console.print(table)
    return buffer.getvalue()


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    junit = "junit"


@app.command()
def check(
    data: DataOption = None,
    month: Annotated[
        str | None,
        typer.Option(
            "--month", "-m", help="Check as of this month, YYYY-MM. Default: the latest with data."
        ),
    ] = None,
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
        bool, typer.Option("--verbose", "-v", help="Also show informational notes.")
    ] = False,
    debug: DebugOption = False,
) -> None:
    """Validate targets and actuals, apply data/rules.yaml, compare with published
    snapshots and optionally fact-check a bulletin draft; print each problem as
    `path:line[:col]: 错误：…；修正：…`.

    Exits 0 when clean (warnings allowed unless --strict), 1 when there are problems,
    2 on a usage error, 3 on an internal error.
    """
    with error_boundary(debug):
        import os

        from gongshu_kpi import pipeline
        from gongshu_kpi.checking import published_folder, run_check
        from gongshu_kpi.output import check_output_path
        from gongshu_kpi.render.check_formats import REPORTER_BY_NAME, summary_line

        if fmt is None:
            # Like yamllint: annotations on the diff without any configuration in Actions.
            github = os.environ.get("GITHUB_ACTIONS") == "true"
            fmt = CheckFormat.github if github else CheckFormat.text
        folder = pipeline.find_data_folder(data)
        if output is not None:
            # Checked before the run, so a refused --output never costs a full check. A report
            # in published/ would be read as a snapshot next time, like one in actuals/.
            inputs = [folder.targets, *([bulletin] if bulletin else [])]
            check_output_path(output, inputs, [folder.actuals, published_folder(folder)])
        result = run_check(folder, month, bulletin, strict)
        # A bulletin fact-check lists what it could not verify: never hide those notes.
        text = REPORTER_BY_NAME[fmt.value](result, verbose or bulletin is not None)
        _emit(text, output)
        _err(summary_line(result))
        if result.failed:
            _fail(EXIT_DATA)


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
    with error_boundary(debug):
        from gongshu_kpi import pipeline
        from gongshu_kpi.checking import published_folder
        from gongshu_kpi.core.problems import DataError, UsageError, has_errors
        from gongshu_kpi.core.snapshots import snapshot_to_json, take_snapshot
        from gongshu_kpi.output import write_atomically

        folder = pipeline.find_data_folder(data)
        loaded = pipeline.load(folder)
        if has_errors(loaded.problems):
            raise DataError(loaded.problems)
        year, as_of = pipeline.resolve_month(loaded, month)
        target = published_folder(folder) / f"{year:04d}-{as_of:02d}.json"
        if target.exists() and not force:
            raise UsageError(
                f"{pipeline.shown(target)} 已存在：该月已发布过；如确需更正后重新发布，加 --force"
            )
        try:
            target.parent.mkdir(exist_ok=True)
        except OSError as exc:
            raise UsageError(f"无法新建目录 {target.parent}：{exc.strerror}") from None
        write_atomically(target, snapshot_to_json(take_snapshot(loaded.facts, year, as_of)))
        _err(f"已记录 {year}年{as_of}月 发布的数字：{pipeline.shown(target)}")


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
    with error_boundary(debug):
        from gongshu_kpi import pipeline
        from gongshu_kpi.core.explain import explain as explain_figure
        from gongshu_kpi.core.problems import DataError, UsageError, has_errors
        from gongshu_kpi.render.history import render_explanation, render_explanation_json

        if fmt not in ("text", "json"):
            raise UsageError(f"--format {fmt}：可用 text 或 json")
        loaded, chosen, who = _one_indicator(pipeline, data, indicator, org)
        if has_errors(loaded.problems):
            raise DataError(loaded.problems)
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
        ViewFormat, typer.Option("--format", "-f", help="Output format.")
    ] = ViewFormat.table,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """An indicator month by month: amount, year-to-date, completion rate, year-on-year,
    with a small chart in the terminal."""
    with error_boundary(debug):
        from gongshu_kpi import pipeline
        from gongshu_kpi.core.explain import trend as trend_rows
        from gongshu_kpi.core.problems import DataError, UsageError, has_errors
        from gongshu_kpi.render import history

        loaded, chosen, who = _one_indicator(pipeline, data, indicator, org)
        if has_errors(loaded.problems):
            raise DataError(loaded.problems)
        the_year = loaded.targets.year if year is None else year
        rows = trend_rows(loaded.facts, chosen, who, the_year)
        if not rows:
            raise UsageError(f"“{chosen.name}”没有 {the_year} 年的数据")
        label = f"（{loaded.facts.orgs.label(who)}）" if who else ""
        if fmt is ViewFormat.json:
            sys.stdout.write(history.render_trend_json(chosen, rows, label, the_year))
        elif fmt is ViewFormat.markdown:
            sys.stdout.write(history.render_trend_markdown(chosen, rows, label, the_year))
        else:
            _print_wide(history.render_trend_table(chosen, rows, label, the_year))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to create the project (made if absent).")],
    debug: DebugOption = False,
) -> None:
    """Scaffold a new project: data/targets.yaml, data/actuals/ with an example CSV, and
    templates/ with copies of the default templates. Never overwrites a file."""
    with error_boundary(debug):
        from gongshu_kpi.scaffold import scaffold

        for line in scaffold(folder):
            typer.echo(line)


@app.command()
def templates(
    export: Annotated[
        Path | None,
        typer.Option("--export", help="Copy the default templates into this folder to edit."),
    ] = None,
    data: DataOption = None,
    debug: DebugOption = False,
) -> None:
    """List the templates --template can use, or export the shipped defaults to edit."""
    with error_boundary(debug):
        from gongshu_kpi.render.template import PACKAGE_TEMPLATES, template_names
        from gongshu_kpi.scaffold import export_templates

        if export is not None:
            for line in export_templates(export):
                typer.echo(line)
            return
        user_dir = None
        if data is not None or _in_project():
            from gongshu_kpi import pipeline

            user_dir = pipeline.find_data_folder(data).templates
        for name in template_names(user_dir):
            where = "数据目录" if user_dir and (user_dir / f"{name}.j2").is_file() else "默认"
            typer.echo(f"{name}\t{where}")
        typer.echo(f"（默认模板位于 {PACKAGE_TEMPLATES}）", err=True)


def _in_project() -> bool:
    here = Path.cwd().resolve()
    return any((p / "data" / "targets.yaml").is_file() for p in (here, *here.parents))


def _one_indicator(pipeline: Any, data: Path | None, name: str, org: str | None) -> Any:
    """Load the data folder and look up one indicator and one org (or the whole)."""
    folder = pipeline.find_data_folder(data)
    loaded = pipeline.load(folder)
    (chosen,) = pipeline.select_indicators(loaded.targets, [name])
    who = pipeline.resolve_orgs(loaded, [org] if org else [], False)[0]
    return loaded, chosen, who


def _fail(code: int) -> NoReturn:
    raise typer.Exit(code)


def main() -> None:
    app(prog_name="kpi")
