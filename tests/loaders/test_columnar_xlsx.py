"""Large .xlsx through the columnar engine (loaders/columnar_xlsx.py): the same figures,
sources, problems and JSON report as the careful path (xlsx_rows.py), and the hazards of
real workbooks (numbers as text, 万 in a cell, blank rows, a merged title row …) left to
the careful path, with the same result."""

from __future__ import annotations

import datetime as dt
import json
import random
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook
from typer.testing import CliRunner

from gongshu_kpi import pipeline
from gongshu_kpi.cli import app
from gongshu_kpi.loaders import columnar
from gongshu_kpi.loaders.actuals import actual_files
from gongshu_kpi.loaders.rows import RowContext
from gongshu_kpi.loaders.targets import load_targets
from tests.loaders.test_columnar import DIRTY, NAME, TARGETS, UNIT, both_ways

Cell = str | float | int | dt.date | None
PERCENT_TARGETS = (
    TARGETS
    + """  - id: share
    name: 占比
    unit: "%"
    target: 60
    kind: stock
"""
)


def write_workbook(
    root: Path,
    rows: list[list[Cell]],
    header: list[Cell] | None = None,
    targets: str = TARGETS,
    shape: str = "plain",
) -> pipeline.DataFolder:
    """A data folder with one .xlsx; `shape` adds one of a workbook's hazards."""
    actuals = root / "data" / "actuals"
    actuals.mkdir(parents=True)
    (root / "data" / "targets.yaml").write_text(targets, encoding="utf-8")
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "实际数"
    if shape == "title":  # a merged title row above the header
        sheet.append(["2020年经济指标"])
        sheet.merge_cells("A1:D1")
    if shape == "offset":  # the table starts at B2
        sheet.append([])
    for cells in [header or ["指标", "月份", "口径", "数值"], *rows]:
        sheet.append([None, *cells] if shape == "offset" else cells)
    if shape == "blank-row":
        sheet.insert_rows(3)
    if shape == "two-sheets":
        workbook.create_sheet("说明").append(["口径说明", "见附件"])
    if shape == "hidden-sheet":
        workbook.create_sheet("旧数").sheet_state = "hidden"
    if shape == "merged-data":  # an indicator name merged over two rows
        sheet.merge_cells("A2:A3")
    workbook.save(actuals / "actuals.xlsx")
    return pipeline.DataFolder(root / "data", root / "templates")


def taken(folder: pipeline.DataFolder) -> bool:
    targets, _ = load_targets(folder.targets, "targets.yaml")
    assert targets is not None
    paths = actual_files(folder.actuals)
    ctx = RowContext(targets)
    return (
        columnar.read_fast(paths, [str(p) for p in paths], [None] * len(paths), ctx, 0) is not None
    )


def json_report(folder: pipeline.DataFolder, monkeypatch: pytest.MonkeyPatch, fast: bool) -> Any:
    """`kpi report --format json` as a user runs it, through one path."""
    monkeypatch.setattr(pipeline, "FAST_MIN_BYTES", 0 if fast else 1 << 62)
    result = CliRunner().invoke(
        app, ["report", "--data", str(folder.data), "--month", "2020-03", "--format", "json"]
    )
    return result.exit_code, json.loads(result.stdout) if result.exit_code == 0 else result.output


CLEAN: list[list[Cell]] = [
    ["revenue", "2020-01", "当月", 1.5],
    ["revenue", "2020-02", "当月", 2.25],
    ["revenue", "2020-03", "当月", 0.1],
    ["firms", "2020-01", "当月", 12],
    ["firms", "2020-02", "当月", 13.0],
    ["firms", "2020-03", "当月", 14],
    ["利润", "2020-01", "当月", -3.5],
    ["利润", "2020-02", "当月", 0],
    ["利润", "2020-03", "当月", 1234567.125],
]


def test_answer_key_through_the_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clean workbook: the engine reads it, and the JSON report holds the sums worked out
    by hand, the same as the careful path's."""
    folder = write_workbook(tmp_path, CLEAN)
    assert taken(folder)
    code, fast = json_report(folder, monkeypatch, fast=True)
    assert code == 0
    assert json_report(folder, monkeypatch, fast=False) == (code, fast)
    actual = {row["id"]: row["actual"] for row in fast["indicators"] if row["actual"]}
    # 1.5 + 2.25 + 0.1; a stock at its month; -3.5 + 0 + 1234567.125
    assert actual == {"revenue": "3.85", "firms": "14", "profit": "1234563.625"}


# Each hazard with whether the engine may read it: where it may not, the careful path
# reads the workbook and the outcome must still be the same.
HAZARDS: list[tuple[str, list[list[Cell]], list[Cell] | None, str, bool]] = [
    ("numbers as text", [["revenue", "2020-01", "当月", "1.50"]], None, "plain", True),
    ("万 in the cell", [["revenue", "2020-01", "当月", "12.3万"]], None, "plain", False),
    ("thousands separator", [["revenue", "2020-01", "当月", "1,234.5"]], None, "plain", False),
    (
        "unit column in 万元",
        [
            ["revenue", "2020-01", "当月", "万元", 12300.5],
            ["revenue", "2020-02", "当月", "亿元", 2],
        ],
        ["指标", "月份", "口径", "计量单位", "数值"],
        "plain",
        True,
    ),
    (
        "unit 亿 into 万",
        [["profit", "2020-01", "当月", "亿元", 1.25]],
        ["指标", "月份", "口径", "计量单位", "数值"],
        "plain",
        True,
    ),
    ("binary noise", [["revenue", "2020-01", "当月", 713.9999999999999]], None, "plain", False),
    # openpyxl writes 0.30000000000000004 as 0.3, as Excel would show it
    ("rounded by the writer", [["revenue", "2020-01", "当月", 0.1 + 0.2]], None, "plain", True),
    (
        "numbers and text mixed",
        [["revenue", "2020-01", "当月", 1.5], ["revenue", "2020-02", "当月", "0.10"]],
        None,
        "plain",
        False,
    ),
    ("huge number", [["revenue", "2020-01", "当月", 1e20]], None, "plain", False),
    ("negative zero", [["profit", "2020-01", "当月", -0.0]], None, "plain", False),
    ("negative not allowed", [["revenue", "2020-01", "当月", -1.0]], None, "plain", False),
    ("fraction of a %", [["share", "2020-01", "当月", 0.5247]], None, "plain", False),
    ("whole %", [["share", "2020-01", "当月", 52.47]], None, "plain", True),
    ("a date as month", [["revenue", dt.date(2020, 1, 1), "当月", 1.5]], None, "plain", True),
    (
        "a date that is no month",
        [["revenue", dt.date(2020, 1, 6), "当月", 1]],
        None,
        "plain",
        False,
    ),
    ("a serial number as month", [["revenue", 43831, "当月", 1]], None, "plain", False),
    ("a blank value", [["revenue", "2020-01", "当月", None]], None, "plain", False),
    ("a boolean value", [["revenue", "2020-01", "当月", True]], None, "plain", False),
    (
        "a note row",
        [["revenue", "2020-01", "当月", 1], ["注：数据为初步核算", None, None, None]],
        None,
        "plain",
        False,
    ),
    ("a merged title row", CLEAN, None, "title", False),
    ("a blank row", CLEAN, None, "blank-row", False),
    ("the table at B2", CLEAN, None, "offset", False),
    ("two sheets", CLEAN, None, "two-sheets", False),
    ("a hidden sheet", CLEAN, None, "hidden-sheet", False),
    ("a merged indicator", CLEAN, None, "merged-data", False),
    (
        "a blank header cell",
        [["revenue", "2020-01", "当月", 1, 2]],
        ["指标", "月份", "口径", "数值", None],
        "plain",
        False,
    ),
    (
        "a header twice",
        [["revenue", "2020-01", "当月", 1, 2]],
        ["指标", "月份", "口径", "数值", "数值"],
        "plain",
        False,
    ),
    ("an unknown indicator", [["营业收人", "2020-01", "当月", 1]], None, "plain", False),
    (
        "a duplicate month",
        [["revenue", "2020-01", "当月", 1], ["revenue", "2020-01", "当月", 1]],
        None,
        "plain",
        False,
    ),
]


@pytest.mark.parametrize("case", HAZARDS, ids=[case[0] for case in HAZARDS])
def test_workbook_hazards_both_ways(
    case: tuple[str, list[list[Cell]], list[Cell] | None, str, bool],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, rows, header, shape, fast = case
    folder = write_workbook(tmp_path, rows, header, PERCENT_TARGETS, shape)
    assert taken(folder) is fast
    engine, careful = both_ways(folder, monkeypatch)
    assert engine == careful
    assert json_report(folder, monkeypatch, True) == json_report(folder, monkeypatch, False)


@st.composite
def workbooks(draw: st.DrawFn) -> list[list[Cell]]:
    """Rows of a long table (a grid of indicators and months) with values as numeric cells
    or text, a few of them damaged."""
    rng = random.Random(draw(st.integers(0, 2**32 - 1)))
    indicators = draw(st.lists(st.sampled_from(list(UNIT)), min_size=1, max_size=4, unique=True))
    rows: list[list[Cell]] = []
    for indicator in indicators:
        for month in range(1, rng.randint(1, 12) + 1):
            places = rng.choice([0, 0, 1, 2, 3])
            number = rng.randint(0, 10**7)
            if indicator == "profit" and rng.random() < 0.3:
                number = -number - 1
            value: Cell = number / 10**places if places else number
            if rng.random() < 0.3:
                value = f"{number / 10**places:.{places}f}" if places else str(number)
            name = NAME[indicator] if rng.random() < 0.5 else indicator
            rows.append([name, f"2020-{month:02d}", "当月", value])
    for _ in range(draw(st.integers(0, 2))):
        at = rng.randrange(len(rows))
        field = draw(st.sampled_from(["indicator", "month", "basis", "value"]))
        column = ["indicator", "month", "basis", "value"].index(field)
        rows[at][column] = draw(st.sampled_from(DIRTY[field])) or None
    if draw(st.booleans()):
        rng.shuffle(rows)
    return rows


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=workbooks())
def test_engine_and_careful_path_agree_on_workbooks(
    rows: list[list[Cell]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Mixed clean and damaged workbooks: same figures, sources and problems both ways."""
    folder = write_workbook(tmp_path_factory.mktemp("xlsx"), rows)
    with pytest.MonkeyPatch.context() as monkeypatch:
        engine, careful = both_ways(folder, monkeypatch)
    assert engine == careful


@settings(max_examples=300, deadline=None)
@given(numbers=st.lists(st.floats(allow_nan=False, allow_infinity=False), min_size=1))
def test_numeric_cells_read_as_excel_shows_them(numbers: list[float]) -> None:
    """The engine's vectorised 15-digit rule: whenever it takes the cells, each is the
    Decimal numbers.number_from_cell makes, digits and exponent alike."""
    import polars as pl

    from gongshu_kpi.loaders.columnar_xlsx import excel_text
    from gongshu_kpi.loaders.numbers import number_from_cell

    text = excel_text(pl.Series("v", numbers, dtype=pl.Float64))
    if text is None:
        return
    for number, written in zip(numbers, text.to_list(), strict=True):
        if written.startswith("-") and Decimal(written).is_zero():
            continue  # a negative zero: the engine refuses it later (_plain_amounts)
        assert str(number_from_cell(number)) == written


def test_numeric_cells_with_noise_are_refused() -> None:
    import polars as pl

    from gongshu_kpi.loaders.columnar_xlsx import excel_text

    assert excel_text(pl.Series("v", [713.9999999999999])) is None
    assert excel_text(pl.Series("v", [1e20])) is None
    taken = excel_text(pl.Series("v", [13.0, 1.5, 0.000025, -3.25]))
    assert taken is not None
    assert taken.to_list() == ["13", "1.5", "0.000025", "-3.25"]
