"""What the claim extractor's tests share: the reference bulletin, the names data/ knows, its
scorecard lines with the claims they give, and helpers to show a claim."""

from __future__ import annotations

from decimal import Decimal

from gongshu_kpi.core.bulletin import Claim, Names, Quantity, extract_claims
from tests.paths import FIXTURES

# The published bulletin, byte for byte (tests/cli/test_check.py checks it against shared/).
REFERENCE = FIXTURES / "platforms-bulletin-2020.txt"


# What data/ knows: its indicators' names and aliases (with the 引进 synonym of 招引, as
# factcheck.known_names adds), and no orgs beyond the root.
DATA_NAMES = Names(
    frozenset({"合计"}),
    frozenset(
        {"开工项目", "产业投资", "主营业务收入", "营收", "常规税收贡献", "税收", "新招引企业",
         "新引进企业", "新招引特色产业企业", "新引进特色产业企业", "新招引重大项目",
         "新引进重大项目", "税收超千万企业累计数", "市级及以上高新企业累计数"}
    ),
)  # fmt: skip


# Lines 33-53 of the reference bulletin, verbatim: the heading and the nine ◎ lines, with the
# 新招引企业 line broken between its number and its unit as it is in the published text.
SCORECARD = """\
## 十大产业平台主要绩效指标成绩单

◎ 开工项目年度目标任务25个,1-7月完成13个,完成率52.00%。

◎ 产业投资年度目标任务46亿元,1-6月完成27.83亿元,完成率60.49%。

◎ 主营业务收入年度目标任务800亿元,1-6月完成419.72亿元,完成率52.47%。

◎ 常规税收贡献年度目标任务50亿元,1-6月完成25.80亿元,完成率50.59%。

◎ 新招引企业年度目标任务869家,1-7月完成714

家,完成率82.16%。

◎ 新招引特色产业企业年度目标任务355家,1-7月完成302家,完成率85.07%。

◎ 新招引重大项目年度目标任务12个,1-7月完成10个,完成率83.33%。

◎ 税收超千万企业累计数年度目标任务70家,1-7月完成45家,完成率64.29%。

◎ 市级及以上高新企业累计数年度目标任务224家,1-7月完成217家,完成率96.88%。
"""


# (line offset from the heading line, subject, target, unit, period, actual, rate, rate line offset)
SCORECARD_CLAIMS = [
    (2, "开工项目", "25", "个", 7, "13", "52.00", 2),
    (4, "产业投资", "46", "亿元", 6, "27.83", "60.49", 4),
    (6, "主营业务收入", "800", "亿元", 6, "419.72", "52.47", 6),
    (8, "常规税收贡献", "50", "亿元", 6, "25.80", "50.59", 8),
    (10, "新招引企业", "869", "家", 7, "714", "82.16", 12),
    (14, "新招引特色产业企业", "355", "家", 7, "302", "85.07", 14),
    (16, "新招引重大项目", "12", "个", 7, "10", "83.33", 16),
    (18, "税收超千万企业累计数", "70", "家", 7, "45", "64.29", 18),
    (20, "市级及以上高新企业累计数", "224", "家", 7, "217", "96.88", 20),
]


def shown(quantity: Quantity | None) -> str:
    """A stated amount as written: str() keeps the exponent, so 25.80 is not 25.8."""
    return "" if quantity is None else f"{quantity.value}{quantity.unit}"


def scorecard_row(claim: Claim) -> tuple[object, ...]:
    """A claim as comparable strings; str() of a Decimal keeps its exponent (25.80, 52.00)."""
    assert claim.target is not None
    assert claim.actual is not None
    assert claim.actual.unit == claim.target.unit
    return (
        claim.line,
        claim.subject,
        str(claim.target.value),
        claim.target.unit,
        claim.period_end,
        str(claim.actual.value),
        str(claim.rate),
        claim.rate_line,
    )


def expected_rows(heading_line: int) -> list[tuple[object, ...]]:
    """SCORECARD_CLAIMS with line offsets turned into line numbers."""
    return [
        (heading_line + at, subject, target, unit, period, actual, rate, heading_line + rate_at)
        for at, subject, target, unit, period, actual, rate, rate_at in SCORECARD_CLAIMS
    ]


def only_claim(text: str) -> Claim:
    """The single claim in a text that must give exactly one and leave nothing unmatched."""
    found, unmatched = extract_claims(text)
    assert unmatched == []
    assert len(found) == 1, found
    return found[0]


def summary(claim: Claim) -> tuple[str | None, ...]:
    """A claim as short strings: scope, subject, target, period, actual, rate, growth, share."""

    def show(value: Quantity | Decimal | int | None) -> str | None:
        if isinstance(value, Quantity):
            return f"{value.value}{value.unit}"
        return None if value is None else str(value)

    return (
        claim.scope,
        claim.subject,
        show(claim.target),
        show(claim.period_end),
        show(claim.actual),
        show(claim.rate),
        show(claim.growth),
        show(claim.share),
    )
