"""The org tree (district → platforms → towns) and named groups of orgs (省级特色小镇)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

WHOLE = ""  # the root: rows without an org, and the whole that everything rolls up into


@dataclass(frozen=True)
class OrgTree:
    """Who reports to whom. Without an orgs file, every org seen is a child of the whole."""

    root_name: str = "合计"
    parent: dict[str, str] = field(default_factory=dict)  # org -> parent (WHOLE at the top)
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # group -> member orgs
    declared: bool = False  # built from an orgs file (unknown orgs are then errors)
    # org -> the indicators (ids or names) it reports, where orgs.yaml lists them (kpi form)
    reports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _children: dict[str, tuple[str, ...]] = field(default_factory=dict, init=False, repr=False)
    _post_order: tuple[str, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        # Roll-ups walk the tree once per indicator and year: index it once.
        children: dict[str, list[str]] = {}
        for org, above in self.parent.items():
            children.setdefault(above, []).append(org)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

        def visit(org: str) -> Iterator[str]:
            for child in self._children.get(org, ()):
                yield from visit(child)
            yield org

        object.__setattr__(self, "_post_order", tuple(visit(WHOLE)))

    def children(self, org: str) -> tuple[str, ...]:
        return self._children.get(org, ())

    def canonical(self, name: str) -> str | None:
        """The internal name of an org as written in data: the root's name means WHOLE."""
        if name in ("", self.root_name):
            return WHOLE
        if name in self.parent:
            return name
        return None

    def members(self, name: str) -> tuple[str, ...] | None:
        """An org is itself; a group is its members; None for an unknown name."""
        org = self.canonical(name)
        if org is not None:
            return (org,)
        return self.groups.get(name)

    def post_order(self) -> tuple[str, ...]:
        """Children before parents, ending with WHOLE, so roll-ups see finished children."""
        return self._post_order

    def with_orgs(self, names: Iterable[str]) -> OrgTree:
        """An undeclared tree grown by the orgs seen in actuals (flat under the whole)."""
        if self.declared:
            return self
        parent = dict(self.parent)
        for name in names:
            if name not in (WHOLE, self.root_name):
                parent.setdefault(name, WHOLE)
        return OrgTree(self.root_name, parent, self.groups, declared=False, reports=self.reports)

    def leaves(self) -> tuple[str, ...]:
        """The orgs that report for themselves (no children), in the tree's order."""
        return tuple(o for o in self.parent if not self._children.get(o))

    def label(self, org: str) -> str:
        return self.root_name if org == WHOLE else org
