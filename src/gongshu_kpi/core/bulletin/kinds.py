"""The kinds of figure a bulletin states, in one place: the extractor tags each figure it
reads with one, the checker judges and labels it by the same kind.

A ``FigureKind`` is a ``StrEnum``, so it is also the plain string that ``Claim.lines``,
``FigureVerdict.kind`` and ``--format json`` carry ("rate", "growth" …).  A rank is stated for
a place, so its kind in a claim is ``rank:<place>`` (``rank:全市``), checked as ``RANK``.
"""

from __future__ import annotations

from enum import StrEnum


class FigureKind(StrEnum):
    TARGET = "target"  # 年度目标 (an amount; a cap under direction: lower)
    ORIGINAL_TARGET = "original_target"  # 原为X: the target before the change in force
    ACTUAL = "actual"  # 累计完成: year to date
    MONTH_ACTUAL = "month_actual"  # 当月完成: the month's own amount (checked kind only)
    PERIOD_ACTUAL = "period_actual"  # 二季度完成 / 下半年完成: a quarter's or half's own amount
    RATE = "rate"  # 完成率
    GROWTH = "growth"  # 同比增长 in percent
    GROWTH_TIMES = "growth_times"  # 同比增长…倍
    GROWTH_TARGET = "growth_target"  # 目标增速
    GROWTH_GAP = "growth_gap"  # 高于/低于目标增速…个百分点
    PACE = "pace"  # 超/落后序时进度…个百分点
    PACE_STATUS = "pace_status"  # 超序时 / 达序时 / 落后序时
    SHARE = "share"  # 占…的比重
    RANK = "rank"  # 排名第N
    CAP_USED = "cap_used"  # 占控制额度的…%
    PROJECTION = "projection"  # 预计全年
    GAP = "gap"  # 距年度目标还差…: target − year to date
    MONTHLY_NEED = "monthly_need"  # 后N个月月均需完成…: the gap ÷ the months left
    TWO_YEAR = "two_year"  # 两年平均增长…%
    CHAIN = "chain"  # 环比增长…%: the month's own amount against the month before
    TIME_PROGRESS = "time_progress"  # 序时进度…% (a column of kpi's report)
    YTD_CHAIN = "ytd_chain"  # 累计环比…%: a stock's level against the last period's end
    GROWTH_STATUS = "growth_status"  # 高于目标 / 达到目标 / 低于目标 (a growth target's status)
    NOT_COMPUTED = "not_computed"  # 增速比…提高: read so it is reported, never checked


RANK_PREFIX = "rank:"  # a claim's rank kind names its place: rank:全市
# The places of kpi's own ranking of the orgs (列第二位, 并列第一): checked against the ranks
# kpi computes (checks_ranks), not ranks.yaml.
COMPUTED_RANK = ""
# Not a figure: the months one stated 需完成 is averaged over, as written (月均 1, 季均 3,
# 半年 6), kept with the need so its messages name what was written.
NEED_MONTHS = "need_months"
NEED_LABEL = {1: "月均需完成", 3: "季均需完成", 6: "半年均需完成"}
TIED_RANK = "并列"

FIGURE_LABEL: dict[str, str] = {
    FigureKind.TARGET: "年度目标",
    FigureKind.ORIGINAL_TARGET: "原目标",
    FigureKind.ACTUAL: "累计完成",
    FigureKind.MONTH_ACTUAL: "当月完成",
    FigureKind.PERIOD_ACTUAL: "本期（单季或半年）完成",
    FigureKind.RATE: "完成率",
    FigureKind.GROWTH: "同比增长",
    FigureKind.GROWTH_TIMES: "同比增长（倍）",
    FigureKind.GROWTH_TARGET: "目标增速",
    FigureKind.GROWTH_GAP: "与目标增速之差",
    FigureKind.PACE: "与序时进度之差",
    FigureKind.PACE_STATUS: "序时进度判断",
    FigureKind.SHARE: "占比",
    FigureKind.RANK: "排名",
    FigureKind.CAP_USED: "占控制额度",
    FigureKind.PROJECTION: "预计全年",
    FigureKind.GAP: "距目标还差",
    FigureKind.MONTHLY_NEED: "平均需完成",  # NEED_LABEL when what was written is known
    FigureKind.TWO_YEAR: "两年平均增长",
    FigureKind.CHAIN: "环比",
    FigureKind.TIME_PROGRESS: "序时进度",
    FigureKind.YTD_CHAIN: "累计环比",
    FigureKind.GROWTH_STATUS: "目标增速判断",
}
