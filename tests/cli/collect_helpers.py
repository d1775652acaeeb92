"""What the collection-loop tests share: kpi run in-process, the towns fixture's path, a
form filled from a CSV's values, and a text edit that must find what it replaces."""

from __future__ import annotations

import csv
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner, Result

from gongshu_kpi.cli import app
from gongshu_kpi.core.form_layout import FIRST_ROW, FORM_SHEET, META_SHEET, VALUE_COLUMN, meta_cell
from tests.paths import FIXTURES

runner = CliRunner()

TOWNS = FIXTURES / "towns" / "data"


def kpi(*args: str) -> Result:
    return runner.invoke(app, list(args), env={"COLUMNS": "200"})


def csv_values(path: Path) -> dict[tuple[str, str, str], str]:
    """(indicator name, YYYY-MM, org) -> the value as written in a long-layout CSV."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {(r["指标"], r["月份"], r["填报单位"]): r["数值"] for r in csv.DictReader(handle)}


def fill_form(form: Path, values: dict[tuple[str, str, str], str], into: Path) -> int:
    """Type each indicator's value into the input column, as a person does in Excel (where
    98.20 is stored as the number 98.2); return how many were filled."""
    workbook = load_workbook(form)
    meta = workbook[META_SHEET]
    org, month = meta[meta_cell("org_label")].value, meta[meta_cell("month")].value
    sheet = workbook[FORM_SHEET]
    filled = 0
    row = FIRST_ROW
    while sheet[f"B{row}"].value:
        value = values.get((sheet[f"B{row}"].value, month, org))
        if value is not None:
            sheet[f"{VALUE_COLUMN}{row}"] = float(value) if "." in value else int(value)
            filled += 1
        row += 1
    workbook.save(into)
    return filled


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_forms(data: Path, month: str, out: Path) -> list[Path]:
    result = kpi("form", "--month", month, "--out", str(out), "--data", str(data))
    assert result.exit_code == 0, result.output
    return sorted(out.glob("*.xlsx"))


def report(data: Path, *args: str) -> str:
    result = kpi("report", "--data", str(data), *args)
    assert result.exit_code == 0, result.output
    return result.stdout
