"""Plausibility rules in rules.yaml: the expression language, each rule kind, file errors."""

from __future__ import annotations

import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.expressions import (
    Binary,
    ExpressionError,
    Negate,
    Number,
    Ref,
    evaluate,
    parse_rule,
    tokenize,
)
from tests.paths import FIXTURES

runner = CliRunner()
TOWNS = FIXTURES / "towns" / "data"


# --------------------------------------------------------------------------- the language


def test_precedence_and_brackets() -> None:
    rule = parse_rule("常规税收贡献 * 2 + 1 <= (主营业务收入 - 3) / 4")
    assert rule.op == "<="
    assert rule.left == Binary(
        "+", Binary("*", Ref("常规税收贡献", 1), Number(Decimal(2))), Number(Decimal(1))
    )
    assert rule.right == Binary(
        "/", Binary("-", Ref("主营业务收入", 20), Number(Decimal(3))), Number(Decimal(4))
    )


def test_quoted_names_and_ids() -> None:
    rule = parse_rule("「R&D 投入」 >= -main_business_revenue")
    assert rule.left == Ref("R&D 投入", 1)
    assert rule.right == Negate(Ref("main_business_revenue", 14))


def test_division_by_zero_is_no_verdict() -> None:
    rule = parse_rule("1 / 0 < 2")
    assert evaluate(rule.left, lambda ref: None) is None


@pytest.mark.parametrize(
    ("text", "column", "said"),
    [
        ('__import__("os").system("rm -rf /") > 0', 17, "不允许的字符“.”"),
        ("open(主营业务收入) > 0", 5, "不支持函数调用"),
        ("eval(1) > 0", 5, "不支持函数调用"),
        ("lambda: 1 > 0", 7, "不允许的字符“:”"),
        ("1 if 主营业务收入 else 0 > 1", 3, "意外的“if”：缺少运算符"),
        ("主营业务收入[0] > 1", 7, "不允许的字符“[”"),
        ("'a' * 10 > 1", 1, "不允许的字符“'”"),
        ("主营业务收入; import os", 7, "不允许的字符“;”"),
        ("主营业务收入 > 1 > 0", 12, "一条规则只能有一个比较"),
        ("主营业务收入 + 1", 11, "意外的规则结尾：应为比较符"),
        ("(主营业务收入 > 1", 9, "缺少右括号"),
        ("主营业务收入 2 > 1", 8, "缺少运算符"),
    ],
)
def test_what_is_not_the_language_is_refused_at_its_column(
    text: str, column: int, said: str
) -> None:
    with pytest.raises(ExpressionError) as caught:
        parse_rule(text)
    assert caught.value.column == column
    assert said in caught.value.message


_leaf = st.decimals(
    min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False
)
_tree = st.recursive(
    _leaf.map(lambda d: ("num", d)),
    lambda inner: (
        st.tuples(st.sampled_from("+-*"), inner, inner) | st.tuples(st.just("neg"), inner)
    ),
    max_leaves=12,
)


def _text(node: tuple) -> str:  # type: ignore[type-arg]
    if node[0] == "num":
        value = node[1]
        return f"({value})" if value < 0 else str(value)
    if node[0] == "neg":
        return f"-({_text(node[1])})"
    return f"({_text(node[1])} {node[0]} {_text(node[2])})"


def _value(node: tuple) -> Decimal:  # type: ignore[type-arg]
    if node[0] == "num":
        return Decimal(node[1])
    if node[0] == "neg":
        return -_value(node[1])
    left, right = _value(node[1]), _value(node[2])
    return {"+": left + right, "-": left - right, "*": left * right}[node[0]]


@given(_tree)
def test_parsed_arithmetic_is_exact(tree: tuple) -> None:  # type: ignore[type-arg]
    """Whatever arithmetic is written, the parser evaluates it as Decimal arithmetic would."""
    rule = parse_rule(f"{_text(tree)} == 0")
    assert evaluate(rule.left, lambda ref: None) == _value(tree)


def test_tokens_keep_columns() -> None:
    assert [(t.kind, t.text, t.column) for t in tokenize("a<=1.50")] == [
        ("name", "a", 1),
        ("cmp", "<=", 2),
        ("number", "1.50", 4),
        ("end", "", 8),
    ]


# --------------------------------------------------------------------------- rules on data


@pytest.fixture
def towns(tmp_path: Path) -> Path:
    shutil.copytree(TOWNS, tmp_path / "data")
    return tmp_path / "data"


def check(data: Path, rules: str, *args: str) -> Result:
    (data / "rules.yaml").write_text(rules, encoding="utf-8")
    return runner.invoke(app, ["check", "--data", str(data), "--month", "2020-07", *args])


def _set(data: Path, old: str, new: str) -> None:
    path = data / "actuals" / "orgs-2020.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


COMPARE = """plausibility:
  - id: tax-within-revenue
    severity: error
    message: 常规税收贡献不应超过主营业务收入
    expr: 常规税收贡献 <= 主营业务收入
"""


def test_comparison_holds(towns: Path) -> None:
    result = check(towns, COMPARE)
    assert result.exit_code == 0, result.output
    assert "tax-within-revenue" not in result.stdout


def test_comparison_fires_at_the_data_cell(towns: Path) -> None:
    _set(
        towns,
        "常规税收贡献,2020-06,8.02,累计,智慧网谷小镇",
        "常规税收贡献,2020-06,99,累计,智慧网谷小镇",
    )
    result = check(towns, COMPARE)
    assert result.exit_code == 1
    assert (
        "actuals/orgs-2020.csv:8: 错误：常规税收贡献不应超过主营业务收入"
        "（智慧网谷小镇2020年6月累计："
        "常规税收贡献 99，主营业务收入 98.20；常规税收贡献 <= 主营业务收入 不成立）"
    ) in result.stdout


YOY = """plausibility:
  - id: revenue-yoy
    indicator: 主营业务收入
    change_vs_last_year: ±50%
"""


@pytest.mark.parametrize(("last_year", "fires"), [("60", True), ("70", False)])
def test_change_vs_last_year(towns: Path, last_year: str, fires: bool) -> None:
    whole = towns / "actuals" / "whole-2019.csv"  # the whole's 2019 total would not match
    whole.write_text(
        whole.read_text(encoding="utf-8").replace(
            "主营业务收入,2019-06,377.78,累计,十大产业平台\n", ""
        ),
        encoding="utf-8",
    )
    (towns / "actuals" / "zhwg-2019.csv").write_text(
        f"指标,月份,数值,口径,填报单位\n主营业务收入,2019-06,{last_year},累计,智慧网谷小镇\n",
        encoding="utf-8",
    )
    result = check(towns, YOY)
    assert result.exit_code == 0  # a warning by default
    said = (
        "orgs-2020.csv:2: 警告：“主营业务收入”与上年同期相比变化过大"
        "（智慧网谷小镇2020年6月累计：98.20，上年同期 60，增长63.7%，超过 ±50%）"
    )
    assert (said in result.stdout) is fires
    assert ("revenue-yoy" in result.stdout) is fires


@pytest.mark.parametrize(("limit", "fires"), [("50%", True), ("400%", False)])
def test_month_on_month(towns: Path, limit: str, fires: bool) -> None:
    rules = f"plausibility:\n  - id: jump\n    indicator: 新招引企业\n    month_on_month: {limit}\n"
    result = check(towns, rules, "--strict")
    said = (
        "orgs-2020.csv:43: 警告：“新招引企业”与上月相比变化过大"
        "（杭钢新城2020年7月当月：45，上月 10，增长350.0%，超过 ±50%）"
    )
    assert (said in result.stdout) is fires
    assert result.exit_code == (1 if fires else 0)


@pytest.mark.parametrize(
    ("bound", "fires"), [("max: 7", True), ("max: 9", False), ("min: 2.5", True)]
)
def test_min_max_per_org_group(towns: Path, bound: str, fires: bool) -> None:
    rules = (
        "plausibility:\n  - id: tax-range\n    indicator: 常规税收贡献\n"
        f"    org: 省级特色小镇\n    severity: error\n    {bound}\n"
    )
    result = check(towns, rules)
    assert result.exit_code == (1 if fires else 0), result.output
    if bound == "max: 7":
        assert (
            "orgs-2020.csv:8: 错误：“常规税收贡献”超出合理范围"
            "（智慧网谷小镇2020年6月累计：8.02 大于上限 7）" in result.stdout
        )
        assert result.stdout.count("tax-range") == 1  # 杭钢新城 is not in the group
    if bound == "min: 2.5":
        assert "运河财富小镇2020年6月累计：2.00 小于下限 2.5" in result.stdout


@pytest.mark.parametrize(
    ("rules", "said"),
    [
        (
            "plausibility:\n  - id: a\n    expr: 主营业务收入 > 0\n    indicatr: 新招引企业\n",
            "rules.yaml:4:5: 错误：未知字段 indicatr（是否为 indicator？）",
        ),
        (
            (
                "plausibility:\n  - id: a\n    indicator: 新招引企业\n"
                "    max: 1\n    month_on_month: 5%\n"
            ),
            "rules.yaml:2:5: 错误：",
        ),
        (
            "plausibility:\n  - id: a\n    indicator: 新招引企业\n    month_on_month: lots\n",
            "rules.yaml:4:5: 错误：month_on_month 应写作百分数如 ±50% 或 50%，得到“lots”",
        ),
        (
            (
                "plausibility:\n  - id: ok\n    expr: 主营业务收入 > 0\n"
                "  - id: evil\n    expr: __import__('os').system('x') > 0\n"
            ),
            (
                "rules.yaml:5:5: 错误：expr 表达式“__import__('os').system('x') > 0”"
                "第12个字符处：不允许的字符“'”"
            ),
        ),
        (
            (
                "plausibility:\n  - id: a\n    expr: 主营业务收入 > 0\n"
                "  - id: b\n    expr: 主营收入 > 0\n"
            ),
            "rules.yaml:4:5: 错误：规则 b：未知指标“主营收入”",
        ),
        (
            (
                "plausibility:\n  - id: a\n    expr: 主营业务收入 > 0\n"
                "  - id: a\n    expr: 主营业务收入 > 1\n"
            ),
            "rules.yaml:1:1: 错误：",
        ),
    ],
)
def test_rule_file_errors_are_located(towns: Path, rules: str, said: str) -> None:
    result = check(towns, rules)
    assert result.exit_code == 1
    assert said in result.stdout.replace(str(towns) + "/", ""), result.stdout
    assert "Traceback" not in result.output


@given(st.text(max_size=40))
def test_any_text_parses_or_is_refused_with_a_column(text: str) -> None:
    """The parser never fails any other way, and never points outside the text."""
    refused: ExpressionError | None = None
    try:
        parse_rule(text)
    except ExpressionError as exc:
        refused = exc
    if refused is not None:
        assert 1 <= refused.column <= len(text) + 1


@pytest.mark.parametrize(("org", "fires"), [("其他平台", True), ("省级特色小镇", False)])
def test_a_parent_org_covers_its_children(towns: Path, org: str, fires: bool) -> None:
    rules = (
        "plausibility:\n  - id: jump\n    indicator: 新招引企业\n"
        f"    org: {org}\n    month_on_month: 50%\n"
    )
    result = check(towns, rules)
    assert ("杭钢新城2020年7月当月：45，上月 10" in result.stdout) is fires
