"""core/expressions: the indicators a rule refers to, found inside negations and sums, and
arithmetic over a figure the data does not have (no verdict, never a guess)."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.expressions import Ref, evaluate, parse_rule


def test_refs_are_found_inside_negations_and_arithmetic() -> None:
    rule = parse_rule("-(甲 + 乙 * 2) <= 丙 - -丁")
    assert [ref.name for ref in rule.refs()] == ["甲", "乙", "丙", "丁"]


def test_arithmetic_over_a_missing_figure_has_no_value() -> None:
    rule = parse_rule("甲 + 1 > 乙 * 2")
    figures = {"甲": Decimal(3)}

    def lookup(ref: Ref) -> Decimal | None:
        return figures.get(ref.name)

    assert evaluate(rule.left, lookup) == Decimal(4)
    assert evaluate(rule.right, lookup) is None
