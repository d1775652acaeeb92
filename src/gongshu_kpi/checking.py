"""The `kpi check` pipeline: load and validate, run the rules, fact-check a bulletin draft.

File reading lives here; the judging is pure (core/ci/, core/bulletin/).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi import pipeline
from gongshu_kpi.core.bulletin import check_bulletin
from gongshu_kpi.core.ci.rules import RuleContext, Rules, apply_rules, run_rules
from gongshu_kpi.core.ci.verdict import BulletinSummary, CheckReport
from gongshu_kpi.core.notes import check_missing_notes
from gongshu_kpi.core.problems import DataError, Location, Problem, UsageError, has_errors
from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.checkconfig import (
    load_rules,
    load_snapshots,
    plausibility_locations,
    snapshot_paths,
    target_locations,
)
from gongshu_kpi.loaders.files import present
from gongshu_kpi.loaders.notes import NOTES_FOLDER
from gongshu_kpi.output import check_output_path
from gongshu_kpi.render.check_formats import render_figure_lines
from gongshu_kpi.render.registry import render_check

if TYPE_CHECKING:
    from gongshu_kpi.core.ci.snapshots import Snapshot
    from gongshu_kpi.core.models import OutputLanguage

RULES_NAME = "rules.yaml"
PUBLISHED_NAME = "published"


def rules_path(folder: pipeline.DataFolder) -> Path:
    return folder.data / RULES_NAME


def published_folder(folder: pipeline.DataFolder) -> Path:
    return folder.data / PUBLISHED_NAME


# A real bulletin is a few pages (under 100 KB); the fact-check reads about 1 MB in 20 s.
# Checked before reading, so a wrong file (a video, a dump) is refused at once.
MAX_BULLETIN_BYTES = 5 * 1024 * 1024


def read_bulletin(path: Path, limit: int = MAX_BULLETIN_BYTES) -> tuple[str | None, list[Problem]]:
    """A draft bulletin as text: UTF-8 (with or without BOM), else GB18030."""
    shown = pipeline.shown(path)
    if not path.is_file():
        what = "不是普通文件" if present(path) else "文件不存在"
        raise UsageError(f"--bulletin {path}：{what}")
    size = path.stat().st_size
    if size > limits.MAX_BULLETIN_BYTES:
        raise UsageError(
            f"--bulletin {path}：文件过大（{size:,} 字节，上限 {limits.MAX_BULLETIN_BYTES:,}）"
        )
    try:
        with path.open("rb") as handle:
            raw = handle.read(limit + 1)
    except OSError as exc:
        raise UsageError(f"--bulletin {path}：无法读取（{exc.strerror}）") from None
    if len(raw) > limit:
        raise UsageError(
            f"--bulletin {path}：文件超过成绩单大小上限 {limit // (1024 * 1024)} MB"
            "（成绩单通常不到 100 KB），未核对；请确认选对了文件，或把成绩单拆成几份分别核对"
        )
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), []
        except UnicodeDecodeError:
            continue
    return None, [
        Problem(
            "bulletin-encoding",
            "成绩单文件既不是 UTF-8 也不是 GB18030 编码，无法读取",
            Location(shown),
            "用 UTF-8 编码另存该文件",
        )
    ]


def _missing_notes(
    loaded: pipeline.Loaded, as_of: tuple[int, int], problems: list[Problem]
) -> list[Problem]:
    """Indicators far behind time progress without a note for the month (core/notes.py)."""
    if has_errors(problems) or not (loaded.folder.data / NOTES_FOLDER).is_dir():
        return []  # figures that may be wrong, or a project that keeps no notes
    year, month = as_of
    report = pipeline.build_report(loaded, pipeline.ReportAsk(f"{year:04d}-{month:02d}"))
    notes = loaded.notes.get(month)
    path = loaded.folder.data / NOTES_FOLDER / f"{year:04d}-{month:02d}.yaml"
    where = notes.where if notes is not None and notes.where else Location(pipeline.shown(path))
    return list(check_missing_notes(report.results, notes, month, where))


@dataclass(frozen=True, slots=True)
class CheckAsk:
    """What `kpi check` was asked for (its options, parsed)."""

    month: str | None = None
    bulletin: Path | None = None
    strict: bool = False
    fmt: str | None = None  # None: github in GitHub Actions, else text
    verbose: bool = False
    language: OutputLanguage = "zh"
    today: dt.date | None = None  # the day the rules count from; None: pipeline.today()


def refuse_output(output: Path, folder: pipeline.DataFolder, ask: CheckAsk) -> None:
    """Checked before the run, so a refused --output never costs a full check. A report in
    published/ would be read as a snapshot next time, like one in actuals/."""
    inputs = [folder.targets, *([ask.bulletin] if ask.bulletin else [])]
    check_output_path(output, inputs, [folder.data, folder.templates])


def check_text(result: CheckReport, ask: CheckAsk) -> str:
    """The report in its format: github by default in GitHub Actions (annotations on the diff
    without any configuration, like yamllint), else text."""
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    fmt = ask.fmt or ("github" if github else "text")
    # A bulletin fact-check lists what it could not verify: never hide those notes.
    text = render_check(fmt, result, ask.verbose or ask.bulletin is not None, ask.language)
    if ask.verbose and fmt == "text":
        text += render_figure_lines(result, ask.language)
    return text


def run_check(
    folder: pipeline.DataFolder, ask: CheckAsk, progress: pipeline.Progress | None = None
) -> CheckReport:
    """Everything `kpi check` reports; UsageError for a bad --month or --bulletin."""
    month, bulletin, strict = ask.month, ask.bulletin, ask.strict
    bulletin_text, bulletin_problems = (None, []) if bulletin is None else read_bulletin(bulletin)
    targets_shown = pipeline.shown(folder.targets)
    try:
        loaded = pipeline.load(folder, progress)
    except DataError as exc:
        return CheckReport(tuple(exc.problems), (targets_shown,), 0, strict)
    problems = list(loaded.problems)
    files = [targets_shown]
    files += [pipeline.shown(p) for p in (folder.orgs, folder.ranks) if present(p)]
    files += loaded.files
    rules, rule_locations, snapshots = _check_config(folder, files, problems)
    as_of = _as_of(loaded, month)
    year = loaded.targets.year if as_of is None else as_of[0]
    if as_of is not None:
        ctx = RuleContext(
            loaded.facts,
            as_of[0],
            as_of[1],
            rules,
            tuple(snapshots),
            target_locations(loaded.targets, loaded.target_positions),
            ask.today or pipeline.today(),
            rule_locations,
        )
        problems.extend(run_rules(ctx))
        problems.extend(_missing_notes(loaded, as_of, problems))
    summary = None
    if bulletin is not None:
        shown = pipeline.shown(bulletin)
        files.append(shown)
        problems.extend(bulletin_problems)
        if bulletin_text is not None:
            found_month = None if as_of is None else as_of[1]
            result = check_bulletin(bulletin_text, loaded.facts, shown, year, found_month)
            problems.extend(apply_rules(result.problems, rules))
            summary = BulletinSummary(
                shown, result.claims, result.checked, result.wrong, result.figures
            )
    label = None if as_of is None else f"{as_of[0]:04d}-{as_of[1]:02d}"
    counted = len(loaded.targets.indicators)
    return CheckReport(tuple(problems), tuple(files), counted, strict, label, summary)


def _check_config(
    folder: pipeline.DataFolder, files: list[str], problems: list[Problem]
) -> tuple[Rules, dict[int, Location], list[Snapshot]]:
    """rules.yaml (with where each plausibility rule is written) and the published snapshots;
    their files are added to `files`, their problems to `problems`."""
    rules_file = rules_path(folder)
    rules: Rules = Rules()
    rule_locations: dict[int, Location] = {}
    if present(rules_file):  # a FIFO or a folder named rules.yaml is reported, not skipped
        files.append(pipeline.shown(rules_file))
        rules, positions, found = load_rules(rules_file, pipeline.shown(rules_file))
        problems.extend(found)
        rule_locations = plausibility_locations(rules, positions)
    published = [(p, pipeline.shown(p)) for p in snapshot_paths(published_folder(folder))]
    files.extend(shown for _, shown in published)
    snapshots, found = load_snapshots(published)
    problems.extend(found)
    return rules, rule_locations, snapshots


def _as_of(loaded: pipeline.Loaded, month: str | None) -> tuple[int, int] | None:
    """The year and month checked: --month's, else the latest with data (None: no data)."""
    if month is not None:
        return pipeline.resolve_month(loaded, month)
    latest = loaded.latest_month()
    return None if latest is None else (loaded.targets.year, latest)
