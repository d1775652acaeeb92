"""loaders/layouts/sheet_per_month: which column of a month's sheet holds the value — the
basis sources.yaml declares, a sheet named 1-N月 being year-to-date whatever its column says
— and the located problems when no column fits or the column's month is another sheet's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook

from gongshu_kpi import pipeline
from gongshu_kpi.core.orgs import WHOLE

TARGETS = """\
year: 2020
indicators:
  - id: firms
    name: 新招引企业
    unit: 家
    target: 100
    kind: flow
"""


def _load(tmp_path: Path, sheets: dict[str, list[list[object]]], source: str) -> pipeline.Loaded:
    data = tmp_path / "data"
    (data / "actuals").mkdir(parents=True)
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    book = Workbook()
    book.remove(book.worksheets[0])
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for row in rows:
            sheet.append(row)
    book.save(data / "actuals" / "月报.xlsx")
    (data / "sources.yaml").write_text(
        'files:\n  - match: "月报.xlsx"\n    layout: sheet-per-month\n    year: 2020\n' + source,
        encoding="utf-8",
    )
    return pipeline.load(pipeline.find_data_folder(data))


def _ytd(loaded: pipeline.Loaded) -> dict[int, Decimal]:
    return dict(loaded.facts.values_of("firms", 2020, WHOLE))


def test_a_declared_monthly_basis_takes_the_monthly_column(tmp_path: Path) -> None:
    """basis: 当月 takes 本月 (5 then 7) over 1-N月累计, and sums it: 5, 12."""
    header: list[object] = ["指标", "本月", "累计"]
    loaded = _load(
        tmp_path,
        {"1月": [header, ["新招引企业", 5, 50]], "2月": [header, ["新招引企业", 7, 57]]},
        "    basis: 当月\n",
    )
    assert loaded.problems == []
    assert _ytd(loaded) == {1: Decimal(5), 2: Decimal(12)}


def test_a_sheet_named_for_months_is_year_to_date(tmp_path: Path) -> None:
    """A sheet 1-2月 holds the year to date even in a column headed 本月."""
    loaded = _load(tmp_path, {"1-2月": [["指标", "本月"], ["新招引企业", 12]]}, "")
    assert loaded.problems == []
    assert _ytd(loaded) == {2: Decimal(12)}


def test_no_value_column_is_located(tmp_path: Path) -> None:
    loaded = _load(tmp_path, {"6月": [["指标", "备注"], ["新招引企业", "无"]]}, "")
    [problem] = [p for p in loaded.problems if p.code == "missing-column"]
    assert problem.message == "工作表“6月”没有找到数值列「1-N月累计 / 本月」"
    assert problem.location is not None and problem.location.sheet == "6月"


def test_a_column_of_another_month_is_refused(tmp_path: Path) -> None:
    loaded = _load(tmp_path, {"6月": [["指标", "1-7月累计"], ["新招引企业", 40]]}, "")
    [problem] = [p for p in loaded.problems if p.code == "period-mismatch"]
    assert problem.message == "数值列“1-7月累计”与工作表“6月”的月份不一致"
