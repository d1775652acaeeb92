"""DuckDB baseline with exact decimals: kpi's completion figure (实际完成) per indicator.

Usage: python duckdb_exact.py ACTUALS.csv [MONTH]   (MONTH defaults to 2020-12)

Same figure as polars_exact.py (see there), in SQL with DECIMAL(38, places).
"""

import json
import sys

import duckdb
from _kinds import stock_ids


def main(argv: list[str]) -> None:
    path, month = argv[1], argv[2] if len(argv) > 2 else "2020-12"
    con = duckdb.connect()
    con.execute(
        "create table rows as select * from read_csv(?, all_varchar = true) where 月份 <= ?",
        [path, month],
    )
    places = con.execute(
        "select coalesce(max(length(split_part(数值, '.', 2))), 0) from rows"
    ).fetchone()[0]
    con.execute("create table stocks (id varchar)")
    con.executemany("insert into stocks values (?)", [[s] for s in stock_ids(path)])
    sums = con.execute(
        f"""
        with last as (select 指标, 填报单位, max(月份) as last from rows group by all),
        as_of as (select 指标, min(last) as as_of from last group by all)
        select r.指标, sum(cast(r.数值 as decimal(38, {places})))
        from rows r join as_of a using (指标)
        where case when r.指标 in (select id from stocks) then r.月份 = a.as_of
                   else r.月份 <= a.as_of end
        group by r.指标
        """
    ).fetchall()
    print(json.dumps({k: str(v) for k, v in sums}, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv)
