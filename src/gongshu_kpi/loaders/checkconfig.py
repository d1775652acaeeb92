"""What `kpi check` reads beside the data: rules.yaml, published snapshots, target positions."""

from __future__ import annotations

from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.core.rules import Rules
from gongshu_kpi.core.snapshots import Snapshot, SnapshotError, snapshot_from_json
from gongshu_kpi.loaders.files import input_problem, present
from gongshu_kpi.loaders.targets import load_model
from gongshu_kpi.loaders.yamlsafe import YamlProblem, load_yaml


def load_rules(path: Path, shown_as: str) -> tuple[Rules, list[Problem]]:
    """rules.yaml, or the defaults when there is none (or it is broken: its problems say so)."""
    if not present(path):
        return Rules(), []
    rules, problems = load_model(path, shown_as, Rules)
    return (Rules() if rules is None else rules), problems


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


def target_locations(path: Path, shown_as: str) -> dict[str, Location]:
    """Where each indicator's target is written in targets.yaml (for messages on the diff)."""
    try:
        data, positions = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}  # the targets loader has already reported why
    items = data.get("indicators") if isinstance(data, dict) else None
    found: dict[str, Location] = {}
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            continue
        position = positions.get(("indicators", index, "target")) or positions.get(
            ("indicators", index)
        )
        if position is not None:
            found[item["id"]] = Location(shown_as, position[0], position[1])
    return found


def plausibility_locations(path: Path, shown_as: str) -> dict[int, Location]:
    """Where each `plausibility:` rule starts in rules.yaml (for messages about it)."""
    try:
        data, positions = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlProblem):
        return {}  # load_rules has already reported why
    items = data.get("plausibility") if isinstance(data, dict) else None
    found: dict[int, Location] = {}
    for index in range(len(items) if isinstance(items, list) else 0):
        position = positions.get(("plausibility", index, "id")) or positions.get(
            ("plausibility", index)
        )
        if position is not None:
            found[index] = Location(shown_as, position[0], position[1])
    return found
