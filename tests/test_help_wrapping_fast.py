"""cli/wrapping.line_starts (one regex pass) finds exactly the break points of the rule as
written character by character (line_starts_slowly)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.cli.wrapping import NO_LINE_END, NO_LINE_START, line_starts, line_starts_slowly

_PIECES = st.sampled_from(
    [
        *NO_LINE_START,
        *NO_LINE_END,
        " ",
        "\t",
        "\n",
        "\u3000",
        "a",
        "Z",
        "9",
        "-",
        "完",
        "成",
        "（",
        "）",
        "，",
        "。",
        "\u2e7f",
        "\u2e80",
        "😀",
        "\x1c",
    ]
)


@given(st.lists(_PIECES | st.characters(), max_size=40).map("".join))
def test_regex_rule_equals_the_written_rule(text: str) -> None:
    assert line_starts(text) == line_starts_slowly(text)


def test_a_help_sentence() -> None:
    text = "报告（JSON）：完成率、序时进度。Use --data DIR to set it."
    assert line_starts(text) == line_starts_slowly(text)
    assert line_starts(text)
