"""`--period` on `kpi check` and `kpi explain`, the same option and resolution as `kpi report`.

Hand-checked: 地区生产总值 (target 400亿元) reported quarter by quarter as each quarter's own
amount, 90, 110 and 130: as of 2021-Q2 (= 2021-06) the year-to-date is 90 + 110 = 200, 50.00%
of the target; as of the latest data (1-9月) it is 330, 82.50%.
"""

from __future__ import annotations

import json
from pathlib import Path

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
    frequency: quarterly
"""
ROWS = (
    "指标,月份,数值,口径,计量单位\n"
    "地区生产总值,2021Q1,90,当月,亿元\n"
    "地区生产总值,2021Q2,110,当月,亿元\n"
    "地区生产总值,2021Q3,130,当月,亿元\n"
)


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


@pytest.fixture
def project(tmp_path: Path) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "actuals" / "gdp-2021.csv").write_text(ROWS, encoding="utf-8")
    return tmp_path / "p"


def test_explain_as_of_a_quarter_is_explain_as_of_its_last_month(project: Path) -> None:
    by_period = kpi(project, "explain", "gdp", "--period", "2021-Q2", "--format", "json")
    assert by_period.exit_code == 0, by_period.output
    data = json.loads(by_period.stdout)
    assert (data["as_of"], data["actual"], data["completion_rate"]) == (6, "200", "50.00")
    by_month = kpi(project, "explain", "gdp", "--month", "2021-06", "--format", "json")
    assert by_period.stdout == by_month.stdout
    half = kpi(project, "explain", "gdp", "--period", "2021-H1")
    assert half.stdout == kpi(project, "explain", "gdp", "--month", "2021-06").stdout
    assert "1-6月累计 = 90 + 110 = 200 亿元" in half.stdout
    latest = json.loads(kpi(project, "explain", "gdp", "--format", "json").stdout)
    assert (latest["actual"], latest["completion_rate"]) == ("330", "82.50")


def test_check_as_of_a_quarter_checks_a_bulletin_against_that_quarter(
    project: Path, tmp_path: Path
) -> None:
    draft = tmp_path / "draft.md"
    # No period stated: the one the check is run as of is assumed.
    draft.write_text("◎ 地区生产总值完成200亿元，完成率50.00%。\n", encoding="utf-8")
    at_q2 = kpi(project, "check", "--period", "2021-Q2", "--bulletin", str(draft))
    assert at_q2.exit_code == 0, at_q2.output
    latest = kpi(project, "check", "--bulletin", str(draft))
    assert latest.exit_code == 1
    assert "330" in latest.output  # what the data says as of 1-9月


@pytest.mark.parametrize("command", [("check",), ("explain", "gdp")])
def test_period_and_month_together_or_a_bad_period_are_usage_errors(
    project: Path, command: tuple[str, ...]
) -> None:
    both = kpi(project, *command, "--period", "2021-Q2", "--month", "2021-06")
    assert both.exit_code == 2
    assert "--period 与 --month 只能写一个" in both.output
    wrong = kpi(project, *command, "--period", "2021-Q5")
    assert wrong.exit_code == 2
    assert "Q1 到 Q4" in wrong.output


@pytest.mark.parametrize("command", ["report", "check", "explain"])
def test_period_help_is_the_same_in_every_command(command: str) -> None:
    chinese = runner.invoke(app, [command, "--help"], env={"COLUMNS": "200", "LANG": "zh_CN"})
    assert "截至某季度或半年末：2021-Q2、2021-H1、2021年一季度（代替 --month）。" in chinese.stdout
    english = runner.invoke(app, [command, "--help", "--lang", "en"], env={"COLUMNS": "200"})
    assert "As of the end of a quarter or half-year: 2021-Q2, 2021-H1" in english.stdout
