"""Document structure (steps 1 and 2): characters normalised with their source line and
column, Markdown markers dropped, lines joined into sentences, Markdown tables kept whole."""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field, replace

# Line structure (matched after normalisation).
_RULE_RE = re.compile(r"^\s*([-*_=])(?:\s*\1){2,}\s*$")  # ---, ***, === : thematic breaks
_BOLD_RE = re.compile(r"\*\*|__")
_LINE_MARKER_RE = re.compile(
    r"""^\s*(?:>\s*)*
    (?:
        (?P<heading>\#{1,6})\s*
      | (?P<item>
            [◎●○■□▲△◆◇•·※★☆►▶]\s*
          | [-*+](?=\s|[^\x00-\x7f])\s*
          | \d{1,2}[.)、](?!\d)\s*
          | \(\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*\)\s*
          | [\u2460-\u2473\u2776-\u277f]\s*
          | [一二三四五六七八九十]{1,3}、\s*
        )
    )?""",
    re.VERBOSE,
)
_TABLE_ROW_RE = re.compile(r"^\s*(?:>\s*)*\|")
_TABLE_RULE_RE = re.compile(r"^:?-+:?$")
_TERMINATORS = frozenset("。!?")  # "；" only separates clauses, like "，"
_CLOSERS = frozenset("”’\"')」』】")
# A line after a blank line continues the sentence only when the sentence visibly broke off
# mid-figure or mid-clause, as in the reference ("1-7月完成714" / "" / "家,完成率82.16%。").
_OPEN_ENDINGS = frozenset("0123456789.,、:(")
_CONTINUED_STARTS = frozenset(",、。;%)")
# NFKC would turn these into other characters that matter here; map them deliberately.
_CHAR_FIXES = {"\u2212": "-", "\u200b": "", "\u200c": "", "\u200d": "", "\u2060": "", "\ufeff": ""}


# --------------------------------------------------------------------------- step 1: characters


@dataclass(slots=True)
class _Char:
    """One normalised character, what to show for it, and the line it came from."""

    norm: str  # one character, or "" when it is left out of the parsed text
    src: str  # the original character(s), for Claim.text
    line: int
    col: int = 0  # 1-based column of the original character in its line


@dataclass(frozen=True)
class _Line:
    number: int
    kind: str  # "blank", "break", "heading", "item" (◎, -, 1. …), "table" (| …) or "text"
    chars: list[_Char]
    level: int = 0  # a heading's level (# 1 … ###### 6); 7 for a bold or numbered title line


@functools.lru_cache(maxsize=4096)
def _normalise_char(ch: str) -> str:
    """NFKC-fold one character, unless folding would create a digit from a non-digit."""
    if ch in _CHAR_FIXES:
        return _CHAR_FIXES[ch]
    folded = unicodedata.normalize("NFKC", ch)
    # ① ² ㎡ fold to "1", "2", "m2": a list number or a unit must not become a figure.
    # Full-width digits (０-９) fold to plain digits, which is what we want.
    if folded != ch and not ("０" <= ch <= "９") and any(c.isdigit() for c in folded):
        return ch
    return folded


# A percent sign written as an HTML entity is a percent sign (60.49&#37;).
_PERCENT_ENTITIES = ("&#37;", "&#x25;", "&#X25;", "&percnt;")


def _normalise(raw: str, number: int) -> list[_Char]:
    if "&" in raw or "\\" in raw:
        return _normalise_marked(raw, number)
    # The common case, in one tight pass (the fact-check's cost is per character).
    chars: list[_Char] = []
    append, fold = chars.append, _normalise_char
    for col, ch in enumerate(raw, 1):
        folded = fold(ch)
        if len(folded) == 1:
            append(_Char(folded, ch, number, col))
        else:
            for k, piece in enumerate(folded):
                append(_Char(piece, ch if k == 0 else "", number, col))
    return chars


def _normalise_marked(raw: str, number: int) -> list[_Char]:
    """_normalise for a line with HTML entities or Markdown escapes in it."""
    chars: list[_Char] = []
    i = 0
    while i < len(raw):
        ch = raw[i]
        if ch == "&" and (
            entity := next((e for e in _PERCENT_ENTITIES if raw.startswith(e, i)), "")
        ):
            chars.append(_Char("%", entity, number, i + 1))
            i += len(entity)
            continue
        if ch == "\\" and i + 1 < len(raw) and raw[i + 1] in "%.,*_#|-+()[]":
            # A Markdown escape (60.49\\%): the backslash is markup, the character is text.
            chars.append(_Char("", ch, number, i + 1))
            i += 1
            continue
        folded = _normalise_char(ch)
        for k, piece in enumerate(folded):
            chars.append(_Char(piece, ch if k == 0 else "", number, i + 1))
        i += 1
    return chars


def _plain(chars: list[_Char]) -> str:
    return "".join(c.norm for c in chars)


def _read_line(raw: str, number: int) -> _Line:
    """Normalise a line, drop its Markdown markers and say what kind of line it is."""
    chars = _normalise(raw, number)
    plain = _plain(chars)
    if not plain.strip():
        return _Line(number, "blank", [])
    if _RULE_RE.match(plain):
        return _Line(number, "break", [])
    bold = {i for m in _BOLD_RE.finditer(plain) for i in range(m.start(), m.end())}
    chars = [c for i, c in enumerate(chars) if i not in bold]
    table = _TABLE_ROW_RE.match(_plain(chars))
    if table:
        return _Line(number, "table", chars[table.end() - 1 :])
    marker = _LINE_MARKER_RE.match(_plain(chars))
    kind, level = "text", 0
    if marker and marker.group("heading"):
        kind, level = "heading", len(marker.group("heading"))
    elif marker and marker.group("item"):
        kind = "item"
    numbered = bool(
        marker and marker.group("item") and marker.group("item")[0] not in "◎●○■□▲△◆◇•·※★☆►▶-*+"
    )
    chars = chars[marker.end() if marker else 0 :]
    first = next((i for i, c in enumerate(chars) if not c.norm.isspace()), len(chars))
    chars = chars[first:]
    whole_bold = plain.strip().startswith(("**", "__")) and plain.strip().endswith(("**", "__"))
    if not level and (numbered or whole_bold) and _is_title(_plain(chars)):
        kind, level = "heading", 7
    return _Line(number, kind, chars, level)


_LONGEST_TITLE = 24  # characters: a longer line of words is a sentence


def _is_title(text: str) -> bool:
    """A short line of words alone (一、固定资产投资 / **杭钢新城**): a title, not a sentence."""
    words = text.strip()
    return 0 < len(words) <= _LONGEST_TITLE and not any(
        ch.isdigit() or ch in ",;。:!?%" for ch in words
    )


# --------------------------------------------------------------------------- step 2: sentences


@dataclass(frozen=True)
class _Sentence:
    parse: str  # normalised text the patterns run on
    lines: tuple[int, ...]  # source line of each character of `parse`
    text: str  # for display: original characters, whitespace collapsed
    line: int  # where the sentence starts
    context: tuple[str, ...] = ()  # the headings it stands under, outermost first
    columns: tuple[int, ...] = ()  # source column of each character of `parse`


def _is_latin(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _visible(chars: list[_Char]) -> list[_Char]:
    return [c for c in chars if c.norm and not c.norm.isspace()]


@dataclass(frozen=True)
class _Table:
    """A Markdown table: its rows, each a list of characters starting at the first "|"."""

    rows: list[list[_Char]] = field(default_factory=list)
    context: tuple[str, ...] = ()  # the headings it stands under, outermost first


class _SentenceSplitter:
    """Joins lines into sentences, cutting at 。!?; and at Markdown block boundaries."""

    def __init__(self) -> None:
        self.blocks: list[list[_Char] | _Table] = []  # sentences and tables, in text order
        self.contexts: list[tuple[str, ...]] = []  # the headings above each block
        self._pending: list[_Char] = []
        self._after_blank = False
        self._table: _Table | None = None
        self._headings: list[tuple[int, str]] = []  # (level, text), outermost first

    def _emit(self, block: list[_Char] | _Table) -> None:
        self.blocks.append(block)
        self.contexts.append(tuple(text for _, text in self._headings))

    def _enter_heading(self, line: _Line) -> None:
        """A heading is the context of what follows, until one of the same or higher level."""
        while self._headings and self._headings[-1][0] >= line.level:
            self._headings.pop()
        self._headings.append((line.level, re.sub(r"\s+", "", _plain(line.chars))))

    def add(self, line: _Line) -> None:
        if line.kind == "table":
            self.flush()
            if self._table is None:
                self._table = _Table()
                self._emit(self._table)
            self._table.rows.append(line.chars)
            return
        self._table = None
        if line.kind == "blank":
            self._after_blank = True
            return
        starts_block = line.kind in ("heading", "item", "break")
        if starts_block or (self._after_blank and not self._continues(line.chars)):
            self.flush()
        if line.level:
            self._enter_heading(line)
        self._after_blank = False
        self._append(line.chars)
        if line.kind == "heading":  # a heading never runs into the paragraph below it
            self.flush()

    def flush(self) -> None:
        if _visible(self._pending):
            self._emit(self._pending)
        self._pending = []

    def _continues(self, chars: list[_Char]) -> bool:
        before, after = _visible(self._pending), _visible(chars)
        if not before or not after:
            return True
        return before[-1].norm in _OPEN_ENDINGS or after[0].norm in _CONTINUED_STARTS

    def _append(self, chars: list[_Char]) -> None:
        before, after = _visible(self._pending), _visible(chars)
        if before and after and _is_latin(before[-1].norm) and _is_latin(after[0].norm):
            # Latin words wrapped over lines keep a space; Chinese text joins directly.
            self._pending.append(_Char(" ", " ", before[-1].line, before[-1].col))
        self._pending.extend(chars)
        self._cut_sentences()

    def _cut_sentences(self) -> None:
        """Cut every finished sentence off the pending text, in one pass."""
        pending = self._pending
        start = i = 0
        while i < len(pending):
            if self._ends_sentence(i):
                j = i + 1
                while j < len(pending) and pending[j].norm in _CLOSERS:
                    j += 1
                self._emit(pending[start:j])  # never blank: it holds its terminator
                start = i = j
            else:
                i += 1
        self._pending = pending[start:]

    def _ends_sentence(self, i: int) -> bool:
        ch = self._pending[i].norm
        if ch in _TERMINATORS:
            return True
        # "." ends a sentence (a folded "．" or "…"), except as a decimal point.
        following = self._pending[i + 1].norm if i + 1 < len(self._pending) else ""
        return ch == "." and not following.isdigit()


def _finish_sentence(chars: list[_Char], context: tuple[str, ...] = ()) -> _Sentence:
    """Build the parse text (spaces next to Chinese dropped) and the display text."""
    start = next((i for i, c in enumerate(chars) if c.norm.strip()), len(chars))
    chars = chars[start:] or chars[-1:]
    # The next visible character after each position, found in one backward pass.
    following = [""] * (len(chars) + 1)
    for i in range(len(chars) - 1, -1, -1):
        norm = chars[i].norm
        following[i] = norm if norm and not norm.isspace() else following[i + 1]
    parse: list[str] = []
    lines: list[int] = []
    columns: list[int] = []
    for i, c in enumerate(chars):
        if not c.norm:
            continue
        if c.norm.isspace():
            prev = chars[i - 1].norm if i else ""
            nxt = following[i + 1]
            # Keep one space only between two ASCII characters ("Robo Master", "714 %").
            if not (prev.isascii() and prev and not prev.isspace() and nxt.isascii() and nxt):
                continue
        parse.append(" " if c.norm.isspace() else c.norm)  # one space, whatever the blank was
        lines.append(c.line)
        columns.append(c.col)
    text = re.sub(r"\s+", " ", "".join(c.src for c in chars)).strip()
    return _Sentence("".join(parse), tuple(lines), text, chars[0].line, context, tuple(columns))


def _split_blocks(text: str) -> list[_Sentence | _Table]:
    """The text as sentences and Markdown tables, in order."""
    splitter = _SentenceSplitter()
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        splitter.add(_read_line(raw, number))
    splitter.flush()
    return [
        replace(b, context=context) if isinstance(b, _Table) else _finish_sentence(b, context)
        for b, context in zip(splitter.blocks, splitter.contexts, strict=True)
    ]
