"""A unit targets.yaml declares with `whole: true` counts whole things, like the built-in 家:
its 月均需完成 is rounded up to a whole number (core/periodic/remaining.counts_whole_things);
a declared unit without it keeps the report's rounding.

Hand-checked: target 500, 1-6月 265, so 还差235, 235 ÷ 6 = 39.17 a month: 床位 (whole)
needs 40床位 (39 × 6 = 234 would fall 1 short); 车次 (not whole) rounds half-up to 39车次.
"""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.periodic.remaining import WHOLE_TEXT, counts_whole_things
from gongshu_kpi.loaders.targets import load_targets

runner = CliRunner()
TARGETS = """year: 2026
units:
  - name: 床位
    counts: 养老机构床位
    whole: true
  - name: 车次
    counts: 公交运营车次
indicators:
  - id: beds
    name: 新增养老床位
    unit: 床位
    target: 500
    kind: flow
  - id: trips
    name: 公交运营车次
    unit: 车次
    target: 500
    kind: flow
"""
ROWS = "指标,月份,数值,口径\n新增养老床位,2026-06,265,累计\n公交运营车次,2026-06,265,累计\n"


def project(tmp_path: Path) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "actuals" / "a-2026.csv").write_text(ROWS, encoding="utf-8")
    return data


def kpi(data: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(data)], env={"COLUMNS": "200"})


def test_whole_is_read_from_the_declaration(tmp_path: Path) -> None:
    targets, problems = load_targets(project(tmp_path) / "targets.yaml", "targets.yaml")
    assert targets is not None, problems
    table = targets.unit_table
    assert counts_whole_things("床位", table) and not counts_whole_things("车次", table)
    assert not counts_whole_things("万床位", table)  # a magnitude is printed with decimals
    assert not counts_whole_things("床位")  # only the project's table declares it
    assert counts_whole_things("家", table) and not counts_whole_things("万人", table)


def test_a_declared_count_needs_a_whole_number_rounded_up(tmp_path: Path) -> None:
    data = project(tmp_path)
    result = kpi(data, "report", "-m", "2026-06", "-f", "json")
    assert result.exit_code == 0, result.output
    beds, trips = json.loads(result.stdout)["indicators"]
    assert (beds["gap"], beds["monthly_need"]) == ("235", "40")
    assert (trips["gap"], trips["monthly_need"]) == ("235", "39")
    text = kpi(data, "report", "-m", "2026-06", "-t", "bulletin_full").stdout
    assert "距年度目标还差235床位，后6个月月均需完成40床位" in text
    assert "距年度目标还差235车次，后6个月月均需完成39车次" in text


def test_explain_shows_the_rounding_up(tmp_path: Path) -> None:
    data = project(tmp_path)
    beds = kpi(data, "explain", "新增养老床位", "-m", "2026-06")
    assert beds.exit_code == 0, beds.output
    assert f"后6个月月均需完成 = 235 ÷ 6 = 39.166666… → 40（{WHOLE_TEXT}）" in beds.stdout
    trips = kpi(data, "explain", "公交运营车次", "-m", "2026-06").stdout
    assert "→ 39（四舍五入，保留0位）" in trips and WHOLE_TEXT not in trips


def test_the_bulletin_check_rounds_the_same_way(tmp_path: Path) -> None:
    data = project(tmp_path)
    text = kpi(data, "report", "-m", "2026-06", "-t", "bulletin_full").stdout
    draft = tmp_path / "draft.txt"
    draft.write_text(text, encoding="utf-8")
    result = kpi(data, "check", "--bulletin", str(draft), "-m", "2026-06", "-f", "json")
    assert result.exit_code == 0 and json.loads(result.stdout)["bulletin"]["wrong"] == 0
    draft.write_text(text.replace("月均需完成40床位", "月均需完成39床位"), encoding="utf-8")
    result = kpi(data, "check", "--bulletin", str(draft), "-m", "2026-06", "-f", "json")
    assert result.exit_code == 1, result.stdout
    codes = [p["code"] for p in json.loads(result.stdout)["problems"]]
    assert any(c.startswith("bulletin-monthly_need-") for c in codes), codes
