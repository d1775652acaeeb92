"""Quarterly indicators: quarter cells as data, missing periods by frequency, --period.

2021 quarterly data, hand-checked: 地区生产总值 (target 400亿元) reported as each quarter's
own amount, 一季度 90 and 二季度 110: 1-6月 is 200 = 50.00% of the target against 2/4 = 50.00%
of the year (达序时); as of May it is still 1-3月, 90 = 22.50% against 25.00%.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app

runner = CliRunner()
TARGETS = """year: 2021
indicators:
  - id: gdp
    name: 地区生产总值
    unit: 亿元
    target: 400
    kind: flow
    frequency: {frequency}
"""
HEADER = "指标,月份,数值,口径,计量单位\n"


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


def make(tmp_path: Path, rows: str, frequency: str = "quarterly") -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS.format(frequency=frequency), encoding="utf-8")
    (data / "actuals" / "gdp-2021.csv").write_text(HEADER + rows, encoding="utf-8")
    return tmp_path / "p"


def figures(project: Path, *args: str) -> dict[str, Any]:
    result = kpi(project, "report", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    line: dict[str, Any] = json.loads(result.stdout)["indicators"][0]
    return line


@pytest.mark.parametrize(
    ("first", "second"),
    [("2021年一季度", "2021年二季度"), ("2021Q1", "2021Q2"), ("2021年1-3月", "2021-Q2")],
)
def test_quarter_cells_are_data(tmp_path: Path, first: str, second: str) -> None:
    project = make(
        tmp_path, f"地区生产总值,{first},90,当月,亿元\n地区生产总值,{second},110,当月,亿元\n"
    )
    line = figures(project, "--month", "2021-06")
    assert (line["as_of"], line["actual"], line["completion_rate"]) == ("2021-06", "200", "50.00")
    assert (line["time_progress"], line["pace"], line["status"]) == ("50.00", "0.00", "on_pace")
    may = figures(project, "--month", "2021-05")
    assert (may["as_of"], may["actual"], may["completion_rate"]) == ("2021-03", "90", "22.50")
    assert (may["time_progress"], may["pace"]) == ("25.00", "-2.50")
    checked = kpi(project, "check", "--month", "2021-06")
    assert checked.exit_code == 0, checked.output
    assert "缺少" not in checked.output


def test_period_option_reports_as_of_the_quarter_end(tmp_path: Path) -> None:
    project = make(
        tmp_path, "地区生产总值,2021Q1,90,当月,亿元\n地区生产总值,2021Q2,110,当月,亿元\n"
    )
    assert figures(project, "--period", "2021-Q2") == figures(project, "--month", "2021-06")
    assert figures(project, "--period", "2021-H1")["actual"] == "200"
    assert figures(project, "--period", "2021-Q1")["actual"] == "90"
    both = kpi(project, "report", "--period", "2021-Q2", "--month", "2021-06")
    assert both.exit_code == 2 and "--period" in both.output
    wrong = kpi(project, "report", "--period", "2021-Q5")
    assert wrong.exit_code == 2 and "Q1 到 Q4" in wrong.output


def test_a_quarterly_org_is_not_missing_months(tmp_path: Path) -> None:
    """Year-to-date at 1-3月, 1-6月 and 1-12月: 三季度 is missing, never 4月、5月."""
    rows = "".join(
        f"地区生产总值,{p},{v},累计,亿元\n"
        for p, v in (("2021年1-3月", 90), ("2021年1-6月", 200), ("2021年1-12月", 400))
    )
    quarterly = kpi(make(tmp_path / "q", rows), "check")
    assert quarterly.exit_code == 0
    assert "2021年缺少 三季度 的数据；修正：补填 三季度 的数据" in quarterly.output
    assert "4月" not in quarterly.output
    monthly = kpi(make(tmp_path / "m", rows, "monthly"), "check")
    assert "缺少 4月、5月、7月、8月、9月、10月、11月" in monthly.output


def test_a_missing_quarter_of_own_amounts_is_an_error(tmp_path: Path) -> None:
    project = make(
        tmp_path, "地区生产总值,2021Q1,90,当月,亿元\n地区生产总值,2021Q3,110,当月,亿元\n"
    )
    checked = kpi(project, "check")
    assert checked.exit_code == 1
    assert "2021年缺少 二季度 的数据，1-N月累计无法求和" in checked.output


@pytest.mark.parametrize(
    ("period", "words"),
    [
        ("2021-Q1", "一季度完成90亿元，完成率22.50%，落后序时进度2.50个百分点"),
        ("2021-H1", "上半年完成200亿元，完成率50.00%，达到序时进度"),
        ("2021-Q3", "前三季度完成300亿元，完成率75.00%，达到序时进度"),
    ],
)
def test_period_names_follow_the_setting_and_pass_the_fact_check(
    tmp_path: Path, period: str, words: str
) -> None:
    rows = "".join(
        f"地区生产总值,2021Q{n},{v},当月,亿元\n" for n, v in ((1, 90), (2, 110), (3, 100))
    )
    project = make(tmp_path, rows)
    targets = project / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(
        text.replace("indicators:", "settings:\n  period_labels: names\nindicators:")
    )
    result = kpi(project, "report", "--period", period, "--template", "bulletin_full")
    assert result.exit_code == 0, result.output
    assert f"◎ 地区生产总值年度目标任务400亿元，{words}" in result.stdout
    (project / "b.txt").write_text(result.stdout, encoding="utf-8")
    month = figures(project, "--period", period)["as_of"]
    checked = kpi(project, "check", "--bulletin", str(project / "b.txt"), "--month", month)
    assert checked.exit_code == 0, checked.output
    assert "0 个有误" in checked.output
    table = kpi(project, "report", "--period", period)
    assert words.partition("完成")[0] in table.stdout  # the table's period is named too
