"""Expected figures: the data's side of every figure the fact-check compares.

The checks (``checks_*``, ``own``) never write figure arithmetic themselves: each formula is
``core.formulas``'s (completion rate or share of a cap used, share, growth and 倍,
time progress, pace, growth gap, a month's own amount, the projections), and the target and
the months with data are ``core.figures.exact``'s ``target_of`` and ``months_up_to``.  This
module adds what only the fact-check needs:

- ``DataFigures``: the data's figures for one indicator and one org in the bulletin's year —
  the period a claim is about (its own 1-N月, else the latest month with data up to --month),
  the year-to-date actual at any month and year, the month's own amount, the target;
- ``pace_word``: kpi's status of a pace as the bulletin's words count it (超序时 1, 达序时 0,
  落后序时 −1; under a cap above time progress is 落后).
(A stated 预计全年 is compared with ``exact_projection``, the report's own.)
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from gongshu_kpi.core import formulas
from gongshu_kpi.core.figures.exact import months_up_to
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.periodic.targets import TargetInForce, indicator_target_at

if TYPE_CHECKING:
    from gongshu_kpi.core.figures.facts import Facts
    from gongshu_kpi.core.models import Indicator

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
        eligible = months_up_to(months, 12 if self.latest is None else self.latest)
        return eligible[-1] if eligible else None

    def actual(self, who: str, year: int, month: int) -> Decimal | None:
        """The year-to-date actual of `who` at month N of `year`."""
        point = self.facts.series(self.indicator.id, year, who).get(month)
        return None if point is None else point.value

    def target(self, month: int | None = None) -> Decimal | None:
        """The annual target of the claim's org (the whole's for WHOLE), as in force at the
        claim's month (调整后目标 from its month on; the year's first target without one)."""
        found = self.target_in_force(month)
        return None if found is None else found.target

    def target_in_force(self, month: int | None = None) -> TargetInForce | None:
        """The target as in force at the claim's month, with the original beside it."""
        if self.who is None:
            return None
        org = "" if self.who == WHOLE else self.who
        return indicator_target_at(
            self.indicator, self.year, self.facts.targets.year, month or 1, org
        )

    def own_amount(self, year: int, month: int, first: int | None = None) -> Decimal | None:
        """A flow's own amount in month N (or over months first..N, a quarter's 4-6月): its
        year to date at N minus that at the month before the first."""
        now = self.actual(self.who or WHOLE, year, month)
        start = month if first is None else first
        if now is None:
            return None
        before = None if start == 1 else self.actual(self.who or WHOLE, year, start - 1)
        return formulas.month_amount(now, before, start)


def pace_word(pace: Decimal, band: Decimal, lower_is_better: bool) -> int:
    """kpi's status of a pace as 超序时 1, 达序时 0, 落后序时 -1: the report's own
    ``formulas.pace_status``, so under a cap using it faster than the calendar is 落后."""
    return _STATUS_SIGN.get(formulas.pace_status(pace, band, lower_is_better).value, 0)
