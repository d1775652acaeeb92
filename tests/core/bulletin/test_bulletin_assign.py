"""core/bulletin/assign: figures given to the indicators a sentence names — the org alone
names no indicator, a list of names that does not match the list of figures is reported,
and an indicator named twice keeps one claim."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from tests.core.bulletin.worlds import REVENUE_ACTUALS, REVENUE_TARGETS, checked


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(REVENUE_TARGETS, REVENUE_ACTUALS)
    assert result.problems == []
    return result


def test_an_org_alone_names_no_indicator(loaded: pipeline.Loaded) -> None:
    result = check_bulletin("杭钢新城同比增长120.51%。\n", loaded.facts, "b.md", 2020, 3)
    assert [(f.verdict, f.stated) for f in result.figures] == [
        ("unread", "未能确定120.51%对应的指标")
    ]


def test_three_names_for_two_figures_are_reported_not_guessed(loaded: pipeline.Loaded) -> None:
    text = "营业收入和税收和产值分别增长10%、20%。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert [(f.verdict, f.stated) for f in result.figures] == [
        ("unread", "未能确定10%、20%对应的指标")
    ]


def test_an_indicator_named_again_keeps_its_claim(loaded: pipeline.Loaded) -> None:
    text = "1-3月，杭钢新城营业收入完成20亿元，营业收入同比增长120.51%。\n"
    assert checked(loaded, text) == [("actual", "20亿元", "ok"), ("growth", "120.51%", "ok")]
