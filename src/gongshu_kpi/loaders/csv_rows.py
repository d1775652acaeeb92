"""Long-layout CSV: encoding detected (BOM, UTF-8, GB18030), rows streamed with strict quoting."""

from __future__ import annotations

import codecs
import csv
from collections.abc import Iterator
from pathlib import Path

from gongshu_kpi.core.problems import Location, Problem, Severity
from gongshu_kpi.loaders.rows import Layout, RawRow, find_columns, is_blank, is_note

SNIFF_BYTES = 1 << 16
# Order matters: many UTF-8 Chinese byte runs are also valid GB18030 (as mojibake).
ENCODINGS = ("utf-8", "gb18030")


def detect_encoding(head: bytes, at_eof: bool) -> str | None:
    """The encoding of a file from its first bytes, or None when neither candidate fits."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            decoder.decode(head, final=at_eof)
        except UnicodeDecodeError:
            continue
        return encoding
    return None


def read_csv_rows(path: Path, shown_as: str) -> Iterator[RawRow | Problem]:
    with path.open("rb") as raw:
        head = raw.read(SNIFF_BYTES)
        at_eof = len(head) < SNIFF_BYTES
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        yield Problem(
            "utf16-text",
            "检测到 UTF-16 文本（Excel“Unicode 文本”），不是 CSV",
            Location(shown_as),
            "在 Excel/WPS 中另存为“CSV UTF-8(逗号分隔)”",
        )
        return
    encoding = detect_encoding(head, at_eof)
    if encoding is None:
        line = head.count(b"\n") + 1
        yield Problem(
            "encoding",
            "文件编码无法识别（既不是 UTF-8 也不是 GBK/GB18030）",
            Location(shown_as, line if at_eof else None),
            "用 WPS/Excel 另存为“CSV UTF-8(逗号分隔)”",
        )
        return
    if encoding == "gb18030":
        yield Problem(
            "encoding-info", "按 GB18030 解码", Location(shown_as), severity=Severity.INFO
        )
    with path.open(encoding=encoding, newline="") as handle:
        reader = csv.reader(handle, strict=True)
        layout: Layout | None = None
        try:
            for cells in reader:
                row = reader.line_num
                record = tuple(cells)
                if is_blank(record):
                    continue
                if layout is None:
                    columns, problems = find_columns(record, shown_as, Location(shown_as, row))
                    yield from problems
                    if columns is None:
                        return
                    layout = Layout(shown_as, None, columns)
                    width = len(record)
                    continue
                if is_note(record):
                    return
                if len(record) != width and not is_blank(record[width:]):
                    yield Problem(
                        "ragged-row",
                        f"应有{width}列，实际{len(record)}列",
                        Location(shown_as, row),
                        f"检查第{row}行多余的逗号（数字中的千分位逗号需加引号）",
                    )
                    continue
                yield RawRow(record, row, layout)
        except csv.Error as exc:
            yield Problem(
                "csv-syntax",
                f"CSV 格式错误：{exc}（可能是引号未闭合）",
                Location(shown_as, reader.line_num),
                "补全或删除多余的双引号",
            )
        except UnicodeDecodeError as exc:
            yield Problem(
                "encoding",
                f"第{reader.line_num + 1}行附近无法按 {encoding} 解码（{exc.reason}）",
                Location(shown_as, reader.line_num + 1),
                "用 WPS/Excel 另存为“CSV UTF-8(逗号分隔)”",
            )
    if layout is None:
        yield Problem(
            "empty-file", "文件没有表头或数据", Location(shown_as), "参照 README 填写表头和数据"
        )
