"""Paths a user hits that no other test walked: a settings file saved in GBK, a workbook
calamine cannot open, a broken or stale publish snapshot, `report -o out.txt`, Ctrl-C, and
`kpi templates` run inside a project."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app

runner = CliRunner()


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


def test_targets_saved_as_gbk_names_the_line_and_the_encoding(project: Path) -> None:
    """Notepad's "ANSI" on Chinese Windows is GBK: the message gives line and column, not a
    byte offset, and says what the encoding looks like."""
    targets = project / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    body = text[text.index("year:") :]  # the ASCII lines first, so the first 中文 is further down
    targets.write_bytes(body.encode("gbk"))
    line = next(n for n, row in enumerate(body.splitlines(), 1) if not row.isascii())
    column = next(i for i, ch in enumerate(body.splitlines()[line - 1], 1) if not ch.isascii())
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert (
        f"targets.yaml:{line}:{column}: 错误：无法按 UTF-8 解码，看起来是 GBK/GB18030 编码"
        in result.stdout
    )
    assert "用 UTF-8 编码另存 targets.yaml" in result.stdout
    assert "字节偏移" not in result.stdout
    assert targets.read_bytes() == body.encode("gbk")  # never changed


def test_targets_with_a_bom_read_like_utf8(project: Path) -> None:
    targets = project / "data" / "targets.yaml"
    targets.write_bytes(b"\xef\xbb\xbf" + targets.read_bytes())
    assert kpi(project, "check").exit_code == 0


def test_sources_yaml_not_in_utf8(project: Path) -> None:
    (project / "data" / "sources.yaml").write_bytes("# 来源说明\nfiles: []\n".encode("gbk"))
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "sources.yaml:1:3: 错误：无法按 UTF-8 解码，看起来是 GBK/GB18030 编码" in result.stdout


def test_a_workbook_calamine_cannot_open(project: Path) -> None:
    """A zip that is not a workbook: a located error (exit 1), no traceback."""
    broken = project / "data" / "actuals" / "broken.xlsx"
    with zipfile.ZipFile(broken, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<not xml")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "broken.xlsx: 错误：无法读取工作簿" in result.stdout
    assert "用 Excel/WPS 打开后另存为 .xlsx 再试" in result.stdout
    assert "Traceback" not in result.output
    report = kpi(project, "report", "-m", "2020-06")
    assert report.exit_code == 1 and "broken.xlsx" in report.stderr and report.stdout == ""


def test_a_corrupt_published_snapshot(project: Path) -> None:
    assert kpi(project, "publish", "--month", "2020-06").exit_code == 0
    snapshot = project / "data" / "published" / "2020-06.json"
    snapshot.write_text('{"schema_version": 1, "year": 20', encoding="utf-8")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "2020-06.json: 错误：发布快照有误：不是有效的 JSON（第1行" in result.stdout
    assert "用 kpi publish 重新生成，不要手工编辑" in result.stdout


def test_an_indicator_deleted_after_publishing(project: Path) -> None:
    assert kpi(project, "publish", "--month", "2020-06").exit_code == 0
    targets = project / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    start, end = text.index("  - id: projects_started"), text.index("  - id: industrial_investment")
    targets.write_text(text[:start] + text[end:], encoding="utf-8")
    actuals = project / "data" / "actuals" / "platforms-2020.csv"
    rows = actuals.read_text(encoding="utf-8").splitlines(keepends=True)
    actuals.write_text("".join(r for r in rows if not r.startswith("开工项目")), encoding="utf-8")
    result = kpi(project, "check")
    assert result.exit_code == 0, result.output  # a warning: the indicator may be cancelled
    assert (
        "2020-06.json: 警告：指标 projects_started 在 2020-06 发布时有目标 25，"
        "现已不在 targets.yaml 中" in result.stdout
    )
    assert kpi(project, "check", "--strict").exit_code == 1


def test_report_to_a_text_file(project: Path, tmp_path: Path) -> None:
    """-o out.txt writes the plain table (no colour codes) and nothing to stdout."""
    out = tmp_path / "out.txt"
    result = kpi(project, "report", "-m", "2020-06", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = out.read_text(encoding="utf-8")
    assert "2020年1-6月指标完成情况" in text and "产业投资" in text and "60.50%" in text
    assert "\x1b[" not in text


def test_ctrl_c_exits_130_without_a_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gongshu_kpi import pipeline

    def interrupted(*_: object, **__: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(pipeline, "build_report", interrupted)
    result = kpi(project, "report", "-m", "2020-06")
    assert result.exit_code == 130
    assert result.stderr == "已中断。\n"
    assert "Traceback" not in result.output


def test_templates_inside_a_project_lists_its_own(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Run in the project folder without --data: the project's own template is listed."""
    monkeypatch.chdir(project)
    result = runner.invoke(app, ["templates"])
    assert result.exit_code == 0, result.output
    rows = dict(line.split("\t") for line in result.stdout.splitlines())
    assert rows == {
        "bulletin": "默认",
        "bulletin_en": "默认",
        "bulletin_full": "默认",
        "newsletter": "数据目录",
        "reminder": "默认",  # kpi status's 催报 text, overridable like the others
        "scorecard": "默认",  # kpi report --view scorecard's 赛马 text
    }
    monkeypatch.chdir(project.parent)  # outside any project: the defaults only
    outside = runner.invoke(app, ["templates"])
    assert "newsletter" not in outside.stdout and "bulletin\t默认" in outside.stdout
