"""The common case of yamlsafe.load_yaml in one pass over libyaml's events.

A targets file of 1000 indicators is 15,000 nodes; composing them into PyYAML nodes and then
walking the nodes costs about 0.1 s, most of it Python overhead per node. Here values and
positions are built straight from the parser's events, each plain scalar's tag resolved once
per distinct text, and scalars constructed by the very same constructors (yamlsafe._Loader's).

Anything out of the ordinary (an anchor or alias, an explicit tag, a tag other than str, int,
float, bool or null, a key that is not a plain text or number, a duplicate key, nesting
beyond MAX_DEPTH, a number the policy refuses, a syntax error, more than one document) makes
`fast_load` return None: the careful path then reads the file and says exactly what it
always said. Where `fast_load` answers, its value and positions are those of the careful path.
"""

from __future__ import annotations

from typing import Any

from yaml.events import (
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import ScalarNode

STR_TAG = "tag:yaml.org,2002:str"
_CONSTRUCTED = frozenset(
    {
        "tag:yaml.org,2002:int",
        "tag:yaml.org,2002:float",
        "tag:yaml.org,2002:bool",
        "tag:yaml.org,2002:null",
    }
)

Path = tuple[str | int, ...]
Position = tuple[int, int]


class _UnusualError(Exception):
    """Something the careful path should read (and word, if it is a mistake)."""


class _Builder:
    def __init__(self, loader: Any, max_depth: int) -> None:
        self.loader = loader
        self.max_depth = max_depth
        self.tags: dict[tuple[str, tuple[bool, bool]], str] = {}
        self.positions: dict[Path, Position] = {}

    def _scalar(self, event: Any) -> Any:  # a ScalarEvent, with libyaml's marks
        if event.anchor is not None:
            raise _UnusualError
        if event.tag not in (None, "!"):
            raise _UnusualError
        key = (event.value, event.implicit)
        tag = self.tags.get(key)
        if tag is None:
            tag = self.tags[key] = self.loader.resolve(ScalarNode, *key)
        if tag == STR_TAG:
            return event.value
        if tag not in _CONSTRUCTED:
            raise _UnusualError
        node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        return self.loader.construct_object(node, deep=True)

    def _ends(self, kind: type) -> bool:
        """Whether the next event closes the collection (then it is consumed)."""
        if self.loader.check_event(kind):
            self.loader.get_event()
            return True
        return False

    def value(self, path: Path, depth: int) -> Any:
        """The value of the node starting at the next event (its position recorded as the
        careful path's _build records it)."""
        event = self.loader.get_event()
        mark = event.start_mark
        if mark is not None:
            self.positions.setdefault(path, (mark.line + 1, mark.column + 1))
        # One level short of the careful path's bound: a key sits a level below its mapping.
        if depth >= self.max_depth:
            raise _UnusualError
        if isinstance(event, ScalarEvent):
            return self._scalar(event)
        if event.anchor is not None or event.tag not in (None, "!"):
            raise _UnusualError
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while not self._ends(SequenceEndEvent):
                items.append(self.value((*path, len(items)), depth + 1))
            return items
        if isinstance(event, MappingStartEvent):
            return self._mapping(path, depth)
        raise _UnusualError  # an alias

    def _mapping(self, path: Path, depth: int) -> dict[Any, Any]:
        result: dict[Any, Any] = {}
        while not self._ends(MappingEndEvent):
            event = self.loader.get_event()
            if not isinstance(event, ScalarEvent):
                raise _UnusualError
            key = self._scalar(event)
            if not isinstance(key, str | int) or key in result:
                raise _UnusualError
            mark = event.start_mark
            if mark is not None:
                self.positions[(*path, key)] = (mark.line + 1, mark.column + 1)
            result[key] = self.value((*path, key), depth + 1)
        return result


def fast_load(loader: Any, max_depth: int) -> tuple[Any, dict[Path, Position]] | None:
    """The document of a loader made by yamlsafe (a CParser under _Loader's constructors)
    and its positions, or None when the careful path must read it."""
    builder = _Builder(loader, max_depth)
    get = loader.get_event
    try:
        if not isinstance(get(), StreamStartEvent):
            return None
        if loader.check_event(StreamEndEvent):
            return None, {}
        if not isinstance(get(), DocumentStartEvent):
            return None
        value = builder.value((), 1)
        if not isinstance(get(), DocumentEndEvent) or not isinstance(get(), StreamEndEvent):
            return None
    except Exception:  # noqa: BLE001 - any surprise: the careful path reads and words it
        return None
    return value, builder.positions
