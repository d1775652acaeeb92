"""Shares across months (--share-of): the whole's figure at the part's month when it has one,
else the mark ※ in the share column and a note — never a silently dropped clause.

The towns fixture, 新招引企业 reported monthly (当月): 智慧网谷小镇 1-6月 = 60 + 30 + 35 + 40 + 45
= 210; 星直播小镇 1-6月 = 20 + 10 + 12 + 13 + 14 = 69, so 210 ÷ 69 = 304.347…% → 304.35%.
Without 星直播小镇's June and July rows its data stops at 1-5月: no share at 1-6月.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()
FIXTURE = FIXTURES / "towns"
ASK = ("--month", "2020-06", "--org", "智慧网谷小镇", "--share-of", "星直播小镇")
NOTE = "星直播小镇数据只到1-5月，与1-6月不同期，未计算占比"


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "160"})


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURE, root)
    return root


def drop_june_on(towns: Path) -> None:
    csv = towns / "data" / "actuals" / "orgs-2020.csv"
    lines = csv.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [
        ln
        for ln in lines
        if not ln.startswith(("新招引企业,2020-06,14,", "新招引企业,2020-07,15,"))
    ]
    assert len(kept) == len(lines) - 2
    csv.write_text("".join(kept), encoding="utf-8")


def companies(towns: Path) -> dict[str, Any]:
    result = kpi(towns, "report", "--format", "json", *ASK)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    line: dict[str, Any] = next(i for i in data["indicators"] if i["id"] == "new_companies")
    return line


def test_share_at_the_same_month(towns: Path) -> None:
    line = companies(towns)
    assert (line["actual"], line["whole"], line["share"], line["share_note"]) == (
        "210",
        "69",
        "304.35",
        None,
    )


def test_whole_at_an_earlier_month_is_marked_and_noted(towns: Path) -> None:
    drop_june_on(towns)
    line = companies(towns)
    assert (line["actual"], line["whole"], line["share"]) == ("210", None, None)
    assert line["share_note"] == NOTE
    table = kpi(towns, "report", *ASK)
    assert table.exit_code == 0
    row = next(ln for ln in table.stdout.splitlines() if ln.startswith(" 新招引企业"))
    assert row.endswith("※") and "※%" not in table.stdout
    assert f"※ 新招引企业：{NOTE}" in table.stdout
    bulletin = kpi(towns, "report", "--template", "bulletin_full", *ASK)
    assert f"占星直播小镇比重未计算（{NOTE}）" in bulletin.stdout
    (towns / "b.txt").write_text(bulletin.stdout, encoding="utf-8")
    checked = kpi(towns, "check", "--bulletin", str(towns / "b.txt"), "--month", "2020-06")
    assert "0 个有误" in checked.output
