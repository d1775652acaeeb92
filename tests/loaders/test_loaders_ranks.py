"""loaders/orgs.load_ranks: externally published ranks in ranks.yaml; an unknown indicator
or a month that is not YYYY-MM is reported by its entry's number, the rest are kept."""

from __future__ import annotations

from pathlib import Path

from gongshu_kpi.core.models import ExternalRank
from gongshu_kpi.loaders.orgs import load_ranks

RANKS = """\
ranks:
  - indicator: 主营业务收入
    month: 2020-06
    scope: 全市
    rank: 4
  - indicator: 营收
    month: 2020-06
    scope: 全市
    rank: 2
  - indicator: main_business_revenue
    month: 2020-13
    scope: 全市
    rank: 1
"""


def test_ranks_are_kept_and_bad_entries_reported_by_number(tmp_path: Path) -> None:
    path = tmp_path / "ranks.yaml"
    path.write_text(RANKS, encoding="utf-8")
    ids = {
        "主营业务收入": "main_business_revenue",
        "main_business_revenue": "main_business_revenue",
    }
    ranks, problems = load_ranks(path, "data/ranks.yaml", ids)
    assert ranks == [ExternalRank("main_business_revenue", 2020, 6, "全市", 4)]
    assert [(p.code, p.message) for p in problems] == [
        ("unknown-indicator", "第2条排名：未知指标“营收”"),
        ("bad-month", "第3条排名：月份应在 1 到 12 之间，得到 13"),
    ]
    assert problems[1].fix == "写作 YYYY-MM，如 2020-06"
    assert all(p.location is not None and p.location.path == "data/ranks.yaml" for p in problems)


def test_no_ranks_file_is_no_ranks(tmp_path: Path) -> None:
    assert load_ranks(tmp_path / "ranks.yaml", "data/ranks.yaml", {}) == ([], [])
