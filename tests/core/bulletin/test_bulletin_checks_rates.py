"""core/bulletin/checks_rates: a completion rate against a sentence whose own target is 0
(no rate from the sentence: the data decides, and the target is wrong)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from tests.core.bulletin.worlds import REVENUE_ACTUALS, REVENUE_TARGETS


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(REVENUE_TARGETS, REVENUE_ACTUALS)
    assert result.problems == []
    return result


def test_a_stated_target_of_zero_gives_no_rate_of_its_own(loaded: pipeline.Loaded) -> None:
    text = "◎ 营业收入年度目标任务0亿元，1-3月累计完成20亿元，完成年度目标的20.00%。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert [(str(f.kind), f.expected, f.verdict) for f in result.figures] == [
        ("target", "100亿元", "wrong"),
        ("actual", "20亿元", "ok"),
        ("rate", "20.00%", "ok"),  # 20.0 ÷ 100, with no "按本句自身" note from a 0 target
    ]
    assert [p.code for p in result.problems] == ["bulletin-target-wrong"]
