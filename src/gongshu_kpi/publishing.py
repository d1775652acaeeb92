"""`kpi publish`: record the figures and targets a bulletin went out with, so that `kpi check`
can report any of them that changes later."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gongshu_kpi import pipeline
from gongshu_kpi.checking import published_folder
from gongshu_kpi.core.ci.snapshots import snapshot_to_json, take_snapshot
from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.output import write_atomically, write_new_atomically


@dataclass(frozen=True, slots=True)
class Published:
    """A snapshot written by `kpi publish`: where, and the month it records."""

    path: Path
    year: int
    month: int


def publish(folder: pipeline.DataFolder, month: str | None, force: bool) -> Published:
    """Record the figures and targets of a month with data as data/published/YYYY-MM.json.
    A month already published is refused unless `force` (a correction re-published)."""
    loaded = pipeline.load(folder)
    pipeline.refuse_figures_with_errors(loaded)
    year, as_of = pipeline.resolve_month(loaded, month)
    latest = loaded.facts.latest_month(year)
    if latest is None or as_of > latest or loaded.facts.latest_month(year, as_of) is None:
        raise UsageError(
            f"{year}-{as_of:02d} 还没有数据（最新有数据的月份："
            f"{'无' if latest is None else f'{year}-{latest:02d}'}），不能发布"
        )
    target = published_folder(folder) / f"{year:04d}-{as_of:02d}.json"
    if target.exists() and not force:
        raise UsageError(
            f"{pipeline.shown(target)} 已存在：该月已发布过；如确需更正后重新发布，加 --force"
        )
    try:
        target.parent.mkdir(exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法新建目录 {target.parent}：{exc.strerror}") from None
    _write_snapshot(target, snapshot_to_json(take_snapshot(loaded.facts, year, as_of)), force)
    return Published(target, year, as_of)


def _write_snapshot(target: Path, snapshot: str, force: bool) -> None:
    if force:
        write_atomically(target, snapshot)
        return
    try:  # the check before can pass for two runs at once; only one may create the file
        write_new_atomically(target, snapshot)
    except FileExistsError:
        raise UsageError(
            f"{pipeline.shown(target)} 刚由另一次 kpi publish 写入：该月已发布；"
            "如确需更正后重新发布，加 --force"
        ) from None
