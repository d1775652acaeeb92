"""Old import path of ``gongshu_kpi.core.bulletin`` (the fact-check), kept so branches
written against ``core.factcheck`` still import.  The lead removes this module after the
issue-15 merges; import from ``gongshu_kpi.core.bulletin`` instead."""

from gongshu_kpi.core.bulletin import (
    FIGURE_LABEL,
    BulletinCheck,
    FigureVerdict,
    Match,
    Verdict,
    check_bulletin,
    compare,
    known_names,
    match_indicator,
    resolve_scope,
)

__all__ = [
    "FIGURE_LABEL",
    "BulletinCheck",
    "FigureVerdict",
    "Match",
    "Verdict",
    "check_bulletin",
    "compare",
    "known_names",
    "match_indicator",
    "resolve_scope",
]
