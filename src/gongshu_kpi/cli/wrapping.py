"""Help text that wraps Chinese as Chinese is written: a line may break between any two
Chinese characters, never before closing punctuation (，。；）…) nor after an opening one
(（“), and between Latin words only at spaces.

Rich wraps at spaces only and crops a longer run with "…" in Typer's option tables; these
texts give it the break points instead, so no space is needed after Chinese punctuation.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

from rich.cells import cell_len
from rich.containers import Lines
from rich.measure import Measurement
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, OverflowMethod

NO_LINE_START = set("，。；：、）」』》〉！？…’”%,.;:!?)]")
NO_LINE_END = set("（「『《〈‘“([")  # noqa: RUF001
WIDE_FROM = 0x2E80  # CJK characters and full-width punctuation from here on


def _wide(char: str) -> bool:
    return ord(char) >= WIDE_FROM


def line_starts(text: str) -> list[int]:
    """Every index where a new line may begin."""
    starts = []
    for index in range(1, len(text)):
        before, char = text[index - 1], text[index]
        if char.isspace() or char in NO_LINE_START or before in NO_LINE_END:
            continue
        if before.isspace() or _wide(before) or _wide(char):
            starts.append(index)
    return starts


def break_offsets(text: str, width: int) -> list[int]:
    """Where to break `text` so no line is wider than `width` cells, filling lines greedily;
    a piece wider than a whole line is cut at a character (it never is in kpi's help)."""
    bounds = [0, *line_starts(text), len(text)]
    offsets: list[int] = []
    used = 0
    for start, end in pairwise(bounds):
        piece = text[start:end]
        if start and used + cell_len(piece.rstrip()) > width:
            offsets.append(start)
            used = 0
        for index, char in enumerate(piece):
            if used + cell_len(char) > width and not char.isspace():
                offsets.append(start + index)
                used = 0
            used += cell_len(char)
    return [o for o in offsets if o > 0]


class WrappedText(Text):
    """A Text that wraps by `break_offsets`."""

    def wrap(
        self,
        console: Console,
        width: int,
        *,
        justify: JustifyMethod | None = None,
        overflow: OverflowMethod | None = None,
        tab_size: int = 8,
        no_wrap: bool | None = None,
    ) -> Lines:
        if no_wrap:
            return super().wrap(
                console, width, justify=justify, overflow=overflow, tab_size=tab_size, no_wrap=True
            )
        lines = Lines()
        for line in self.split(allow_blank=True):
            if "\t" in line.plain:
                line.expand_tabs(tab_size)
            pieces = line.divide(break_offsets(line.plain, width))
            for piece in pieces:
                piece.rstrip()
            lines.extend(pieces)
        return lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        text = self.plain
        widest = max((cell_len(line) for line in text.splitlines()), default=0)
        bounds = [0, *line_starts(text), len(text)]
        pieces = (text[a:b].strip() for a, b in pairwise(bounds))
        return Measurement(max((cell_len(p) for p in pieces), default=0), widest)


def wrapped(text: Any) -> Any:
    """`text` as a WrappedText (other renderables, such as Markdown, as they are)."""
    if type(text) is not Text:
        return text
    copy = WrappedText(text.plain, style=text.style, justify=text.justify, end=text.end)
    copy.spans[:] = text.spans
    return copy
