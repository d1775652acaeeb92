"""Optional data files beside targets.yaml: orgs.yaml (the org tree) and ranks.yaml."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from gongshu_kpi.core.models import ExternalRank
from gongshu_kpi.core.orgs import WHOLE, OrgTree
from gongshu_kpi.core.periods import Month
from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.loaders.files import present
from gongshu_kpi.loaders.targets import load_model


class OrgSpec(BaseModel):
    """One org: its name, the groups it belongs to, and the orgs under it."""

    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    name: str = Field(min_length=1)
    groups: tuple[str, ...] = ()
    children: tuple[OrgSpec, ...] = ()
    indicators: tuple[str, ...] = ()  # what it reports (ids or names), for kpi form / status


class OrgsFile(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    root: str = Field(default="合计", min_length=1)  # the whole: the district or the platforms
    orgs: tuple[OrgSpec, ...] = ()

    @model_validator(mode="after")
    def _unique_names(self) -> OrgsFile:
        seen = {self.root}
        stack = list(self.orgs)
        while stack:
            spec = stack.pop()
            if spec.name in seen:
                raise ValueError(f"单位“{spec.name}”重复")
            seen.add(spec.name)
            stack.extend(spec.children)
        return self

    @model_validator(mode="after")
    def _groups_do_not_nest(self) -> OrgsFile:
        """A group holding an org and one of its descendants would count the child twice."""
        tree = self.tree()
        for group, members in tree.groups.items():
            for member in members:
                above = tree.parent.get(member, WHOLE)
                while above != WHOLE:
                    if above in members:
                        raise ValueError(
                            f"分组“{group}”同时包含“{above}”和其下级“{member}”，合计会重复计算"
                        )
                    above = tree.parent.get(above, WHOLE)
        return self

    def tree(self) -> OrgTree:
        parent: dict[str, str] = {}
        groups: dict[str, list[str]] = {}
        reports: dict[str, tuple[str, ...]] = {}

        def add(spec: OrgSpec, above: str) -> None:
            parent[spec.name] = above
            if spec.indicators:
                reports[spec.name] = spec.indicators
            for group in spec.groups:
                groups.setdefault(group, []).append(spec.name)
            for child in spec.children:
                add(child, spec.name)

        for spec in self.orgs:
            add(spec, WHOLE)
        return OrgTree(
            self.root,
            parent,
            {g: tuple(m) for g, m in groups.items()},
            declared=True,
            reports=reports,
        )


class RankSpec(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    indicator: str
    month: str
    scope: str = Field(min_length=1)  # 全市, 同城组
    rank: int = Field(ge=1, strict=True)  # rank: "4" is a quoted number, refused


class RanksFile(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True, extra="forbid")

    ranks: tuple[RankSpec, ...] = ()


def load_orgs(path: Path, shown_as: str) -> tuple[OrgTree, list[Problem]]:
    """The declared org tree, or an undeclared (flat) one when the file is absent."""
    if not present(path):
        return OrgTree(), []
    spec, problems = load_model(path, shown_as, OrgsFile)
    return (OrgTree() if spec is None else spec.tree()), problems


def load_ranks(
    path: Path, shown_as: str, indicator_ids: dict[str, str]
) -> tuple[list[ExternalRank], list[Problem]]:
    """Externally published ranks; `indicator_ids` maps names and ids to ids."""
    if not present(path):
        return [], []
    spec, problems = load_model(path, shown_as, RanksFile)
    ranks: list[ExternalRank] = []
    for index, item in enumerate(spec.ranks if spec else ()):
        indicator_id = indicator_ids.get(item.indicator)
        where = Location(shown_as, None)
        if indicator_id is None:
            problems.append(
                Problem(
                    "unknown-indicator", f"第{index + 1}条排名：未知指标“{item.indicator}”", where
                )
            )
            continue
        try:
            month = Month.parse(item.month)
        except ValueError as exc:
            problems.append(
                Problem(
                    "bad-month", f"第{index + 1}条排名：{exc}", where, "写作 YYYY-MM，如 2020-06"
                )
            )
            continue
        ranks.append(ExternalRank(indicator_id, month.year, month.month, item.scope, item.rank))
    return ranks, problems
