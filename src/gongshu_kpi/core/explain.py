"""Kept for the merge of parallel branches only, and will be removed: explain and trend now
live in `gongshu_kpi.core.figures.explain`. Import from there."""

from gongshu_kpi.core.figures.explain import (
    ROUNDING_TEXT,
    STATUS_ZH,
    Contribution,
    Explanation,
    TrendRow,
    explain,
    trend,
)

__all__ = [
    "ROUNDING_TEXT",
    "STATUS_ZH",
    "Contribution",
    "Explanation",
    "TrendRow",
    "explain",
    "trend",
]
