"""Expected figures: every place the fact-check works out what a stated figure should be.

The checks (``checks_*``, ``own``) never do figure arithmetic themselves; they ask this module
for the exact figure and compare it at the stated figure's printed precision.  Two parts:

- ``DataFigures``: the data's figures for one indicator and one org in the bulletin's year —
  the period a claim is about (its own 1-N月, else the latest month with data up to --month),
  the year-to-date actual at any month and year, the month's own amount, the target;
- formula functions (exact, unrounded): completion rate and share of a cap used
  (``rate_of``), a share of a whole (``share_of``), year-on-year growth (``growth_of``, in
  percent, and ``growth_times``), time progress (``time_progress``, ``calendar_progress``),
  the pace word (``pace_status``) and the full-year projection (``projected``).

Each formula calls the core's figure function (``core.compute``: ``growth``, ``status_of``,
``time_progress_at``; ``core.numbers.percent``) rather than writing the arithmetic again, so
this is the one module to point at the core's exact-figures function when it exists.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from decimal import Decimal

from gongshu_kpi.core.compute import Facts, growth, status_of, time_progress_at
from gongshu_kpi.core.models import Indicator, Settings
from gongshu_kpi.core.numbers import percent
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periodic.targets import indicator_target_at

# status_of's verdict as the bulletin's pace words: 超序时 1, 达序时 0, 落后序时 -1.
_STATUS_SIGN = {"ahead": 1, "on_pace": 0, "behind": -1}


@dataclass(frozen=True)
class DataFigures:
    """The data's figures for one indicator and one org (``who``) in the bulletin's year."""

    facts: Facts
    indicator: Indicator
    year: int
    who: str | None  # WHOLE, an org or a group; None when the claim's scope is not in the data
    latest: int | None  # --month: the latest month whose data counts

    def month(self, stated: int | None) -> int | None:
        """The period a claim is about: its own 1-N月, else the latest month with data."""
        if stated is not None:
            return stated
        if self.who is None:
            return None
        months = self.facts.series(self.indicator.id, self.year, self.who)
        eligible = [m for m in months if self.latest is None or m <= self.latest]
        return max(eligible, default=None)

    def actual(self, who: str, year: int, month: int) -> Decimal | None:
        """The year-to-date actual of `who` at month N of `year`."""
        point = self.facts.series(self.indicator.id, year, who).get(month)
        return None if point is None else point.value

    def target(self, month: int | None = None) -> Decimal | None:
        """The annual target of the claim's org (the whole's for WHOLE), as in force at the
        claim's month (调整后目标 from its month on; the year's first target without one)."""
        if self.who is None:
            return None
        org = "" if self.who == WHOLE else self.who
        found = indicator_target_at(
            self.indicator, self.year, self.facts.targets.year, month or 1, org
        )
        return None if found is None else found.target

    def own_amount(self, year: int, month: int) -> Decimal | None:
        """A flow's own amount in month N: its year to date at N minus that at N-1."""
        now = self.actual(self.who or WHOLE, year, month)
        if now is None or month == 1:
            return now
        before = self.actual(self.who or WHOLE, year, month - 1)
        return None if before is None else now - before


def rate_of(actual: Decimal, target: Decimal) -> Decimal:
    """完成率, and under a cap (direction: lower) the share of the cap used: one formula."""
    return percent(actual, target)


def share_of(part: Decimal, whole: Decimal) -> Decimal:
    """A part's share of a whole, in percent."""
    return percent(part, whole)


def growth_of(now: Decimal, previous: Decimal) -> Decimal:
    """Year-on-year growth in percent (previous must be positive)."""
    return growth(now, previous)


def growth_times(now: Decimal, previous: Decimal) -> Decimal:
    """增长N倍: the growth over 100."""
    return growth(now, previous) / 100


def time_progress(month: int, year: int, settings: Settings, indicator: Indicator) -> Decimal:
    """Time progress at the end of month N for an indicator (its monthly profile, if any)."""
    return time_progress_at(month, year, settings, indicator)


def calendar_progress(month: int, year: int, settings: Settings) -> Decimal:
    """Time progress at the end of month N by the calendar alone (an indicator the data does
    not know has no monthly profile): time_progress_at's rule without a profile."""
    if settings.time_progress == "days":
        days = [calendar.monthrange(year, m)[1] for m in range(1, 13)]
        return percent(Decimal(sum(days[:month])), Decimal(sum(days)))
    return percent(Decimal(month), Decimal(12))


def pace_status(pace: Decimal, band: Decimal) -> int:
    """Which side of time progress a rate is on: 1 ahead, 0 on pace, -1 behind."""
    return _STATUS_SIGN.get(status_of(pace, band).value, 0)


def projected(
    actual: Decimal, month: int, base: Decimal | None, full: Decimal | None
) -> tuple[Decimal, bool]:
    """预计全年, exact: last year's shape (actual × last year's full year ÷ last year's 1-N月)
    when both are known, else the run-rate (actual × 12 ÷ N).  The flag says which."""
    if base is not None and full is not None and base > 0:
        return actual * full / base, True
    return actual * 12 / month, False
