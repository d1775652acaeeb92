"""The rule models of the core (plausibility rules, status rules, the scorecard) refuse what
they cannot mean with a message saying what to write, and read what they can."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from gongshu_kpi.core.ci.plausibility import PlausibilityRule
from gongshu_kpi.core.scorecard import ScorecardSpec
from gongshu_kpi.core.status_rules import Condition, StatusRule, parse_condition


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"indicator": "x", "change_vs_last_year": 0.5}, "应写作百分数如 50%"),
        ({"indicator": "x", "change_vs_last_year": True}, "应写作百分数如 50%"),
        ({"indicator": "x", "min": 1.5}, "应为数值"),
        ({"change_vs_last_year": "50%"}, "change_vs_last_year 规则须指定 indicator"),
        ({"expr": "x > 0", "indicator": "x"}, "expr 规则的指标写在表达式里"),
        ({"indicator": "x"}, "每条规则须有且只有一种"),
    ],
)
def test_a_plausibility_rule_refuses_what_it_cannot_mean(fields: dict[str, Any], why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        PlausibilityRule.model_validate({"id": "r1"} | fields)


@pytest.mark.parametrize("written", [50, Decimal(50), "50%", "±50%"])
def test_a_plausibility_percent_is_read_however_it_is_written(written: object) -> None:
    rule = PlausibilityRule.model_validate(
        {"id": "r1", "indicator": "x", "change_vs_last_year": written}
    )
    assert str(rule.change_vs_last_year) == "50"


@pytest.mark.parametrize(
    ("written", "condition"),
    [
        (5, Condition("pace", ">=", Decimal(5))),
        (Decimal("-1.5"), Condition("pace", ">=", Decimal("-1.5"))),
    ],
)
def test_a_number_alone_is_at_least_that(written: object, condition: Condition) -> None:
    assert parse_condition("pace", written) == condition


def test_a_status_without_a_fill_keeps_none() -> None:
    rule = StatusRule.model_validate({"name": "ok", "label": "达标", "colour": "#00AA00"})
    assert rule.fill is None


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"weights": {"x": 30}, "cap": "120"}, "应为数字，得到“120”"),
        ({"weights": {"x": 30}, "cap": 1.5}, "应为数字"),
        ({"weights": [["x", 30]]}, "weights"),
    ],
)
def test_a_scorecard_refuses_a_cap_or_weights_it_cannot_read(
    fields: dict[str, Any], why: str
) -> None:
    with pytest.raises(ValidationError, match=why):
        ScorecardSpec.model_validate(fields)
