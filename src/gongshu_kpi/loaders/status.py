"""Read data/status.yaml (status rules, README: Status rules) with located problems."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.status_rules import StatusRules
from gongshu_kpi.loaders.files import present
from gongshu_kpi.loaders.targets import load_model
from gongshu_kpi.loaders.yamlsafe import YamlError, load_yaml

if TYPE_CHECKING:
    from gongshu_kpi.core.models import Targets

STATUS_NAME = "status.yaml"


def load_status_rules(
    path: Path, shown_as: str, targets: Targets
) -> tuple[StatusRules | None, list[Problem]]:
    """The rules, or None when there is no file (or it has errors: the problems say which)."""
    if not present(path):
        return None, []
    rules, problems = load_model(path, shown_as, StatusRules)
    problems = [_renamed(p) for p in problems]
    if rules is None:
        return None, problems
    known = [key for i in targets.indicators for key in (i.id, i.name)]
    missing = rules.unknown_indicators(known, {i.group for i in targets.indicators if i.group})
    if missing:
        return None, [_unknown(path, shown_as, name) for name in missing]
    return rules, []


def _renamed(problem: Problem) -> Problem:
    # load_model names its codes after targets.yaml; these problems are status.yaml's.
    return replace(problem, code=problem.code.replace("targets-", "status-"))


def _unknown(path: Path, shown_as: str, name: str) -> Problem:
    where = Location(shown_as)
    try:
        data, positions = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):  # pragma: no cover - read just above
        data, positions = {}, {}
    for index, rule in enumerate(data.get("statuses") or []):
        for key in ("indicators", "groups"):
            names = rule.get(key) or []
            if name in names:
                position = positions.get(("statuses", index, key, names.index(name)))
                if position is not None:
                    where = Location(shown_as, *position)
    return Problem(
        "status-unknown-indicator",
        f"状态规则中的指标或分组“{name}”在 targets.yaml 中没有",
        where,
        "改为 targets.yaml 中指标的 id、名称或 group",
    )
