"""One vocabulary: sources.yaml, a 口径 cell and a column header read basis words alike."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from gongshu_kpi.core.models import Basis, Indicator, Kind, Observation, Targets
from gongshu_kpi.core.problems import Problem
from gongshu_kpi.core.vocabulary import (
    BASIS_BY_HEADER,
    BASIS_BY_WORD,
    FIELD_BY_HEADER,
    LAYOUT_NAMES,
    ROW_FIELDS,
    RowField,
)
from gongshu_kpi.loaders.layouts import LAYOUT_BY_NAME, layout_of
from gongshu_kpi.loaders.layouts.sheet_per_month import implied_basis
from gongshu_kpi.loaders.rows import Layout, RawRow, RowContext, accept_row
from gongshu_kpi.loaders.sources import load_sources

_INDICATOR = Indicator(id="x", name="产值", unit="个", target=Decimal(9), kind=Kind.FLOW)
_CTX = RowContext(Targets(year=2020, indicators=(_INDICATOR,)))
_LAYOUT = Layout("a.csv", None, {"indicator": 0, "month": 1, "value": 2, "basis": 3})

# The words of the table, variants of them people type, and words that are no basis.
_WORDS = st.one_of(
    st.sampled_from(sorted(BASIS_BY_WORD)),
    st.sampled_from(sorted(BASIS_BY_WORD)).map(str.upper),
    st.sampled_from(sorted(BASIS_BY_WORD)).map(lambda w: f" {w} "),
    st.sampled_from(["半年", "both", "季度", "本季", "1-6月", "月", "累", "ＹＴＤ", "Month"]),
)


def _in_cell(word: str) -> Basis | None:
    row = accept_row(RawRow(("产值", "2020-06", "1", word), 2, _LAYOUT), _CTX)
    if isinstance(row, Problem):
        assert row.code == "bad-basis", row
        return None
    assert isinstance(row, Observation)
    return row.basis


def _in_sources(word: str, folder: Path) -> Basis | None:
    path = folder / "sources.yaml"
    quoted = word.replace("'", "''")
    path.write_text(f"files:\n  - match: a.csv\n    basis: '{quoted}'\n", encoding="utf-8")
    sources, problems = load_sources(path, "data/sources.yaml")
    if problems:
        assert [p.code for p in problems] == ["sources-schema"], problems
        assert "口径" in problems[0].message
        return None
    return sources.entries[0].basis


@given(_WORDS)
def test_sources_yaml_and_a_cell_accept_exactly_the_same_words(word: str) -> None:
    # tmp_path is shared by every hypothesis example; a fresh folder each time.
    with tempfile.TemporaryDirectory() as folder:
        assert _in_sources(word, Path(folder)) is _in_cell(word)


def test_every_basis_word_is_accepted_everywhere_it_can_be() -> None:
    """本月 was refused in sources.yaml and accepted in a cell; now the table is one."""
    for word, basis in BASIS_BY_WORD.items():
        assert _in_cell(word) is basis, word
        if word not in FIELD_BY_HEADER:  # "month" as a header is the 月份 column
            assert implied_basis(word) is basis, word
    assert set(BASIS_BY_HEADER) == set(BASIS_BY_WORD) - set(FIELD_BY_HEADER)
    assert implied_basis("month") is None


def test_row_fields_and_layout_names_are_one_list_each() -> None:
    assert {str(f) for f in ROW_FIELDS} == {"indicator", "month", "basis", "org", "unit", "value"}
    assert set(FIELD_BY_HEADER.values()) == set(RowField)
    assert LAYOUT_NAMES == ("long", "wide", "sheet-per-month")


def test_every_layout_name_has_one_registered_layout() -> None:
    assert tuple(LAYOUT_BY_NAME) == LAYOUT_NAMES
    for name, layout in LAYOUT_BY_NAME.items():
        assert layout.name == name
    assert layout_of(None) is LAYOUT_BY_NAME["long"]
    assert [n for n, layout in LAYOUT_BY_NAME.items() if layout.sheets_are_months] == [
        "sheet-per-month"
    ]
