"""The words of the input files, defined once: basis words, layout names and row fields.

Every loader reads these tables, so sources.yaml, a 口径 cell and a column header cannot drift
apart again (they once did: `basis: 本月` was refused in sources.yaml but accepted in a cell).
Words are matched after `normal_word` (NFKC, trimmed, lower case), so 1-N月累计 and full-width
YTD count as written.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from enum import StrEnum
from typing import Final, Literal, get_args

from gongshu_kpi.core.models import Basis

# How a file is laid out (sources.yaml `layout:`); loaders/layouts/ has one module per name.
LayoutName = Literal["long", "wide", "sheet-per-month"]
LAYOUT_NAMES: Final[tuple[LayoutName, ...]] = get_args(LayoutName)


class RowField(StrEnum):
    """A field of one actual row, whatever the layout it was read from."""

    INDICATOR = "indicator"
    MONTH = "month"
    BASIS = "basis"
    ORG = "org"
    UNIT = "unit"
    VALUE = "value"


# The order rows are read in by position (loaders' Layout.slots).
ROW_FIELDS: Final = tuple(RowField)
REQUIRED_FIELDS: Final = (RowField.INDICATOR, RowField.MONTH, RowField.VALUE, RowField.BASIS)

# Header text (Chinese or English, after normal_word) -> field.
FIELD_BY_HEADER: Final[Mapping[str, RowField]] = {
    "指标": RowField.INDICATOR,
    "指标名称": RowField.INDICATOR,
    "indicator": RowField.INDICATOR,
    "月份": RowField.MONTH,
    "month": RowField.MONTH,
    "数值": RowField.VALUE,
    "实际完成": RowField.VALUE,
    "value": RowField.VALUE,
    "口径": RowField.BASIS,
    "basis": RowField.BASIS,
    "填报单位": RowField.ORG,
    "org": RowField.ORG,
    "计量单位": RowField.UNIT,
    "unit": RowField.UNIT,
}

# How each basis is written back (messages, a declared basis as a cell).
BASIS_LABEL: Final[Mapping[Basis, str]] = {Basis.MONTH: "当月", Basis.YTD: "累计"}

# Every word for a basis: in sources.yaml's `basis:`, in a 口径 cell and as a column header.
BASIS_BY_WORD: Final[Mapping[str, Basis]] = {
    "month": Basis.MONTH,
    "当月": Basis.MONTH,
    "本月": Basis.MONTH,
    "当月数": Basis.MONTH,
    "本月数": Basis.MONTH,
    "当月完成": Basis.MONTH,
    "本月完成": Basis.MONTH,
    "ytd": Basis.YTD,
    "累计": Basis.YTD,
    "累计数": Basis.YTD,
    "本年累计": Basis.YTD,
    "本年累计数": Basis.YTD,
    "1-n月": Basis.YTD,
    "1-n月累计": Basis.YTD,
    "年初至今": Basis.YTD,
}
# A header that names a row field ("month" is the 月份 column) does not name a basis.
BASIS_BY_HEADER: Final[Mapping[str, Basis]] = {
    word: basis for word, basis in BASIS_BY_WORD.items() if word not in FIELD_BY_HEADER
}


def normal_word(text: str) -> str:
    """A word as the tables above spell it: NFKC (full-width letters), trimmed, lower case."""
    return unicodedata.normalize("NFKC", text).strip().lower()


def basis_for(text: str) -> Basis | None:
    """The basis a word names, or None."""
    return BASIS_BY_WORD.get(normal_word(text))
