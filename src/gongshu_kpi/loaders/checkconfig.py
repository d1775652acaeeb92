"""What `kpi check` reads beside the data: rules.yaml, published snapshots; and where targets
and rules are written, from the positions their one reading kept."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi.core.ci.rules import Rules
from gongshu_kpi.core.ci.snapshots import Snapshot, SnapshotError, snapshot_from_json
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.loaders.files import input_problem, present
from gongshu_kpi.loaders.targets import Positions, load_located

if TYPE_CHECKING:
    from gongshu_kpi.core.models import Targets


def load_rules(path: Path, shown_as: str) -> tuple[Rules, Positions, list[Problem]]:
    """rules.yaml and where its fields are written, or the defaults when there is none (or
    it is broken: its problems say so)."""
    if not present(path):
        return Rules(), Positions(shown_as), []
    rules, positions, problems = load_located(path, shown_as, Rules)
    return (Rules() if rules is None else rules), positions, problems


def snapshot_paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def load_snapshots(paths: list[tuple[Path, str]]) -> tuple[list[Snapshot], list[Problem]]:
    """Every published snapshot; a broken one is a problem and the others still count."""
    snapshots: list[Snapshot] = []
    problems: list[Problem] = []
    for path, shown_as in paths:
        refused = input_problem(path, shown_as, path.absolute().parent.parent.parent)
        if refused is not None:  # data/published/x.json: the project is three folders up
            problems.append(refused)
            continue
        try:
            snapshots.append(snapshot_from_json(path.read_text(encoding="utf-8"), shown_as))
        except (OSError, UnicodeDecodeError) as exc:
            problems.append(Problem("snapshot", f"无法读取发布快照：{exc}", Location(shown_as)))
        except SnapshotError as exc:
            problems.append(
                Problem(
                    "snapshot",
                    f"发布快照有误：{exc}",
                    Location(shown_as),
                    "用 kpi publish 重新生成，不要手工编辑",
                )
            )
    return snapshots, problems


def target_locations(targets: Targets, positions: Positions) -> dict[str, Location]:
    """Where each indicator's target is written in targets.yaml (for messages on the diff)."""
    found: dict[str, Location] = {}
    for index, indicator in enumerate(targets.indicators):
        where = positions.at("indicators", index, "target") or positions.at("indicators", index)
        if where is not None:
            found[indicator.id] = where
    return found


def plausibility_locations(rules: Rules, positions: Positions) -> dict[int, Location]:
    """Where each `plausibility:` rule starts in rules.yaml (for messages about it)."""
    found: dict[int, Location] = {}
    for index in range(len(rules.plausibility)):
        where = positions.at("plausibility", index, "id") or positions.at("plausibility", index)
        if where is not None:
            found[index] = where
    return found
