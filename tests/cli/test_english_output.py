"""`--lang en` for check, explain and trend, and kpi's own usage errors in English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.cli.messages import USAGE_EN, english_usage

runner = CliRunner()
ZH = {"LANG": "zh_CN.UTF-8", "LC_ALL": "", "LC_MESSAGES": "", "COLUMNS": "120"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def kpi(project: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(project)], env=ZH)


def test_check_framing_and_summary_in_english(project: Path) -> None:
    (project / "data" / "actuals" / "broken.csv").write_text("月份,指标,实际数\n2020-13,x,1\n")
    result = kpi(project, "check", "--lang", "en")
    assert result.exit_code == 1
    assert re.search(r"broken\.csv:\d+: error: ", result.stdout), result.stdout
    assert "错误：" not in result.stdout and "修正：" not in result.stdout
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("Check failed: ") and "indicators; " in summary
    assert not CJK.search(summary), summary
    chinese = kpi(project, "check")
    assert "错误：" in chinese.stdout and chinese.stderr.strip().startswith("检查未通过")


def test_check_fix_reads_fix_in_english(project: Path) -> None:
    (project / "data" / "actuals" / "broken.csv").write_text("月份,指标,实际数\n2020-06\n")
    out = kpi(project, "check", "--lang", "en").stdout
    assert "; fix: " in out and "；修正：" not in out


def test_explain_headings_in_english(project: Path) -> None:
    result = kpi(project, "explain", "regular_tax", "--lang", "en")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Sources (" in out and "Arithmetic:" in out and "Annual target: " in out
    assert "Unit: 100 million yuan" in out or "Unit: 10 thousand yuan" in out
    for word in ("来源", "计算：", "单位：", "年度目标"):
        assert word not in out, word
    assert "计算：" in kpi(project, "explain", "regular_tax").stdout


def test_trend_units_and_headings_in_english(project: Path) -> None:
    out = kpi(project, "trend", "regular_tax", "--lang", "en").stdout
    assert "month by month (" in out and "Month" in out and "YTD" in out
    assert "逐月" not in out and "月份" not in out


@pytest.mark.parametrize(
    ("args", "english"),
    [
        (["report", "--by", "x"], "Error: --by x: only --by org is supported"),
        (["report", "--month", "2020-13"], "Error: --month: a month is between 1 and 12, got 13"),
        (["report", "--month", "June"], "Error: --month: “June” is not a month; write YYYY-MM"),
        (["report", "--month", "1999-06"], "targets.yaml has no targets for 1999 (it has: "),
        (["explain", "nope"], "Error: unknown indicator: nope (use its id or name)"),
        (["explain", "regular_tax", "--format", "x"], "Error: --format x: use text or json"),
        (["report", "--period", "2020-Q5"], "Error: --period: “2020-Q5”: a quarter is Q1 to Q4"),
        (["report", "--period", "2020-H3"], "Error: --period: “2020-H3”: a half-year is H1 or H2"),
        (["report", "--period", "soon"], "Error: --period: “soon” is not a period; write "),
        (["report", "--period", "2020-Q2", "--month", "2020-06"], "Error: give --period or"),
    ],
)
def test_usage_errors_in_english(project: Path, args: list[str], english: str) -> None:
    result = kpi(project, *args, "--lang", "en")
    assert result.exit_code == 2
    assert english in result.stderr, result.stderr
    assert not CJK.search(result.stderr.replace("“", "").replace("”", "")), result.stderr
    assert "错误：" in kpi(project, *args).stderr


def test_no_data_folder_in_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["report", "--lang", "en"], env=ZH)
    assert result.exit_code == 2
    assert "Error: no data/targets.yaml in this folder or its parents" in result.stderr


def test_catalogue_uses_every_group() -> None:
    """Each English text says every part its pattern reads, and a message no pattern knows
    is shown as written."""
    for pattern, english in USAGE_EN:
        used = {int(n) for n in re.findall(r"\{(\d)\}", english)}
        assert used == set(range(re.compile(pattern).groups)), pattern
    assert english_usage("全新的消息") == "全新的消息"
    assert english_usage("--output a.xyz：目录 /nope 不存在") == (
        "--output a.xyz: the folder /nope does not exist"
    )
    assert english_usage("2020-07 还没有数据（最新有数据的月份：无），不能发布") == (
        "2020-07 has no data yet (the latest month with data: none); nothing to publish"
    )


def test_check_verbose_figure_lines_and_bulletin_summary_in_english(
    project: Path, tmp_path: Path
) -> None:
    bulletin = tmp_path / "b.txt"
    bulletin.write_text(
        "◎ 产业投资年度目标任务46亿元，1-6月完成27.83亿元，完成率60.49%。\n", encoding="utf-8"
    )
    result = kpi(project, "check", "-b", str(bulletin), "-v", "-q", "--lang", "en")
    lines = [line for line in result.stdout.splitlines() if "✓" in line]
    expected = (
        f"{bulletin}:1: 产业投资 年度目标 46亿元 ✓; 产业投资 累计完成 27.83亿元 ✓; "
        "产业投资 完成率 60.49% ✗ (last digit) should be 60.50%"
    )
    assert lines == [expected]
    assert "Bulletin fact-check: " in result.stderr and "1 wrong." in result.stderr
