"""Small edges of the pure core that no pipeline test reaches: message shortening, the
bounded problem list, the targets model's refusals and a point's repr."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from gongshu_kpi.core.models import Indicator, Targets
from gongshu_kpi.core.problems import (
    MAX_MESSAGE_CHARS,
    BoundedProblems,
    Location,
    Problem,
    shorten,
)
from gongshu_kpi.core.rollup import Point


def test_a_long_message_is_cut_and_says_so() -> None:
    message = shorten("错" * (MAX_MESSAGE_CHARS + 5))
    assert message == "错" * MAX_MESSAGE_CHARS + "…（消息过长，已截断）"
    assert shorten("短消息") == "短消息"


def test_bounded_problems_add_in_place_and_refuse_insertion() -> None:
    found = BoundedProblems(keep=1)
    problem = Problem("bad-value", "坏", Location("a.csv", 2))
    found += [problem, problem, problem]
    assert list(found) == [problem]
    assert next(p.code for p in found.summarised()) == "bad-value"
    assert len(found.summarised()) == 2  # the one kept, then the count of the two left out
    with pytest.raises(NotImplementedError):
        found.insert(0, problem)


def _indicator(**fields: Any) -> dict[str, Any]:
    return {"id": "x", "name": "X", "unit": "个", "target": 10, "kind": "flow"} | fields


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        ({"org_targets": {"甲": 5, "乙": 0}}, "中“乙”的目标必须大于 0"),
        ({"target": -1}, "必须大于 0"),
        ({"profile": [1] * 11}, "应为 12 个非负的月度权重"),
        ({"profile": [0] * 12}, "应为 12 个非负的月度权重"),
    ],
)
def test_an_indicator_refuses_impossible_targets_and_profiles(
    fields: dict[str, Any], why: str
) -> None:
    with pytest.raises(ValidationError, match=why):
        Indicator.model_validate(_indicator(**fields))


def test_a_growth_target_may_be_zero_and_a_profile_of_twelve_is_kept() -> None:
    grows = Indicator.model_validate(_indicator(target=0, target_type="growth"))
    assert grows.target == 0
    weighted = Indicator.model_validate(_indicator(profile=[1] * 12))
    assert weighted.profile == tuple(Decimal(1) for _ in range(12))


@pytest.mark.parametrize(
    ("second", "why"),
    [({"name": "Y"}, "指标id“x”重复"), ({"id": "y"}, "指标名称“X”重复")],
)
def test_targets_refuse_an_indicator_twice(second: dict[str, Any], why: str) -> None:
    with pytest.raises(ValidationError, match=why):
        Targets.model_validate({"year": 2020, "indicators": [_indicator(), _indicator(**second)]})


def test_a_point_shows_its_value_and_finds_its_sources_when_asked() -> None:
    where = (Location("a.csv", 3),)
    point = Point(Decimal("1.50"), lambda: where)
    assert repr(point) == "Point(1.50)"
    assert point.sources == where
