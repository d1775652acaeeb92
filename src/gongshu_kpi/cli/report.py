"""`kpi report`: the figures as a table, Markdown, JSON, CSV, XLSX, HTML or template text."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from gongshu_kpi.cli.app import (
    EXIT_DATA,
    DataOption,
    DebugOption,
    Format,
    Lang,
    QuietOption,
    RankBy,
    app,
    emit,
    err,
    error_boundary,
    fail,
    progress_display,
)


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
    fmt: Annotated[
        Format | None,
        typer.Option(
            "--format",
            "-f",
            help="table, markdown, json, csv, xlsx, html or docx (default: table, or as "
            "--output's extension says).",
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
        bool, typer.Option("--projection", help="Add the year-end projection (预计全年).")
    ] = False,
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
    with error_boundary(debug):
        from gongshu_kpi import pipeline
        from gongshu_kpi.core.problems import UsageError
        from gongshu_kpi.output import check_output_path
        from gongshu_kpi.render.problems import render_problems

        if by not in (None, "org"):
            raise UsageError(f"--by {by}：只支持 --by org")
        folder = pipeline.find_data_folder(data)
        if output is not None:  # into data/ or templates/ is refused before its extension
            check_output_path(output, [folder.targets], forbidden=[folder.data, folder.templates])
        if template is not None and fmt in IGNORED_WITH_TEMPLATE:
            err(f"提示：有 --template 时输出模板生成的文字，--format {fmt.value} 不起作用。")
        fmt = _output_format(fmt, template, output)
        with progress_display(quiet) as progress:
            loaded = pipeline.load(folder, progress, skip_bad_files)
        if view is not None:
            from gongshu_kpi.core.models import OutputLanguage
            from gongshu_kpi.scoring import scorecard_output

            language: OutputLanguage = "en" if lang is Lang.en else "zh"
            emit(scorecard_output(loaded, month, fmt.value, language, group or ()), output)
            return
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
        if rank is not None and not any(r.rank is not None for r in result.results):
            err(_nothing_ranked(rank.value))
        notes = render_problems(loaded.problems)
        if notes:
            err(notes)
        when = f"{result.year}-{result.month:02d}"
        if all(r.as_of is None for r in result.results):
            raise UsageError(f"{when} 及之前没有任何数据，未生成结果；用 --month 指定有数据的月份")
        missing = [
            r.indicator.name + (f"（{r.org}）" if r.org else "")
            for r in result.results
            if r.as_of is None
        ]
        if missing:
            err(f"提示：{'、'.join(dict.fromkeys(missing))} 在 {when} 及之前没有数据。")
        publication = None
        if fmt in RICH_FORMATS or charts is not None:
            publication = pipeline.build_publication(
                loaded, result, month, indicator or (), group or ()
            )
        text = _render(
            result,
            fmt,
            template,
            lang.value,
            folder.templates,
            projection,
            publication,
            to_screen=output is None,
        )
        if output is not None:
            inputs = [folder.targets, *(Path(f) for f in loaded.files)]
            if template is not None:
                inputs.append(Path(template))  # a template path given as --template
                inputs += [folder.templates / template, folder.templates / f"{template}.j2"]
            check_output_path(output, inputs, forbidden=[folder.data, folder.templates])
        if charts is not None:
            _write_charts(charts, publication, lang.value, [folder.data, folder.templates])
        if loaded.skipped:
            _emit_partial(loaded, text, fmt, template, output)
            fail(EXIT_DATA)
        emit(text, output)


# Formats whose renderer a template replaces: the template's text is written instead.
IGNORED_WITH_TEMPLATE = frozenset({Format.markdown, Format.json, Format.csv, Format.html})


def _nothing_ranked(by: str) -> str:
    """Why --rank ranked nothing (an option that cannot act says so)."""
    why = (
        "没有单位有自己的年度目标（targets.yaml 的 org_targets），无法按完成率排名"
        if by == "rate"
        else "没有单位有上年同期数据，无法按同比排名"
    )
    return f"提示：--rank {by} 未排名：{why}。"


def _emit_partial(
    loaded: object, text: object, fmt: Format, template: str | None, output: Path | None
) -> None:
    """The report without the bad files: their problems and the footnote on stderr, and the
    footnote at the end of text formats too (in the others the 不含XX marks say it)."""
    from gongshu_kpi.cli.app import table_text
    from gongshu_kpi.core.partial import excluded_footnote
    from gongshu_kpi.pipeline import Loaded
    from gongshu_kpi.render.problems import render_problems

    assert isinstance(loaded, Loaded)
    err(render_problems([p for s in loaded.skipped for p in s.problems]))
    footnote = excluded_footnote(loaded.skipped, loaded.facts.orgs)
    if template is not None or fmt in (Format.table, Format.markdown):
        body = text if isinstance(text, str) else table_text(text)
        text = body + ("" if body.endswith("\n") else "\n") + "\n" + footnote
    emit(text, output)
    err(footnote + "有文件出错，已按 --skip-bad-files 跳过；退出码为 1。")


def _write_charts(folder: Path, publication: object, lang: str, forbidden: list[Path]) -> None:
    """Each chart as NAME.png and NAME.svg in `folder` (made if its parent exists)."""
    from gongshu_kpi.core.models import OutputLanguage
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


FORMAT_BY_SUFFIX = {
    ".md": Format.markdown,
    ".json": Format.json,
    ".csv": Format.csv,
    ".xlsx": Format.xlsx,
    ".html": Format.html,
    ".htm": Format.html,
    ".docx": Format.docx,
}
TEXT_SUFFIXES = frozenset({"", ".txt", ".text"})  # the table or a template's text
BINARY_FORMATS = frozenset({Format.xlsx, Format.docx})


def _output_format(fmt: Format | None, template: str | None, output: Path | None) -> Format:
    """The format asked for, else the one --output's extension implies. An extension kpi
    does not know is refused (text in a .pdf or .doc would look like a broken file), a
    workbook or Word file must go to a file of that extension."""
    from gongshu_kpi.core.problems import UsageError

    suffix = "" if output is None else output.suffix.lower()
    if output is not None and suffix not in FORMAT_BY_SUFFIX and suffix not in TEXT_SUFFIXES:
        known = " ".join(sorted({*FORMAT_BY_SUFFIX, ".txt"}))
        raise UsageError(f"--output {output.name}：kpi 不能写 {suffix} 文件（可用扩展名：{known}）")
    if template is not None:
        if fmt is Format.docx or suffix == ".docx":
            chosen = Format.docx  # the template's lines as the Word bulletin's paragraphs
        elif fmt is Format.xlsx or suffix == ".xlsx":
            raise UsageError("--template 生成的是文字，不能写成 .xlsx；请换一个扩展名（如 .txt）")
        else:
            return fmt or Format.table
    else:
        chosen = fmt or FORMAT_BY_SUFFIX.get(suffix, Format.table)
    binary = chosen in BINARY_FORMATS or suffix in (".xlsx", ".docx")
    if output is not None and binary and FORMAT_BY_SUFFIX.get(suffix) is not chosen:
        raise UsageError(f"--format {chosen.value} 与输出文件扩展名 {suffix or '（无）'} 不符")
    if chosen in BINARY_FORMATS and output is None:
        raise UsageError(f"--format {chosen.value} 需要 --output 文件名（不能写到终端）")
    return chosen


# Formats that show more than the table: orgs, months, charts, sources.
RICH_FORMATS = frozenset({Format.xlsx, Format.docx, Format.html})


def _render(
    result: object,
    fmt: Format,
    template: str | None,
    lang: str,
    user_dir: Path,
    projection: bool = False,
    publication: object = None,
    to_screen: bool = False,
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
    if fmt is Format.docx:
        from gongshu_kpi.render.charts import all_charts, render_png
        from gongshu_kpi.render.docx import render_docx
        from gongshu_kpi.render.publication import Publication

        assert isinstance(publication, Publication)
        name = template or ("bulletin_en" if language == "en" else "bulletin")
        bulletin = _render(result, Format.table, name, lang, user_dir)
        assert isinstance(bulletin, str)
        pictures = [(c.title, render_png(c)) for c in all_charts(publication, language)]
        return render_docx(publication, bulletin.splitlines(), pictures, language)
    if fmt is Format.html and template is None:
        from gongshu_kpi.render.charts import all_charts, render_svg
        from gongshu_kpi.render.html import render_page
        from gongshu_kpi.render.publication import Publication

        assert isinstance(publication, Publication)
        svgs = [(c.title, render_svg(c)) for c in all_charts(publication, language)]
        return render_page(publication, language, projection, svgs)
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
    if fmt is Format.xlsx:
        from gongshu_kpi.render.publication import Publication
        from gongshu_kpi.render.xlsx import render_workbook

        assert isinstance(publication, Publication)
        return render_workbook(publication, language, projection)
    if fmt is Format.table:
        from gongshu_kpi.cli.app import terminal_width

        # On screen the table fits the terminal; into a file it keeps its natural width.
        width = terminal_width() if to_screen else None
        if len(result.results) > formats.LARGE_TABLE:
            return formats.render_text_table(result, language, projection, width)  # Rich: slow
        return formats.render_table(result, language, projection, width)
    renderer = {
        Format.markdown: formats.render_markdown,
        Format.json: formats.render_json,
        Format.csv: formats.render_csv,
    }[fmt]
    return renderer(result, language, projection)
