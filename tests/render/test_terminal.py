"""The terminal table fits the terminal's width; piped output has no trailing spaces."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.render.formats import render_text_table

runner = CliRunner()
FIGURES = (
    "52.00%",
    "27.83亿元",
    "419.72亿元",
    "+26.74",
    "落后序时",
    "11.1%",
    "市级及以上高新企业累计数",
)


@pytest.mark.parametrize("width", [50, 60, 80, 100, 160])
def test_table_fits_the_width_and_keeps_every_figure(project: Path, width: int) -> None:
    result = runner.invoke(
        app, ["report", "-m", "2020-07", "--data", str(project)], env={"COLUMNS": str(width)}
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(cell_len(line) for line in lines) <= width
    assert not [line for line in lines if line != line.rstrip()]
    for figure in FIGURES:
        assert figure in result.stdout, figure
    # Narrow terminals get the columns in parts, each with the names; wide ones one table.
    assert result.stdout.count("开工项目") == (1 if width >= 110 else result.stdout.count("指标 "))


def test_table_into_a_file_keeps_its_natural_width(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    result = runner.invoke(
        app,
        ["report", "-m", "2020-07", "-o", str(out), "--data", str(project)],
        env={"COLUMNS": "60"},
    )
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.count("开工项目") == 1 and max(cell_len(ln) for ln in text.splitlines()) > 60
    assert not [line for line in text.splitlines() if line != line.rstrip()]


@pytest.mark.parametrize("width", [40, 60, None])
def test_large_table_splits_the_same_way(project: Path, width: int | None) -> None:
    loaded = pipeline.load(pipeline.find_data_folder(project))
    text = render_text_table(
        pipeline.build_report(loaded, pipeline.ReportAsk("2020-07")), "zh", False, width
    )
    lines = text.splitlines()
    if width is not None:
        assert max(cell_len(line) for line in lines) <= width
    assert not [line for line in lines if line != line.rstrip()]
    for figure in FIGURES:
        assert figure in text, figure
