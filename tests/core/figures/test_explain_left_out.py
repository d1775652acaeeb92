"""Rows left out of a roll-up, the cases beyond tests/test_explain_steps.py; factors of a
cell entered in a coarser or finer unit; a growth target without its growth."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.core.figures.exact import exact_figures
from gongshu_kpi.core.figures.explain_steps import _why_left_out, left_out
from gongshu_kpi.core.provenance import EnteredValue
from tests.paths import FIXTURES

runner = CliRunner()
TARGETS = """year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
  - id: growth
    name: 增加值
    unit: 亿元
    target_type: growth
    target: 8
    kind: flow
  - id: firms
    name: 企业数
    unit: 家
    target: 50
    kind: stock
"""
ORGS = """root: 全区
orgs:
  - name: 甲
    groups: [两镇]
  - name: 乙
    groups: [两镇]
  - name: 丁
    children:
      - name: 丁一
        children:
          - name: 丁一甲
"""


def project(tmp_path: Path, rows: str) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "orgs.yaml").write_text(ORGS, encoding="utf-8")
    (data / "actuals" / "rows.csv").write_text(
        "指标,月份,数值,口径,填报单位\n" + rows, encoding="utf-8"
    )
    return tmp_path / "p"


def steps(root: Path, *args: str) -> list[str]:
    result = runner.invoke(app, ["explain", *args, "--data", str(root)])
    assert result.exit_code == 0, result.output
    tail = result.stdout.partition("计算：")[2]
    return [line.strip() for line in tail.splitlines() if line.strip()]


def test_a_month_only_some_members_reached(tmp_path: Path) -> None:
    root = project(tmp_path, "营业收入,2020-06,10,累计,甲\n营业收入,2020-06,20,累计,乙\n"
                             "营业收入,2020-07,12,累计,甲\n")  # fmt: skip
    lines = steps(root, "revenue", "--org", "两镇", "-m", "2020-07")
    # 乙 has no July: the group's figure is 1-6月, 10 + 20 = 30, and 甲's July waits.
    assert lines[0] == "1-6月累计 = 10 + 20 = 30 亿元"
    assert (
        f"未计入：甲 1-7月（{root}/data/actuals/rows.csv:4）——合计只到各单位都有数的1-6月" in lines
    )


def test_a_grandparent_reporting_its_own_figure(tmp_path: Path) -> None:
    root = project(tmp_path, "营业收入,2020-06,5,累计,丁\n营业收入,2020-06,5,累计,丁一甲\n")
    lines = steps(root, "revenue", "--org", "丁", "-m", "2020-06")
    # 丁一 reports nothing itself; 丁 (two levels up) reports its own 5, 丁一甲's 5 a check.
    assert lines[0] == "1-6月累计 = 5 亿元（已是1-N月累计数）"
    assert (
        f"未计入：丁一甲 1-6月（{root}/data/actuals/rows.csv:3）——上级丁自报1-6月数，下级只用于核对"
        in lines
    )


def test_nothing_left_out_without_data_and_the_last_resort_reason(tmp_path: Path) -> None:
    root = project(tmp_path, "营业收入,2020-06,10,累计,甲\n")
    loaded = pipeline.load(pipeline.find_data_folder(root))
    indicator = loaded.targets.indicators[0]
    empty = exact_figures(loaded.facts, indicator, "甲", 2020, 5)  # before any data
    assert left_out(loaded.facts, empty, ()) == ()
    june = exact_figures(loaded.facts, indicator, "两镇", 2020, 6)
    # A row of a member at a month the figure reached, with no parent of its own: only a
    # row that the roll-up did not count for none of the reasons above ends here.
    assert _why_left_out(loaded.facts, june, "甲", {"甲", "乙"}, 6) == "未计入合计"


def test_cells_in_a_finer_unit_and_an_inexact_factor(tmp_path: Path) -> None:
    root = project(tmp_path, "营业收入,2020-06,27830万元,累计,甲\n")
    lines = steps(root, "revenue", "--org", "甲", "-m", "2020-06")
    assert lines[0] == (
        f"单位换算：{root}/data/actuals/rows.csv:2 填报 27830 万元 ÷10000（万元 → 亿元）"
        " = 2.783 亿元（计算所用的值）"
    )
    assert EnteredValue(Decimal(3), "亩", Fraction(2000, 3)).factor_text() == "×2000/3"


def test_a_growth_target_without_last_year_has_no_comparison_step(tmp_path: Path) -> None:
    root = project(tmp_path, "增加值,2020-06,109.2,累计,甲\n")
    assert not any(s.startswith("与目标增速比") for s in steps(root, "growth", "--org", "甲"))


def test_a_combined_release_left_out_is_named_by_its_months() -> None:
    towns = FIXTURES / "towns"
    lines = steps(towns, "new_companies", "--org", "省级特色小镇", "-m", "2020-06")
    left = [line for line in lines if line.startswith("未计入：杭钢新城")]
    assert len(left) == 1
    assert left[0].startswith("未计入：杭钢新城 1-2月、3月、4月、5月、6月、7月（")
    assert left[0].endswith("等6行）——不属于省级特色小镇")


def test_a_reason_many_orgs_share_is_one_line() -> None:
    towns = FIXTURES / "towns"
    lines = steps(towns, "new_companies", "-m", "2020-06")
    # Six towns each reported July: one line, not six.
    expected = "未计入：智慧网谷小镇、汽车互联网小镇、星直播小镇等6个单位的 6 行——晚于所选月份"
    assert [line for line in lines if line.startswith("未计入")] == [expected + "（2020年6月）"]
    data = runner.invoke(
        app, ["explain", "new_companies", "-m", "2020-06", "-f", "json", "--data", str(towns)]
    )
    assert len(json.loads(data.stdout)["left_out"]) == 6  # JSON keeps every org's rows


def test_earlier_ytd_and_stock_rows_say_why(tmp_path: Path) -> None:
    root = project(
        tmp_path,
        "营业收入,2020-05,10,累计,甲\n营业收入,2020-06,12,累计,甲\n"
        "企业数,2020-05,30,累计,甲\n企业数,2020-06,35,累计,甲\n",
    )
    where = f"{root}/data/actuals/rows.csv"
    flow = steps(root, "revenue", "--org", "甲", "-m", "2020-06")
    assert f"未计入：甲 1-5月（{where}:2）——累计口径：1-6月累计已包含此前各月" in flow
    stock = steps(root, "firms", "--org", "甲", "-m", "2020-06")
    assert stock[0] == "1-6月累计 = 35 家（时点数，取最新月末值）"
    assert f"未计入：甲 5月（{where}:4）——时点数：只取6月末的值" in stock
