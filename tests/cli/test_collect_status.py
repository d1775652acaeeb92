"""`kpi status` (催报): who has not reported, reminders, JSON; and `kpi check`'s rule on
orgs that never reported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import Result

from tests.cli.collect_helpers import edit, kpi

# --------------------------------------------------------------------------- kpi status


def status(data: Path, today: str, *args: str) -> Result:
    return kpi("status", "--data", str(data), "--month", "2020-06", "--today", today, *args)


@pytest.fixture
def two_missing(towns: Path) -> Path:
    """2020-06 with 运河财富小镇's rows (of 2020-06 and after) gone and a new town
    (拱宸桥小镇) that never reported; figures due on the 5th of the next month."""
    source = towns / "actuals" / "orgs-2020.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    source.write_text(
        "\n".join(x for x in lines if not ("运河财富小镇" in x and ",2020-0" in x)) + "\n",
        encoding="utf-8",
    )
    orgs = towns / "orgs.yaml"
    orgs.write_text(
        orgs.read_text(encoding="utf-8").replace(
            "  - name: 其他平台\n",
            "  - name: 拱宸桥小镇\n    indicators: [主营业务收入, 新招引企业]\n"
            "  - name: 其他平台\n",
        ),
        encoding="utf-8",
    )
    edit(towns / "targets.yaml", "year: 2020\n", "year: 2020\nsettings:\n  due_day: 5\n")
    return towns


def test_status_lists_both_missing_orgs_with_reminders(two_missing: Path) -> None:
    result = status(two_missing, "2020-07-10")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "报送期限：2020年7月5日" in out
    cells = [[c.strip() for c in line.split("│")[1:-1]] for line in out.splitlines() if "│" in line]
    assert cells[9][:3] == ["运河财富小镇", "主营业务收入", "逾期"]
    assert cells[12][:3] == ["拱宸桥小镇（本年未报送过）", "主营业务收入", "逾期"]
    assert cells[0] == [
        "智慧网谷小镇",
        "主营业务收入",
        "已报",
        f"{two_missing}/actuals/orgs-2020.csv:2",
    ]
    assert sum(row[2] == "已报" for row in cells) == 15
    assert out.count("【催报】") == 2
    assert (
        "【催报】拱宸桥小镇：\n贵单位2020年尚未报送过任何数据。\n"
        "2020年6月的以下指标尚未报送，已超过报送期限（2020年7月5日）：\n"
        "  1. 主营业务收入（亿元，1-6月累计）\n  2. 新招引企业（家，本月）\n"
    ) in out
    assert "6 个填报单位" not in result.stderr and "7 个填报单位，2 个尚有未报指标" in result.stderr


def test_status_before_the_deadline_is_missing_not_late(two_missing: Path) -> None:
    result = status(two_missing, "2020-07-05", "-f", "json")
    document = json.loads(result.stdout)
    assert document["summary"] == {
        "orgs": 7,
        "orgs_outstanding": 2,
        "reported": 15,
        "missing": 5,
        "late": 0,
    }


def test_status_json(two_missing: Path) -> None:
    result = status(two_missing, "2020-07-10", "--format", "json")
    document = json.loads(result.stdout)
    assert {k: document[k] for k in ("schema_version", "kind", "month", "due_date", "today")} == {
        "schema_version": 1,
        "kind": "kpi-status",
        "month": "2020-06",
        "due_date": "2020-07-05",
        "today": "2020-07-10",
    }
    by_org = {o["org"]: o for o in document["orgs"]}
    assert [o for o, v in by_org.items() if v["state"] == "late"] == ["运河财富小镇", "拱宸桥小镇"]
    assert by_org["拱宸桥小镇"]["ever_reported"] is False
    assert by_org["智慧网谷小镇"]["reminder"] is None
    assert by_org["智慧网谷小镇"]["indicators"][0] == {
        "id": "main_business_revenue",
        "name": "主营业务收入",
        "state": "reported",
        "source": f"{two_missing}/actuals/orgs-2020.csv:2",
    }
    assert by_org["运河财富小镇"]["reminder"].startswith(
        "运河财富小镇：\n2020年6月的以下指标尚未报送"
    )


def test_reminder_template_is_overridable(two_missing: Path) -> None:
    templates = two_missing.parent / "templates"
    templates.mkdir()
    (templates / "reminder.j2").write_text(
        "请{{ org }}于{{ due }}前补报{{ items|length }}项。\n", encoding="utf-8"
    )
    result = status(two_missing, "2020-07-10", "-f", "text")
    assert (
        result.stdout
        == "请运河财富小镇于2020年7月5日前补报3项。\n\n请拱宸桥小镇于2020年7月5日前补报2项。\n\n"
    )


def test_check_has_a_not_reported_rule(two_missing: Path) -> None:
    result = kpi("check", "--data", str(two_missing), "--month", "2020-06")
    assert (
        "警告：拱宸桥小镇（本年从未报送）未按期报送 2020年6月的"
        "主营业务收入、新招引企业（报送期限 2020-07-05）" in result.stdout
    )
    assert "警告：运河财富小镇未按期报送" in result.stdout


def test_status_defaults_to_the_latest_month_with_data(towns: Path) -> None:
    """As report, check, explain and publish: the towns fixture's data ends in 2020-07."""
    result = kpi("status", "--data", str(towns), "--today", "2020-08-10", "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["month"] == "2020-07"
    asked = kpi(
        "status", "--data", str(towns), "-m", "2020-07", "--today", "2020-08-10", "-f", "json"
    )
    assert asked.stdout == result.stdout
    assert "默认：最近有数据的月份" in kpi("status", "--help").stdout


def test_no_deadline_no_lateness(towns: Path) -> None:
    result = kpi("check", "--data", str(towns), "--month", "2020-06")
    assert "未按期报送" not in result.stdout


def test_status_with_a_broken_file_still_lists_and_exits_1(two_missing: Path) -> None:
    (two_missing / "actuals" / "broken.csv").write_text("指标,月份\n", encoding="utf-8")
    result = status(two_missing, "2020-07-10", "-f", "json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["summary"]["late"] == 5
    assert "broken.csv" in result.stderr


def test_check_counts_orgs_that_never_reported(towns: Path) -> None:
    """missing-latest-month also names an org of orgs.yaml with no data at all this year,
    deadline or not; `indicators:` narrows what it is expected to report."""
    edit(towns / "orgs.yaml", "  - name: 其他平台\n", "  - name: 拱宸桥小镇\n  - name: 其他平台\n")
    result = kpi("check", "--data", str(towns), "--month", "2020-07")
    assert result.exit_code == 0
    assert result.stdout.count("（拱宸桥小镇）2020年从未填报") == 3
    assert "警告：“新招引企业”（拱宸桥小镇）2020年从未填报，其他单位已填报到 7月" in result.stdout
    edit(towns / "orgs.yaml", "拱宸桥小镇\n", "拱宸桥小镇\n    indicators: [新招引企业]\n")
    narrowed = kpi("check", "--data", str(towns), "--month", "2020-07")
    assert narrowed.stdout.count("（拱宸桥小镇）2020年从未填报") == 1


def test_an_unknown_indicator_in_orgs_yaml_is_an_error(towns: Path) -> None:
    edit(
        towns / "orgs.yaml",
        "  - name: 其他平台\n",
        "  - name: 拱宸桥小镇\n    indicators: [营业收入]\n  - name: 其他平台\n",
    )
    result = kpi("check", "--data", str(towns))
    assert result.exit_code == 1
    assert "orgs.yaml: 错误：“拱宸桥小镇”的 indicators 含未知指标“营业收入”" in result.stdout
