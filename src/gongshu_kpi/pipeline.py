"""One pipeline for every command: find the data folder, load, validate, compute."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from gongshu_kpi.core.checks import check_series
from gongshu_kpi.core.compute import compute_report
from gongshu_kpi.core.models import ActualSeries, Indicator, Observation, Report, Targets
from gongshu_kpi.core.periods import Month
from gongshu_kpi.core.problems import DataError, Location, Problem, UsageError, has_errors
from gongshu_kpi.core.series import build_series
from gongshu_kpi.loaders.actuals import actual_files, read_actual_rows
from gongshu_kpi.loaders.rows import RowContext, accept_row
from gongshu_kpi.loaders.sources import SOURCES_NAME, load_sources
from gongshu_kpi.loaders.targets import load_targets

TARGETS_NAME = "targets.yaml"
ACTUALS_NAME = "actuals"


@dataclass(frozen=True, slots=True)
class DataFolder:
    """A project: data/targets.yaml, data/actuals/ and (optionally) templates/."""

    data: Path
    templates: Path

    @property
    def targets(self) -> Path:
        return self.data / TARGETS_NAME

    @property
    def actuals(self) -> Path:
        return self.data / ACTUALS_NAME


def find_data_folder(explicit: Path | None, start: Path | None = None) -> DataFolder:
    """The data folder named by --data, or the nearest one above the current folder."""
    if explicit is not None:
        for data in (explicit, explicit / "data"):
            if (data / TARGETS_NAME).is_file():
                return DataFolder(data, data.parent / "templates")
        raise UsageError(f"--data {explicit}：找不到 {TARGETS_NAME}（也没有 data/{TARGETS_NAME}）")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / TARGETS_NAME).is_file():
            return DataFolder(folder / "data", folder / "templates")
    raise UsageError(
        f"在当前目录及其上级中找不到 data/{TARGETS_NAME}；用 --data 指定数据目录，"
        "或用 kpi init 新建一个"
    )


def shown(path: Path) -> str:
    """A path as the user will recognise it: relative to the current folder when inside it."""
    absolute = path.absolute()
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:  # outside the current folder: the full path is clearer than ../../
        return str(absolute)


@dataclass(slots=True)
class Loaded:
    folder: DataFolder
    targets: Targets
    series: dict[str, list[ActualSeries]]
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def latest_month(self) -> int | None:
        months = [m for group in self.series.values() for s in group for m in s.values]
        return max(months, default=None)


def load(folder: DataFolder) -> Loaded:
    """Targets and actuals with every problem found; DataError only if targets are unusable."""
    targets, problems = load_targets(folder.targets, shown(folder.targets))
    sources_path = folder.data / SOURCES_NAME
    sources, source_problems = load_sources(sources_path, shown(sources_path))
    problems.extend(source_problems)
    if targets is None or has_errors(source_problems):
        raise DataError(problems)
    ctx = RowContext(targets)
    observations: list[Observation] = []
    # sources.yaml is an input too: listed so that --output can never overwrite it.
    files: list[str] = [shown(sources_path)] if sources_path.is_file() else []
    if not folder.actuals.is_dir():
        problems.append(
            Problem(
                "no-actuals",
                "没有 actuals 目录",
                Location(shown(folder.actuals)),
                "新建该目录并放入 CSV 或 .xlsx 实际数",
            )
        )
    else:
        paths = actual_files(folder.actuals)
        problems.extend(sources.unmatched(paths, folder.actuals))
        for path in paths:
            name = shown(path)
            files.append(name)
            for item in read_actual_rows(path, name, sources.entry_for(path, folder.actuals)):
                accepted = item if isinstance(item, Problem) else accept_row(item, ctx)
                if isinstance(accepted, Problem):
                    problems.append(accepted)
                else:
                    observations.append(accepted)
    series, series_problems = build_series(observations, {i.id: i.name for i in targets.indicators})
    problems.extend(series_problems)
    problems.extend(check_series({i.id: i for i in targets.indicators}, series))
    return Loaded(folder, targets, series, problems, files)


def select_indicators(
    targets: Targets, wanted: Sequence[str] = (), groups: Sequence[str] = ()
) -> tuple[Indicator, ...]:
    """Indicators by id or name and by group, in the targets file's order."""
    by_key = targets.by_key()
    unknown = [w for w in wanted if w not in by_key]
    if unknown:
        raise UsageError(f"未知指标：{'、'.join(unknown)}（可用 id 或名称）")
    known_groups = {i.group for i in targets.indicators}
    missing_groups = [g for g in groups if g not in known_groups]
    if missing_groups:
        raise UsageError(
            f"未知分组：{'、'.join(missing_groups)}（已有：{'、'.join(sorted(known_groups))}）"
        )
    chosen_ids = {by_key[w].id for w in wanted}
    return tuple(
        i
        for i in targets.indicators
        if (not wanted or i.id in chosen_ids) and (not groups or i.group in groups)
    )


def resolve_month(loaded: Loaded, month: str | None) -> int:
    """The requested month within the targets year, or the latest month that has data."""
    year = loaded.targets.year
    if month is None:
        latest = loaded.latest_month()
        if latest is None:
            raise DataError(
                [
                    *loaded.problems,
                    Problem(
                        "no-data", "没有任何可用的实际数", Location(shown(loaded.folder.actuals))
                    ),
                ]
            )
        return latest
    try:
        parsed = Month.parse(month)
    except ValueError as exc:
        raise UsageError(f"--month：{exc}") from None
    if parsed.year != year:
        raise UsageError(f"--month {parsed} 不在 targets.yaml 的年度 {year} 内")
    return parsed.month


def build_report(
    loaded: Loaded, month: str | None, wanted: Sequence[str] = (), groups: Sequence[str] = ()
) -> Report:
    """The report, or DataError if the data has errors (a figure could be wrong)."""
    chosen = select_indicators(loaded.targets, wanted, groups)
    if has_errors(loaded.problems):
        raise DataError(loaded.problems)
    return compute_report(loaded.targets, loaded.series, resolve_month(loaded, month), chosen)
