"""core/ci/plausibility at its edges: an explicit `expr: null`, a rule naming an org that
does not exist (located in rules.yaml), and the message an expression rule gets by default."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gongshu_kpi.cli import app
from gongshu_kpi.core.ci.plausibility import PlausibilityRule
from tests.paths import FIXTURES

runner = CliRunner()
TOWNS = FIXTURES / "towns" / "data"


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    shutil.copytree(TOWNS, tmp_path / "data")
    return tmp_path / "data"


def _check(data: Path, rules: str) -> tuple[int, str]:
    (data / "rules.yaml").write_text(rules, encoding="utf-8")
    result = runner.invoke(app, ["check", "--data", str(data), "--month", "2020-07"])
    return result.exit_code, result.stdout.replace(str(data) + "/", "")


def test_an_explicit_null_expression_is_no_expression() -> None:
    rule = PlausibilityRule.model_validate(
        {"id": "jump", "expr": None, "indicator": "新招引企业", "month_on_month": "50%"}
    )
    assert rule.expr is None
    assert rule.kind == "month_on_month"


def test_a_rule_for_an_unknown_org_is_located(towns: Path) -> None:
    rules = (
        "plausibility:\n  - id: jump\n    indicator: 新招引企业\n"
        "    org: 火星小镇\n    month_on_month: 50%\n"
    )
    code, out = _check(towns, rules)
    assert code == 1
    assert "rules.yaml:2:5: 错误：规则 jump：未知单位或分组“火星小镇”" in out, out


def test_an_expression_rule_without_a_message_says_what_failed(towns: Path) -> None:
    rules = (
        "plausibility:\n  - id: tax-over\n    severity: error\n"
        "    expr: 常规税收贡献 > 主营业务收入\n"
    )
    code, out = _check(towns, rules)
    assert code == 1
    assert "不满足 常规税收贡献 > 主营业务收入" in out, out
