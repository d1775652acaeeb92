"""`kpi trend`'s sparkline: a 1-2月 release (one amount over two months) is drawn as two
months at its monthly average, in brackets, with a note — never one bar twice as tall."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.render.history import BARS, sparkline

runner = CliRunner()
D = Decimal


def test_a_combined_amount_is_drawn_as_its_months_at_their_average() -> None:
    """1-2月 160 is 80 a month, like March's 80: no spike. Drawn as one bar it would be the
    tallest of the line, and March the lowest."""
    assert sparkline([D(160), D(80), D(120)]) == f"{BARS[-1]}{BARS[0]}{BARS[3]}"
    assert sparkline([D(160), D(80), D(120)], [2, 1, 1]) == f"[{BARS[0] * 2}]{BARS[0]}{BARS[-1]}"


def test_gaps_and_a_flat_line() -> None:
    assert sparkline([None, D(5)], [1, 1]) == f" {BARS[4]}"
    assert sparkline([D(10), D(5)], [2, 1]) == f"[{BARS[4] * 2}]{BARS[4]}"
    assert sparkline([None]) == ""


def test_trend_marks_the_combined_release(tmp_path: Path) -> None:
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2021\nindicators:\n  - id: r\n    name: 营业收入\n    unit: 亿元\n"
        "    target: 1000\n    kind: flow\n",
        encoding="utf-8",
    )
    (data / "actuals" / "r.csv").write_text(
        "指标,月份,数值,口径,计量单位\n营业收入,2021-02,160,累计,亿元\n"
        "营业收入,2021-03,240,累计,亿元\n营业收入,2021-04,360,累计,亿元\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["trend", "营业收入", "-f", "markdown", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert f"走势 [{BARS[0] * 2}]{BARS[0]}{BARS[-1]}" in result.stdout
    assert "（[ ] 内为1-2月合并数，按月均画出，不是逐月数）" in result.stdout
    table = runner.invoke(app, ["trend", "营业收入", "--data", str(data)], env={"COLUMNS": "120"})
    assert "[ ] 内为1-2月合并数" in table.stdout


def test_a_quarterly_indicator_draws_a_bar_per_quarter(tmp_path: Path) -> None:
    """Quarters are a quarterly indicator's own periods: one bar each, no brackets; a 1-6月
    release (two quarters in one) is bracketed as two."""
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(
        "year: 2021\nindicators:\n  - id: g\n    name: 地区生产总值\n    unit: 亿元\n"
        "    target: 1000\n    kind: flow\n    frequency: quarterly\n",
        encoding="utf-8",
    )
    rows = "指标,月份,数值,口径,计量单位\n地区生产总值,2021-06,200,累计,亿元\n"
    rows += "地区生产总值,2021-09,300,累计,亿元\n地区生产总值,2021-12,450,累计,亿元\n"
    (data / "actuals" / "g.csv").write_text(rows, encoding="utf-8")
    result = runner.invoke(app, ["trend", "地区生产总值", "-f", "markdown", "--data", str(data)])
    assert result.exit_code == 0, result.output
    assert f"走势 [{BARS[0] * 2}]{BARS[0]}{BARS[-1]}" in result.stdout
    assert "[ ] 内为1-6月合并数，按期均画出" in result.stdout
