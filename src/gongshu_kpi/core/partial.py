"""A report despite bad files (--skip-bad-files): which figures lack what, and the footnote.

A file with errors of its own is left out whole. Every figure it could have contributed to
— of an org it holds rows for, of any group or parent above that org, and of the whole — is
marked 不含XX; a file none of whose rows could be read marks every figure, since it could
have held anything.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from gongshu_kpi.core.orgs import WHOLE, OrgTree

if TYPE_CHECKING:
    from gongshu_kpi.core.models import Report
    from gongshu_kpi.core.problems import Problem


@dataclass(frozen=True, slots=True)
class SkippedFile:
    """A data file left out of the report, and what its readable rows were about."""

    path: str
    orgs: frozenset[str]  # orgs of its readable rows (WHOLE for rows of the whole)
    problems: tuple[Problem, ...]

    def label(self, tree: OrgTree) -> str:
        """What the figure lacks: the file's orgs, or the file itself."""
        named = sorted(tree.label(o) for o in self.orgs if o != WHOLE)
        return "、".join(named) if named and WHOLE not in self.orgs else self.path


def counts_in(tree: OrgTree, org: str, scope: str) -> bool:
    """Whether `org`'s figures count in `scope` (an org, a group or the whole)."""
    members = tree.members(scope)
    if scope in ("", tree.root_name) or members is None:
        return True
    above = org
    while True:
        if above in members:
            return True
        if above == WHOLE:
            return False
        above = tree.parent.get(above, WHOLE)


def lacks(tree: OrgTree, skipped: SkippedFile, scope: str) -> bool:
    """Whether a figure of `scope` would have included something from the skipped file."""
    if not skipped.orgs:
        return True
    return any(counts_in(tree, org, scope) for org in skipped.orgs)


def mark_excluded(report: Report, tree: OrgTree, skipped: Sequence[SkippedFile]) -> Report:
    """The report with 不含XX after the name of every figure a skipped file would have fed."""
    if not skipped:
        return report
    results = []
    for result in report.results:
        scope = result.org or WHOLE
        missing = [s.label(tree) for s in skipped if lacks(tree, s, scope)]
        if missing and result.as_of is not None:
            name = f"{result.indicator.name}（不含{'、'.join(dict.fromkeys(missing))}）"
            results.append(
                replace(result, indicator=result.indicator.model_copy(update={"name": name}))
            )
        else:
            results.append(result)
    return replace(report, results=tuple(results))


def excluded_footnote(skipped: Sequence[SkippedFile], tree: OrgTree) -> str:
    """注：… listing what was left out and why, for the end of the report."""
    lines = ["注：以下文件有错误，未计入本报告；标“不含…”的数字不含这些文件的数据："]
    for file in skipped:
        errors = sum(1 for p in file.problems if p.severity.value == "error")
        lines.append(f"  {file.path}（{file.label(tree)}，{errors} 个错误）")
    return "\n".join(lines) + "\n"
