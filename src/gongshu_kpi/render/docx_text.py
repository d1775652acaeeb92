"""The bulletin's lines for Word: a figure and its unit (279.87亿元, 0.10个百分点, 1-7月, 62.19%)
held together with U+2060 WORD JOINER between their characters, so Word and LibreOffice never
break a line inside them. The joiners are invisible; `kpi check --bulletin` drops them on
reading (core/bulletin/document.py), so text copied out of the document checks as written."""

from __future__ import annotations

import re
from collections.abc import Iterable

JOINER = "\u2060"
# Besides the indicators' own units: the ones bulletins write after any figure.
COMMON_UNITS = ("个百分点", "百分点", "%", "％", "月", "项", "个", "名", "位", "倍")


def figure_pattern(units: Iterable[str]) -> re.Pattern[str]:
    """A figure (signed, with separators, or a month range 1-7) and, when one follows, its
    unit, the longest unit first (万吨标准煤 before 万吨)."""
    known = sorted({u for u in (*units, *COMMON_UNITS) if u}, key=len, reverse=True)
    unit = "|".join(re.escape(u) for u in known)
    return re.compile(rf"[-+−]?\d[\d,.]*(?:-\d+)?(?:{unit})?")


def joined(line: str, pattern: re.Pattern[str]) -> str:
    """`line` with every figure+unit run's characters joined (U+2060 between them)."""
    return pattern.sub(lambda m: JOINER.join(m.group()), line)
