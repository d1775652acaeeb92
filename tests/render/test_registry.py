"""The renderer registry: every format's renderers exist, --format offers exactly the
registry's formats, and the report's format rules (extension, binary, template) hold."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.cli.options import REPORT_FORMATS, CheckFormat, Format, ViewFormat
from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.render import registry
from gongshu_kpi.render.jobs import ReportJob
from gongshu_kpi.render.registry import FORMATS, View, choose_report_format, names

runner = CliRunner()


def test_every_renderer_imports_and_names_are_unique() -> None:
    assert len({f.name for f in FORMATS}) == len(FORMATS)
    pairs = [(f, view) for f in FORMATS for view in f.views]
    assert len(pairs) >= 14  # not a loop over nothing
    for found, view in pairs:
        assert callable(found.renderer(view)), (found.name, view)


def test_the_options_offer_the_registry_formats() -> None:
    assert [f.value for f in Format] == REPORT_FORMATS == [
        "table", "markdown", "json", "csv", "xlsx", "html", "docx",
    ]  # fmt: skip
    assert [f.value for f in ViewFormat] == names(View.TREND) == ["table", "markdown", "json"]
    assert [f.value for f in CheckFormat] == ["text", "json", "github", "junit"]
    assert names(View.EXPLAIN) == ["text", "json"]


@pytest.mark.parametrize(
    ("fmt", "template", "output", "chosen"),
    [
        (None, False, None, "table"),
        (None, False, "out.md", "markdown"),
        (None, False, "OUT.HTM", "html"),
        (None, False, "out.txt", "table"),
        ("json", False, "out.txt", "json"),
        (None, False, "book.xlsx", "xlsx"),
        (None, True, "bulletin.docx", "docx"),  # the template's text is the Word body
        ("xlsx", True, "bulletin.docx", "docx"),
        (None, True, "bulletin.md", "table"),  # a template's text, whatever the extension
        ("html", True, None, "html"),
    ],
)
def test_report_format_chosen(
    fmt: str | None, template: bool, output: str | None, chosen: str
) -> None:
    path = None if output is None else Path(output)
    assert choose_report_format(fmt, template, path).name == chosen


@pytest.mark.parametrize(
    ("fmt", "template", "output", "message"),
    [
        (None, False, "out.pdf", ("--output out.pdf：kpi 不能写 .pdf 文件（可用扩展名："
         ".csv .docx .htm .html .json .md .txt .xlsx）")),
        ("xlsx", False, None, "--format xlsx 需要 --output 文件名（不能写到终端）"),
        ("docx", False, "out.xlsx", "--format docx 与输出文件扩展名 .xlsx 不符"),
        ("xlsx", False, "out.txt", "--format xlsx 与输出文件扩展名 .txt 不符"),
        ("csv", False, "out.xlsx", "--format csv 与输出文件扩展名 .xlsx 不符"),
        (None, True, "book.xlsx", ("--template 生成的是文字，不能写成 .xlsx；"
         "请换一个扩展名（如 .txt）")),
        ("docx", True, None, "--format docx 需要 --output 文件名（不能写到终端）"),
    ],
)  # fmt: skip
def test_report_format_refused(
    fmt: str | None, template: bool, output: str | None, message: str
) -> None:
    path = None if output is None else Path(output)
    with pytest.raises(UsageError) as refused:
        choose_report_format(fmt, template, path)
    assert str(refused.value) == message


def shout(job: ReportJob) -> str:
    """A stand-in renderer: proves `kpi report` renders through the registry's entry."""
    return f"{len(job.report.results)} indicators, {job.language}\n"


def test_report_renders_through_the_registry_entry(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    csv = registry.FORMAT_BY_NAME["csv"]
    swapped = dataclasses.replace(csv, renderers={View.REPORT: f"{__name__}:shout"})
    monkeypatch.setitem(registry.FORMAT_BY_NAME, "csv", swapped)
    result = runner.invoke(app, ["report", "-f", "csv", "--lang", "en", "--data", str(project)])
    assert (result.exit_code, result.stdout) == (0, "9 indicators, en\n")
