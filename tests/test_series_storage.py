"""How SeriesBuilder stores a series compactly: row numbers in an array, places only when
a series spans files, one shared fields-set for the Pydantic models."""

from __future__ import annotations

import gc
from decimal import Decimal
from pathlib import Path

import pytest

from gongshu_kpi.core.models import ActualSeries, Basis, Observation
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.series import SeriesBuilder, build_series
from gongshu_kpi.pipeline import find_data_folder, load


class _File:
    def __init__(self, path: str) -> None:
        self.path = path

    def at(self, row: int, field: str | None = None) -> Location:
        return Location(self.path, row)


A, B = _File("a.csv"), _File("b.csv")


def _obs(month: int, row: int, place: _File = A, value: str = "1") -> Observation:
    return Observation("x", "o", 2020, month, Decimal(value), Basis.MONTH, place, row)


def test_sources_map_months_to_rows_and_files() -> None:
    """Months in file order, one read from another file; absent months are KeyErrors."""
    series, problems = build_series(
        [_obs(3, 10), _obs(1, 1000), _obs(12, 70000, B), _obs(2, 5)], {"x": "X"}
    )
    assert problems == []
    sources = series[0].sources
    assert dict(sources) == {
        1: Location("a.csv", 1000),
        2: Location("a.csv", 5),
        3: Location("a.csv", 10),
        12: Location("b.csv", 70000),
    }
    assert len(sources) == 4 and sorted(sources) == [1, 2, 3, 12]
    for month in (0, 4, 13, -1):
        assert month not in sources
        with pytest.raises(KeyError):
            sources[month]
    assert list(series[0].values) == [1, 2, 3, 12]


def test_duplicate_points_at_the_first_row_in_its_own_file() -> None:
    _, problems = build_series([_obs(1, 7, B), _obs(2, 8, A), _obs(2, 9, A, "2")], {"x": "X"})
    assert [p.code for p in problems] == ["duplicate-month"]
    assert "首次出现于 a.csv:8" in problems[0].message
    assert "两处数值不同：1 与 2" in problems[0].message


def test_fields_set_is_what_model_construct_would_build() -> None:
    """The shared set equals a freshly built one, and frozen series cannot change it."""
    builder = SeriesBuilder({"x": "X"})
    builder.add(_obs(1, 2))
    (series,), _ = builder.finish()
    assert series.model_fields_set == set(ActualSeries.model_fields)
    fields = {name: getattr(series, name) for name in ActualSeries.model_fields}
    fresh = ActualSeries.model_construct(**fields)
    assert series.model_fields_set == fresh.model_fields_set
    with pytest.raises(ValueError, match="frozen"):
        series.year = 2021  # type: ignore[misc]
    assert builder.drafts == {}  # the builder lets go of its drafts once finished


def test_load_leaves_the_collector_on_and_the_loaded_data_frozen() -> None:
    """Loading runs with the cyclic collector off, then freezes what it loaded (so later
    collections skip it) and switches the collector back on."""
    folder = find_data_folder(Path(__file__).resolve().parent.parent / "data")
    before = gc.get_freeze_count()
    try:
        loaded = load(folder)
        assert gc.isenabled()
        assert gc.get_freeze_count() > before
        assert loaded.facts.values
    finally:
        gc.unfreeze()
