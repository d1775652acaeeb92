"""The columnar fast path: large long-layout CSV files (and .xlsx: columnar_xlsx.py) read
into typed columns by polars, validated vectorised by the very rules of the careful path, and
rolled up in the engine.

The careful path (rows.py, one row at a time) says exactly what is wrong and where. This
path only vouches for clean data: every distinct indicator, month, basis, org and unit cell
is judged once by the careful path's own functions, the amounts by vectorised forms of the
same rules. A row any check rejects (an unknown name, a number that is not plain, 万 in a
cell …) is left to the careful path, and so is every row of a series with a problem across
rows (a duplicate month, a gap, a conflicting basis …); a file the engine cannot read as a
plain table (quotes, blank cells, a title row …) is read carefully whole. The rest stays in
columns (columnar_mixed.py puts the two together), so a folder with any problem gives the
same problems as the careful path alone, word for word.

Amounts are exact scaled integers: a coefficient (Int128) and a scale (decimal places), so
`coef / 10**scale` is the Decimal the careful path would make, digits and exponent alike
(Decimal addition keeps the largest scale of its operands; so does the engine). Unit
conversion by a power of ten is an integer shift with Decimal's own exponent rule.

polars is imported inside the functions: `kpi --help` and small reports never load it.
"""

from __future__ import annotations

import codecs
import csv
from collections.abc import Mapping, Sequence
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.models import Basis, Indicator
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.units import UnitError
from gongshu_kpi.core.vocabulary import RowField
from gongshu_kpi.loaders.columnar_store import Codes, FastActuals, FastFile, pow10
from gongshu_kpi.loaders.rows import Layout, RowContext, find_columns

if TYPE_CHECKING:
    import polars as pl

    from gongshu_kpi.loaders.sources import SourceEntry

# FastActuals lives in columnar_store.py; read_fast is the engine alone (the tests' view),
# columnar_mixed.read_columnar the engine with the careful path (the pipeline's).
__all__ = [
    "FAST_MIN_BYTES",
    "FastActuals",
    "read_csv_columns",
    "read_fast",
    "read_file_columns",
    "validate_columns",
]

# Below this many bytes in a folder the careful path is quicker than importing polars.
FAST_MIN_BYTES = 1 << 20
# Digits the engine takes before leaving a number to the careful path: coefficients stay far
# inside Int128, and sums inside the 28 significant digits Decimal keeps by default.
MAX_INT_DIGITS = 15
MAX_PLACES = 10
# A column with more distinct cells than this is not a code list: let the careful path read it.
MAX_DISTINCT = 200_000


def read_fast(
    paths: Sequence[Path],
    names: Sequence[str],
    entries: Sequence[SourceEntry | None],
    ctx: RowContext,
    min_bytes: int = FAST_MIN_BYTES,
) -> FastActuals | None:
    """Every file through the engine, or None unless the engine vouches for every row."""
    from gongshu_kpi.loaders.columnar_mixed import read_columnar

    listing = list(zip(paths, names, entries, strict=True))
    read = read_columnar(listing, ctx, min_bytes, mixed=False)
    return None if read is None or not read.clean else read.store


def read_file_columns(
    path: Path, name: str, ctx: RowContext, codes: Codes, number: int
) -> FastFile | None:
    """One file through the engine (its good rows, and the numbers of the rows it leaves to
    the careful path), or None when the careful path must read it whole."""
    if path.suffix.lower() == ".xlsx":
        from gongshu_kpi.loaders.columnar_xlsx import read_xlsx_columns

        return read_xlsx_columns(path, name, ctx, codes, number)
    return read_csv_columns(path, name, ctx, codes, number)


def _clean_export(path: Path) -> bytes | None:
    """The file's bytes (without a BOM) when they are a clean export, else None.

    Quotes, NUL bytes, lone carriage returns and blank lines all need the careful reader
    (its quoting rules, its messages, its line numbers): a clean export has none."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data or b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    return data


def _csv_header(data: bytes) -> tuple[str, ...] | None:
    """The first line's cells; None when there is no line end, it is not UTF-8, or it is a
    title row or a one-column table (the careful path explains those)."""
    end = data.find(b"\n")
    if end <= 0:
        return None
    try:
        header_text = data[:end].rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = tuple(next(csv.reader([header_text], skipinitialspace=True)))
    return header if sum(1 for cell in header if cell.strip()) > 1 else None


def read_csv_columns(
    path: Path, shown_as: str, ctx: RowContext, codes: Codes, number: int = 0
) -> FastFile | None:
    """One CSV file as validated columns, or None when the careful path must read it."""
    import polars as pl

    data = _clean_export(path)
    header = None if data is None else _csv_header(data)
    if data is None or header is None:
        return None
    columns, problems = find_columns(header, Location(shown_as, 1))
    if columns is None or problems:
        return None
    names = [f"c{i}" for i in range(len(header))]
    try:
        frame = pl.read_csv(
            data,
            has_header=False,
            skip_rows=1,
            new_columns=names,
            infer_schema=False,
            quote_char=None,
            encoding="utf8",
            raise_if_empty=False,
        )
    except (pl.exceptions.PolarsError, ValueError):
        return None  # invalid UTF-8, a ragged row …: the careful reader says where
    del data
    # A missing or empty cell anywhere (a short row, a blank line, an empty value) is left to
    # the careful reader, which tells these apart.
    if frame.height == 0 or frame.width != len(header) or sum(frame.null_count().row(0)) != 0:
        return None
    layout = Layout(shown_as, None, columns)
    checked = validate_columns(frame, columns, ctx, codes)
    if checked is None:
        return None
    good, bad = checked
    return FastFile(layout, good.with_columns(file=pl.lit(number, pl.Int16)), bad, number)


def _lookup(column: pl.Series, judge: Any, dtype: Any, name: str) -> pl.Series | pl.Expr | None:
    """Each distinct cell judged once by `judge`, mapped back onto rows (as a constant when
    every cell means the same); null where the judge rejects the cell (None: too many
    distinct cells to judge)."""
    import polars as pl

    distinct = column.unique()
    if distinct.len() > MAX_DISTINCT:
        return None
    cells = distinct.to_list()
    verdicts = [judge(cell) for cell in cells]
    if len(set(verdicts)) == 1:
        return pl.lit(verdicts[0], dtype).alias(name)
    # The cells as an Enum of the distinct texts: each row's index into `verdicts`.
    index = column.cast(pl.Enum(cells)).to_physical()
    return pl.Series(name, verdicts, dtype=dtype).gather(index)


class _Judge:
    """The careful path's verdict on one distinct cell, as the engine's code for it (None:
    the cell would give a problem, so the careful path must read the file)."""

    def __init__(self, ctx: RowContext, codes: Codes) -> None:
        self.ctx = ctx
        self.codes = codes

    def indicator(self, text: str) -> int | None:
        found = self.ctx.indicators.get(self.ctx.text(text))
        return None if found is None else self.codes.id_code[found.id]

    def period(self, text: str) -> int | None:
        found = self.ctx.period(text)
        if isinstance(found, str):
            return None
        year, first, month = found
        if year not in self.ctx.years:
            return None
        return year * 10_000 + first * 100 + month  # unpacked below, in the engine

    def basis(self, text: str) -> bool | None:
        found = self.ctx.basis(text)
        return None if found is None else found is Basis.YTD

    def org(self, text: str) -> int | None:
        written = self.ctx.text(text)
        canonical = self.ctx.orgs.canonical(written)
        if canonical is None and self.ctx.orgs.declared:
            return None
        return self.codes.org(written if canonical is None else canonical)


def validate_columns(
    frame: pl.DataFrame, columns: Mapping[str, int], ctx: RowContext, codes: Codes
) -> tuple[pl.DataFrame, list[int]] | None:
    """The careful path's checks, vectorised, on cells as text in columns c0, c1 …: the rows
    that pass every one (numbered from 2, under the header), and the numbers of those left
    to the careful path; None when the columns cannot be judged at all."""
    import polars as pl

    def cell(field: str) -> pl.Series:
        return frame.get_column(f"c{columns[field]}")

    judge = _Judge(ctx, codes)
    ids = _lookup(cell(RowField.INDICATOR), judge.indicator, pl.UInt32, "ind")
    periods = _periods(cell(RowField.MONTH), judge.period)
    ytd = _lookup(cell(RowField.BASIS), judge.basis, pl.Boolean, "ytd")
    if ids is None or periods is None or ytd is None:
        return None
    if RowField.ORG in columns:
        orgs = _lookup(cell(RowField.ORG), judge.org, pl.UInt32, "org")
        if orgs is None:
            return None
    else:
        whole = judge.org("")
        if whole is None:
            return None
        orgs = pl.lit(whole, pl.UInt32).alias("org")
    value = cell(RowField.VALUE).alias("text")
    rows = pl.DataFrame([value]).with_columns(
        ids, ytd, orgs, *periods, row=pl.int_range(2, frame.height + 2, dtype=pl.Int32)
    )
    if RowField.UNIT in columns:
        rows = rows.with_columns(cell(RowField.UNIT).alias("unit"))
    checked = _plain_amounts(rows, codes)
    good = checked.filter(~pl.col("bad"))
    bad = checked.filter(pl.col("bad")).get_column("row").to_list()
    good = good.drop("bad")
    if RowField.UNIT not in columns:
        return good, bad
    converted = _convert_units(good, ctx, codes)
    if converted is None:
        return None
    good, refused = converted
    return good, sorted(bad + refused) if refused else bad


def _plain_amounts(rows: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    """The amounts as exact scaled integers, and a column `bad`: a cell the judges refused,
    an amount that is not a plain number the careful path accepts, or a row covering more
    than one month."""
    import polars as pl

    # A single month, or a 1-N月 year-to-date window; a combined monthly release (1-2月 当月)
    # and a year-to-date window not from January go to the careful path.
    single = (pl.col("first") == pl.col("month")) | (pl.col("ytd") & (pl.col("first") == 1))
    text = pl.col("text")
    point = text.str.find(".", literal=True)  # null when there is none
    length = text.str.len_bytes().cast(pl.Int32)
    negative = text.str.starts_with("-")
    rows = rows.with_columns(
        # rows.py's plain-number rule, -?[0-9]+(.[0-9]+)?, without a regex pass: the text
        # less its first point must be an ASCII integer (a second point, a space, a letter,
        # a ٣ all fail to_integer), with no "+", and a digit on either side of the point.
        plus=text.str.starts_with("+"),
        negative=negative,
        scale=pl.when(point.is_null()).then(0).otherwise(length - point - 1).cast(pl.Int32),
        int_digits=point.fill_null(length).cast(pl.Int32) - negative.cast(pl.Int32),
        coef=text.str.replace(".", "", literal=True).str.to_integer(dtype=pl.Int128, strict=False),
    )
    allowed = codes.where(lambda i: i.allow_negative)
    bad = (
        pl.any_horizontal(pl.col("ind", "ytd", "org", "year").is_null())
        | ~single.fill_null(value=False)
        | pl.col("coef").is_null()
        | pl.col("plus")
        | (pl.col("int_digits") < 1)
        | (pl.col("scale") == 0) & point.is_not_null()
        | (pl.col("int_digits") > MAX_INT_DIGITS)
        | (pl.col("scale") > MAX_PLACES)
        # "-0.00" is a negative zero Decimal: the careful path keeps its sign.
        | (pl.col("negative") & (pl.col("coef") == 0))
        | ((pl.col("coef") < 0) & ~pl.col("ind").is_in(allowed))
    )
    return (
        rows.with_columns(bad=bad.fill_null(value=True))
        .drop("plus", "negative", "int_digits", "text", "first")
        .with_columns(pl.col("scale").cast(pl.Int8))
    )


def _periods(column: pl.Series, judge: Any) -> list[pl.Expr] | None:
    """Year, first month and month columns of the month cells (judged once per distinct)."""
    import polars as pl

    packed = _lookup(column, judge, pl.Int32, "period")
    if packed is None:
        return None
    value = packed if isinstance(packed, pl.Expr) else pl.lit(packed)
    return [
        (value // 10_000).cast(pl.Int16).alias("year"),
        (value // 100 % 100).cast(pl.Int8).alias("first"),
        (value % 100).cast(pl.Int8).alias("month"),
    ]


def _convert_units(
    rows: pl.DataFrame, ctx: RowContext, codes: Codes
) -> tuple[pl.DataFrame, list[int]] | None:
    """Amounts in a 计量单位 column's unit, into the indicator's (a power of ten only), and
    the numbers of the rows left to the careful path (a unit it refuses or converts
    otherwise)."""
    import polars as pl

    units = rows.get_column("unit").unique()
    if units.len() > MAX_DISTINCT:
        return None
    written = units.to_list()
    rows = rows.with_columns(
        unit_code=pl.col("unit").cast(pl.Enum(written)).to_physical().cast(pl.Int64)
    ).drop("unit")
    # One integer per (indicator, unit) pair: its shift is judged once.
    pair = pl.col("ind").cast(pl.Int64) * len(written) + pl.col("unit_code")
    pairs = rows.select(pair.alias("pair")).get_column("pair").unique().to_list()
    shifts = [0] * (len(codes.ids) * len(written))
    refused: list[int] = []
    for key in pairs:
        indicator = codes.indicators[codes.ids[key // len(written)]]
        power = _shift_of(ctx.text(written[key % len(written)]), indicator, ctx)
        if power is None:
            refused.append(key)
        else:
            shifts[key] = power
    left: list[int] = []
    if refused:
        left = rows.filter(pair.is_in(refused)).get_column("row").to_list()
        rows = rows.filter(~pair.is_in(refused))
    if not any(shifts):
        return rows.drop("unit_code"), left
    rows = _shifted(rows, shifts, pair)
    # Past 20 places a sum could leave Decimal's digits: the careful path rounds there.
    too_fine = pl.col("scale") > 2 * MAX_PLACES
    left += rows.filter(too_fine).get_column("row").to_list()
    return rows.filter(~too_fine), sorted(left)


def _shift_of(text: str, indicator: Indicator, ctx: RowContext) -> int | None:
    """The power of ten from a unit cell's unit to the indicator's (0: its own), or None
    when the careful path must decide (an unknown unit, another dimension, 亩 to 公顷)."""
    if not text or text == indicator.unit:
        return 0
    try:
        source = ctx.unit(text)
    except UnitError:
        return None
    target = ctx.units[indicator.id]
    if source.dimension != target.dimension:
        return None
    power = _power_of_ten(source.scale / target.scale)
    if power is not None and source.scale < ctx.finest_units.get(indicator.id, target).scale:
        # As the careful path does: the display rule needs the finest unit entered.
        ctx.finest_units[indicator.id] = source
    return power


def _shifted(rows: pl.DataFrame, shifts: list[int], pair: pl.Expr) -> pl.DataFrame:
    """Each amount shifted by its (indicator, unit) pair's power of ten, as Decimal does."""
    import polars as pl

    shift = pl.lit(pl.Series(shifts, dtype=pl.Int32)).gather(pair)
    coef, scale = pl.col("coef"), pl.col("scale").cast(pl.Int32)
    # Dividing by 10**k: Decimal keeps the exponent as close to the dividend's as the exact
    # quotient allows, i.e. it drops up to k trailing zeros of the coefficient first (all
    # k of them for a zero). Counted as divisibility by 10, 100, …, without text.
    deepest = -min(shifts)
    tests = [(coef % 10**k == 0).cast(pl.Int32) for k in range(1, deepest + 1)]
    zeros = pl.sum_horizontal(tests) if tests else pl.lit(0, pl.Int32)  # (no sum of nothing)
    down = (-shift).clip(lower_bound=0)
    dropped = pl.min_horizontal(down, zeros) if deepest else pl.lit(0, pl.Int32)
    # Multiplying by 10**k moves the point (units.shift_places): 11.1564200亿 is
    # 111564.200万, so up to k places are given up before any zero is appended.
    up = shift.clip(lower_bound=0)
    moved = pl.min_horizontal(up, scale)
    return rows.with_columns(
        coef=pl.when(shift >= 0).then(coef * pow10(up - moved)).otherwise(coef // pow10(dropped)),
        scale=(scale - moved + down - dropped).cast(pl.Int8),
    ).drop("unit_code")


def _power_of_ten(ratio: Fraction) -> int | None:
    """k where ratio == 10**k (k may be negative), else None."""
    for exponent in range(-16, 17):
        if ratio == Fraction(10) ** exponent:
            return exponent
    return None
