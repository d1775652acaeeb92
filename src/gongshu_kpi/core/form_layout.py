"""What a collection form (填报表) says and where, shared by the writer and the reader.

Pure: the form's sheet names, cells and metadata keys, the basis wording, and fingerprints
of what each row must say, so that a form edited where it should not be is noticed.
"""

from __future__ import annotations

import hashlib
import re

from gongshu_kpi.core.collection import FORM_VERSION, FormSpec
from gongshu_kpi.core.models import Basis, Indicator, Kind
from gongshu_kpi.core.periods import period_label

FORM_SHEET = "填报表"
META_SHEET = "kpi_form"
FORM_KIND = "kpi-form"
HEADER_ROW = 5
FIRST_ROW = HEADER_ROW + 1
# Columns of the form sheet (1-based letters as people see them).
COLUMNS = ("序号", "指标", "计量单位", "口径", "上月数", "上年同期", "本月填报", "备注")
NAME_COLUMN, UNIT_COLUMN, BASIS_COLUMN, VALUE_COLUMN = "B", "C", "D", "G"
ORG_CELL, MONTH_CELL = "B2", "E2"
META_KEYS = (
    "kind",
    "form_version",
    "org",
    "org_label",
    "month",
    "sheet",
    "first_row",
    "value_column",
    "lines",
    "fingerprint",
)
META_LINES_ROW = len(META_KEYS) + 3  # the line table's header row in kpi_form


def basis_text(basis: Basis, indicator: Indicator, month: int) -> str:
    """What the 口径 cell says: 本月 (the month's own amount), 1-N月累计 or 月末数 (a stock)."""
    if indicator.kind is Kind.STOCK:
        return "月末数"
    return "本月" if basis is Basis.MONTH else f"{period_label(month)}累计"


def month_text(year: int, month: int) -> str:
    return f"{year}年{month}月"


def line_fingerprint(org: str, month: str, row: int, fields: tuple[str, str, str, str]) -> str:
    """What a form row must say (its indicator id, name, unit and basis as written), hashed,
    so an edited metadata row is noticed."""
    text = "|".join((org, month, str(row), *fields))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def form_fingerprint(values: dict[str, str]) -> str:
    text = "|".join(f"{k}={values[k]}" for k in META_KEYS if k != "fingerprint")
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]')


def form_file_label(label: str) -> str:
    """An org's name as it goes into a file name (characters Windows forbids replaced)."""
    return _UNSAFE.sub("_", label).strip(" .") or "合计"


def form_file_name(spec: FormSpec) -> str:
    """填报表-2020-06-智慧网谷小镇.xlsx"""
    return f"填报表-{spec.year:04d}-{spec.month:02d}-{form_file_label(spec.org_label)}.xlsx"


def meta_cell(key: str) -> str:
    """The metadata sheet cell holding a key's value."""
    return f"B{2 + META_KEYS.index(key)}"


def form_metadata(spec: FormSpec) -> tuple[dict[str, str], list[tuple[str, ...]]]:
    """The key/value pairs and line rows of the metadata sheet."""
    month = f"{spec.year:04d}-{spec.month:02d}"
    lines: list[tuple[str, ...]] = []
    for number, line in enumerate(spec.lines, 1):
        row = FIRST_ROW + number - 1
        basis = basis_text(line.basis, line.indicator, spec.month)
        fields = (line.indicator.id, line.indicator.name, line.indicator.unit, basis)
        lines.append(
            (str(row), *fields, line.basis.value, line_fingerprint(spec.org, month, row, fields))
        )
    values = {
        "kind": FORM_KIND,
        "form_version": str(FORM_VERSION),
        "org": spec.org,
        "org_label": spec.org_label,
        "month": month,
        "sheet": FORM_SHEET,
        "first_row": str(FIRST_ROW),
        "value_column": VALUE_COLUMN,
        "lines": str(len(spec.lines)),
    }
    values["fingerprint"] = form_fingerprint(values)
    return values, lines


META_LINE_HEADER = ("row", "indicator_id", "name", "unit", "basis_text", "basis", "fingerprint")
