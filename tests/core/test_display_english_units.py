"""core/display's table of English unit words: every built-in unit with each magnitude it
takes, read back to the same unit; a base no magnitude parses with is left out, not fatal."""

from __future__ import annotations

import pytest

from gongshu_kpi.core import display
from gongshu_kpi.core.units import parse_unit


def test_the_words_read_back_to_the_unit_they_print() -> None:
    table = display._english_units()
    assert parse_unit("亿元") in table["100 million yuan"]
    assert parse_unit("万元") in table["10,000 yuan"]


def test_a_base_that_does_not_parse_is_left_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(display.BASE_EN, "箩筐", "baskets")
    table = display._english_units()
    assert not any("baskets" in words for words in table)
    assert "100 million yuan" in table
