"""One pipeline for every command: find the data folder, load, validate, compute."""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from gongshu_kpi.core.checks import check_series
from gongshu_kpi.core.collection import unknown_reported_indicators
from gongshu_kpi.core.figures.facts import Facts, build_facts, check_yoy_bases
from gongshu_kpi.core.figures.result import ReportRequest, compute_report
from gongshu_kpi.core.notes import MonthNotes, apply_notes
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.partial import SkippedFile, mark_excluded
from gongshu_kpi.core.periodic.period import parse_period as parse_any_period
from gongshu_kpi.core.periods import Month
from gongshu_kpi.core.problems import (
    BoundedProblems,
    DataError,
    Location,
    Problem,
    UsageError,
    has_errors,
)
from gongshu_kpi.core.refused import Refusals
from gongshu_kpi.core.series import SeriesBuilder
from gongshu_kpi.core.status_rules import StatusRules, apply_status_rules
from gongshu_kpi.core.units import BASE_UNITS
from gongshu_kpi.loaders.actuals import read_actual_rows, scan_actuals
from gongshu_kpi.loaders.columnar import FAST_MIN_BYTES
from gongshu_kpi.loaders.columnar_mixed import ColumnarRead, read_columnar
from gongshu_kpi.loaders.files import present
from gongshu_kpi.loaders.notes import NOTES_FOLDER, load_notes
from gongshu_kpi.loaders.orgs import load_orgs, load_ranks
from gongshu_kpi.loaders.rows import RawRow, RowContext, accept_rows
from gongshu_kpi.loaders.sources import SOURCES_NAME, Sources, load_sources
from gongshu_kpi.loaders.status import STATUS_NAME, load_status_rules
from gongshu_kpi.loaders.targets import Positions, load_targets_located

if TYPE_CHECKING:
    from gongshu_kpi.core.models import Indicator, OutputLanguage, Report, Targets
    from gongshu_kpi.core.provenance import EnteredValue
    from gongshu_kpi.render.publication import Publication

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

    @property
    def orgs(self) -> Path:
        return self.data / "orgs.yaml"

    @property
    def ranks(self) -> Path:
        return self.data / "ranks.yaml"


def find_data_folder(explicit: Path | None, start: Path | None = None) -> DataFolder:
    """The data folder named by --data, or the nearest one above the current folder."""
    if explicit is not None:
        if not explicit.is_dir():
            raise UsageError(f"--data {explicit}：目录不存在")
        for data in (explicit, explicit / "data"):
            if present(data / TARGETS_NAME):  # not a file? load says what it is
                return DataFolder(data, data.parent / "templates")
        raise UsageError(f"--data {explicit}：找不到 {TARGETS_NAME}（也没有 data/{TARGETS_NAME}）")
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if present(folder / "data" / TARGETS_NAME):
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


def today() -> dt.date:
    """The office's date: local time, as the people who file and read the figures count days."""
    return dt.datetime.now().astimezone().date()


@dataclass(slots=True)
class Loaded:
    folder: DataFolder
    targets: Targets
    facts: Facts
    problems: list[Problem] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    # --skip-bad-files: files left out for their errors (their problems are here, not above)
    skipped: list[SkippedFile] = field(default_factory=list)
    # indicator id -> the finest unit its actuals were entered in, where finer than its own
    finest_units: dict[str, str] = field(default_factory=dict)
    # where each field of targets.yaml is written (kpi check's messages), from its one reading
    target_positions: Positions = field(default_factory=Positions)
    statuses: StatusRules | None = None  # data/status.yaml, when there is one
    notes: dict[int, MonthNotes] = field(default_factory=dict)  # data/notes/, by month
    entered: dict[Location, EnteredValue] = field(default_factory=dict)  # cells in other units

    def latest_month(self) -> int | None:
        return self.facts.latest_month(self.targets.year)


class Progress(Protocol):
    """Told when each stage of loading starts (a file, then checking and rolling up)."""

    def step(self, what: str) -> None: ...


def load(
    folder: DataFolder, progress: Progress | None = None, skip_bad_files: bool = False
) -> Loaded:
    """Targets and actuals with every problem found; DataError only if targets are unusable.

    With `skip_bad_files`, a file with errors of its own is left out whole (Loaded.skipped)."""
    # Loading allocates an object or two per row and frees almost nothing: the cyclic
    # collector would walk the growing heap again and again (a quarter of the time at a
    # million rows) to find no cycles. It is switched back on when loading ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = _load(folder, progress, skip_bad_files)
        status_path = folder.data / STATUS_NAME
        loaded.statuses, status_problems = load_status_rules(
            status_path, shown(status_path), loaded.targets
        )
        loaded.problems.extend(status_problems)
        loaded.notes, note_problems = load_notes(
            folder.data / NOTES_FOLDER, shown, loaded.targets, loaded.facts.orgs
        )
        loaded.problems.extend(note_problems)
        return loaded
    finally:
        if collecting:
            # What was loaded lives until the command ends, but it is all still in the
            # youngest generation: the next few collections would walk it (0.4 s at a
            # million rows) to free nothing. Frozen, the collector leaves it alone; objects
            # are still freed as usual when their last reference goes.
            gc.freeze()
            gc.enable()


def _load(folder: DataFolder, progress: Progress | None, skip_bad_files: bool) -> Loaded:
    targets, positions, targets_problems = load_targets_located(
        folder.targets, shown(folder.targets)
    )
    # Twenty of a kind per file are listed, the rest counted: a million bad rows would
    # otherwise be a million messages (and as many objects) before anyone reads the first.
    problems = BoundedProblems(targets_problems)
    sources_path = folder.data / SOURCES_NAME
    units = BASE_UNITS if targets is None else targets.unit_table
    sources, source_problems = load_sources(sources_path, shown(sources_path), units)
    problems.extend(source_problems)
    if targets is None or has_errors(source_problems):
        raise DataError(problems.summarised())
    orgs, org_problems = load_orgs(folder.orgs, shown(folder.orgs))
    problems.extend(org_problems)
    where = Location(shown(folder.orgs))
    problems.extend(unknown_reported_indicators(orgs, targets.by_key(), where))
    ranks, rank_problems = load_ranks(
        folder.ranks, shown(folder.ranks), {k: i.id for k, i in targets.by_key().items()}
    )
    problems.extend(rank_problems)
    ctx = RowContext(targets, orgs)
    indicators = {i.id: i for i in targets.indicators}
    # Rows stream from the files into the series: no list of a million observations.
    builder = SeriesBuilder({k: i.name for k, i in indicators.items()})
    # sources.yaml is an input too: listed so that --output can never overwrite it.
    files: list[str] = [shown(sources_path)] if present(sources_path) else []
    names, skipped, fast = _read_actuals(
        folder, sources, ctx, builder, problems, progress, skip_bad_files
    )
    files.extend(names)
    if progress is not None:
        progress.step("校验、汇总")
    if fast is not None and fast.clean and not orgs.declared:
        facts = fast.store.facts(targets, orgs, ranks)
        problems.extend(check_yoy_bases(facts))
        finest = {key: unit.text for key, unit in ctx.finest_units.items()}
        return Loaded(
            folder, targets, facts, problems.summarised(), files, skipped, finest, positions,
            entered=ctx.entered,
        )  # fmt: skip
    series, series_problems = builder.finish()
    series = series if fast is None else fast.series(series)  # and the engine's, in order
    problems.extend(series_problems)
    problems.extend(check_series(indicators, series, Refusals(ctx.refused)))
    facts, rollup_problems = build_facts(targets, orgs, series, ranks)
    problems.extend(rollup_problems)
    problems.extend(check_yoy_bases(facts))
    finest = {key: unit.text for key, unit in ctx.finest_units.items()}
    return Loaded(
        folder, targets, facts, problems.summarised(), files, skipped, finest, positions,
        entered=ctx.entered,
    )  # fmt: skip


def _read_actuals(
    folder: DataFolder,
    sources: Sources,
    ctx: RowContext,
    builder: SeriesBuilder,
    problems: BoundedProblems,
    progress: Progress | None,
    skip_bad_files: bool,
) -> tuple[list[str], list[SkippedFile], ColumnarRead | None]:
    """Every actuals file's rows into `builder` (or the columnar engine's, see below): the
    files read, those left out (--skip-bad-files) and the engine's."""
    skipped: list[SkippedFile] = []
    if not folder.actuals.is_dir():
        problems.append(
            Problem(
                "no-actuals",
                "没有 actuals 目录",
                Location(shown(folder.actuals)),
                "新建该目录并放入 CSV 或 .xlsx 实际数",
            )
        )
        return [], skipped, None
    paths, not_files = scan_actuals(folder.actuals, shown)
    problems.extend(not_files)
    problems.extend(sources.unmatched(paths, folder.actuals))
    names = [shown(path) for path in paths]
    entries = [sources.entry_for(path, folder.actuals) for path in paths]
    # Large CSV/.xlsx as columns, the rest into `builder` (loaders/columnar_mixed.py).
    if progress is not None:
        progress.step(f"读取 {len(paths)} 个文件")
    listing = list(zip(paths, names, entries, strict=True))
    fast = read_columnar(listing, ctx, FAST_MIN_BYTES, mixed=not skip_bad_files)
    if fast is not None:
        if not fast.clean:
            fast.feed(builder, problems)
        return names, skipped, fast
    for number, (path, name, entry) in enumerate(zip(paths, names, entries, strict=True), 1):
        if progress is not None:
            progress.step(f"读取 {name}（{number}/{len(paths)}）")
        rows = read_actual_rows(path, name, entry)
        if skip_bad_files:
            kept, left_out = _unless_bad(list(rows), name, ctx, builder.names)
            if left_out is not None:
                skipped.append(left_out)
                continue
            rows = iter(kept)
        accept_rows(rows, ctx, builder, problems)
    return names, skipped, None


def _unless_bad(
    rows: list[RawRow | Problem], name: str, ctx: RowContext, names: Mapping[str, str]
) -> tuple[list[RawRow | Problem], SkippedFile | None]:
    """A file's rows, or what it was about when it has errors of its own (--skip-bad-files):
    its rows are validated on their own first, so a bad one leaves nothing behind."""
    trial = SeriesBuilder(names)
    found: list[Problem] = []
    refused = len(ctx.refused)
    accept_rows(rows, ctx, trial, found)
    del ctx.refused[refused:]  # a file kept is accepted again; one left out refuses nothing
    series, duplicates = trial.finish()
    found.extend(duplicates)
    if not has_errors(found):
        return rows, None
    # Whose rows it holds, the unreadable ones too (an org cell usually survives a bad value).
    orgs = {s.org for s in series}
    for row in rows:
        if isinstance(row, RawRow):
            org = ctx.orgs.canonical(ctx.text(row.get("org")))
            if org is not None:
                orgs.add(org)
    return rows, SkippedFile(name, frozenset(orgs), tuple(found))


def select_indicators(
    targets: Targets, wanted: Sequence[str] = (), groups: Sequence[str] = ()
) -> tuple[Indicator, ...]:
    """Indicators by id or name and by group, in the targets file's order."""
    by_key = targets.by_key()
    unknown = [w for w in wanted if w not in by_key]
    if unknown:
        raise UsageError(f"未知指标：{'、'.join(unknown)}（可用 id 或名称）")
    known_groups = {i.group for i in targets.indicators if i.group}
    missing_groups = [g for g in groups if g not in known_groups]
    if missing_groups:
        known = "、".join(sorted(known_groups)) if known_groups else "targets.yaml 中没有设置 group"
        raise UsageError(f"未知分组：{'、'.join(missing_groups)}（已有：{known}）")
    chosen_ids = {by_key[w].id for w in wanted}
    return tuple(
        i
        for i in targets.indicators
        if (not wanted or i.id in chosen_ids) and (not groups or i.group in groups)
    )


def month_of_period(month: str | None, period: str | None) -> str | None:
    """`--period` (2021-Q2, 2021-H1, 2021年一季度) as the `--month` it ends with (2021-06):
    figures are as of a period's last month."""
    if period is None:
        return month
    if month is not None:
        raise UsageError("--period 与 --month 只能写一个")
    try:
        found = parse_any_period(period)
    except ValueError as exc:
        raise UsageError(f"--period：{exc}") from None
    return f"{found.year:04d}-{found.last:02d}"


def resolve_month(loaded: Loaded, month: str | None) -> tuple[int, int]:
    """(year, month) asked for, or the latest month of the targets year that has data."""
    year = loaded.targets.year
    if month is None:
        latest = loaded.latest_month()
        if latest is None:
            where = Location(shown(loaded.folder.actuals))
            raise DataError([*loaded.problems, Problem("no-data", "没有任何可用的实际数", where)])
        return year, latest
    try:
        parsed = Month.parse(month)
    except ValueError as exc:
        raise UsageError(f"--month：{exc}") from None
    years_with_targets = {year} | {y for i in loaded.targets.indicators for y in i.targets_by_year}
    if parsed.year not in years_with_targets:
        known = "、".join(str(y) for y in sorted(years_with_targets))
        raise UsageError(
            f"--month {parsed}：targets.yaml 中没有 {parsed.year} 年的目标（有：{known}）"
        )
    return parsed.year, parsed.month


def resolve_orgs(loaded: Loaded, names: Sequence[str], by_org: bool) -> tuple[str, ...]:
    """Whose figures: named orgs or groups, every org (--by org), or the whole."""
    tree = loaded.facts.orgs
    for name in names:
        if tree.members(name) is None:
            known = "、".join([tree.root_name, *tree.parent, *tree.groups])
            raise UsageError(f"未知单位或分组“{name}”（已有：{known}）")
    # The root's own name is the whole: never ranked, and it carries the published ranks.
    chosen = tuple(WHOLE if tree.canonical(name) == WHOLE else name for name in names)
    if by_org:
        return chosen or (WHOLE, *tree.parent)
    return chosen or (WHOLE,)


def refuse_figures_with_errors(loaded: Loaded) -> None:
    """No figures when the data has errors (one of them could be wrong): DataError lists them.
    The one place this rule is written; every command that shows a figure calls it."""
    if has_errors(loaded.problems):
        raise DataError(loaded.problems)


def one_indicator(data: Path | None, name: str, org: str | None) -> tuple[Loaded, Indicator, str]:
    """The loaded data folder, one indicator (id or name) and one org (or the whole), for the
    figures of one indicator (`kpi explain`, `kpi trend`)."""
    loaded = load(find_data_folder(data))
    (chosen,) = select_indicators(loaded.targets, [name])
    who = resolve_orgs(loaded, [org] if org else [], False)[0]
    refuse_figures_with_errors(loaded)
    return loaded, chosen, who


@dataclass(frozen=True, slots=True)
class ReportAsk:
    """What `kpi report` was asked for (its options, parsed)."""

    month: str | None = None
    indicators: Sequence[str] = ()
    groups: Sequence[str] = ()
    orgs: Sequence[str] = ()
    by_org: bool = False
    share_of: str | None = None
    rank_by: str | None = None
    publication: bool = False  # also what a circulated document shows (build_publication)
    skip_bad_files: bool = False


def build_report(loaded: Loaded, ask: ReportAsk) -> Report:
    """The report, or DataError if the data has errors (a figure could be wrong)."""
    chosen = select_indicators(loaded.targets, ask.indicators, ask.groups)
    who = resolve_orgs(loaded, ask.orgs, ask.by_org)
    if ask.share_of is not None:
        resolve_orgs(loaded, [ask.share_of], False)
    refuse_figures_with_errors(loaded)
    year, as_of = resolve_month(loaded, ask.month)
    request = ReportRequest(as_of, year, chosen, who, ask.share_of, ask.rank_by, ask.by_org)
    # Files left out (--skip-bad-files) mark every figure they would have fed: 不含XX.
    report = mark_excluded(compute_report(loaded.facts, request), loaded.facts.orgs, loaded.skipped)
    report = apply_notes(report, loaded.notes.get(report.month))
    return apply_status_rules(replace(report, finest_units=loaded.finest_units), loaded.statuses)


@dataclass(frozen=True, slots=True)
class ReportRun:
    """A report with what its reader should be told: the data's warnings and the indicators
    (with their org) that have no data by the month."""

    loaded: Loaded
    report: Report
    notes: list[Problem]
    missing: list[str]
    publication: Publication | None

    @property
    def when(self) -> str:
        return f"{self.report.year}-{self.report.month:02d}"

    def refuse_when_empty(self) -> None:
        """No report at all when not one indicator has data by the month."""
        if all(r.as_of is None for r in self.report.results):
            raise UsageError(
                f"{self.when} 及之前没有任何数据，未生成结果；用 --month 指定有数据的月份"
            )


def report_run(folder: DataFolder, ask: ReportAsk, progress: Progress | None = None) -> ReportRun:
    """Load, compute the report (DataError when the data has errors) and, when asked and
    there is data, what a circulated document shows beyond it."""
    loaded = load(folder, progress, ask.skip_bad_files)
    report = build_report(loaded, ask)
    missing = [
        r.indicator.name + (f"（{r.org}）" if r.org else "")
        for r in report.results
        if r.as_of is None
    ]
    publication = None
    if ask.publication and len(missing) < len(report.results):
        publication = build_publication(loaded, report, ask)
    return ReportRun(loaded, report, loaded.problems, list(dict.fromkeys(missing)), publication)


def build_publication(
    loaded: Loaded, report: Report, ask: ReportAsk, notes: Sequence[str] = ()
) -> Publication:
    """What a circulated document (XLSX, HTML, DOCX, charts) shows beyond `report`: every
    org's figures when the data has orgs, the whole's months so far, the sources."""
    from gongshu_kpi.core.figures.explain import trend
    from gongshu_kpi.render.publication import Publication

    by_org = None
    if loaded.facts.orgs.parent:
        by_org = build_report(loaded, ReportAsk(ask.month, ask.indicators, ask.groups, by_org=True))
    trends = {
        result.indicator.id: tuple(
            row
            for row in trend(loaded.facts, result.indicator, WHOLE, report.year)
            if row.month <= report.month
        )
        for result in report.results
        if not result.org
    }
    sources = tuple(name for name in loaded.files if not name.endswith(".yaml"))
    return Publication(report, by_org, trends, sources, today(), tuple(notes))


def template_text(report: Report, template: str, templates: Path) -> str:
    """The report through a Jinja template: a name in the project's templates/ or the shipped
    defaults, or a file. Its language is in its name (bulletin_en); --lang is for tables."""
    from gongshu_kpi.render.template import (
        BadTemplateError,
        locate_template,
        render_template,
        template_names,
    )

    path = locate_template(template, templates)
    if path is None:
        names = "、".join(template_names(templates))
        raise UsageError(f"--template {template}：找不到模板（可用：{names}，或给出文件路径）")
    language: OutputLanguage = "en" if path.stem.endswith("_en") else "zh"
    try:
        return render_template(report, path, shown(path), language)
    except BadTemplateError as exc:
        raise DataError([exc.problem], what="模板") from None
