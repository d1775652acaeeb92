"""The columnar fast path: large long-layout CSV files read into typed columns by polars,
validated vectorised by the very rules of the careful path, and rolled up in the engine.

The careful path (rows.py, one row at a time) says exactly what is wrong and where. This
path only vouches for clean data: every distinct indicator, month, basis, org and unit cell
is judged once by the careful path's own functions, the amounts by vectorised forms of the
same rules. If anything at all would give a problem (an unknown name, a number that is not
plain, a duplicate month, a gap, a conflicting basis …), `read_fast` returns None and the
caller reads the whole folder carefully, so a folder with any problem gives the same
problems as before, word for word.

Amounts are exact scaled integers: a coefficient (Int128) and a scale (decimal places), so
`coef / 10**scale` is the Decimal the careful path would make, digits and exponent alike
(Decimal addition keeps the largest scale of its operands; so does the engine). Unit
conversion by a power of ten is an integer shift with Decimal's own exponent rule.

polars is imported inside the functions: `kpi --help` and small reports never load it.
"""

from __future__ import annotations

import codecs
import csv
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.compute import Facts, SeriesKey
from gongshu_kpi.core.models import ActualSeries, Basis, ExternalRank, Indicator, Kind, Targets
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.problems import Location
from gongshu_kpi.core.rollup import RolledValues, Values
from gongshu_kpi.core.units import UnitError
from gongshu_kpi.loaders.rows import Layout, RowContext, find_columns
from gongshu_kpi.loaders.sources import SourceEntry

if TYPE_CHECKING:
    import polars as pl

# Below this many bytes in a folder the careful path is quicker than importing polars.
FAST_MIN_BYTES = 1 << 20
# Digits the engine takes before leaving a number to the careful path: coefficients stay far
# inside Int128, and sums inside the 28 significant digits Decimal keeps by default.
MAX_INT_DIGITS = 15
MAX_PLACES = 10
DECIMAL_DIGITS = 28
# A column with more distinct cells than this is not a code list: let the careful path read it.
MAX_DISTINCT = 200_000


@dataclass(frozen=True, slots=True)
class FastFile:
    """A file the engine read: where it is (for locations) and its rows as columns."""

    layout: Layout
    frame: pl.DataFrame


def eligible(paths: Sequence[Path], entries: Sequence[SourceEntry | None], min_bytes: int) -> bool:
    """Whether to try the engine: only plain long-layout CSV files, and enough of them."""
    if not paths or any(e is not None for e in entries):
        return False
    if any(p.suffix.lower() != ".csv" for p in paths):
        return False
    try:
        return sum(p.stat().st_size for p in paths) >= min_bytes
    except OSError:
        return False


class Codes:
    """Indicators and orgs as small integers, shared by every file of a folder: grouping on
    integers is several times faster than on text, and no text is kept per row."""

    def __init__(self, ctx: RowContext) -> None:
        self.indicators = {i.id: i for i in ctx.indicators.values()}
        self.ids = list(self.indicators)  # code -> indicator id
        self.id_code = {id_: code for code, id_ in enumerate(self.ids)}
        self.orgs: list[str] = []  # code -> org as the roll-up knows it
        self.org_code: dict[str, int] = {}

    def org(self, name: str) -> int:
        code = self.org_code.get(name)
        if code is None:
            code = self.org_code[name] = len(self.orgs)
            self.orgs.append(name)
        return code

    def where(self, test: Callable[[Indicator], bool]) -> list[int]:
        """Codes of the indicators that pass `test`."""
        return [self.id_code[i] for i, ind in self.indicators.items() if test(ind)]


def read_fast(
    paths: Sequence[Path],
    names: Sequence[str],
    entries: Sequence[SourceEntry | None],
    ctx: RowContext,
    min_bytes: int = FAST_MIN_BYTES,
) -> FastActuals | None:
    """Every file through the engine, or None if any file needs the careful path."""
    if not eligible(paths, entries, min_bytes):
        return None
    codes = Codes(ctx)
    files: list[FastFile] = []
    for number, (path, name) in enumerate(zip(paths, names, strict=True)):
        read = read_csv_columns(path, name, ctx, codes, number)
        if read is None:
            return None
        files.append(read)
    return FastActuals.combine(files, codes)


def read_csv_columns(
    path: Path, shown_as: str, ctx: RowContext, codes: Codes, number: int = 0
) -> FastFile | None:
    """One CSV file as validated columns, or None when the careful path must read it."""
    import polars as pl

    try:
        data = path.read_bytes()
    except OSError:
        return None
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    # Quotes, NUL bytes, lone carriage returns and blank lines all need the careful reader
    # (its quoting rules, its messages, its line numbers): a clean export has none.
    if not data or b'"' in data or b"\x00" in data:
        return None
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    end = data.find(b"\n")
    if end <= 0:
        return None
    try:
        header_text = data[:end].rstrip(b"\r").decode("utf-8")
    except UnicodeDecodeError:
        return None
    header = tuple(next(csv.reader([header_text], skipinitialspace=True)))
    if sum(1 for cell in header if cell.strip()) < 2:
        return None  # a title row or a one-column table: the careful path explains
    columns, problems = find_columns(header, shown_as, Location(shown_as, 1))
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
    if frame.height == 0 or frame.width != len(header):
        return None
    # A missing or empty cell anywhere (a short row, a blank line, an empty value) is left to
    # the careful reader, which tells these apart.
    if sum(frame.null_count().row(0)) != 0:
        return None
    layout = Layout(shown_as, None, columns)
    checked = _validate(frame, columns, ctx, codes)
    if checked is None:
        return None
    # Rows are numbered from the header's line 1, as the csv module numbers them here.
    checked = checked.with_columns(
        row=pl.int_range(2, frame.height + 2, dtype=pl.Int32), file=pl.lit(number, pl.Int16)
    )
    return FastFile(layout, checked)


def _lookup(column: pl.Series, judge: Any, dtype: Any, name: str) -> pl.Series | pl.Expr | None:
    """Each distinct cell judged once by `judge` (None: rejected), mapped back onto rows
    (as a constant when every cell means the same)."""
    import polars as pl

    distinct = column.unique()
    if distinct.len() > MAX_DISTINCT:
        return None
    cells = distinct.to_list()
    verdicts = [judge(cell) for cell in cells]
    if any(verdict is None for verdict in verdicts):
        return None
    if len(set(verdicts)) == 1:
        return pl.lit(verdicts[0], dtype).alias(name)
    # The cells as an Enum of the distinct texts: each row's index into `verdicts`.
    index = column.cast(pl.Enum(cells)).to_physical()
    return pl.Series(name, verdicts, dtype=dtype).gather(index)


def _validate(
    frame: pl.DataFrame, columns: Mapping[str, int], ctx: RowContext, codes: Codes
) -> pl.DataFrame | None:
    """The careful path's checks, vectorised; None as soon as any row would fail one."""
    import polars as pl

    def cell(field: str) -> pl.Series:
        return frame.get_column(f"c{columns[field]}")

    def indicator(text: str) -> int | None:
        found = ctx.indicators.get(ctx.text(text))
        return None if found is None else codes.id_code[found.id]

    def period(text: str) -> int | None:
        found = ctx.period(text)
        if isinstance(found, str):
            return None
        year, first, month = found
        if year not in ctx.years:
            return None
        return year * 10_000 + first * 100 + month  # unpacked below, in the engine

    def basis(text: str) -> bool | None:
        found = ctx.basis(text)
        return None if found is None else found is Basis.YTD

    def org(text: str) -> int | None:
        written = ctx.text(text)
        canonical = ctx.orgs.canonical(written)
        if canonical is None and ctx.orgs.declared:
            return None
        return codes.org(written if canonical is None else canonical)

    ids = _lookup(cell("indicator"), indicator, pl.UInt32, "ind")
    periods = _periods(cell("month"), period)
    ytd = _lookup(cell("basis"), basis, pl.Boolean, "ytd")
    if ids is None or periods is None or ytd is None:
        return None
    if "org" in columns:
        orgs = _lookup(cell("org"), org, pl.UInt32, "org")
        if orgs is None:
            return None
    else:
        whole = org("")
        if whole is None:
            return None
        orgs = pl.lit(whole, pl.UInt32).alias("org")
    value = cell("value").alias("text")
    rows = pl.DataFrame([value]).with_columns(ids, ytd, orgs, *periods)
    if "unit" in columns:
        rows = rows.with_columns(cell("unit").alias("unit"))
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
        ~single
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
    if rows.select(bad.any()).item():
        return None
    rows = rows.drop("plus", "negative", "int_digits", "text", "first").with_columns(
        pl.col("scale").cast(pl.Int8)
    )
    if "unit" in columns:
        return _convert_units(rows, ctx, codes)
    return rows


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


def _convert_units(rows: pl.DataFrame, ctx: RowContext, codes: Codes) -> pl.DataFrame | None:
    """Amounts in a 计量单位 column's unit, into the indicator's: a power of ten only."""
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
    for key in pairs:
        indicator = codes.indicators[codes.ids[key // len(written)]]
        text = ctx.text(written[key % len(written)])
        if not text or text == indicator.unit:
            continue
        try:
            source = ctx.unit(text)
        except UnitError:
            return None
        target = ctx.units[indicator.id]
        if source.dimension != target.dimension:
            return None
        power = _power_of_ten(source.scale / target.scale)
        if power is None:
            return None  # 亩 to 公顷 and the like: the careful path decides
        shifts[key] = power
        # As the careful path does: the display rule needs the finest unit entered.
        if source.scale < ctx.finest_units.get(indicator.id, target).scale:
            ctx.finest_units[indicator.id] = source
    if not any(shifts):
        return rows.drop("unit_code")
    shift = pl.lit(pl.Series(shifts, dtype=pl.Int32)).gather(pair)
    coef, scale = pl.col("coef"), pl.col("scale").cast(pl.Int32)
    # Dividing by 10**k: Decimal keeps the exponent as close to the dividend's as the exact
    # quotient allows, i.e. it drops up to k trailing zeros of the coefficient first (all
    # k of them for a zero). Counted as divisibility by 10, 100, …, without text.
    deepest = -min(shifts)
    zeros = pl.sum_horizontal([(coef % 10**k == 0).cast(pl.Int32) for k in range(1, deepest + 1)])
    down = (-shift).clip(lower_bound=0)
    dropped = pl.min_horizontal(down, zeros) if deepest else pl.lit(0, pl.Int32)
    # Multiplying by 10**k moves the point (units.shift_places): 11.1564200亿 is
    # 111564.200万, so up to k places are given up before any zero is appended.
    up = shift.clip(lower_bound=0)
    moved = pl.min_horizontal(up, scale)
    rows = rows.with_columns(
        coef=pl.when(shift >= 0)
        .then(coef * _pow10(up - moved))
        .otherwise(coef // _pow10(dropped)),
        scale=(scale - moved + down - dropped).cast(pl.Int8),
    ).drop("unit_code")
    if rows.select(pl.col("scale").max()).item() > 2 * MAX_PLACES:
        return None
    return rows


def _power_of_ten(ratio: Fraction) -> int | None:
    """k where ratio == 10**k (k may be negative), else None."""
    for exponent in range(-16, 17):
        if ratio == Fraction(10) ** exponent:
            return exponent
    return None


def _pow2(exponent: pl.Expr) -> pl.Expr:
    """2**exponent as Int64, for exponents 0..13 (month bits)."""
    import polars as pl

    powers = pl.Series([2**k for k in range(14)], dtype=pl.Int64)
    return pl.lit(powers).gather(exponent)


def _pow10(exponent: pl.Expr) -> pl.Expr:
    """10**exponent as Int128, for exponents 0..38."""
    import polars as pl

    powers = pl.Series([10**k for k in range(39)], dtype=pl.Int128)
    return pl.lit(powers).gather(exponent)


class FastActuals:
    """The rows of every file the engine read, checked across files, ready to roll up."""

    def __init__(
        self,
        frame: pl.DataFrame,
        layouts: list[Layout],
        summary: pl.DataFrame,
        scale: int,
        codes: Codes,
    ) -> None:
        self.frame = frame  # one row per value, `seq` in reading order
        self.layouts = layouts
        self.summary = summary  # one row per series (indicator, org, year), in reading order
        self.scale = scale  # `aligned` is every amount at this many decimal places
        self.codes = codes
        self._sorted: pl.DataFrame | None = None
        self._offsets: dict[tuple[int, int], tuple[int, int]] = {}

    @classmethod
    def combine(cls, files: list[FastFile], codes: Codes) -> FastActuals | None:
        """The files' rows together, or None if any series has a problem."""
        import polars as pl

        frame = pl.concat([f.frame for f in files], how="vertical_relaxed").with_row_index("seq")
        top = int(frame.get_column("scale").max() or 0)  # type: ignore[arg-type]
        # One integer per series (indicator, org, year): the cheapest thing to group by.
        series = (
            pl.col("ind").cast(pl.Int64) * 2**40
            + pl.col("org").cast(pl.Int64) * 2**12
            + (pl.col("year").cast(pl.Int64) - 1900)
        )
        frame = frame.with_columns(
            aligned=pl.col("coef") * _pow10(top - pl.col("scale").cast(pl.Int32)), series=series
        )
        month = pl.col("month").cast(pl.Int32)
        summary = (
            frame.group_by("series")
            .agg(
                pl.col("ind").first(),
                pl.col("org").first(),
                pl.col("year").first(),
                n=pl.len().cast(pl.Int32),
                first=month.min(),
                last=month.max(),
                ytd_rows=pl.col("ytd").sum().cast(pl.Int32),
                # One bit per month: n rows whose bits add up to n distinct bits are n
                # distinct months (a repeated month carries into another bit).
                bits=_pow2(month).sum(),
                seq=pl.col("seq").min(),
                size=pl.col("aligned").abs().sum(),
                # Each amount, and so each sum of at most 10**10 of them, within Int128.
                largest=pl.col("aligned").abs().max(),
            )
            .sort("seq")
        )
        flows = codes.where(lambda i: i.kind is Kind.FLOW)
        summary = summary.with_columns(
            ytd=pl.col("ytd_rows") > 0, flow=pl.col("ind").is_in(flows)
        )
        first, last, n = pl.col("first"), pl.col("last"), pl.col("n")
        monthly_flow = pl.col("flow") & ~pl.col("ytd")
        problem = (
            ((pl.col("ytd_rows") > 0) & (pl.col("ytd_rows") < n))  # 当月 and 累计 in one series
            | (pl.col("bits") != _pow2(last + 1) - _pow2(first))  # a month twice, or a gap
            | (last - first + 1 != n)
            # A flow's monthly amounts must start in January (else: an error, not a warning).
            | (monthly_flow & (first != 1))
            | (pl.col("largest") >= 10**DECIMAL_DIGITS)
        )
        if summary.select(problem.any()).item():
            return None
        whole = codes.org_code.get(WHOLE, -1)
        groups = summary.group_by("ind", "year").agg(
            whole=(pl.col("org") == whole).any(),
            orgs=(pl.col("org") != whole).any(),
            size=pl.col("size").sum(),
        )
        # The whole's own figure beside its orgs' needs the roll-up's comparison; a sum past
        # Decimal's 28 digits would round there: both are left to the careful path.
        too_much = (pl.col("whole") & pl.col("orgs")) | (pl.col("size") >= 10**DECIMAL_DIGITS)
        if groups.select(too_much.any()).item():
            return None
        # A year-to-date flow that decreases is a problem (unless negatives are allowed).
        steady = codes.where(lambda i: i.kind is Kind.FLOW and not i.allow_negative)
        ytd_rows = frame.filter(pl.col("ytd") & pl.col("ind").is_in(steady))
        if ytd_rows.height:
            ytd_rows = ytd_rows.sort("series", "month")
            same = pl.col("series") == pl.col("series").shift()
            if ytd_rows.select((same & (pl.col("aligned").diff() < 0)).any()).item():
                return None
        frame = frame.drop("series")
        return cls(frame, [f.layout for f in files], summary, top, codes)

    def series(self) -> list[ActualSeries]:
        """Every series as the careful builder would finish it (for declared org trees)."""
        found: list[ActualSeries] = []
        for ind, year in self._group_keys():
            found.extend(self._materialise(ind, year).values())
        return found

    def _group_keys(self) -> list[tuple[int, int]]:
        keys = self.summary.select("ind", "year").unique(maintain_order=True)
        return list(keys.iter_rows())

    def _materialise(self, ind: int, year: int) -> dict[str, ActualSeries]:
        """One indicator and year's series, by org in reading order (as the builder's)."""
        if self._sorted is None:
            # Once, when some org's own series is first asked for: every series in a run.
            self._sorted = self.frame.sort("ind", "year", "org", "month")
            bounds = self._sorted.group_by("ind", "year", maintain_order=True).len()
            start = 0
            for key_ind, key_year, count in bounds.iter_rows():
                self._offsets[key_ind, key_year] = (start, count)
                start += count
        start, count = self._offsets[ind, year]
        part = self._sorted.slice(start, count).select(
            "org", "month", "ytd", "coef", "scale", "row", "file", "seq"
        )
        records: dict[int, list[tuple[Any, ...]]] = {}
        for record in part.iter_rows():
            records.setdefault(record[0], []).append(record)
        in_order = sorted(records, key=lambda o: min(r[7] for r in records[o]))
        orgs, id_ = self.codes.orgs, self.codes.ids[ind]
        return {orgs[org]: self._one(id_, year, records[org]) for org in in_order}

    def _one(self, ind: str, year: int, records: list[tuple[Any, ...]]) -> ActualSeries:
        first = min(records, key=lambda r: r[7])  # the row the careful builder met first
        place = self.layouts[first[6]]
        rows = array("Q", bytes(8 * 13))
        places: dict[int, Layout] | None = None
        values: dict[int, Decimal] = {}
        for _, month, _, coef, scale, row, file, _ in records:
            values[month] = Decimal(coef).scaleb(-scale)
            rows[month] = row
            if file != first[6]:
                if places is None:
                    places = {}
                places[month] = self.layouts[file]
        return ActualSeries.model_construct(
            indicator_id=ind,
            org=self.codes.orgs[first[0]],
            year=year,
            basis=Basis.YTD if first[2] else Basis.MONTH,
            values=values,
            sources=_source_map(rows, place, places),
            covers={},
        )

    def facts(
        self, targets: Targets, orgs: OrgTree, ranks: Sequence[ExternalRank] = ()
    ) -> Facts:
        """Facts with the whole's figures summed in the engine (undeclared org trees only);
        each org's own series is made only when something (by org, explain) reads it."""
        import polars as pl

        summary = self.summary
        names = self.codes.orgs
        seen = summary.get_column("org").unique(maintain_order=True).to_list()
        tree = orgs.with_orgs(names[code] for code in seen)
        position = {org: i for i, org in enumerate(tree.post_order())}
        # The months every org with data has reached: where the whole's sum is known.
        spans = summary.group_by("ind", "year", maintain_order=True).agg(
            lo=pl.col("first").max(),
            hi=pl.col("last").min(),
            latest=pl.col("last").max(),
            orgs=pl.col("org"),
        )
        whole = self._whole(spans.select("ind", "year", "lo", "hi"), targets)
        kinds = {i.id: i.kind for i in targets.indicators}
        raw: dict[SeriesKey, Mapping[str, ActualSeries]] = {}
        values: dict[SeriesKey, RolledValues] = {}
        for ind, year, _, _, latest, members in spans.iter_rows():
            id_ = self.codes.ids[ind]
            group = _LazyGroup(self, ind, year, [names[code] for code in members])
            raw[id_, year] = group
            rolled = _EngineRolled(kinds[id_], group, latest)
            for org in sorted((o for o in group if o != WHOLE), key=position.__getitem__):
                rolled.derive(org)
            sums = whole.get((ind, year))
            if sums:
                rolled.keep(WHOLE, sums)
            values[id_, year] = rolled
        return Facts(targets, tree, raw, values, tuple(ranks))

    def _whole(self, spans: pl.DataFrame, targets: Targets) -> dict[tuple[int, int], Values]:
        """The whole's year-to-date value per indicator, year and month: each month's
        amounts summed across orgs first, then (monthly amounts of a flow) run from January.
        Decimal's sum keeps the largest scale of its terms; so does each step here."""
        import polars as pl

        flows = self.codes.where(lambda i: i.kind is Kind.FLOW)
        months = (
            self.frame.group_by("ind", "year", "ytd", "month")
            .agg(total=pl.col("aligned").sum(), scale=pl.col("scale").max().cast(pl.Int32))
            .sort("ind", "year", "ytd", "month")
        )
        running = pl.col("ind").is_in(flows) & ~pl.col("ytd")
        part = ["ind", "year", "ytd"]
        months = months.with_columns(
            total=pl.when(running).then(pl.col("total").cum_sum().over(part)).otherwise("total"),
            scale=pl.when(running).then(pl.col("scale").cum_max().over(part)).otherwise("scale"),
        )
        summed = (
            months.join(spans, on=["ind", "year"])
            .filter((pl.col("month") >= pl.col("lo")) & (pl.col("month") <= pl.col("hi")))
            .group_by("ind", "year", "month")
            .agg(pl.col("total").sum(), pl.col("scale").max())
            .with_columns(coef=pl.col("total") // _pow10(self.scale - pl.col("scale")))
            .sort("ind", "year", "month")
        )
        found: dict[tuple[int, int], Values] = {}
        for ind, year, month, coef, scale in summed.select(
            "ind", "year", "month", "coef", "scale"
        ).iter_rows():
            found.setdefault((ind, year), {})[month] = Decimal(coef).scaleb(-scale)
        return found


def _source_map(rows: array[int], place: Layout, places: dict[int, Layout] | None) -> Any:
    from gongshu_kpi.core.models import SourceMap

    return SourceMap(rows, place, places)  # type: ignore[arg-type]


class _LazyGroup(Mapping[str, ActualSeries]):
    """One indicator and year's series by org, made from the columns on first reading."""

    __slots__ = ("_ind", "_orgs", "_series", "_store", "_year")

    def __init__(self, store: FastActuals, ind: int, year: int, orgs: list[str]) -> None:
        self._store = store
        self._ind = ind
        self._year = year
        self._orgs = orgs
        self._series: dict[str, ActualSeries] | None = None

    def _made(self) -> dict[str, ActualSeries]:
        if self._series is None:
            self._series = self._store._materialise(self._ind, self._year)
        return self._series

    def __getitem__(self, org: str) -> ActualSeries:
        return self._made()[org]

    def __contains__(self, org: object) -> bool:
        return org in self._orgs

    def __iter__(self) -> Iterator[str]:
        return iter(self._orgs)

    def __len__(self) -> int:
        return len(self._orgs)


class _EngineRolled(RolledValues):
    """RolledValues whose whole was summed in the engine, and whose latest month is known."""

    __slots__ = ("_latest_month",)

    def __init__(self, kind: Kind, raw: Mapping[str, ActualSeries], latest: int) -> None:
        super().__init__(kind, raw)
        self._latest_month = latest

    def latest(self) -> int | None:
        return self._latest_month if self._values else None
