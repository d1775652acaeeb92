"""loaders/scorecard.load_scorecard: a cap indicator cannot be scored by capped rate, and an
indicator weighted twice (by id and by name) is refused, each at its line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from gongshu_kpi.core.models import Indicator, Targets
from gongshu_kpi.loaders.scorecard import load_scorecard


def _targets() -> Targets:
    revenue = Indicator.model_validate(
        {
            "id": "revenue",
            "name": "营业收入",
            "unit": "亿元",
            "target": Decimal(100),
            "kind": "flow",
        }
    )
    energy = Indicator.model_validate(
        {
            "id": "energy",
            "name": "能耗",
            "unit": "吨标准煤",
            "target": Decimal(50),
            "kind": "flow",
            "direction": "lower",
        }
    )
    return Targets(year=2020, indicators=(revenue, energy))


def test_a_cap_and_a_weight_given_twice_are_refused_at_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.yaml"
    path.write_text("weights:\n  revenue: 60\n  营业收入: 20\n  能耗: 20\n", encoding="utf-8")
    _, weights, problems = load_scorecard(path, "data/scorecard.yaml", _targets())
    found = [(p.location.line if p.location else None, p.message) for p in problems]
    assert found == [
        (3, "指标 revenue 的权重写了两次"),
        (4, "“能耗”是控制类指标（direction: lower），越低越好，不能按封顶完成率计分"),
    ]
    assert weights == {}  # a scorecard with problems scores nothing


def test_rank_points_may_score_a_cap(tmp_path: Path) -> None:
    path = tmp_path / "scorecard.yaml"
    path.write_text("rule: rank-points\nweights:\n  能耗: 100\n", encoding="utf-8")
    _, weights, problems = load_scorecard(path, "data/scorecard.yaml", _targets())
    assert (weights, problems) == ({"energy": Decimal(100)}, [])
