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

    def children(self, org: str) -> tuple[str, ...]:
        return tuple(o for o, p in self.parent.items() if p == org)

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

    def post_order(self) -> Iterator[str]:
        """Children before parents, ending with WHOLE, so roll-ups see finished children."""

        def visit(org: str) -> Iterator[str]:
            for child in self.children(org):
                yield from visit(child)
            yield org

        return visit(WHOLE)

    def with_orgs(self, names: Iterable[str]) -> OrgTree:
        """An undeclared tree grown by the orgs seen in actuals (flat under the whole)."""
        if self.declared:
            return self
        parent = dict(self.parent)
        for name in names:
            if name != WHOLE and name != self.root_name:
                parent.setdefault(name, WHOLE)
        return OrgTree(self.root_name, parent, self.groups, declared=False)

    def label(self, org: str) -> str:
        return self.root_name if org == WHOLE else org
