"""Read data/notes/YYYY-MM.yaml (README: Notes) with located problems."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi.core.notes import MonthNotes, Note, NotesFile
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periods import MONTHS_IN_YEAR
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.loaders.targets import load_model
from gongshu_kpi.loaders.yamlsafe import YamlError, load_yaml

if TYPE_CHECKING:
    from gongshu_kpi.core.models import Targets

NOTES_FOLDER = "notes"
_NAME = re.compile(r"^(\d{4})-(\d{2})$")


def load_notes(
    folder: Path, shown: object, targets: Targets, orgs: OrgTree
) -> tuple[dict[int, MonthNotes], list[Problem]]:
    """month -> that month's notes, for the targets' year; problems of any file."""
    found: dict[int, MonthNotes] = {}
    problems: list[Problem] = []
    if not folder.is_dir():
        return found, problems
    for path in sorted(folder.glob("*.yaml")):
        shown_as = shown(path)  # type: ignore[operator]
        match = _NAME.match(path.stem)
        if match is None or not 1 <= int(match.group(2)) <= MONTHS_IN_YEAR:
            problems.append(
                Problem(
                    "notes-name",
                    f"说明文件名“{path.name}”不是 YYYY-MM.yaml",
                    Location(shown_as),
                    "改名为所说明的月份，如 2020-07.yaml",
                )
            )
            continue
        if int(match.group(1)) != targets.year:
            continue
        month, file_problems = _month(path, shown_as, int(match.group(2)), targets, orgs)
        problems.extend(file_problems)
        if month is not None:
            found[month.month] = month
    return found, problems


def _month(
    path: Path, shown_as: str, month: int, targets: Targets, orgs: OrgTree
) -> tuple[MonthNotes | None, list[Problem]]:
    spec, problems = load_model(path, shown_as, NotesFile)
    problems = [replace(p, code=p.code.replace("targets-", "notes-")) for p in problems]
    if spec is None:
        return None, problems
    by_key = targets.by_key()
    notes: dict[tuple[str, str], Note] = {}
    for index, item in enumerate(spec.notes):
        indicator = by_key.get(item.indicator)
        org = orgs.canonical(item.org) if item.org else WHOLE
        if indicator is None or org is None:
            what = f"指标“{item.indicator}”" if indicator is None else f"单位“{item.org}”"
            fix = (
                "改为 targets.yaml 中的指标 id 或名称"
                if indicator is None
                else "改为 orgs.yaml 中的单位"
            )
            problems.append(
                Problem("notes-unknown", f"说明中的{what}不存在", _at(path, shown_as, index), fix)
            )
            continue
        notes[(indicator.id, org)] = Note(item.reason, item.steps)
    if problems:
        return None, problems
    return MonthNotes(month, notes, spec.require_when_behind, Location(shown_as)), []


def _at(path: Path, shown_as: str, index: int) -> Location:
    try:
        _, positions = load_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, YamlError):  # pragma: no cover - read just above
        return Location(shown_as)
    position = positions.get(("notes", index))
    return Location(shown_as, *position) if position else Location(shown_as)
