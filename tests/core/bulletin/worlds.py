"""Small data folders the fact-check tests share (load them with conftest's `load_one_org`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gongshu_kpi.core.bulletin import check_bulletin

if TYPE_CHECKING:
    from gongshu_kpi import pipeline

# One flow in 亿元 for one org, 杭钢新城: 1-3月 20.0 against 2019's 9.07, so growth
# 120.507…% → 120.51%, rate 20.00%.
REVENUE_TARGETS = """\
year: 2020
indicators:
  - id: revenue
    name: 营业收入
    unit: 亿元
    target: 100
    kind: flow
"""
REVENUE_ACTUALS = """\
指标,月份,数值,口径,填报单位
营业收入,2020-03,20.0,累计,杭钢新城
营业收入,2019-03,9.07,累计,杭钢新城
"""


def checked(loaded: pipeline.Loaded, text: str) -> list[tuple[str, str, str]]:
    """(kind, stated, verdict) of every figure a draft of 2020-03 states."""
    result = check_bulletin(text, loaded.facts, "b.md", 2020, 3)
    return [(str(f.kind), f.stated, f.verdict) for f in result.figures]
