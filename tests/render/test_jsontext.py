"""render/jsontext.py writes exactly json.dumps(…, ensure_ascii=False, indent=2)'s text."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.render.jsontext import dumps_indented
from tests.paths import REPO

_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text()
)
_keys = st.text() | st.integers() | st.booleans() | st.none() | st.floats(allow_nan=False)
_json = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(_keys, inner, max_size=4)
        | st.tuples(inner, inner)
    ),
    max_leaves=30,
)


def _standard(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)


@given(_json)
def test_same_text_as_the_standard_library(data: Any) -> None:
    assert dumps_indented(data) == _standard(data)


class _Colour(StrEnum):
    RED = "红"


class _Count(IntEnum):
    TWO = 2


def test_enums_empty_containers_and_escapes() -> None:
    data = {
        "status": _Colour.RED,
        "n": _Count.TWO,
        "empty": {},
        "none": [],
        "text": 'a"b\\c\n\t\u2028完成率',
        "nested": [{"x": [1, {"y": None}]}, [], {}],
    }
    assert dumps_indented(data) == _standard(data)
    assert dumps_indented({}) == "{}"
    assert dumps_indented([]) == "[]"


def test_a_report_renders_as_before() -> None:

    from gongshu_kpi.pipeline import ReportAsk, build_report, find_data_folder, load
    from gongshu_kpi.render.formats import render_json, report_as_data

    data = REPO / "data"
    report = build_report(load(find_data_folder(data)), ReportAsk("2020-06"))
    assert render_json(report) == _standard(report_as_data(report)) + "\n"
