"""Measure a workbook's sheets and shared strings from their XML, before any reader does.

python-calamine allocates the whole rectangle from the first to the last cell with a value:
a 2 KB file with one cell at XFD1048576 asks for 17 billion cells and the process aborts
(a Rust panic, no message; tafia/calamine has no bound, see fastexcel#487), and it reserves
room for the shared-string count the file declares (calamine#684). So the parts are measured
here while the zip check inflates them anyway: the highest row and column any cell names,
the number of cells and shared strings, and the longest text.

Ordinary files are measured with searches that start with a literal (fast in `re`); a part
written unusually (spaces around `=`, single quotes, cells without a reference) is measured
by a tolerant pattern instead, which is slower but only such parts pay for it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from gongshu_kpi.loaders import limits

_LAST_ROW: Final = re.compile(rb'<row r="([0-9]{1,9})"')
_CELL_ROW: Final = re.compile(rb'<c r="[A-Z]+([0-9]+)"')
# A tag starting with c that is not <c r="…" or <col…; or an element with a prefix (x:c).
_OTHER_CELL: Final = re.compile(rb'<c(?! r=")(?!ol)')
_PREFIXED_CELL: Final = re.compile(rb":c[\s/>]")
_LONG_TEXT: Final = re.compile(rb">[^<]{%d}" % (limits.MAX_CELL_TEXT_BYTES + 1))
# The tolerant forms, for parts the fast searches cannot vouch for.
_LOOSE_REF: Final = re.compile(rb"""(?<![\w:.-])r\s*=\s*["']\s*([A-Za-z]*)\s*([0-9]+)""")
_LOOSE_CELL: Final = re.compile(rb"<(?:[\w.-]+:)?c[\s/>]")
_LOOSE_ROW: Final = re.compile(rb"<(?:[\w.-]+:)?row[\s/>]")
_COUNT_ATTRIBUTE: Final = re.compile(rb"""(?:uniqueCount|count)\s*=\s*["']\s*([0-9]+)""")


# Cheap bounds checked before int(): Excel's last row (1048576) has 7 digits, its last column
# (XFD) 3 letters, and no real count 12 digits; a longer number is echoed cut to 15 digits.
_ROW_DIGITS = 9
_COLUMN_LETTERS = 4
_COUNT_DIGITS = 12
_SHOWN_DIGITS = 15


class TooBigError(Exception):
    """A part over a declared limit; the message names the limit."""


def column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - 64
    return number


@dataclass
class PartScan:
    """A part fed in chunks of its inflated XML, scanned in pieces that end before a "<"."""

    name: str
    _carry: bytes = field(default=b"", repr=False)

    def feed(self, chunk: bytes) -> None:
        data = self._carry + chunk
        cut = data.rfind(b"<")
        if cut <= 0:  # no tag starts in this chunk: text (or one tag) still running
            _check_text(data, self.name)
            self._carry = data
            return
        # A tag never contains "<", so every tag before the last "<" is whole.
        self._scan(data[:cut])
        self._carry = data[cut:]

    def finish(self) -> None:
        self._scan(self._carry)
        self._carry = b""

    def _scan(self, data: bytes) -> None:
        raise NotImplementedError


@dataclass
class SheetScan(PartScan):
    """Cells of one worksheet part."""

    max_row: int = 0
    max_column: int = 0
    cells: int = 0  # at most: the grid up to the highest row and column
    _rows: int = field(default=0, repr=False)  # <row> elements (the loose form counts them)

    def _scan(self, data: bytes) -> None:
        # Every writer seen (Excel, WPS, LibreOffice, openpyxl) starts a cell <c r="…": then
        # the literal searches below see every cell. Anything else (another attribute
        # first, a prefix, spaces, no reference) is measured by the tolerant patterns.
        if _OTHER_CELL.search(data) or _PREFIXED_CELL.search(data):
            self._scan_loose(data)
        else:
            self._scan_fast(data)
        self._check()

    def _scan_fast(self, data: bytes) -> None:
        # Rows come in order in every real file, so the chunk's last <row r> is its highest;
        # a cell naming a row with more digits (or, where it matters, a higher one of as
        # many digits) is looked for with a search that fails fast in a normal file.
        last = _LAST_ROW.match(data, max(data.rfind(b'<row r="'), 0))
        if last:
            self.max_row = max(self.max_row, int(last.group(1)))
        digits = len(str(self.max_row))
        if re.search(rb'<c r="[A-Z]+[0-9]{%d}' % (digits + 1), data):
            self.max_row = max(map(int, _CELL_ROW.findall(data)))
        elif (10**digits - 1) * max(self.max_column, 1) > limits.MAX_SHEET_GRID:
            beyond = re.findall(rb'<c r="[A-Z]+(%b)"' % _above(self.max_row), data)
            self.max_row = max(self.max_row, *map(int, beyond)) if beyond else self.max_row
        pattern = rb'<c r="(%b)[0-9]' % _wider(self.max_column)
        if re.search(pattern, data):
            wider = re.findall(pattern, data)
            self.max_column = max(self.max_column, *map(column_number, wider))
        self.cells = self.max_row * self.max_column  # an upper bound: the grid

    def _scan_loose(self, data: bytes) -> None:
        cells = len(_LOOSE_CELL.findall(data))
        rows = _LOOSE_ROW.findall(data)
        self._rows += len(rows)
        referenced = 0
        for letters, digits in _LOOSE_REF.findall(data):
            if len(digits) > _ROW_DIGITS:
                raise TooBigError(
                    f"工作表 {self.name} 的行号 {digits[:12].decode()}… 超出 Excel 范围"
                )
            self.max_row = max(self.max_row, int(digits))
            if letters:
                referenced += 1
                if len(letters) > _COLUMN_LETTERS:
                    raise TooBigError(f"工作表 {self.name} 的列号超出 Excel 范围")
                self.max_column = max(self.max_column, column_number(letters))
        # Cells without a reference sit after the previous one: at worst all in one row.
        self.max_column = max(self.max_column, cells - referenced)
        self.max_row = max(self.max_row, self._rows)
        self.cells = self.max_row * self.max_column

    def _check(self) -> None:
        if self.max_row > limits.MAX_SHEET_ROWS or self.max_column > limits.MAX_SHEET_COLUMNS:
            raise TooBigError(
                f"工作表 {self.name} 有单元格位于第 {self.max_row:,} 行、"
                f"第 {self.max_column:,} 列，超出 Excel 的范围"
                f"（{limits.MAX_SHEET_ROWS:,} 行 × {limits.MAX_SHEET_COLUMNS:,} 列）"
            )
        grid = self.max_row * self.max_column
        if grid > limits.MAX_SHEET_GRID:
            raise TooBigError(
                f"工作表 {self.name} 的数据区达 {self.max_row:,} 行 × {self.max_column:,} 列"
                f"（{grid:,} 个单元格），超过上限 {limits.MAX_SHEET_GRID:,}"
            )


@dataclass
class StringsScan(PartScan):
    """The shared-strings part: how many strings it declares and holds, and the longest."""

    strings: int = 0
    _head: bool = True

    def feed(self, chunk: bytes) -> None:
        if self._head:  # calamine reserves room for the declared count before reading any
            self._head = False
            for declared in _COUNT_ATTRIBUTE.findall(chunk[:4096]):
                if len(declared) > _COUNT_DIGITS or int(declared) > limits.MAX_SHARED_STRINGS:
                    raise TooBigError(
                        f"共享字符串表声明了 {_shorten(declared)} 个字符串，"
                        f"超过上限 {limits.MAX_SHARED_STRINGS:,}"
                    )
        super().feed(chunk)

    def _scan(self, data: bytes) -> None:
        _check_text(data, self.name)
        self.strings += data.count(b"<si>") + data.count(b"<si ") + data.count(b":si>")
        if self.strings > limits.MAX_SHARED_STRINGS:
            raise TooBigError(f"共享字符串超过 {limits.MAX_SHARED_STRINGS:,} 个")


def _above(number: int) -> bytes:
    """A pattern for the decimal numbers greater than `number` (no leading zeros)."""
    digits = str(number)
    branches = [b"[1-9][0-9]{%d,}" % len(digits)]  # more digits
    for i, digit in enumerate(digits):
        if digit != "9":
            rest = len(digits) - i - 1
            branches.append(b"%b[%d-9][0-9]{%d}" % (digits[:i].encode(), int(digit) + 1, rest))
    return b"|".join(branches)


def _wider(column: int) -> bytes:
    """A pattern for the column letters after `column` (1 = A)."""
    letters = b""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = bytes([65 + remainder]) + letters
    branches = [b"[A-Z]{%d,}" % (len(letters) + 1)]
    for i, letter in enumerate(letters):
        if letter != ord("Z"):
            rest = len(letters) - i - 1
            branches.append(b"%b[%c-Z][A-Z]{%d}" % (letters[:i], letter + 1, rest))
    return b"|".join(branches)


def _check_text(data: bytes, name: str) -> None:
    if len(data) > limits.MAX_CELL_TEXT_BYTES and (
        b"<" not in data or _LONG_TEXT.search(data) is not None
    ):
        raise TooBigError(
            f"{name} 中有一段文字超过 {limits.MAX_CELL_TEXT_CHARS:,} 个字符（Excel 单元格的上限）"
        )


def _shorten(digits: bytes) -> str:
    text = digits.decode()
    shown = _SHOWN_DIGITS
    return f"{int(text):,}" if len(text) <= shown else f"{text[:shown]}…（{len(text)} 位数）"
