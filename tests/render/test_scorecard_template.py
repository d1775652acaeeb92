"""The scorecard in templates: `kpi report --view scorecard --template scorecard` (the shipped
scorecard.j2) and users' own templates see the scorecard as `scorecard` beside the report's
variables; options that cannot act say why."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()

RANK_POINTS = "rule: rank-points\nweights: {主营业务收入: 40, regular_tax: 30, 新招引企业: 30}\n"
CAPPED = "weights: {主营业务收入: 40, 常规税收贡献: 30, 新招引企业: 30}\n"


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    root = tmp_path / "towns"
    shutil.copytree(FIXTURES / "towns", root)
    (root / "data" / "scorecard.yaml").write_text(RANK_POINTS, encoding="utf-8")
    return root


def run(folder: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["report", "--data", str(folder), "-m", "2020-06", *args])
    assert result.exit_code == code, result.output
    return result.output


def test_shipped_template_golden(towns: Path, golden: Callable[[str, str], None]) -> None:
    golden("scorecard-template-towns.txt", run(towns, "--view", "scorecard", "-t", "scorecard"))


def test_ties_in_the_template(towns: Path) -> None:
    """capped-rate: three orgs score 0.00 and share 3rd place: 并列第三位."""
    (towns / "data" / "scorecard.yaml").write_text(CAPPED, encoding="utf-8")
    text = run(towns, "--view", "scorecard", "-t", "scorecard")
    assert "◎ 汽车互联网小镇综合得分26.70分，列第一位。" in text
    assert text.count("综合得分0.00分，并列第三位。") == 3


def test_a_users_template_sees_the_scorecard_and_the_report(towns: Path) -> None:
    (towns / "templates").mkdir()
    (towns / "templates" / "race.j2").write_text(
        "{{ period }}|{{ scorecard.rule }}|"
        "{% for o in scorecard.orgs %}{{ o.rank_text }}{{ o.org }}{{ o.score }}"
        "{{ o.cells[0].points }};{% endfor %}|"
        "{% for i in scorecard.indicators %}{{ i.name }}×{{ i.weight }} {% endfor %}\n",
        encoding="utf-8",
    )
    text = run(towns, "--view", "scorecard", "-t", "race")
    assert text.rstrip("\n") == (
        "1-6月|rank-points|1智慧网谷小镇92.0080;2其他平台82.00100;3汽车互联网小镇66.0060;"
        "4星直播小镇40.0040;5运河财富小镇20.0020;|主营业务收入×40 常规税收贡献×30 新招引企业×30 "
    )


def test_scorecard_template_without_the_view_says_which_option(towns: Path) -> None:
    text = run(towns, "-t", "scorecard", code=1)
    assert "未定义变量 scorecard（只有 kpi report --view scorecard 时才有这个变量）" in text


def test_a_template_cannot_be_the_body_of_a_binary_scorecard(towns: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.docx"
    text = run(towns, "--view", "scorecard", "-t", "scorecard", "-o", str(out), code=2)
    assert "--template 生成的是文字，不能写成 docx" in text
    assert not out.exists()


def test_a_format_the_template_replaces_is_said(towns: Path) -> None:
    text = run(towns, "--view", "scorecard", "-t", "scorecard", "-f", "html")
    assert "--format html 不起作用" in text
    assert "◎ 智慧网谷小镇综合得分92.00分，列第一位。" in text


def test_the_scorecard_templates_text_checks_clean(towns: Path) -> None:
    """Whatever kpi writes, its own fact-check passes: every figure of scorecard.j2's text
    is confirmed, nothing is left unread."""
    draft = towns / "card.txt"
    draft.write_text(run(towns, "--view", "scorecard", "-t", "scorecard"), encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--data", str(towns), "-m", "2020-06", "--bulletin", str(draft)]
    )
    assert result.exit_code == 0, result.output
    assert "0 个错误，0 个警告，0 个提示" in result.output
    assert "15 处指标表述，核对 17 个数字，0 个有误" in result.output


def test_options_the_scorecard_cannot_act_on_say_so(towns: Path) -> None:
    """Issue 12 item 6: silence is a defect. The scorecard's orgs, indicators and ranking come
    from scorecard.yaml, so --rank, --org, --projection … are named on stderr."""
    unused = ["--rank", "rate", "--org", "智慧网谷小镇", "--projection", "-i", "主营业务收入"]
    result = runner.invoke(
        app, ["report", "--data", str(towns), "-m", "2020-06", "--view", "scorecard", *unused]
    )
    assert result.exit_code == 0, result.output
    assert "提示：--view scorecard 时 --indicator、--org、--rank、--projection 不起作用" in (
        result.stderr
    )
    assert "智慧网谷小镇" in result.stdout and "其他平台" in result.stdout
    plain = runner.invoke(app, ["report", "--data", str(towns), "--view", "scorecard"])
    assert plain.exit_code == 0 and plain.stderr == ""


def test_english_usage_error_for_a_binary_template_scorecard(towns: Path, tmp_path: Path) -> None:
    out = tmp_path / "card.docx"
    text = run(
        towns, "--view", "scorecard", "-t", "scorecard", "-o", str(out), "--lang", "en", code=2
    )
    assert "with --view scorecard, --template makes text, which cannot be written as docx" in text
