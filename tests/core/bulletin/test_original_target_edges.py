"""The 原为X check (an adjusted target's original) and table cells at their edges, on the
towns fixture: an org without its own target, an org not in orgs.yaml, a unit that cannot
be converted, a target that was never adjusted; a 单位 column of units, an empty 单位
cell, an unreadable 排名 cell and a 平均需完成 without its period."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

TOWNS = FIXTURES / "towns" / "data"


def check(tmp_path: Path, draft: str) -> str:
    path = tmp_path / "draft.md"
    path.write_text(draft, encoding="utf-8")
    args = ["check", "--data", str(TOWNS), "-m", "2020-06", "--bulletin", str(path)]
    return CliRunner().invoke(app, args).output


@pytest.mark.parametrize(
    ("draft", "said"),
    [
        # 运河财富小镇 has no org_targets entry: neither target can be checked.
        (
            "运河财富小镇主营业务收入年度目标任务800亿元（调整后目标，原为800亿元）。",
            "原目标 800亿元：targets.yaml 中没有该目标，无法核对",
        ),
        (
            "拱宸桥主营业务收入年度目标任务800亿元（调整后目标，原为800亿元）。",
            "原目标 800亿元：数据中没有“拱宸桥”",
        ),
        (
            "主营业务收入年度目标任务800亿元（调整后目标，原为800万吨）。",
            "原目标 800万吨 的单位与指标单位“亿元”不能换算，未核对",
        ),
    ],
)
def test_an_original_target_that_cannot_be_checked_says_why(
    tmp_path: Path, draft: str, said: str
) -> None:
    output = check(tmp_path, draft + "\n")
    assert said in output
    assert "0 个有误" in output


def test_an_original_target_never_adjusted_is_the_target(tmp_path: Path) -> None:
    right = check(tmp_path, "主营业务收入年度目标任务800亿元（调整后目标，原为800亿元）。\n")
    assert "核对 2 个数字，0 个有误" in right
    wrong = check(tmp_path, "主营业务收入年度目标任务800亿元（调整后目标，原为700亿元）。\n")
    assert "原目标写作 700亿元，应为 800亿元" in wrong
    assert "本期目标未调整" in wrong


def table(*rows: str, headers: str = "| 指标 | 单位 | 年度目标 | 累计完成 |") -> str:
    rule = "|" + " --- |" * (headers.count("|") - 1)
    return "\n".join([headers, rule, *rows]) + "\n"


def test_a_unit_column_of_units_gives_the_rows_unit(tmp_path: Path) -> None:
    output = check(tmp_path, table("| 主营业务收入 | 亿元 | 800 | 419.72 |"))
    assert "核对 2 个数字，0 个有误" in output
    wrong = check(tmp_path, table("| 主营业务收入 | 亿元 | 800 | 419.27 |"))
    assert "累计完成写作 419.27亿元" in wrong


def test_an_empty_org_cell_is_the_whole(tmp_path: Path) -> None:
    output = check(tmp_path, table("| 主营业务收入 | — | 800亿元 | 419.72亿元 |"))
    assert "核对 2 个数字，0 个有误" in output


def test_an_unreadable_rank_cell_is_a_note_naming_its_column(tmp_path: Path) -> None:
    headers = "| 指标 | 单位 | 累计完成 | 排名 |"
    output = check(
        tmp_path, table("| 主营业务收入 | 智慧网谷小镇 | 98.20亿元 | 前列 |", headers=headers)
    )
    assert "的“排名”列未能核对" in output


def test_a_need_without_its_period_is_checked_as_written(tmp_path: Path) -> None:
    headers = "| 指标 | 年度目标 | 期间 | 累计完成 | 平均需完成 |"
    output = check(
        tmp_path, table("| 主营业务收入 | 800亿元 | 1-6月 | 419.72亿元 | 1亿元 |", headers=headers)
    )
    assert "平均需完成写作 1亿元" in output
