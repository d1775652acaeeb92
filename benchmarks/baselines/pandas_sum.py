"""Pandas baseline: sum 数值 per 指标 over months <= MONTH from a long-layout CSV, print JSON.

Usage: python pandas_sum.py ACTUALS.csv [MONTH]   (MONTH defaults to 2020-12)

Floats, not Decimal: this is the "what a quick pandas script costs" yardstick that
`kpi report --format json` on the same file is measured against, not a reference result.
"""

import json
import sys

import pandas as pd


def main(argv: list[str]) -> None:
    """Read the CSV, filter by month, group, print one JSON object {indicator: sum}."""
    path = argv[1]
    month = argv[2] if len(argv) > 2 else "2020-12"
    # 月份 as text: YYYY-MM strings compare in calendar order, no date parsing needed.
    frame = pd.read_csv(path, encoding="utf-8", dtype={"月份": str})
    selected = frame[frame["月份"] <= month]
    sums = selected.groupby("指标")["数值"].sum()
    print(json.dumps({str(key): float(value) for key, value in sums.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
