"""core/bulletin/document: how a draft is cut into sentences — a Markdown rule ends one,
a Latin word wrapped over two lines keeps its space, a closing quote stays with its sentence."""

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


def test_a_sentence_wrapped_over_lines_is_read_whole(loaded: pipeline.Loaded) -> None:
    assert checked(loaded, "1-3月营业收入完成\n20亿元。\n") == [("actual", "20亿元", "ok")]


def test_a_markdown_rule_ends_the_sentence_before_it(loaded: pipeline.Loaded) -> None:
    """Cut at the rule, neither half states an indicator's figure."""
    assert checked(loaded, "1-3月营业收入完成\n---\n20亿元。\n") == []


def test_latin_words_wrapped_over_lines_keep_a_space(loaded: pipeline.Loaded) -> None:
    text = "* 营业收入: annual target 100 亿元; Jan-Mar\nactual 20 亿元.\n"
    assert checked(loaded, text) == [("target", "100亿元", "ok"), ("actual", "20亿元", "ok")]


def test_a_closing_quote_stays_with_its_sentence(loaded: pipeline.Loaded) -> None:
    text = "据统计，“1-3月营业收入完成20亿元。”1-3月营业收入同比增长120.51%。\n"
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    assert ("growth", "120.51%", "ok") in [
        (str(f.kind), f.stated, f.verdict) for f in result.figures
    ]
    # the next sentence starts after the quote: no message quotes a sentence beginning with ”
    assert not any("：”" in p.message for p in result.problems)
