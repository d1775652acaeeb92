"""The columnar engine's store: the rows of every file it read, as polars columns, checked
across files and rolled up in the engine (the whole's sums), with each org's own series made
only when something reads it. Amounts are exact scaled integers (see columnar.py)."""

from __future__ import annotations

from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from gongshu_kpi.core.figures.facts import Facts, SeriesKey
from gongshu_kpi.core.models import (
    ActualSeries,
    Basis,
    ExternalRank,
    Indicator,
    Kind,
    SourceMap,
    Targets,
)
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.rollup import RolledValues, Values

if TYPE_CHECKING:
    import polars as pl

    from gongshu_kpi.loaders.rows import Layout, RowContext

# Sums stay inside the 28 significant digits Decimal keeps by default.
DECIMAL_DIGITS = 28


@dataclass(frozen=True, slots=True)
class FastFile:
    """A file the engine read: where it is (for locations), the rows it vouches for as
    columns, and the numbers of the rows it leaves to the careful path."""

    layout: Layout
    frame: pl.DataFrame
    bad: Sequence[int] = ()
    number: int = 0  # the file's place in the folder's reading order


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


def _pow2(exponent: pl.Expr) -> pl.Expr:
    """2**exponent as Int64, for exponents 0..13 (month bits)."""
    import polars as pl

    powers = pl.Series([2**k for k in range(14)], dtype=pl.Int64)
    return pl.lit(powers).gather(exponent)


def pow10(exponent: pl.Expr) -> pl.Expr:
    """10**exponent as Int128, for exponents 0..38."""
    import polars as pl

    powers = pl.Series([10**k for k in range(39)], dtype=pl.Int128)
    return pl.lit(powers).gather(exponent)


class FastActuals:
    """The rows of every file the engine read, checked across files, ready to roll up."""

    def __init__(
        self,
        frame: pl.DataFrame,
        layouts: Mapping[int, Layout],
        summary: pl.DataFrame,
        scale: int,
        codes: Codes,
    ) -> None:
        self.frame = frame  # one row per value, `seq` in reading order
        self.layouts = layouts
        self.summary = summary  # one row per series (indicator, org, year), in reading order
        self.scale = scale  # `aligned` is every amount at this many decimal places
        self.codes = codes
        # Series (indicator, org, year codes) with a problem across rows: the careful
        # builder must take their rows. `engine_ok`: no problem only the roll-up can word.
        self.flagged: set[tuple[int, int, int]] = set()
        self.engine_ok = True
        self._sorted: pl.DataFrame | None = None
        self._offsets: dict[tuple[int, int], tuple[int, int]] = {}

    @property
    def clean(self) -> bool:
        """Whether the engine's own roll-up may compute the facts."""
        return self.engine_ok and not self.flagged

    @classmethod
    def combine(cls, files: list[FastFile], codes: Codes) -> FastActuals:
        """The files' rows together, with the series the careful builder must take."""
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
            aligned=pl.col("coef") * pow10(top - pl.col("scale").cast(pl.Int32)), series=series
        )
        summary = _summary(frame, codes)
        flagged, engine_ok = _flagged(frame, summary, codes)
        frame = frame.drop("series")
        store = cls(frame, {f.number: f.layout for f in files}, summary, top, codes)
        store.flagged, store.engine_ok = flagged, engine_ok
        return store

    def series(self) -> list[ActualSeries]:
        """Every series as the careful builder would finish it (for declared org trees)."""
        return [s for _, s in self.placed_series()]

    def placed_series(
        self, skip: AbstractSet[tuple[int, int, int]] = frozenset()
    ) -> list[tuple[tuple[int, int], ActualSeries]]:
        """Each series but those in `skip` (indicator, org, year codes), with where its
        first row is (file number, row)."""
        found: list[tuple[tuple[int, int], ActualSeries]] = []
        for ind, year in self._group_keys():
            found.extend(self._materialise(ind, year, skip).values())
        return found

    def _group_keys(self) -> list[tuple[int, int]]:
        keys = self.summary.select("ind", "year").unique(maintain_order=True)
        return list(keys.iter_rows())

    def _materialise(
        self, ind: int, year: int, skip: AbstractSet[tuple[int, int, int]] = frozenset()
    ) -> dict[str, tuple[tuple[int, int], ActualSeries]]:
        """One indicator and year's series, by org in reading order (as the builder's),
        each with its first row's place."""
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
            if (ind, record[0], year) not in skip:
                records.setdefault(record[0], []).append(record)
        in_order = sorted(records, key=lambda o: min(r[7] for r in records[o]))
        orgs, id_ = self.codes.orgs, self.codes.ids[ind]
        made: dict[str, tuple[tuple[int, int], ActualSeries]] = {}
        for org in in_order:
            first = min(records[org], key=lambda r: r[7])  # the row the builder met first
            made[orgs[org]] = ((first[6], first[5]), self._one(id_, year, records[org], first))
        return made

    def _one(
        self, ind: str, year: int, records: list[tuple[Any, ...]], first: tuple[Any, ...]
    ) -> ActualSeries:
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
        return ActualSeries(
            indicator_id=ind,
            org=self.codes.orgs[first[0]],
            year=year,
            basis=Basis.YTD if first[2] else Basis.MONTH,
            values=values,
            sources=_source_map(rows, place, places),
            covers={},
        )

    def facts(self, targets: Targets, orgs: OrgTree, ranks: Sequence[ExternalRank] = ()) -> Facts:
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
        whole = self._whole(spans.select("ind", "year", "lo", "hi"))
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

    def _whole(self, spans: pl.DataFrame) -> dict[tuple[int, int], Values]:
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
            .with_columns(coef=pl.col("total") // pow10(self.scale - pl.col("scale")))
            .sort("ind", "year", "month")
        )
        found: dict[tuple[int, int], Values] = {}
        for ind, year, month, coef, scale in summed.select(
            "ind", "year", "month", "coef", "scale"
        ).iter_rows():
            found.setdefault((ind, year), {})[month] = Decimal(coef).scaleb(-scale)
        return found


def _summary(frame: pl.DataFrame, codes: Codes) -> pl.DataFrame:
    """One row per series (indicator, org, year), in reading order, with what the checks
    across rows need."""
    import polars as pl

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
    return summary.with_columns(ytd=pl.col("ytd_rows") > 0, flow=pl.col("ind").is_in(flows))


def _flagged(
    frame: pl.DataFrame, summary: pl.DataFrame, codes: Codes
) -> tuple[set[tuple[int, int, int]], bool]:
    """The series with a problem only the careful path can word (a month twice, a gap, 当月
    and 累计 mixed, a sum past Decimal's digits …), and whether the engine's roll-up may
    compute the facts (not when the whole's own figure sits beside its orgs', a sum could
    leave Decimal's digits or a year-to-date flow decreases: the roll-up's checks word it)."""
    import polars as pl

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
    flagged = {
        (ind, org, year)
        for ind, org, year in summary.filter(problem).select("ind", "org", "year").iter_rows()
    }
    return flagged, not _roll_up_needed(frame, summary, codes)


def _roll_up_needed(frame: pl.DataFrame, summary: pl.DataFrame, codes: Codes) -> bool:
    import polars as pl

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
        return True
    # A year-to-date flow that decreases is a problem (unless negatives are allowed).
    steady = codes.where(lambda i: i.kind is Kind.FLOW and not i.allow_negative)
    ytd_rows = frame.filter(pl.col("ytd") & pl.col("ind").is_in(steady))
    if ytd_rows.height:
        ytd_rows = ytd_rows.sort("series", "month")
        same = pl.col("series") == pl.col("series").shift()
        return bool(ytd_rows.select((same & (pl.col("aligned").diff() < 0)).any()).item())
    return False


def _source_map(rows: array[int], place: Layout, places: dict[int, Layout] | None) -> Any:
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
            made = self._store._materialise(self._ind, self._year)
            self._series = {org: series for org, (_, series) in made.items()}
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
