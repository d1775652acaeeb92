"""Pandas baseline: kpi's completion figure (实际完成) per indicator, exactly.

Usage: python pandas_sum.py ACTUALS.csv [MONTH]   (MONTH defaults to 2020-12)

Same figure as polars_exact.py (see there). pandas has no exact decimal column type, so the
amounts become integers in units of the smallest place any of them has: float64 times
10**places, rounded, which is exact while every scaled amount is below 2**53 (checked).
"""

import json
import sys
from decimal import Decimal

import pandas as pd
from _kinds import stock_ids


def main(argv: list[str]) -> None:
    path, month = argv[1], argv[2] if len(argv) > 2 else "2020-12"
    frame = pd.read_csv(path, encoding="utf-8", dtype={"月份": str, "数值": str})
    frame = frame[frame["月份"] <= month]
    text = frame["数值"]
    point = text.str.find(".")
    places = int((text.str.len() - point - 1).where(point >= 0, 0).max())
    scaled = text.astype("float64") * 10**places
    if scaled.abs().max() >= 2**53:
        sys.exit("amounts too large to scale exactly in float64")
    frame = frame.assign(scaled=scaled.round().astype("int64"))
    last = frame.groupby(["指标", "填报单位"])["月份"].max()
    as_of = last.groupby(level="指标").min().rename("as_of")
    frame = frame.join(as_of, on="指标")
    stock = frame["指标"].isin(stock_ids(path))
    month_of = frame["月份"]
    wanted = (stock & (month_of == frame["as_of"])) | (~stock & (month_of <= frame["as_of"]))
    sums = frame[wanted].groupby("指标")["scaled"].sum()
    figures = {k: str(Decimal(int(v)).scaleb(-places)) for k, v in sums.items()}
    print(json.dumps(figures, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
