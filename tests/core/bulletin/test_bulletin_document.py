"""core/bulletin/document: how a draft is cut into sentences — a Markdown rule ends one,
a Latin word wrapped over two lines keeps its space, a closing quote stays with its sentence."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin

TARGETS = """\
year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
"""
# 1-3月 20.0 against 2019's 9.07: growth 120.507…% → 120.51%; rate 20.00%.
ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
"""


@pytest.fixture(scope="module")
def loaded(load_one_org: Callable[[str, str], pipeline.Loaded]) -> pipeline.Loaded:
    result = load_one_org(TARGETS, ACTUALS)
    assert result.problems == []
    return result


def _checked(loaded: pipeline.Loaded, text: str) -> list[tuple[str, str, str]]:
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    return [(str(f.kind), f.stated, f.verdict) for f in result.figures]


def test_a_sentence_wrapped_over_lines_is_read_whole(loaded: pipeline.Loaded) -> None:
    assert _checked(loaded, "1-3月营业收入完成\n20亿元。\n") == [("actual", "20亿元", "ok")]


def test_a_markdown_rule_ends_the_sentence_before_it(loaded: pipeline.Loaded) -> None:
    """Cut at the rule, neither half states an indicator's figure."""
    assert _checked(loaded, "1-3月营业收入完成\n---\n20亿元。\n") == []


def test_latin_words_wrapped_over_lines_keep_a_space(loaded: pipeline.Loaded) -> None:
    text = "* 营业收入: annual target 100 亿元; Jan-Mar\nactual 20 亿元.\n"
    assert _checked(loaded, text) == [("target", "100亿元", "ok"), ("actual", "20亿元", "ok")]


def test_a_closing_quote_stays_with_its_sentence(loaded: pipeline.Loaded) -> None:
    text = "据统计，“1-3月营业收入完成20亿元。”1-3月营业收入同比增长120.51%。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert ("growth", "120.51%", "ok") in [
        (str(f.kind), f.stated, f.verdict) for f in result.figures
    ]
    # the next sentence starts after the quote: no message quotes a sentence beginning with ”
    assert not any("：”" in p.message for p in result.problems)
