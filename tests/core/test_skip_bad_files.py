"""`kpi report --skip-bad-files`: a report despite bad files, with every affected figure marked."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.orgs import OrgTree
from gongshu_kpi.core.partial import SkippedFile, lacks
from tests.paths import FIXTURES

runner = CliRunner()
TOWNS = FIXTURES / "towns" / "data"
BAD = (
    "指标,月份,数值,口径,填报单位\n"
    '主营业务收入,2020-07,"52,3",累计,星直播小镇\n'
    "常规税收贡献,2020-07,3.20,累计,星直播小镇\n"
)


@pytest.fixture
def towns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The towns folder plus a late file from 星直播小镇 with a malformed number."""
    shutil.copytree(TOWNS, tmp_path / "data")
    (tmp_path / "data" / "actuals" / "补报-星直播小镇.csv").write_text(BAD, encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # paths in messages and the footnote are then data/…
    return tmp_path / "data"


def report(*args: str) -> Result:
    return runner.invoke(app, ["report", "--data", "data", "--month", "2020-07", *args])


def test_without_the_option_nothing_changes(towns: Path) -> None:
    result = report("--by", "org", "-f", "markdown")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "补报-星直播小镇.csv:2:3: 错误：数值“52,3”千分位格式错误" in result.stderr


def test_skipped_file_marks_every_figure_it_would_have_fed(
    towns: Path, golden: Callable[[str, str], None]
) -> None:
    result = report("--by", "org", "-f", "markdown", "--skip-bad-files")
    assert result.exit_code == 1
    golden("skip_bad_files.md", result.stdout)
    assert "| 主营业务收入（不含星直播小镇） | 十大产业平台 |" in result.stdout
    assert "| 主营业务收入 | 智慧网谷小镇 |" in result.stdout  # not fed by that file
    assert "补报-星直播小镇.csv:2:3: 错误：数值“52,3”千分位格式错误" in result.stderr
    assert "data/actuals/补报-星直播小镇.csv（星直播小镇，1 个错误）" in result.stderr


def test_skipped_file_in_a_bulletin_and_json(towns: Path) -> None:
    text = report("--template", "bulletin", "--skip-bad-files")
    assert text.exit_code == 1
    assert text.stdout.startswith("◎ 主营业务收入（不含星直播小镇）年度目标任务800亿元")
    assert text.stdout.endswith("  data/actuals/补报-星直播小镇.csv（星直播小镇，1 个错误）\n")
    as_json = report("-f", "json", "--skip-bad-files")
    assert as_json.exit_code == 1
    assert '"name": "主营业务收入（不含星直播小镇）"' in as_json.stdout


def test_errors_across_files_still_stop_the_report(towns: Path) -> None:
    """A file that is fine on its own but clashes with another is no bad file to skip."""
    (towns / "actuals" / "dup.csv").write_text(
        "指标,月份,数值,口径,填报单位\n主营业务收入,2020-06,1,累计,智慧网谷小镇\n", encoding="utf-8"
    )
    result = report("--skip-bad-files")
    assert result.exit_code == 1 and result.stdout == ""
    assert "重复填报" in result.stderr


def test_an_unreadable_file_marks_everything_with_its_name(towns: Path) -> None:
    (towns / "actuals" / "补报-星直播小镇.csv").write_bytes(b"\x00\x01garbage")
    result = report("-f", "markdown", "--skip-bad-files", "-i", "新招引企业")
    assert "| 新招引企业（不含data/actuals/补报-星直播小镇.csv） |" in result.stdout


def test_lacks_follows_the_org_tree() -> None:
    tree = OrgTree("全区", {"A": "", "B": "", "B1": "B"}, {"G": ("A", "B1")}, declared=True)
    file = SkippedFile("f.csv", frozenset({"B1"}), ())
    assert [lacks(tree, file, scope) for scope in ("", "全区", "A", "B", "B1", "G")] == [
        True,
        True,
        False,
        True,
        True,
        True,
    ]
    assert lacks(tree, SkippedFile("x.csv", frozenset(), ()), "A")
