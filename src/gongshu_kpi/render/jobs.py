"""What each view's renderer is given (render/registry.py): one job, so that every format of
a view is called alike. Kept apart from the registry, which `kpi --help` imports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from gongshu_kpi.core.display import AmountRule
    from gongshu_kpi.core.figures.explain import Explanation, TrendRow
    from gongshu_kpi.core.models import Indicator, OutputLanguage, Report
    from gongshu_kpi.core.scorecard import Scorecard
    from gongshu_kpi.render.publication import Publication


@dataclass(frozen=True, slots=True)
class ReportJob:
    """What a report (or publication) renderer is given."""

    report: Report
    language: OutputLanguage
    projection: bool = False
    width: int | None = None  # the terminal's, on screen; None into a file (natural width)
    publication: Publication | None = None  # for the PUBLICATION view
    bulletin: str | None = None  # a template's text, for formats whose body it can be
    columns: tuple[str, ...] = ()  # --columns keys (render/columns.py), in the order asked


@dataclass(frozen=True, slots=True)
class TrendJob:
    indicator: Indicator
    rows: list[TrendRow]
    label: str  # the org, as shown after the indicator's name; "" for the whole
    year: int
    rule: AmountRule
    language: OutputLanguage


@dataclass(frozen=True, slots=True)
class ExplainJob:
    explanation: Explanation
    label: str  # the org's name; "" for the whole
    year: int
    language: OutputLanguage = "zh"


@dataclass(frozen=True, slots=True)
class ScorecardJob:
    """What a scorecard (赛马) renderer is given: the card and the report it was built from
    (its settings and display rules)."""

    card: Scorecard
    report: Report
    language: OutputLanguage = "zh"
