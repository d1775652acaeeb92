"""A rank is an org's place among all the orgs (core/figures/rank.py): `kpi report --org X
--rank rate|yoy` shows X's place in the report of every org, never its place among the rows
it happens to show; the whole and groups are not ranked."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()

# 主营业务收入 at 1-6月 last year, so the orgs have year-on-year growth: 汽车互联网小镇
# 80.11 ÷ 40 (+100.3%), 智慧网谷小镇 98.20 ÷ 70 (+40.3%), 星直播小镇 50.05 ÷ 35.75 (+40.0%),
# 运河财富小镇 40.05 ÷ 20 (+100.3%: tied with 汽车互联网小镇 as printed), 其他平台 151.31 ÷
# 212.03 (−28.6%); together the whole's 377.78.
LAST_YEAR = """\
指标,月份,数值,口径,填报单位
主营业务收入,2019-06,70,累计,智慧网谷小镇
主营业务收入,2019-06,40,累计,汽车互联网小镇
主营业务收入,2019-06,35.75,累计,星直播小镇
主营业务收入,2019-06,20,累计,运河财富小镇
主营业务收入,2019-06,212.03,累计,其他平台
"""


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "actuals" / "orgs-2019.csv").write_text(LAST_YEAR, encoding="utf-8")
    return root


def rows(folder: Path, by: str, *orgs: str) -> list[dict[str, Any]]:
    chosen = [arg for org in orgs for arg in ("--org", org)]
    args = ["report", "--data", str(folder), "-m", "2020-06", "-i", "主营业务收入", "-f", "json"]
    result = runner.invoke(app, [*args, "--rank", by, *chosen])
    assert result.exit_code == 0, result.output
    found: list[dict[str, Any]] = json.loads(result.stdout)["indicators"]
    return found


def places(found: list[dict[str, Any]]) -> dict[str | None, tuple[int | None, bool | None]]:
    return {row["org"]: (row["rank"], row["rank_tied"]) for row in found}


@pytest.mark.parametrize("by", ["rate", "yoy"])
def test_each_org_alone_has_its_place_among_all(towns: Path, by: str) -> None:
    every = places(rows(towns, by))
    assert every[None] == (None, None)  # the whole is never ranked
    ranked = {org: place for org, place in every.items() if place[0] is not None}
    assert len(ranked) >= 2
    for org, place in ranked.items():
        assert org is not None
        assert places(rows(towns, by, org)) == {org: place}


def test_yoy_ranks_and_ties(towns: Path) -> None:
    every = places(rows(towns, "yoy"))
    assert every["汽车互联网小镇"] == every["运河财富小镇"] == (1, True)
    assert every["智慧网谷小镇"] == (3, False)
    assert every["星直播小镇"] == (4, False)
    assert every["其他平台"] == (5, False)
    assert every["杭钢新城"] == (None, None)  # no figure last year: not ranked
    alone = rows(towns, "yoy", "星直播小镇", "运河财富小镇")
    assert [(r["org"], r["rank"], r["rank_tied"]) for r in alone] == [
        ("运河财富小镇", 1, True),
        ("星直播小镇", 4, False),
    ]


def test_an_org_second_among_all_is_not_first_alone(towns: Path) -> None:
    """智慧网谷小镇 is 2nd by rate among all: alone, JSON says 2 and the bulletin 列第二位."""
    assert places(rows(towns, "rate", "智慧网谷小镇")) == {"智慧网谷小镇": (2, False)}
    args = ["report", "--data", str(towns), "-m", "2020-06", "-i", "主营业务收入"]
    result = runner.invoke(
        app, [*args, "--rank", "rate", "--org", "智慧网谷小镇", "-t", "bulletin_full"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("，列第二位。")


def test_groups_and_the_whole_are_not_ranked(towns: Path) -> None:
    """A group is not one of the orgs: unranked, shown before the ranked orgs."""
    found = rows(towns, "rate", "智慧网谷小镇", "省级特色小镇")
    assert [(r["org"], r["rank"]) for r in found] == [("省级特色小镇", None), ("智慧网谷小镇", 2)]
    args = ["report", "--data", str(towns), "-m", "2020-06", "-i", "主营业务收入"]
    alone = runner.invoke(app, [*args, "--rank", "rate", "--org", "省级特色小镇"])
    assert alone.exit_code == 0, alone.output
    assert "未排名：排名只在单位之间，汇总数和分组没有名次" in alone.stderr
