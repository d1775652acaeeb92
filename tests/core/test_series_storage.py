"""How SeriesBuilder stores a series compactly: row numbers in an array, places only when
a series spans files, one shared fields-set for the Pydantic models."""

from __future__ import annotations

import gc
from dataclasses import FrozenInstanceError, dataclass
from decimal import Decimal

import pytest

from gongshu_kpi.core.models import Basis, Observation
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.series import SeriesBuilder, build_series
from gongshu_kpi.pipeline import find_data_folder, load
from tests.paths import REPO


@dataclass(frozen=True)
class _File:
    path: str

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


def test_series_are_frozen_and_the_builder_lets_go_of_its_drafts() -> None:
    """A finished series cannot change, and the builder keeps nothing once finished."""
    builder = SeriesBuilder({"x": "X"})
    builder.add(_obs(1, 2))
    (series,), _ = builder.finish()
    with pytest.raises(FrozenInstanceError):
        series.year = 2021  # type: ignore[misc]
    assert not hasattr(series, "__dict__")  # slots: no per-series dict
    assert builder.drafts == {}  # the builder lets go of its drafts once finished


def test_load_leaves_the_collector_on_and_the_loaded_data_frozen() -> None:
    """Loading runs with the cyclic collector off, then freezes what it loaded (so later
    collections skip it) and switches the collector back on."""
    folder = find_data_folder(REPO / "data")
    before = gc.get_freeze_count()
    try:
        loaded = load(folder)
        assert gc.isenabled()
        assert gc.get_freeze_count() > before
        assert loaded.facts.values
    finally:
        gc.unfreeze()


# --- SeriesBuilder's problems, word for word: a flipping basis, a month reported twice
# (also inside a 1-2月 release), months read from another file. Pinned here at the core so
# the mutation run sees them (the corpus reaches them only through files).


A, B = _File("a.csv"), _File("b.csv")


def _builder() -> SeriesBuilder:
    return SeriesBuilder({"x": "产业投资"})


def test_a_flipping_basis_names_both_rows() -> None:
    b = _builder()
    b.add_parts("x", "甲", 2020, 1, Decimal(1), Basis.MONTH, A, 2)
    b.add_parts("x", "甲", 2020, 2, Decimal(3), Basis.YTD, A, 5)
    series, problems = b.finish()
    assert problems == [
        Problem(
            "conflicting-basis",
            "“产业投资”（甲）口径为“累计”，与 a.csv:2 的“当月”不一致",
            Location("a.csv", 5),
            "同一指标同一单位的数据须统一为当月数或1-N月累计数",
        )
    ]
    assert [dict(s.values) for s in series] == [{1: Decimal(1)}]


def test_a_month_twice_names_the_first_place_and_both_values() -> None:
    b = _builder()
    b.add_parts("x", "", 2020, 3, Decimal(1), Basis.YTD, A, 2)
    b.add_parts("x", "", 2020, 3, Decimal(1), Basis.YTD, B, 7)
    b.add_parts("x", "", 2020, 3, Decimal(2), Basis.YTD, B, 8)
    _, problems = b.finish()
    fix = "删除重复的一行；1-2月合并发布时不要再单独填1月"
    assert problems == [
        Problem(
            "duplicate-month",
            "“产业投资”2020年3月重复填报（首次出现于 a.csv:2，数值相同）",
            Location("b.csv", 7),
            fix,
        ),
        Problem(
            "duplicate-month",
            "“产业投资”2020年3月重复填报（首次出现于 a.csv:2，两处数值不同：1 与 2）",
            Location("b.csv", 8),
            fix,
        ),
    ]


def test_a_combined_release_clashes_with_a_january_row() -> None:
    """1-2月 released together: a January row after it is a duplicate of the release, and
    the message names the 1-2月 span."""
    b = _builder()
    b.add_parts("x", "", 2020, 2, Decimal(5), Basis.MONTH, A, 2, first_month=1)
    b.add_parts("x", "", 2020, 1, Decimal(2), Basis.MONTH, A, 3)
    b.add_parts("x", "", 2020, 3, Decimal(1), Basis.MONTH, A, 4)
    b.add_parts("x", "", 2020, 3, Decimal(1), Basis.MONTH, A, 5, first_month=2)
    series, problems = b.finish()
    assert [p.message for p in problems] == [
        "“产业投资”2020年1月重复填报（首次出现于 a.csv:2，两处数值不同：5 与 2）",
        "“产业投资”2020年2-3月重复填报（首次出现于 a.csv:2，两处数值不同：5 与 1）",
    ]
    assert [p.location for p in problems] == [Location("a.csv", 3), Location("a.csv", 5)]
    (only,) = series
    assert (only.year, dict(only.values), dict(only.covers)) == (
        2020,
        {2: Decimal(5), 3: Decimal(1)},
        {2: 1},
    )


def test_a_release_then_the_month_after_it_is_fine() -> None:
    b = _builder()
    b.add_parts("x", "", 2020, 2, Decimal(5), Basis.MONTH, A, 2, first_month=1)
    b.add_parts("x", "", 2020, 3, Decimal(1), Basis.MONTH, A, 3)
    b.add_parts("x", "", 2020, 5, Decimal(1), Basis.MONTH, A, 4, first_month=4)
    series, problems = b.finish()
    assert problems == []
    assert dict(series[0].covers) == {2: 1, 5: 4}


def test_months_from_another_file_trace_to_it() -> None:
    """A month added carefully (a release) from another file keeps that file's rows."""
    b = _builder()
    b.add_parts("x", "", 2020, 1, Decimal(1), Basis.MONTH, A, 2)
    b.add_parts("x", "", 2020, 3, Decimal(2), Basis.MONTH, B, 9, first_month=2)
    b.add_parts("x", "", 2020, 4, Decimal(3), Basis.MONTH, B, 10)
    (series,), problems = b.finish()
    assert problems == []
    assert [series.sources[m] for m in (1, 3, 4)] == [
        Location("a.csv", 2),
        Location("b.csv", 9),
        Location("b.csv", 10),
    ]


def test_months_come_out_in_order_whatever_the_file_order() -> None:
    b = _builder()
    for month in (3, 1, 2):
        b.add_parts("x", "", 2020, month, Decimal(month), Basis.YTD, A, month + 1)
    (series,), _ = b.finish()
    assert list(series.values) == [1, 2, 3]
    assert series.indicator_id == "x" and series.basis is Basis.YTD


def test_rows_in_any_order_around_a_release_do_not_clash() -> None:
    """A 4-5月 release first, then March, then a 1-2月 release: nothing overlaps."""
    b = _builder()
    b.add_parts("x", "", 2020, 5, Decimal(5), Basis.MONTH, A, 2, first_month=4)
    b.add_parts("x", "", 2020, 3, Decimal(3), Basis.MONTH, A, 3)
    b.add_parts("x", "", 2020, 2, Decimal(2), Basis.MONTH, A, 4, first_month=1)
    (series,), problems = b.finish()
    assert problems == []
    assert dict(series.values) == {2: Decimal(2), 3: Decimal(3), 5: Decimal(5)}
