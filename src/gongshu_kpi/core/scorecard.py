"""The scorecard (赛马): orgs as rows, indicators as columns, a weighted composite score per
org and ranks with ties (并列). Weights and the scoring rule come from data/scorecard.yaml
(README: Scorecard).

Scoring rules, both a weighted average so a score reads like a percentage:

- `capped-rate` (default): each org's completion rate, capped at `cap` (default 120), times the
  indicator's weight, summed and divided by the sum of the weights. An org without a rate for
  an indicator (no target of its own, or no data) scores 0 there. Caps (direction: lower)
  cannot be scored this way (a larger share used is worse): use rank-points for them.
- `rank-points`: in each indicator the orgs are ranked (by completion rate where every ranked
  org has one, else by the amount; smallest first under a cap); rank r of n earns
  (n − r + 1) / n × 100 points, orgs tied share the better rank's points, an org without the
  figure earns 0. Points times weight, summed, divided by the sum of the weights.

The score is exact until it is rounded once, to `places` (default 2) with the targets'
rounding setting.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator

from gongshu_kpi.core.figures.result import reached_month
from gongshu_kpi.core.numbers import fraction_value, round_to

if TYPE_CHECKING:
    from gongshu_kpi.core.models import IndicatorResult, Report

RuleName = Literal["capped-rate", "rank-points"]


class ScorecardSpec(BaseModel):
    """data/scorecard.yaml: which indicators count, their weights, the rule, the orgs."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    weights: dict[str, Decimal] = Field(min_length=1)  # indicator id or name -> weight
    rule: RuleName = "capped-rate"
    cap: Decimal = Field(default=Decimal(120), gt=0)  # percent, for capped-rate
    places: StrictInt = Field(default=2, ge=0, le=6)
    # The orgs (or groups of orgs.yaml) that race; empty = the orgs directly under the root.
    orgs: tuple[str, ...] = ()

    @field_validator("weights", mode="before")
    @classmethod
    def _exact_weights(cls, value: object) -> object:
        if isinstance(value, dict):
            for key, weight in value.items():
                if isinstance(weight, bool | str | float) or (
                    isinstance(weight, int | Decimal) and weight <= 0
                ):
                    raise ValueError(
                        f"“{key}”的权重应为大于 0 的数字，得到“{weight}”；修正：写作如 30"
                    )
        return value

    @field_validator("cap", mode="before")
    @classmethod
    def _exact_cap(cls, value: object) -> object:
        if isinstance(value, bool | str | float):
            raise ValueError(f"应为数字，得到“{value}”；修正：去掉引号，写作如 120")
        return value


@dataclass(frozen=True, slots=True)
class ScoreCell:
    """One org's figure in one indicator, and what it earned."""

    result: IndicatorResult
    points: Fraction  # before weighting: a capped rate or rank points, 0 without a figure
    rank: int | None = None  # within the indicator (rank-points only)


@dataclass(frozen=True, slots=True)
class ScoreRow:
    org: str
    cells: tuple[ScoreCell, ...]  # in the order of the columns
    score: Decimal  # rounded
    exact: Fraction  # before rounding (ranks are decided on it)
    rank: int
    tied: bool


@dataclass(frozen=True, slots=True)
class Scorecard:
    year: int
    month: int
    rule: RuleName
    cap: Decimal
    columns: tuple[IndicatorResult, ...]  # the whole's result per weighted indicator
    weights: tuple[Decimal, ...]  # per column
    by_rate: tuple[bool, ...]  # per column: judged on completion rates (else on amounts)
    rows: tuple[ScoreRow, ...]  # best first


def _figure(result: IndicatorResult, by_rate: bool) -> Decimal | None:
    return result.rate if by_rate else result.actual


def _by_rate(results: Sequence[IndicatorResult]) -> bool:
    """Ranked on rates where every org with data has one, else on amounts."""
    return all(r.rate is not None for r in results if r.as_of is not None)


def _rank_points(results: Sequence[IndicatorResult]) -> dict[str, tuple[Fraction, int]]:
    """org -> (points, rank) in one indicator; equal figures share the better rank."""
    by_rate = _by_rate(results)
    scored = [(v, r.org) for r in results if (v := _figure(r, by_rate)) is not None]
    if not scored:
        return {}
    lower = results[0].indicator.direction.value == "lower"
    values = sorted((v for v, _ in scored), reverse=not lower)
    n = len(scored)
    out = {}
    for value, org in scored:
        rank = values.index(value) + 1
        out[org] = (Fraction(n - rank + 1, n) * 100, rank)
    return out


def _capped(result: IndicatorResult, cap: Decimal) -> Fraction:
    if result.rate is None:
        return Fraction(0)
    return Fraction(min(result.rate, cap))


def build_scorecard(report: Report, spec: ScorecardSpec, weights: dict[str, Decimal]) -> Scorecard:
    """The scorecard of a report of the whole and the racing orgs (one row per org and
    indicator); `weights` are keyed by indicator id."""
    wholes = [r for r in report.results if not r.org and r.indicator.id in weights]
    orgs = list(dict.fromkeys(r.org for r in report.results if r.org))
    found = {(r.indicator.id, r.org): r for r in report.results}
    ranks = {
        w.indicator.id: _rank_points([found[(w.indicator.id, o)] for o in orgs])
        for w in wholes
        if spec.rule == "rank-points"
    }
    total_weight = sum((weights[w.indicator.id] for w in wholes), Decimal(0))
    rows = []
    for org in orgs:
        cells = []
        for whole in wholes:
            result = found[(whole.indicator.id, org)]
            if spec.rule == "rank-points":
                points, rank = ranks[whole.indicator.id].get(org, (Fraction(0), None))
                cells.append(ScoreCell(result, points, rank))
            else:
                cells.append(ScoreCell(result, _capped(result, spec.cap)))
        exact = sum(
            (
                c.points * Fraction(weights[w.indicator.id])
                for c, w in zip(cells, wholes, strict=True)
            ),
            Fraction(0),
        ) / Fraction(total_weight)
        rows.append((org, tuple(cells), exact))
    return Scorecard(
        report.year,
        reached_month(report),  # titled by the month the figures reach, as the report is
        spec.rule,
        spec.cap,
        tuple(wholes),
        tuple(weights[w.indicator.id] for w in wholes),
        tuple(
            spec.rule == "capped-rate" or _by_rate([found[(w.indicator.id, o)] for o in orgs])
            for w in wholes
        ),
        _ranked(rows, spec.places, report.settings.rounding),
    )


def _ranked(
    rows: list[tuple[str, tuple[ScoreCell, ...], Fraction]], places: int, rounding: str
) -> tuple[ScoreRow, ...]:
    """Best first; equal scores (as printed) share a rank, 并列."""
    scored = [
        (org, cells, exact, round_to(fraction_value(exact), places, rounding))  # type: ignore[arg-type]
        for org, cells, exact in rows
    ]
    scored.sort(key=lambda row: row[3], reverse=True)
    shown = [row[3] for row in scored]
    return tuple(
        ScoreRow(org, cells, score, exact, shown.index(score) + 1, shown.count(score) > 1)
        for org, cells, exact, score in scored
    )
