"""The columnar engine and the careful path on one folder: each file goes through the engine
(columnar.py); the rows it cannot vouch for, and files it cannot read as a plain table, go
through the careful path (rows.py), which words every problem; every series such a row
belongs to, or that has a problem across rows, is built by the careful builder from all its
rows, in reading order. The rest stays in columns. The careful path alone would give the
same series, figures and problems, in the same order (tests/test_columnar_mixed.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi.core.models import ActualSeries, Basis, Observation
from gongshu_kpi.core.problems import Problem
from gongshu_kpi.loaders.actuals import read_actual_rows
from gongshu_kpi.loaders.columnar import read_file_columns
from gongshu_kpi.loaders.columnar_store import Codes, FastActuals, FastFile
from gongshu_kpi.loaders.refusals import note_refused
from gongshu_kpi.loaders.rows import Layout, RawRow, RowContext, accept_row
from gongshu_kpi.loaders.sources import SourceEntry

if TYPE_CHECKING:
    from gongshu_kpi.core.series import SeriesBuilder
    from gongshu_kpi.core.units import Unit

ENGINE_SUFFIXES = (".csv", ".xlsx")
# What the careful path made of one item a reader gave: its row (0: a reader's own problem
# about the file), and the accepted observation or the problem.
Item = tuple[int, Observation | Problem]
SeriesName = tuple[str, str, int]  # indicator id, org, year


@dataclass
class ColumnarRead:
    """A folder read by the engine, with the careful path's share already parsed."""

    store: FastActuals
    files: list[FastFile | None]  # None: read whole by the careful path
    careful: dict[int, list[Item]] = field(default_factory=dict)  # file number -> its items
    layouts: dict[int, Layout] = field(default_factory=dict)  # the careful reader's, by file
    first: dict[SeriesName, tuple[int, int]] = field(default_factory=dict)
    # Series (indicator, org, year codes) the careful builder takes (feed decides).
    taken: set[tuple[int, int, int]] = field(default_factory=set)

    @property
    def clean(self) -> bool:
        """Whether the engine vouched for every row and series."""
        return not self.careful and self.store.clean

    def feed(self, builder: SeriesBuilder, problems: list[Problem]) -> None:
        """The careful path's share into `builder` and `problems`, in reading order: its
        items, and the engine's rows of every series one of them (or a problem across
        rows) touches."""
        codes = self.store.codes
        touched = {
            (result.indicator_id, result.org, result.year)
            for items in self.careful.values()
            for _, result in items
            if isinstance(result, Observation)
        }
        touched |= {(codes.ids[i], codes.orgs[o], y) for i, o, y in self.store.flagged}
        self.taken = {
            (codes.id_code[i], codes.org_code[o], y)
            for i, o, y in touched
            if i in codes.id_code and o in codes.org_code
        }
        engine_rows = self._engine_rows()
        for number, fast in enumerate(self.files):
            layout = self.layouts.get(number) or (fast.layout if fast else None)
            rows = engine_rows.get(number, [])
            at = 0  # the next of the engine's rows to add
            for row, result in self.careful.get(number, ()):
                while row and at < len(rows) and rows[at][1] < row:
                    self._add_engine_row(rows[at], layout, builder)
                    at += 1
                if isinstance(result, Problem):
                    problems.append(result)
                else:
                    self.first.setdefault(
                        (result.indicator_id, result.org, result.year), (number, result.row)
                    )
                    builder.add(result)
            for record in rows[at:]:
                self._add_engine_row(record, layout, builder)

    def series(self, built: list[ActualSeries]) -> list[ActualSeries]:
        """The careful builder's series and the engine's others, in the order the careful
        builder alone would have made them (by the place of each one's first row)."""
        placed = [(self.first[s.indicator_id, s.org, s.year], s) for s in built]
        placed.extend(self.store.placed_series(self.taken))
        placed.sort(key=lambda item: item[0])
        return [s for _, s in placed]

    def _engine_rows(self) -> dict[int, list[tuple[int, ...]]]:
        """The engine's rows of the series the builder takes, by file, in row order."""
        import polars as pl

        if not self.taken:
            return {}
        keys = pl.DataFrame(
            list(self.taken), schema=["ind", "org", "year"], orient="row"
        ).with_columns(pl.col(c).cast(self.store.frame.schema[c]) for c in ("ind", "org", "year"))
        chosen = (
            self.store.frame.join(keys, on=["ind", "org", "year"], how="semi")
            .sort("file", "row")
            .select("file", "row", "ind", "org", "year", "month", "ytd", "coef", "scale")
        )
        found: dict[int, list[tuple[int, ...]]] = {}
        for record in chosen.iter_rows():
            found.setdefault(record[0], []).append(record)
        return found

    def _add_engine_row(
        self, record: tuple[int, ...], layout: Layout | None, builder: SeriesBuilder
    ) -> None:
        file, row, ind, org, year, month, ytd, coef, scale = record
        codes = self.store.codes
        assert layout is not None  # an engine row comes from an engine file
        key = (codes.ids[ind], codes.orgs[org], year)
        self.first.setdefault(key, (file, row))
        basis = Basis.YTD if ytd else Basis.MONTH
        value = Decimal(coef).scaleb(-scale)
        builder.add_parts(key[0], key[1], year, month, value, basis, layout, row)


Listing = Sequence[tuple[Path, str, SourceEntry | None]]  # each file, as shown, its entry


def read_columnar(
    listing: Listing, ctx: RowContext, min_bytes: int, mixed: bool = True
) -> ColumnarRead | None:
    """The folder's files (path, name shown, sources.yaml entry) through the engine, the
    careful path's share parsed (see the module), or None when the careful path should read
    it all: too little data for the engine to pay, no file it can read, or (`mixed` False)
    anything it cannot vouch for."""
    engine = [e is None and p.suffix.lower() in ENGINE_SUFFIXES for p, _, e in listing]
    try:
        size = sum(p.stat().st_size for (p, _, _), e in zip(listing, engine, strict=True) if e)
    except OSError:
        return None
    if not listing or size < min_bytes:
        return None
    codes = Codes(ctx)
    files, finest = _engine_files(listing, engine, ctx, codes)
    if not mixed and any(f is None or f.bad for f in files):
        return None
    careful: dict[int, list[Item]] = {}
    layouts: dict[int, Layout] = {}
    refused = len(ctx.refused)
    for number, fast in enumerate(files):
        if fast is not None and fast.bad:
            found = _careful_rows(fast, listing[number][0], listing[number][1], ctx)
            if found is None:
                files[number] = None  # the careful reader sees other rows: read it whole
            else:
                careful[number], layouts[number] = found
    store = (
        None
        if all(f is None for f in files)
        else FastActuals.combine([f for f in files if f is not None], codes)
    )
    if store is None or (not mixed and not store.clean):
        del ctx.refused[refused:]  # the careful path reads it all and notes them again
        return None
    for number, fast in enumerate(files):
        if fast is None:
            careful[number] = [_accepted(item, ctx) for item in read_actual_rows(*listing[number])]
        else:
            _finer(ctx, finest[number])
    return ColumnarRead(store, files, careful, layouts)


def _engine_files(
    listing: Listing, engine: list[bool], ctx: RowContext, codes: Codes
) -> tuple[list[FastFile | None], list[dict[str, Unit]]]:
    """Each file through the engine (None: not for it), and the units each one's rows
    were entered in: taken into the context only for the files the engine keeps."""
    files: list[FastFile | None] = []
    finest: list[dict[str, Unit]] = []
    kept = ctx.finest_units
    try:
        for number, (path, name, _) in enumerate(listing):
            ctx.finest_units = {}
            files.append(
                read_file_columns(path, name, ctx, codes, number) if engine[number] else None
            )
            finest.append(ctx.finest_units)
    finally:
        ctx.finest_units = kept
    return files, finest


def _careful_rows(
    fast: FastFile, path: Path, name: str, ctx: RowContext
) -> tuple[list[Item], Layout] | None:
    """The rows of an engine file it left to the careful path, read again by the careful
    reader, and that reader's layout; None if the reader sees other rows than the engine
    did (a 注 row ends its table …)."""
    bad = set(fast.bad)
    items: list[Item] = []
    refused = len(ctx.refused)
    layout: Layout | None = None
    expected = 2  # the engine's rows are 2 … height + 1
    for item in read_actual_rows(path, name, None):
        if isinstance(item, Problem):
            items.append((0, item))
            continue
        if item.row != expected:
            del ctx.refused[refused:]  # the file is read again whole
            return None
        expected += 1
        layout = layout or item.layout
        if item.row in bad:
            items.append(_accepted(item, ctx))
    if layout is None or expected != fast.frame.height + len(bad) + 2:
        del ctx.refused[refused:]
        return None
    return items, layout


def _accepted(item: RawRow | Problem, ctx: RowContext) -> Item:
    """What the careful path makes of one item, its refused rows noted as rows.accept_rows
    notes them (for the gap checks)."""
    if isinstance(item, Problem):
        note_refused(item, item, ctx)
        return 0, item
    accepted = accept_row(item, ctx)
    if isinstance(accepted, Problem):
        note_refused(item, accepted, ctx)
    return item.row, accepted


def _finer(ctx: RowContext, found: dict[str, Unit]) -> None:
    """A file's finest units into the context's, as the careful path keeps them."""
    for indicator, unit in found.items():
        target = ctx.units[indicator]
        if unit.scale < ctx.finest_units.get(indicator, target).scale:
            ctx.finest_units[indicator] = unit
