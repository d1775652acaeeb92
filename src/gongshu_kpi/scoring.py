"""`kpi report --view scorecard` (赛马): load scorecard.yaml, compute, render."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from gongshu_kpi.core.orgs import WHOLE
from gongshu_kpi.core.problems import DataError, Location, Problem, UsageError
from gongshu_kpi.core.scorecard import Scorecard, build_scorecard
from gongshu_kpi.loaders.scorecard import SCORECARD_NAME, load_scorecard
from gongshu_kpi.pipeline import Loaded, ReportAsk, build_report, shown

if TYPE_CHECKING:
    from rich.console import RenderableType

    from gongshu_kpi.core.models import OutputLanguage, Report


def scorecard_output(
    loaded: Loaded,
    month: str | None,
    fmt: str,
    lang: OutputLanguage,
    groups: Sequence[str] = (),
) -> str | bytes | RenderableType:
    """The scorecard in `fmt` (a Rich table for `table`, bytes for XLSX and DOCX);
    UsageError for a format that cannot show it (render/registry.py)."""
    from gongshu_kpi.render.jobs import ScorecardJob
    from gongshu_kpi.render.registry import render_scorecard, scorecard_format

    chosen = scorecard_format(fmt)
    card, report = build_card(loaded, month, groups)
    return render_scorecard(chosen, ScorecardJob(card, report, lang))


def scorecard_template(
    loaded: Loaded, month: str | None, template: str, templates: Path, groups: Sequence[str] = ()
) -> str:
    """A --template's text with the scorecard as its `scorecard` variable, beside the
    report's own (lines, summary …) of the racing orgs; its language is in its name."""
    from gongshu_kpi.pipeline import template_text
    from gongshu_kpi.render.scorecard import scorecard_context
    from gongshu_kpi.render.template import BadTemplateError, locate_template, render_template

    card, report = build_card(loaded, month, groups)
    path = locate_template(template, templates)
    if path is None:
        return template_text(report, template, templates)  # says which templates there are
    lang: OutputLanguage = "en" if path.stem.endswith("_en") else "zh"
    extra = {"scorecard": scorecard_context(card, report, lang)}
    try:
        return render_template(report, path, shown(path), lang, extra)
    except BadTemplateError as exc:
        raise DataError([exc.problem], what="模板") from None


def build_card(
    loaded: Loaded, month: str | None, groups: Sequence[str] = ()
) -> tuple[Scorecard, Report]:
    """The scorecard of data/scorecard.yaml and the report of the racing orgs it was built
    from; UsageError without orgs, DataError for a bad scorecard.yaml."""
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
    return build_scorecard(report, spec, weights), report
