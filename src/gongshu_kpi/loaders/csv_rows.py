"""CSV: encoding detected (BOM, UTF-8, GB18030) or declared, rows streamed with strict quoting."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.loaders.layouts import layout_of
from gongshu_kpi.loaders.table import Table, read_table

if TYPE_CHECKING:
    from gongshu_kpi.loaders.rows import RawRow
    from gongshu_kpi.loaders.sources import SourceEntry

SNIFF_BYTES: Final = 1 << 16
# Order matters: many UTF-8 Chinese byte runs are also valid GB18030 (as mojibake).
ENCODINGS: Final = ("utf-8", "gb18030")
SAVE_AS_UTF8: Final = "用 WPS/Excel 另存为“CSV UTF-8(逗号分隔)”"
FIELD_LIMIT: Final = csv.field_size_limit()


def detect_encoding(head: bytes, at_eof: bool) -> str | None:
    """The encoding of a file from its first bytes, or None when neither candidate fits."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ENCODINGS:
        if _decode_error(head, encoding, at_eof) is None:
            return encoding
    return None


def _decode_error(head: bytes, encoding: str, at_eof: bool) -> UnicodeDecodeError | None:
    try:
        codecs.getincrementaldecoder(encoding)().decode(head, final=at_eof)
    except UnicodeDecodeError as exc:
        return exc
    return None


def _byte_place(head: bytes, offset: int) -> tuple[int, int]:
    """1-based line and byte-in-line of a byte offset."""
    line_start = head.rfind(b"\n", 0, offset) + 1
    return head.count(b"\n", 0, offset) + 1, offset - line_start + 1


def _bad_byte(path: Path, encoding: str) -> tuple[int, int] | None:
    """The line and byte of the first undecodable byte, found again line by line.

    Only on failure: the text reader decodes in chunks, so its error says little about
    the line. A newline byte is never inside a UTF-8 or GB18030 character, so lines can be
    decoded one by one.
    """
    with path.open("rb") as handle:
        for number, line in enumerate(handle, 1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as exc:
                return number, exc.start + 1
    return None


class _Lines:
    """Numbers each record and remembers where the last good one ended, for quote errors."""

    def __init__(self, reader: Iterator[list[str]]) -> None:
        self.reader = reader
        self.done = 0  # the last line of the last record read completely

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = self.reader
        line = self.done
        try:
            for cells in reader:
                line = reader.line_num  # type: ignore[attr-defined]
                yield line, cells
        except Exception:
            # Reading failed past the last record handed out, which was read completely:
            # noted only now, not stored on every row.
            self.done = line
            raise


def read_csv_rows(
    path: Path, shown_as: str, entry: SourceEntry | None = None
) -> Iterator[RawRow | Problem]:
    where = Location(shown_as)
    if layout_of(entry).sheets_are_months:
        yield Problem(
            "sources-layout",
            "sheet-per-month（每月一个工作表）只适用于 .xlsx，CSV 文件没有工作表",
            where,
            "在 sources.yaml 中改为 layout: long 或 wide",
        )
        return
    try:
        with path.open("rb") as raw:
            head = raw.read(SNIFF_BYTES)
            at_eof = len(head) < SNIFF_BYTES
    except OSError as exc:
        yield Problem("unreadable", f"无法读取：{exc.strerror}", where, "检查文件权限或是否被占用")
        return
    declared = entry.encoding if entry is not None else None
    encoding = _not_text(head, shown_as) or _encoding_of(head, at_eof, declared, shown_as)
    if isinstance(encoding, Problem):
        yield encoding
        return
    if encoding == "gb18030" and declared is None:
        yield Problem("encoding-info", "按 GB18030 解码", where, severity=Severity.INFO)
    found = yield from _read_text(path, encoding, entry, shown_as)
    if found is None:
        yield Problem("empty-file", "文件没有表头或数据", where, "参照 README 填写表头和数据")


def _not_text(head: bytes, shown_as: str) -> Problem | None:
    """UTF-16 text (Excel's “Unicode text”) or binary bytes are not a CSV."""
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        tabs = "制表符分隔的" if b"\t\x00" in head or b"\x00\t" in head else ""
        return Problem(
            "utf16-text",
            f"检测到 UTF-16 {tabs}文本（Excel“Unicode 文本”），不是 CSV",
            Location(shown_as),
            SAVE_AS_UTF8,
        )
    if b"\x00" in head:
        line, column = _byte_place(head, head.index(b"\x00"))
        return Problem(
            "nul-byte",
            f"第{line}行第{column}字节含非法字符 NUL（可能是二进制文件）",
            Location(shown_as, line),
            SAVE_AS_UTF8,
        )
    return None


def _encoding_of(head: bytes, at_eof: bool, declared: str | None, shown_as: str) -> str | Problem:
    """The declared encoding when the start decodes with it, else the detected one."""
    if declared is not None:
        error = _decode_error(head, declared, at_eof)
        if error is None:
            return declared
        line, column = _byte_place(head, error.start)
        return Problem(
            "encoding",
            f"无法按 {declared} 解码（第{line}行第{column}字节）",
            Location(shown_as, line),
            f"去掉 sources.yaml 中的 encoding: {declared}，或{SAVE_AS_UTF8}",
        )
    encoding = detect_encoding(head, at_eof)
    if encoding is not None:
        return encoding
    # The candidate that decodes furthest is the file's likely encoding, so its first
    # failure is the byte to point at.
    offset = max(
        (e.start for e in (_decode_error(head, c, at_eof) for c in ENCODINGS) if e), default=0
    )
    line, _ = _byte_place(head, offset)
    return Problem(
        "encoding",
        f"文件编码无法识别（第{line}行，字节偏移 {offset}；既不是 UTF-8 也不是 GBK/GB18030）",
        Location(shown_as, line),
        SAVE_AS_UTF8,
    )


def _read_text(
    path: Path, encoding: str, entry: SourceEntry | None, shown_as: str
) -> Generator[RawRow | Problem, None, bool | None]:
    """The rows of the decoded file; returns read_table's answer (None: no header or data)."""
    with path.open(encoding=encoding, newline="") as handle:
        # skipinitialspace: `a, "1,234"` is what people mean, not the fields ` "1` and `234"`.
        lines = _Lines(csv.reader(handle, strict=True, skipinitialspace=True))
        table = Table(shown_as, None, entry, path.name, check_width=True)
        try:
            return (yield from read_table(lines, table))
        except csv.Error as exc:
            yield _csv_problem(exc, lines, shown_as)
        except UnicodeDecodeError as exc:
            line, column = _bad_byte(path, encoding) or (lines.done + 1, 0)
            yield Problem(
                "encoding",
                f"第{line}行第{column}字节无法按 {encoding} 解码（{exc.reason}），"
                "文件前部与后部的编码不一致",
                Location(shown_as, line),
                SAVE_AS_UTF8,
            )
    return True  # a problem was yielded: not an empty file


def _csv_problem(exc: csv.Error, lines: _Lines, shown_as: str) -> Problem:
    text = str(exc)
    start = lines.done + 1
    if "field larger than field limit" in text:
        return Problem(
            "field-too-long",
            f"字段过长（超过 {FIELD_LIMIT} 个字符），多半是引号未闭合",
            Location(shown_as, start),
            f"检查第{start}行起的双引号是否成对",
        )
    if "unexpected end of data" in text or "EOF" in text:
        return Problem(
            "unclosed-quote",
            f"引号未闭合（从第{start}行开始直到文件末尾）",
            Location(shown_as, start),
            f"补全第{start}行的双引号",
        )
    line = lines.reader.line_num  # type: ignore[attr-defined]
    return Problem(
        "csv-syntax",
        f"CSV 格式错误：{text}（多半是引号用法不对）",
        Location(shown_as, line),
        '字段内的双引号写作两个双引号 ""，或删除多余的引号',
    )
