"""Every output format kpi writes: its name, file extensions, whether it is binary, and the
views it can render, with the function that renders each view.

`kpi report`, `kpi check`, `kpi trend` and `kpi explain` all choose their --format from here,
and `kpi report` also picks a format from --output's extension. A renderer is named as
"module:function" and imported only when used, so this module stays light (`kpi --help` reads
the names). A new format is one renderer module plus one entry in FORMATS.

A view's renderers take one argument, that view's job (render/jobs.py) (a check reporter takes the
CheckReport and whether to show notes), and return text, bytes (binary formats) or a Rich
renderable (terminal tables).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gongshu_kpi.core.ci.verdict import CheckReport
    from gongshu_kpi.core.models import OutputLanguage
    from gongshu_kpi.render.jobs import ExplainJob, ReportJob, ScorecardJob, TrendJob

    Rendered = str | bytes | RenderableType


class View(StrEnum):
    REPORT = "report"  # the report's table of figures
    PUBLICATION = "publication"  # a circulated document: orgs, months, charts, sources too
    CHECK = "check"  # the verdict of `kpi check`
    TREND = "trend"  # one indicator month by month
    EXPLAIN = "explain"  # where one figure came from
    SCORECARD = "scorecard"  # 赛马: orgs × indicators, a weighted score and ranks


@dataclass(frozen=True, slots=True)
class OutputFormat:
    name: str
    extensions: tuple[str, ...]  # lower case, with the dot
    binary: bool
    renderers: Mapping[View, str]  # view -> "module:function"
    # A --template's text can be its body (the Word bulletin); other binary formats refuse one.
    template_body: bool = False

    @property
    def views(self) -> frozenset[View]:
        return frozenset(self.renderers)

    def renderer(self, view: View) -> Callable[..., object]:
        module, _, function = self.renderers[view].partition(":")
        found: Callable[..., object] = getattr(importlib.import_module(module), function)
        return found


_FORMATS = "gongshu_kpi.render.formats"
_HISTORY = "gongshu_kpi.render.history"
_CHECK = "gongshu_kpi.render.check_formats"
_CARD = "gongshu_kpi.render.scorecard"

FORMATS: tuple[OutputFormat, ...] = (
    OutputFormat(
        "table",
        (),
        False,
        {
            View.REPORT: f"{_FORMATS}:table_output",
            View.TREND: f"{_HISTORY}:trend_table_output",
            View.SCORECARD: f"{_CARD}:scorecard_table_output",
        },
    ),
    OutputFormat(
        "markdown",
        (".md",),
        False,
        {
            View.REPORT: f"{_FORMATS}:markdown_output",
            View.TREND: f"{_HISTORY}:trend_markdown_output",
            View.SCORECARD: f"{_CARD}:scorecard_markdown_output",
        },
    ),
    OutputFormat(
        "text",
        (),
        False,
        {View.CHECK: f"{_CHECK}:render_text", View.EXPLAIN: f"{_HISTORY}:explanation_output"},
    ),
    OutputFormat(
        "json",
        (".json",),
        False,
        {
            View.REPORT: f"{_FORMATS}:json_output",
            View.TREND: f"{_HISTORY}:trend_json_output",
            View.EXPLAIN: f"{_HISTORY}:explanation_json_output",
            View.CHECK: f"{_CHECK}:render_json",
            View.SCORECARD: f"{_CARD}:scorecard_json_output",
        },
    ),
    OutputFormat("csv", (".csv",), False, {View.REPORT: "gongshu_kpi.render.export:csv_output"}),
    OutputFormat(
        "xlsx",
        (".xlsx",),
        True,
        {
            View.PUBLICATION: "gongshu_kpi.render.xlsx:workbook_output",
            View.SCORECARD: "gongshu_kpi.render.scorecard_xlsx:scorecard_workbook_output",
        },
    ),
    OutputFormat(
        "html",
        (".html", ".htm"),
        False,
        {
            View.PUBLICATION: "gongshu_kpi.render.html:page_output",
            View.SCORECARD: "gongshu_kpi.render.scorecard_html:scorecard_page_output",
        },
    ),
    OutputFormat(
        "docx",
        (".docx",),
        True,
        {
            View.PUBLICATION: "gongshu_kpi.render.docx:docx_output",
            View.SCORECARD: "gongshu_kpi.render.scorecard_docx:scorecard_docx_output",
        },
        template_body=True,
    ),
    OutputFormat("github", (), False, {View.CHECK: f"{_CHECK}:render_github"}),
    OutputFormat("junit", (), False, {View.CHECK: f"{_CHECK}:render_junit"}),
)
FORMAT_BY_NAME: dict[str, OutputFormat] = {f.name: f for f in FORMATS}
# A report written to a file with one of these extensions is the table or a template's text.
TEXT_EXTENSIONS = frozenset({"", ".txt", ".text"})


def names(*views: View) -> list[str]:
    """The formats that render any of `views`, in the registry's order (the order --help
    lists them in)."""
    return [f.name for f in FORMATS if f.views & set(views)]


def report_format_for(suffix: str) -> OutputFormat | None:
    """The report format an --output extension implies (None: text, or one kpi cannot write)."""
    for found in FORMATS:
        if suffix in found.extensions and found.views & {View.REPORT, View.PUBLICATION}:
            return found
    return None


def choose_report_format(name: str | None, template: bool, output: Path | None) -> OutputFormat:
    """The format asked for, else the one --output's extension implies. An extension kpi
    does not know is refused (text in a .pdf or .doc would look like a broken file), a
    binary format must go to a file of its own extension."""
    from gongshu_kpi.core.problems import UsageError

    suffix = "" if output is None else output.suffix.lower()
    by_suffix = report_format_for(suffix)
    if output is not None and by_suffix is None and suffix not in TEXT_EXTENSIONS:
        known = " ".join(sorted({e for f in _report_formats() for e in f.extensions} | {".txt"}))
        raise UsageError(f"--output {output.name}：kpi 不能写 {suffix} 文件（可用扩展名：{known}）")
    asked = None if name is None else FORMAT_BY_NAME[name]
    table = FORMAT_BY_NAME["table"]
    if template:
        wanted = [f for f in (asked, by_suffix) if f is not None and f.binary]
        wanted.sort(key=lambda f: not f.template_body)  # a Word bulletin wins over a refusal
        if not wanted:
            return asked or table  # the template's text, whatever the format
        if not wanted[0].template_body:
            raise UsageError(
                f"--template 生成的是文字，不能写成 {wanted[0].extensions[0]}；"
                "请换一个扩展名（如 .txt）"
            )
        chosen = wanted[0]
    else:
        chosen = asked or by_suffix or table
    binary = chosen.binary or (by_suffix is not None and by_suffix.binary)
    if output is not None and binary and by_suffix is not chosen:
        raise UsageError(f"--format {chosen.name} 与输出文件扩展名 {suffix or '（无）'} 不符")
    if chosen.binary and output is None:
        raise UsageError(f"--format {chosen.name} 需要 --output 文件名（不能写到终端）")
    return chosen


def _report_formats() -> Sequence[OutputFormat]:
    return [f for f in FORMATS if f.views & {View.REPORT, View.PUBLICATION}]


def render_report(chosen: OutputFormat, job: ReportJob) -> Rendered:
    """The report in `chosen` format: its publication renderer when it has one."""
    view = View.PUBLICATION if View.PUBLICATION in chosen.views else View.REPORT
    return cast("Rendered", chosen.renderer(view)(job))


def scorecard_format(name: str) -> OutputFormat:
    """The format `name` if it can show the scorecard, else UsageError naming those that can."""
    chosen = FORMAT_BY_NAME[name]
    if View.SCORECARD not in chosen.views:
        from gongshu_kpi.core.problems import UsageError

        raise UsageError(
            f"--view scorecard 只能输出 {'、'.join(names(View.SCORECARD))}，不能输出 {name}"
        )
    return chosen


def render_scorecard(chosen: OutputFormat, job: ScorecardJob) -> Rendered:
    return cast("Rendered", chosen.renderer(View.SCORECARD)(job))


def render_trend(name: str, job: TrendJob) -> Rendered:
    return cast("Rendered", FORMAT_BY_NAME[name].renderer(View.TREND)(job))


def render_explanation(name: str, job: ExplainJob) -> str:
    return cast("str", FORMAT_BY_NAME[name].renderer(View.EXPLAIN)(job))


def render_check(name: str, report: CheckReport, notes: bool, lang: OutputLanguage = "zh") -> str:
    return cast("str", FORMAT_BY_NAME[name].renderer(View.CHECK)(report, notes, lang))
