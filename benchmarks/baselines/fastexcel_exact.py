"""fastexcel + polars baseline with exact decimals: kpi's figure from an .xlsx.

Usage: python fastexcel_exact.py ACTUALS.xlsx [MONTH]   (MONTH defaults to 2020-12)

The same computation as polars_exact.py on the workbook's first sheet, read by fastexcel
(calamine underneath) straight into polars columns. Numeric cells become their shortest
round-trip text, which for the generated data (at most two places) is the number as
written. Prints {indicator: figure}.
"""

import sys

import fastexcel
import polars as pl
from polars_exact import print_figures


def main(argv: list[str]) -> None:
    path, month = argv[1], argv[2] if len(argv) > 2 else "2020-12"
    frame = fastexcel.read_excel(path).load_sheet(0).to_polars()
    frame = frame.with_columns(pl.col("数值").cast(pl.String).str.strip_suffix(".0"))
    print_figures(frame, path, month)


if __name__ == "__main__":
    main(sys.argv)
