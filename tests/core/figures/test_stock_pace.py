"""Stock indicators (kind: stock) against 序时进度: compared with the target only, unless
they ask for pace (`pace: time`) or give a profile; a flow may opt out (`pace: none`).

The repository's 2020 data: 市级及以上高新企业累计数 (a stock, target 224) is 217 at 1-7月:
96.88% of the target; with `pace: time` it is 96.88 − 7/12 (58.33) = +38.55, 超序时.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app

runner = CliRunner()
STOCK = "hightech_companies"


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


def add_field(project: Path, indicator: str, field: str) -> None:
    path = project / "data" / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    head = f"  - id: {indicator}\n"
    assert head in text
    path.write_text(text.replace(head, f"{head}    {field}\n", 1), encoding="utf-8")


def line_of(project: Path, indicator: str) -> tuple[dict[str, Any], str]:
    result = kpi(project, "report", "--format", "json", "--month", "2020-07")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    line = next(i for i in data["indicators"] if i["id"] == indicator)
    return line, data["summary"]["text"]


def test_a_stock_is_compared_with_its_target_only(project: Path) -> None:
    line, summary = line_of(project, STOCK)
    assert (line["kind"], line["actual"], line["completion_rate"]) == ("stock", "217", "96.88")
    assert (line["time_progress"], line["pace"], line["status"]) == (None, None, None)
    assert summary == "9项指标中6项超序时，1项落后序时，2项不计序时"
    bulletin = kpi(project, "report", "--template", "bulletin_full", "--month", "2020-07")
    assert "◎ 市级及以上高新企业累计数年度目标任务224家，1-7月完成217家，完成率96.88%。\n" in (
        bulletin.stdout
    )
    explained = kpi(project, "explain", STOCK, "--month", "2020-07")
    assert "序时进度：不计（时点数只与目标比较" in explained.stdout


def test_a_stock_asking_for_pace_gets_it(project: Path) -> None:
    add_field(project, STOCK, "pace: time")
    line, summary = line_of(project, STOCK)
    assert (line["completion_rate"], line["time_progress"], line["pace"]) == (
        "96.88",
        "58.33",
        "38.55",
    )
    assert line["status"] == "ahead"
    assert summary == "9项指标中7项超序时，1项落后序时，1项不计序时"
    bulletin = kpi(project, "report", "--template", "bulletin_full", "--month", "2020-07")
    assert "完成217家，完成率96.88%，超序时进度38.55个百分点" in bulletin.stdout


def test_a_flow_may_opt_out(project: Path) -> None:
    """开工项目 13 of 25 is 52.00%; with pace: none it is not 落后序时."""
    add_field(project, "projects_started", "pace: none")
    line, summary = line_of(project, "projects_started")
    assert (line["completion_rate"], line["pace"], line["status"]) == ("52.00", None, None)
    assert summary == "9项指标中6项超序时，3项不计序时"


def test_a_wrong_pace_is_a_located_error(project: Path) -> None:
    add_field(project, STOCK, "pace: sometimes")
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "指标 hightech_companies：pace 的值“sometimes”无效；修正：改为 time、none 之一" in (
        result.stdout
    )
    assert "data/targets.yaml:" in result.stdout
