"""`kpi explain` steps for shares, projections, ranks, unit conversions and rows left out of a
roll-up, each hand-checked.

The org project: 营业收入 in 万元, targets 甲 50000, 乙 50000, 丙 40000. At 1-6月 甲 entered
4.45146亿元 (= 44514.6万元), 乙 44514.6, 丙 20000: 甲 and 乙 are at 44514.6 ÷ 50000 = 89.0292%
→ 89.03% (并列第1), 丙 at 50.00% (第3); 丁 reports its own 10000 and so does its child 丁一 (a
check figure only); the whole's 1-6月 is 44514.6 + 44514.6 + 20000 + 10000 = 119029.2, and
甲's share of it 44514.6 ÷ 119029.2 = 37.398050…% → 37.40%. 甲's 1-7月 row is after June.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()
ORG_TARGETS = """year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 万元
    target: 200000
    kind: flow
    org_targets: {甲: 50000, 乙: 50000, 丙: 40000}
"""
ORGS = """root: 全区
orgs:
  - name: 甲
    groups: [重点平台]
  - name: 乙
    groups: [重点平台]
  - name: 丙
  - name: 丁
    children:
      - name: 丁一
"""
ORG_ROWS = """指标,月份,数值,口径,填报单位
营业收入,2020-06,4.45146亿元,累计,甲
营业收入,2020-06,44514.6,累计,乙
营业收入,2020-06,20000,累计,丙
营业收入,2020-06,10000,累计,丁
营业收入,2020-06,10000,累计,丁一
营业收入,2020-07,50000,累计,甲
"""


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "200"})


def write(tmp_path: Path, targets: str, rows: str, orgs: str | None = None) -> Path:
    data = tmp_path / "p" / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(targets, encoding="utf-8")
    (data / "actuals" / "rows.csv").write_text(rows, encoding="utf-8")
    if orgs is not None:
        (data / "orgs.yaml").write_text(orgs, encoding="utf-8")
    return tmp_path / "p"


@pytest.fixture
def orgs_project(tmp_path: Path) -> Path:
    return write(tmp_path, ORG_TARGETS, ORG_ROWS, ORGS)


def steps(project: Path, *args: str) -> list[str]:
    result = kpi(project, "explain", *args)
    assert result.exit_code == 0, result.output
    tail = result.stdout.partition("计算：")[2]
    return [line.strip() for line in tail.splitlines() if line.strip()]


def as_json(project: Path, *args: str) -> dict[str, Any]:
    result = kpi(project, "explain", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def test_a_cell_in_another_unit_is_shown_as_entered_converted_and_used(
    orgs_project: Path,
) -> None:
    lines = steps(orgs_project, "revenue", "--org", "甲", "-m", "2020-06")
    assert lines[0] == (
        f"单位换算：{orgs_project}/data/actuals/rows.csv:2 填报 4.45146 亿元 ×10000"
        "（亿元 → 万元） = 44514.6 万元（计算所用的值）"
    )
    assert lines[1] == "1-6月累计 = 44514.6 万元（已是1-N月累计数）"
    assert "完成率 = 44514.6 ÷ 50000 × 100% = 89.0292% → 89.03%（四舍五入，保留2位）" in lines
    # A cell already in the indicator's unit needs no conversion step.
    assert not any("单位换算" in line for line in steps(orgs_project, "revenue", "--org", "乙"))


def test_share_is_the_part_over_the_whole_at_the_same_month(orgs_project: Path) -> None:
    lines = steps(orgs_project, "revenue", "--org", "甲", "-m", "2020-06", "--share-of", "全区")
    assert (
        "占全区比重 = 44514.6 ÷ 119029.2（全区1-6月，同期） × 100% = 37.39805…% → 37.40%"
        "（四舍五入，保留2位）"
    ) in lines
    assert as_json(orgs_project, "revenue", "--org", "甲", "-m", "2020-06", "--share-of", "全区")[
        "figures"
    ]["share"] == ("37.40")


def test_share_without_the_whole_at_the_month_says_why(tmp_path: Path) -> None:
    rows = ORG_ROWS + "营业收入,2020-07,50000,累计,乙\n"
    project = write(tmp_path, ORG_TARGETS, rows, ORGS)
    # 甲 is at 1-7月; 重点平台 (甲 + 乙) too, but 丙 (and so the whole) only at 1-6月.
    lines = steps(project, "revenue", "--org", "甲", "-m", "2020-07", "--share-of", "全区")
    assert "占全区比重：※ 全区数据只到1-6月，与1-7月不同期，未计算占比" in lines


def test_rank_shows_the_sorted_values_and_ties(orgs_project: Path) -> None:
    lines = steps(orgs_project, "revenue", "--org", "甲", "-m", "2020-06", "--rank", "rate")
    assert lines[-1] == (
        "排名（按完成率从高到低，3个单位；另2个单位没有完成率，不排名）："
        "1.甲 89.03%、1.乙 89.03%、3.丙 50.00% → 并列第1位"
    )
    third = steps(orgs_project, "revenue", "--org", "丙", "-m", "2020-06", "--rank", "rate")
    assert third[-1].endswith("→ 第3位")
    nothing = steps(orgs_project, "revenue", "--org", "丁", "-m", "2020-06", "--rank", "rate")
    assert nothing[-1] == "排名（按完成率）：丁没有完成率，不参加排名"
    figures = as_json(orgs_project, "revenue", "--org", "乙", "-m", "2020-06", "--rank", "rate")
    assert (figures["figures"]["rank"], figures["figures"]["rank_tied"]) == (1, True)


def test_rows_left_out_of_a_roll_up_and_why(orgs_project: Path) -> None:
    lines = steps(orgs_project, "revenue", "-m", "2020-06")
    assert lines[1] == "1-6月累计 = 44514.6 + 44514.6 + 20000 + 10000 = 119029.2 万元"
    where = f"{orgs_project}/data/actuals/rows.csv"
    assert f"未计入：丁一 1-6月（{where}:6）——上级丁自报1-6月数，下级只用于核对" in lines
    assert f"未计入：甲 1-7月（{where}:7）——晚于所选月份（2020年6月）" in lines
    group = steps(orgs_project, "revenue", "--org", "重点平台", "-m", "2020-06")
    assert f"未计入：丙 1-6月（{where}:4）——不属于重点平台" in group
    assert f"未计入：丁一 1-6月（{where}:6）——不属于重点平台" in group
    data = as_json(orgs_project, "revenue", "-m", "2020-06")
    assert {(row["org"], tuple(row["months"])) for row in data["left_out"]} == {
        ("丁一", (6,)),
        ("甲", (7,)),
    }
    # An org's own explanation does not list every other org as left out.
    assert not any("未计入" in line for line in steps(orgs_project, "revenue", "--org", "乙"))


PROJECTION_TARGETS = """year: 2020
indicators:
  - id: output
    name: 工业产值
    unit: 亿元
    target: 120
    kind: flow
"""


@pytest.mark.parametrize(
    ("extra", "rows", "step"),
    [
        # Run-rate: 60 ÷ 6 × 12 = 120.
        (
            "",
            "工业产值,2020-06,60,累计\n",
            (
                "预计全年（按本年月均，因无 profile，也无上年全年数） = 60 ÷ 6 × 12 = 120 → "
                "120 亿元（四舍五入，保留0位，同累计数）"
            ),
        ),
        # Last year's shape: 60 × 100 ÷ 40 = 150.
        (
            "",
            "工业产值,2019-06,40,累计\n工业产值,2019-12,100,累计\n工业产值,2020-06,60,累计\n",
            (
                "预计全年（按上年进度，因无 profile，上年同期与上年全年都有数） = 60 × 上年全年 100"
                " ÷ 上年1-6月 40 = 150 → 150 亿元（四舍五入，保留0位，同累计数）"
            ),
        ),
        # Profile: weights 1,1,1,2,2,2 then 1 (15 in all, 9 by June): 60 × 15 ÷ 9 = 100.
        (
            "    profile: [1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1]\n",
            "工业产值,2019-06,40,累计\n工业产值,2019-12,100,累计\n工业产值,2020-06,60,累计\n",
            (
                "预计全年（按指标的月度权重 profile） = 60 × 全年权重 15 ÷ 1-6月权重 9 = 100 → "
                "100 亿元（四舍五入，保留0位，同累计数）"
            ),
        ),
    ],
)
def test_projection_says_which_method_and_why(
    tmp_path: Path, extra: str, rows: str, step: str
) -> None:
    project = write(tmp_path, PROJECTION_TARGETS + extra, "指标,月份,数值,口径\n" + rows)
    assert step in steps(project, "output", "-m", "2020-06")


def test_gap_and_required_pace_steps(tmp_path: Path) -> None:
    project = write(
        tmp_path, PROJECTION_TARGETS, "指标,月份,数值,口径\n工业产值,2020-08,61.3,累计\n"
    )
    lines = steps(project, "output", "-m", "2020-08")
    # 120 − 61.3 = 58.7 over the 4 months left: 14.675 → 14.7 (the places of 61.3).
    assert "距目标还差 = 目标 120 − 累计 61.3 = 58.7 亿元" in lines
    assert "后4个月月均需完成 = 58.7 ÷ 4 = 14.675 → 14.7（四舍五入，保留1位）" in lines


def test_a_cell_in_another_unit_in_a_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    project = write(tmp_path, ORG_TARGETS, "指标,月份,数值,口径,填报单位\n", ORGS)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "收入"
    sheet.append(["指标", "月份", "数值", "口径", "填报单位"])
    sheet.append(["营业收入", "2020-06", "4.45146亿元", "累计", "甲"])
    book.save(project / "data" / "actuals" / "book.xlsx")
    lines = steps(project, "revenue", "--org", "甲", "-m", "2020-06")
    assert lines[0] == (
        f"单位换算：{project}/data/actuals/book.xlsx:收入!C2 填报 4.45146 亿元 ×10000"
        "（亿元 → 万元） = 44514.6 万元（计算所用的值）"
    )


def test_a_growth_target_step() -> None:
    towns = FIXTURES / "towns"
    lines = steps(towns, "industrial_value_added", "-m", "2020-06")
    # 109.20 ÷ 100.00 − 1 = 9.2% against a target of 8%: 1.2 points above.
    assert "与目标增速比 = 同比 9.2% − 目标 8% = +1.2 个百分点 → 高于目标增速" in lines


GROWTH_RATE_TARGETS = """year: 2020
indicators:
  - id: growth
    name: 规上工业增加值增速
    unit: "%"
    target_type: growth
    target: 8
    kind: stock
    org_targets: {甲: 7}
"""


def test_a_growth_target_step_needs_the_orgs_own_target(tmp_path: Path) -> None:
    """A growth reported as a %: 甲's 9.5% against its own target of 7%; 乙 has no target of
    its own (the whole's 8% is not its), so there is nothing to compare its 9.0% with."""
    rows = "指标,月份,数值,口径,填报单位\n规上工业增加值增速,2020-06,9.5,累计,甲\n"
    rows += "规上工业增加值增速,2020-06,9.0,累计,乙\n"
    project = write(
        tmp_path, GROWTH_RATE_TARGETS, rows, "root: 全区\norgs:\n  - name: 甲\n  - name: 乙\n"
    )
    mine = steps(project, "growth", "--org", "甲", "-m", "2020-06")
    assert mine[-1] == "与目标增速比 = 填报增速 9.5% − 目标 7% = +2.5 个百分点 → 高于目标增速"
    theirs = steps(project, "growth", "--org", "乙", "-m", "2020-06")
    assert theirs == ["1-6月累计 = 9.0 %（时点数，取最新月末值）"]
