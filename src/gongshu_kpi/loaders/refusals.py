"""What a refused row still says about whose figure it was (core/refused.py).

`note_refused` is called for every row refused with an error, by the careful path
(rows.accept_rows) and for the rows the columnar engine hands to it (columnar_mixed), so the
gap checks see the same refused rows whichever path read a file.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

from gongshu_kpi.core.models import Basis, Indicator
from gongshu_kpi.core.problems import Problem, Severity
from gongshu_kpi.core.refused import RefusedRow

if TYPE_CHECKING:
    from gongshu_kpi.loaders.rows import Cell, RawRow, RowContext

# A name far longer than any indicator's is no typo, and difflib is slow on it (a
# 30,000-character cell in 4,000 rows took minutes).
_LONGEST_GUESSED: Final = 100
# A reader's problems about one row (not about the file): that row is refused too.
_ROW_CODES: Final = frozenset({"ragged-row", "formula-no-value", "excel-error"})


def guess_indicator(name: str, indicators: Mapping[str, Indicator]) -> str | None:
    """The indicator id or name an unknown name is most likely a misspelling of, if any
    is close (the one unknown_indicator's message suggests)."""
    if not name or len(name) > _LONGEST_GUESSED:
        return None
    found = difflib.get_close_matches(name, list(indicators), n=1, cutoff=0.5)
    return found[0] if found else None


def note_refused(item: RawRow | Problem, problem: Problem, ctx: RowContext) -> None:
    """Record a row refused with `problem`: a RawRow that accept_row refused, or a reader's
    problem about one row (a ragged CSV line, an Excel error value), which says nothing of
    whose figure it was."""
    if problem.severity is not Severity.ERROR:
        return
    if isinstance(item, Problem):
        if item.code in _ROW_CODES and item.location is not None:
            ctx.refused.append(RefusedRow(item.location))
        return
    ctx.refused.append(refused_row(item, ctx))


def refused_row(raw: RawRow, ctx: RowContext) -> RefusedRow:
    """The indicator (or the one its misspelt name was taken for), org and months a refused
    row would have filled, as far as its cells can be read."""
    layout, row, cells = raw.layout, raw.row, raw.cells
    width = len(cells)
    at_indicator, at_month, at_basis, at_org = layout.slots[:4]

    def cell(at: int) -> Cell:
        return cells[at] if -1 < at < width else None

    name = ctx.text(cell(at_indicator))
    indicator = ctx.indicators.get(name) or ctx.indicators.get(ctx.guess(name) or "")
    org_text = ctx.text(cell(at_org))
    org = ctx.orgs.canonical(org_text)
    if org is None and not ctx.orgs.declared:
        org = org_text  # an undeclared org is taken as written (rows._observation)
    period = ctx.period(cell(at_month))
    where = layout.at(row)
    if isinstance(period, str):
        return RefusedRow(where, indicator.id if indicator else None, org)
    year, first, month = period
    # A 当月 row for 1-2月 fills both months; a 累计 row (or one whose basis is unreadable)
    # stands for its last month only.
    if ctx.basis(cell(at_basis)) is not Basis.MONTH:
        first = month
    return RefusedRow(where, indicator.id if indicator else None, org, year, first, month)
