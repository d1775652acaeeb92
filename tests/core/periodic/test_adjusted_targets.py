"""Targets adjusted during the year (target_changes) from targets.yaml to the report, the
bulletin, the fact-check and published snapshots.

The repository's 2020 data: 开工项目 (target 25) has 13 projects at 1-6月 and at 1-7月. Its
target adjusted to 20 from July: 1-7月 is 13 ÷ 20 = 65.00% against 7/12 = 58.33% (+6.67);
1-6月 keeps 13 ÷ 25 = 52.00% against 50.00% (+2.00).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app

runner = CliRunner()
ADJUSTED = (
    "    target: 25\n    target_changes:\n      - {from: 2020-07, target: 20, note: 调整后目标}\n"
)


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env={"COLUMNS": "120"})


def set_changes(project: Path, changes: str) -> str:
    """Replace 开工项目's `target: 25` line with `changes`; the new file text."""
    path = project / "data" / "targets.yaml"
    text = path.read_text(encoding="utf-8")
    assert "    target: 25\n" in text
    text = text.replace("    target: 25\n", changes, 1)
    path.write_text(text, encoding="utf-8")
    return text


def started(project: Path, month: str) -> dict[str, Any]:
    result = kpi(project, "report", "--format", "json", "--month", month)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    line: dict[str, Any] = data["indicators"][0]
    assert line["id"] == "projects_started"
    return line


@pytest.fixture
def here(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(project)
    return project


def test_adjusted_from_july_in_json(here: Path) -> None:
    set_changes(here, ADJUSTED)
    july = started(here, "2020-07")
    assert (july["target"], july["original_target"], july["target_note"]) == (
        "20",
        "25",
        "调整后目标",
    )
    assert (july["actual"], july["completion_rate"], july["time_progress"]) == (
        "13",
        "65.00",
        "58.33",
    )
    assert (july["pace"], july["status"]) == ("6.67", "ahead")
    june = started(here, "2020-06")
    assert (june["target"], june["original_target"], june["target_note"]) == ("25", None, None)
    assert (june["completion_rate"], june["time_progress"], june["pace"]) == (
        "52.00",
        "50.00",
        "2.00",
    )


def test_without_changes_nothing_is_adjusted(here: Path) -> None:
    line = started(here, "2020-07")
    assert (line["target"], line["original_target"], line["completion_rate"]) == (
        "25",
        None,
        "52.00",
    )


def test_bulletin_full_shows_both_and_passes_the_fact_check(here: Path) -> None:
    set_changes(here, ADJUSTED)
    result = kpi(here, "report", "--template", "bulletin_full", "--month", "2020-07")
    assert result.exit_code == 0, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(
        "◎ 开工项目年度目标任务20个（调整后目标，原为25个），1-7月完成13个，完成率65.00%，"
        "超序时进度6.67个百分点"
    )
    (here / "b.txt").write_text(result.stdout, encoding="utf-8")
    checked = kpi(here, "check", "--bulletin", "b.txt", "--month", "2020-07")
    assert checked.exit_code == 0, checked.output
    assert "0 个有误" in checked.output
    # A bulletin still quoting the original target after July is caught.
    stale = result.stdout.replace("年度目标任务20个（调整后目标，原为25个）", "年度目标任务25个")
    (here / "b.txt").write_text(stale, encoding="utf-8")
    assert kpi(here, "check", "--bulletin", "b.txt", "--month", "2020-07").exit_code == 1


def test_a_later_change_keeps_what_was_published(here: Path) -> None:
    """Published at 1-6月 with 25; a change from July does not rewrite it, one from June does."""
    assert kpi(here, "publish", "--month", "2020-06").exit_code == 0
    set_changes(here, ADJUSTED)
    result = kpi(here, "check")
    assert result.exit_code == 0, result.output
    assert "target-changed" not in result.stdout and "发布时为" not in result.stdout
    assert kpi(here, "check", "--strict").exit_code == 0
    set_changes(here, "    target: 20\n")  # the adjusted line back to one target …
    path = here / "data" / "targets.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace(
            "    target: 20\n    target_changes:\n      - {from: 2020-07,",
            "    target: 25\n    target_changes:\n      - {from: 2020-06,",
        ),
        encoding="utf-8",
    )
    reaching_back = kpi(here, "check")
    assert "“开工项目”2020年目标在 2020-06 发布时为 25，现为 20" in reaching_back.stdout
    assert kpi(here, "check", "--strict").exit_code == 1


def test_published_snapshot_records_the_target_in_force(here: Path) -> None:
    set_changes(here, ADJUSTED)
    assert kpi(here, "publish", "--month", "2020-07").exit_code == 0
    data = json.loads((here / "data" / "published" / "2020-07.json").read_text(encoding="utf-8"))
    assert data["targets"]["projects_started"] == "20"
    assert kpi(here, "check", "--strict").exit_code == 0


@pytest.mark.parametrize(
    ("changes", "where", "message"),
    [
        (
            "      - {from: 2020-13, target: 20}\n",
            "data/targets.yaml:13:10: 错误：指标 projects_started：from 月份应在 1 到 12 之间",
            "修正：target_changes 每项写作 {from: YYYY-MM, target: 数值, note: 调整后目标}",
        ),
        (
            '      - {from: 2020-07, target: "20"}\n',
            "data/targets.yaml:13:",
            "去掉引号",
        ),
        (
            "      - {from: 2020-07, target: 20}\n      - {from: 2020-05, target: 22}\n",
            "data/targets.yaml:12:5: 错误：指标 projects_started：target_changes 应按月份先后排列",
            "2020-05 写在了 2020-07 之后",
        ),
        (
            "      - {from: 2020-07, target: 20}\n      - {from: 2020-07, target: 22}\n",
            "data/targets.yaml:12:5: 错误：指标 projects_started：target_changes 中 2020-07",
            "出现两次；同一月只能有一个调整后目标；修正：",
        ),
    ],
)
def test_bad_changes_are_located_errors(here: Path, changes: str, where: str, message: str) -> None:
    text = set_changes(here, "    target: 25\n    target_changes:\n" + changes)
    assert text.splitlines()[11] == "    target_changes:"  # line 12
    result = kpi(here, "check")
    assert result.exit_code == 1
    assert where in result.stdout and message in result.stdout
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("template", "adjusted", "wrong_original"),
    [
        ("bulletin", "年度目标任务20个（调整后目标，原为25个），", ("原为25个", "原为24个")),
        ("bulletin_full", "年度目标任务20个（调整后目标，原为25个），", ("原为25个", "原为30个")),
        (
            "bulletin_en",
            "annual target 20 items (adjusted); original target 25 items;",
            ("original target 25", "original target 24"),
        ),
    ],
)
def test_every_bulletin_says_the_target_is_adjusted_and_its_original_is_checked(
    here: Path, template: str, adjusted: str, wrong_original: tuple[str, str]
) -> None:
    """bulletin and bulletin_en name the adjusted target and its original as bulletin_full
    does; the draft passes, and a wrong 原为 is an error with the original as the fix."""
    set_changes(here, ADJUSTED)
    result = kpi(here, "report", "--template", template, "--month", "2020-07")
    assert result.exit_code == 0, result.output
    assert adjusted in result.stdout.splitlines()[0]
    (here / "b.txt").write_text(result.stdout, encoding="utf-8")
    checked = kpi(here, "check", "--bulletin", "b.txt", "--month", "2020-07")
    assert checked.exit_code == 0, checked.output
    assert "0 个有误" in checked.output
    (here / "b.txt").write_text(result.stdout.replace(*wrong_original), encoding="utf-8")
    wrong = kpi(here, "check", "--bulletin", "b.txt", "--month", "2020-07")
    assert wrong.exit_code == 1, wrong.output
    assert "“开工项目”原目标写作" in wrong.output and "应为 25个" in wrong.output
    assert "修正：改为 25个" in wrong.output


def test_markdown_footer_original_target_is_checked(here: Path) -> None:
    """kpi's Markdown footer (调整后目标，2020年7月起，原为25个) passes; 原为30个 is caught."""
    set_changes(here, ADJUSTED)
    result = kpi(here, "report", "--format", "markdown", "--month", "2020-07")
    assert "原为25个" in result.stdout
    (here / "r.md").write_text(result.stdout, encoding="utf-8")
    assert kpi(here, "check", "--bulletin", "r.md", "--month", "2020-07").exit_code == 0
    (here / "r.md").write_text(result.stdout.replace("原为25个", "原为30个"), encoding="utf-8")
    wrong = kpi(here, "check", "--bulletin", "r.md", "--month", "2020-07")
    assert wrong.exit_code == 1, wrong.output
    assert "原目标写作 30个，应为 25个" in wrong.output
