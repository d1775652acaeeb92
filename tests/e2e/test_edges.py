"""Edge cases a code review reproduced: each would have given a wrong figure, a wrong
exit code or a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from tests.paths import FIXTURES

runner = CliRunner()
FIXTURE = FIXTURES / "towns"


def kpi(folder: Path, *args: str) -> Result:
    return runner.invoke(app, [*args, "--data", str(folder)], env={"COLUMNS": "160"})


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    """A copy of the per-town fixture."""
    root = tmp_path / "towns"
    shutil.copytree(FIXTURE, root)
    return root


def test_a_zero_base_long_ago_does_not_block_the_report(project: Path) -> None:
    """Only the year-on-year base a report uses must be positive (review #5)."""
    (project / "data" / "actuals" / "platforms-2019.csv").write_text(
        "指标,月份,数值,口径\n主营业务收入,2019-01,0,累计\n主营业务收入,2019-06,377.78,累计\n",
        encoding="utf-8",
    )
    assert kpi(project, "check").exit_code == 0
    (project / "data" / "actuals" / "platforms-2019.csv").write_text(
        "指标,月份,数值,口径\n主营业务收入,2019-06,0,累计\n", encoding="utf-8"
    )
    result = kpi(project, "check")
    assert result.exit_code == 1
    assert "上年同期（2019年1-6月）为 0，无法计算同比" in result.stdout


def test_groups_that_nest_are_refused(towns: Path) -> None:
    """A group holding an org and its child would count the child twice (review #6)."""
    orgs = towns / "data" / "orgs.yaml"
    text = orgs.read_text(encoding="utf-8")
    text = text.replace("  - name: 其他平台\n", "  - name: 其他平台\n    groups: [重点]\n")
    text = text.replace(
        "      - name: 杭钢新城\n", "      - name: 杭钢新城\n        groups: [重点]\n"
    )
    orgs.write_text(text, encoding="utf-8")
    result = kpi(towns, "check")
    assert result.exit_code == 1
    assert "分组“重点”同时包含“其他平台”和其下级“杭钢新城”" in result.stdout


def test_the_whole_named_by_its_root_name_is_not_ranked(towns: Path) -> None:
    """--org 十大产业平台 means the whole: shown, never ranked (review #7)."""
    result = kpi(
        towns,
        "report",
        "-m",
        "2020-06",
        "-i",
        "主营业务收入",
        "-f",
        "json",
        "--rank",
        "rate",
        "--org",
        "十大产业平台",
        "--org",
        "智慧网谷小镇",
        "--org",
        "汽车互联网小镇",
    )
    rows = json.loads(result.stdout)["indicators"]
    assert [(r["org"], r["rank"]) for r in rows] == [
        (None, None),
        ("汽车互联网小镇", 1),
        ("智慧网谷小镇", 2),
    ]


def test_growth_as_times_rounds_the_exact_growth(project: Path) -> None:
    """增长1.21倍 comes from the exact growth with the configured rounding (review #8)."""
    targets = project / "data" / "targets.yaml"
    targets.write_text(
        targets.read_text(encoding="utf-8").replace(
            "  rate_places: 2", "  rate_places: 2\n  growth_as_times: true"
        ),
        encoding="utf-8",
    )
    (project / "data" / "actuals" / "platforms-2019.csv").write_text(
        "指标,月份,数值,口径\n主营业务收入,2019-06,100.00,累计\n", encoding="utf-8"
    )
    csv = project / "data" / "actuals" / "platforms-2020.csv"
    csv.write_text(csv.read_text(encoding="utf-8").replace("419.72", "220.50"), encoding="utf-8")
    # Growth is exactly 120.5%: half-up gives 1.21倍 (Python's default half-even gave 1.20).
    result = kpi(project, "report", "-m", "2020-06", "-t", "bulletin", "-i", "主营业务收入")
    assert "同比增长1.21倍" in result.stdout


def test_kpi_reads_its_own_january_bulletin(tmp_path: Path) -> None:
    """A bulletin as of January says 1月, and the fact-check understands it (review #9)."""
    folder = tmp_path / "jan"
    assert runner.invoke(app, ["init", str(folder)]).exit_code == 0
    csv = next((folder / "data" / "actuals").glob("*.csv"))
    lines = csv.read_text(encoding="utf-8").splitlines()
    csv.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")  # January only
    draft = tmp_path / "draft.txt"
    bulletin = runner.invoke(app, ["report", "-t", "bulletin", "--data", str(folder)]).stdout
    assert "1月完成" in bulletin
    draft.write_text(bulletin, encoding="utf-8")
    result = runner.invoke(
        app, ["check", "--strict", "--bulletin", str(draft), "--data", str(folder)]
    )
    assert result.exit_code == 0, result.output


def test_runaway_templates_are_template_errors(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Recursion and endless loops in a template: exit 1 naming the template (review #13)."""
    from gongshu_kpi.render import template

    (project / "templates" / "loop.j2").write_text(
        "{% macro f() %}{{ f() }}{% endmacro %}{{ f() }}\n", encoding="utf-8"
    )
    result = kpi(project, "report", "-t", "loop")
    assert result.exit_code == 1 and "loop.j2" in result.stderr
    monkeypatch.setattr(template, "RENDER_SECONDS", 0.2)
    (project / "templates" / "slow.j2").write_text(
        "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}\n",
        encoding="utf-8",
    )
    result = kpi(project, "report", "-t", "slow")
    assert result.exit_code == 1 and "模板渲染超时" in result.stderr


def test_file_system_refusals_are_usage_errors(tmp_path: Path) -> None:
    """init onto a file, or templates --export onto a file: exit 2, not a bug (review #14)."""
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["init", str(a_file)])
    assert result.exit_code == 2 and f"无法在 {a_file} 新建项目" in result.stderr
    result = runner.invoke(app, ["templates", "--export", str(a_file)])
    assert result.exit_code == 2 and f"{a_file} 是一个文件，不是目录" in result.stderr


def test_junit_survives_control_characters(project: Path) -> None:
    """A control character from a cell still gives well-formed JUnit XML (review #15)."""
    import xml.etree.ElementTree as ET

    (project / "data" / "actuals" / "extra.csv").write_text(
        "指标,月份,数值,口径\n产业\x0b投资,2020-06,1,累计\n", encoding="utf-8"
    )
    result = kpi(project, "check", "-f", "junit")
    assert result.exit_code == 1
    ET.fromstring(result.stdout.split("\n", 1)[1])


def test_publish_refuses_months_without_data(project: Path) -> None:
    """No snapshot of a month with no figures yet (review #16)."""
    for month in ("2020-01", "2020-12"):
        result = kpi(project, "publish", "--month", month)
        assert result.exit_code == 2
        assert f"{month} 还没有数据（最新有数据的月份：2020-07），不能发布" in result.stderr
    assert not (project / "data" / "published").exists()
    assert kpi(project, "publish", "--month", "2020-06").exit_code == 0


def test_behind_time_progress_skips_growth_targets(towns: Path) -> None:
    """A growth-rate target has no time progress: never 'None%' (review #12). The rule does
    run (an amount target far behind is reported), and the growth target is below its rate
    (9.2% against 20%), so the growth line's absence means the rule skipped it."""
    targets = towns / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8").replace("target: 869", "target: 8690")
    targets.write_text(
        text.replace("target_type: growth\n    target: 8", "target_type: growth\n    target: 20"),
        encoding="utf-8",
    )
    (towns / "data" / "rules.yaml").write_text(
        "rules:\n  behind-time-progress:\n    enabled: true\n    points: 0\n", encoding="utf-8"
    )
    result = kpi(towns, "check", "-m", "2020-06")
    assert result.exit_code == 1, result.output
    behind = [line for line in result.stdout.splitlines() if "落后序时进度" in line]
    assert len(behind) == 1, result.stdout
    assert "“新招引企业”1-6月完成率 6.38%，落后序时进度 50.00% 共 43.62 个百分点" in behind[0]
    assert "None" not in result.stdout and "规上工业增加值" not in result.stdout


def test_trend_and_report_agree_for_lower_is_better() -> None:
    """kpi trend takes its rates from the same formula as report (review #11)."""
    from decimal import Decimal

    from gongshu_kpi.core.figures import build_facts, compute_result
    from gongshu_kpi.core.figures.explain import explain, trend
    from gongshu_kpi.core.models import ActualSeries, Basis, Indicator, Kind, Targets
    from gongshu_kpi.core.orgs import OrgTree
    from gongshu_kpi.core.problems import Location

    energy = Indicator(
        id="energy", name="能耗", unit="吨", target=Decimal(120), kind=Kind.FLOW, direction="lower"
    )
    series = ActualSeries(
        indicator_id="energy",
        org="",
        year=2020,
        basis=Basis.YTD,
        values={1: Decimal(8), 2: Decimal(24)},
        sources={1: Location("a.csv", 2), 2: Location("a.csv", 3)},
    )
    facts, _ = build_facts(Targets(year=2020, indicators=(energy,)), OrgTree(), [series])
    rows = trend(facts, energy, "", 2020)
    assert [r.rate for r in rows] == [
        compute_result(facts, energy, "", 2020, m).rate for m in (1, 2)
    ]
    assert [str(r.rate) for r in rows] == ["6.67", "20.00"]  # 8 and 24 of the cap of 120
    steps = explain(facts, energy, "", 2020, 2).steps
    assert "占控制额度 = 24 ÷ 120 × 100% = 20% → 20.00%（四舍五入，保留2位）" in steps
    assert "差值 = 20.00 − 16.67 = +3.33 个百分点 → 落后序时" in steps
