"""Polars baseline with exact decimals: kpi's completion figure (实际完成) per indicator.

Usage: python polars_exact.py ACTUALS.csv [MONTH]   (MONTH defaults to 2020-12)

The figure kpi reports for the whole, as kpi computes it: each indicator as of its own latest
month with data from every org (the months all orgs have reached), a flow summed from
January, a stock taken at that month; amounts as exact decimals. Prints {indicator: figure}.
"""

import json
import sys

import polars as pl
from _kinds import stock_ids


def main(argv: list[str]) -> None:
    path, month = argv[1], argv[2] if len(argv) > 2 else "2020-12"
    print_figures(pl.read_csv(path, infer_schema=False), path, month)


def print_figures(frame: pl.DataFrame, path: str, month: str) -> None:
    """The figures of a table of text cells (also fastexcel_exact.py's, for .xlsx)."""
    frame = frame.filter(pl.col("月份") <= month)
    places = frame.select(
        pl.col("数值").str.split_exact(".", 1).struct.field("field_1").str.len_chars().max()
    ).item()
    frame = frame.with_columns(pl.col("数值").str.to_decimal(scale=places or 0))
    # As of the latest month every org of the indicator has reached.
    as_of = frame.group_by("指标", "填报单位").agg(last=pl.col("月份").max())
    as_of = as_of.group_by("指标").agg(as_of=pl.col("last").min())
    stock = pl.col("指标").is_in(list(stock_ids(path)))
    wanted = (
        pl.when(stock)
        .then(pl.col("月份") == pl.col("as_of"))
        .otherwise(pl.col("月份") <= pl.col("as_of"))
    )
    sums = frame.join(as_of, on="指标").filter(wanted).group_by("指标").agg(pl.col("数值").sum())
    print(json.dumps({k: str(v) for k, v in sums.iter_rows()}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
