"""Read data/scorecard.yaml (README: Scorecard) with located problems."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

from gongshu_kpi.core.models import Direction, Targets
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.scorecard import ScorecardSpec
from gongshu_kpi.loaders.files import present
from gongshu_kpi.loaders.targets import load_model
from gongshu_kpi.loaders.yamlsafe import YamlError, load_yaml

SCORECARD_NAME = "scorecard.yaml"


def load_scorecard(
    path: Path, shown_as: str, targets: Targets
) -> tuple[ScorecardSpec | None, dict[str, Decimal], list[Problem]]:
    """The spec and its weights by indicator id, or None with the problems."""
    if not present(path):
        missing = Problem(
            "scorecard-missing",
            f"没有 {SCORECARD_NAME}，无法计算赛马得分",
            Location(shown_as),
            f"新建 {SCORECARD_NAME}，写明 weights（指标: 权重），见 README“Scorecard”",
        )
        return None, {}, [missing]
    spec, problems = load_model(path, shown_as, ScorecardSpec)
    problems = [replace(p, code=p.code.replace("targets-", "scorecard-")) for p in problems]
    if spec is None:
        return None, {}, problems
    by_key = targets.by_key()
    weights: dict[str, Decimal] = {}
    for key, weight in spec.weights.items():
        indicator = by_key.get(key)
        if indicator is None:
            problems.append(
                _at(
                    path,
                    shown_as,
                    key,
                    f"“{key}”不是 targets.yaml 中的指标",
                    "改为指标的 id 或名称",
                )
            )
        elif spec.rule == "capped-rate" and indicator.direction is Direction.LOWER:
            problems.append(
                _at(
                    path,
                    shown_as,
                    key,
                    f"“{key}”是控制类指标（direction: lower），越低越好，不能按封顶完成率计分",
                    "改用 rule: rank-points，或从 weights 中去掉",
                )
            )
        elif indicator.id in weights:
            problems.append(
                _at(path, shown_as, key, f"指标 {indicator.id} 的权重写了两次", "只保留一个")
            )
        else:
            weights[indicator.id] = weight
    return (None, {}, problems) if problems else (spec, weights, [])


def _at(path: Path, shown_as: str, key: str, message: str, fix: str) -> Problem:
    try:
        _, positions = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):  # pragma: no cover - read just above
        positions = {}
    position = positions.get(("weights", key))
    where = Location(shown_as, *position) if position else Location(shown_as)
    return Problem("scorecard-weights", message, where, fix)
