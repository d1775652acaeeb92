"""`kpi report --view scorecard` (赛马): load scorecard.yaml, compute, render."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from gongshu_kpi.core.models import OutputLanguage
from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.problems import DataError, Location, Problem, UsageError
from gongshu_kpi.core.scorecard import build_scorecard
from gongshu_kpi.loaders.scorecard import SCORECARD_NAME, load_scorecard
from gongshu_kpi.pipeline import Loaded, ReportAsk, build_report, shown
from gongshu_kpi.render import scorecard as render

if TYPE_CHECKING:
    from rich.console import RenderableType

SCORECARD_FORMATS = ("table", "markdown", "json")


def scorecard_output(
    loaded: Loaded,
    month: str | None,
    fmt: str,
    lang: OutputLanguage,
    groups: Sequence[str] = (),
) -> str | RenderableType:
    """The scorecard in `fmt` (a Rich table for `table`); UsageError for other formats."""
    if fmt not in SCORECARD_FORMATS:
        raise UsageError(
            f"--view scorecard 只能输出 {'、'.join(SCORECARD_FORMATS)}，不能输出 {fmt}"
        )
    if not loaded.facts.orgs.parent:
        raise UsageError("--view scorecard 需要按单位（填报单位）的数据；当前数据没有单位")
    path = loaded.folder.data / SCORECARD_NAME
    spec, weights, problems = load_scorecard(path, shown(path), loaded.targets)
    if spec is None:
        raise DataError(problems)
    tree = loaded.facts.orgs
    racers: list[str] = []
    for name in spec.orgs or tree.children(WHOLE):
        members = tree.members(name)
        if members is None:
            where = Location(shown(path))
            fix = (
                f"改为 orgs.yaml 中的单位或分组（已有：{'、'.join([*tree.parent, *tree.groups])}）"
            )
            raise DataError(
                [Problem("scorecard-orgs", f"orgs 中的“{name}”不是单位或分组", where, fix)]
            )
        racers += [m for m in members if m not in racers]
    report = build_report(
        loaded, ReportAsk(month, tuple(weights), groups, (tree.root_name, *racers), by_org=True)
    )
    card = build_scorecard(report, spec, weights)
    if fmt == "json":
        return render.render_scorecard_json(card, report)
    if fmt == "markdown":
        return render.render_scorecard_markdown(card, report, lang)
    return render.render_scorecard_table(card, report, lang)
