"""A report asked for a month after the data: the shipped data reaches 2020-07 (开工项目 1-7月,
产业投资 1-6月 …). Asked for 2020-12 or 2020-Q3, every line is 1-6月 or 1-7月, so the title
names 1-7月, not 1-12月 or 1-9月, and stderr says once why; the still-to-do figures count
from each line's own month (1-7月: 后5个月; 1-6月: 后6个月) and kpi's own fact-check passes."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app

runner = CliRunner()
HINT = "提示：数据截至 2020年7月，所问的 2020年{asked}月（--month/--period）还没有数据"


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


@pytest.mark.parametrize(("when", "asked"), [(("-m", "2020-12"), 12), (("--period", "2020-Q3"), 9)])
def test_title_names_the_month_the_data_reaches(
    project: Path, when: tuple[str, str], asked: int
) -> None:
    result = kpi(project, "report", *when)
    assert result.exit_code == 0, result.output
    assert "2020年1-7月指标完成情况" in result.stdout
    assert f"2020年1-{asked}月" not in result.stdout
    assert result.stderr.count(HINT.format(asked=asked)) == 1
    assert "标题为 1-7月" in result.stderr


def test_a_month_the_data_reaches_says_nothing(project: Path) -> None:
    result = kpi(project, "report", "-m", "2020-07")
    assert result.exit_code == 0, result.output
    assert "2020年1-7月指标完成情况" in result.stdout
    assert "数据截至" not in result.stderr


def test_xlsx_title_and_month_column(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "报表.xlsx"
    result = kpi(project, "report", "-m", "2020-12", "--columns", "当月", "-o", str(out))
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out).active
    assert sheet is not None
    assert sheet["A1"].value == "2020年1-7月指标完成情况"
    headers = [cell.value for row in sheet.iter_rows(max_row=4) for cell in row]
    assert "7月当月" in headers and "12月当月" not in headers


def test_still_to_do_counts_from_each_lines_month_and_checks(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "通报.md"
    result = kpi(project, "report", "-m", "2020-12", "-t", "bulletin_full", "-o", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "1-7月完成13个" in text and "后5个月月均需完成3个" in text  # 12 ÷ 5 = 2.4 → 3
    assert "1-6月完成27.83亿元" in text and "后6个月月均需完成3.03亿元" in text  # 18.17 ÷ 6
    checked = kpi(project, "check", "-m", "2020-12", "--bulletin", str(out))
    assert checked.exit_code == 0, checked.output
    assert "0 个有误" in checked.output
