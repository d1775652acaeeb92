"""Refuse hostile or mislabelled .xlsx files before any parser sees them.

An .xlsx is a zip of XML parts. Its central directory states every member's sizes, so zip
bombs (a 1 GB sheet in a 1 MB file) are refused from metadata alone, and the first bytes of
each XML part are enough to find a DTD, where entity bombs live. Neither python-calamine nor
openpyxl bounds these on its own.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from typing import IO, Final

from gongshu_kpi.core.problems import Location, Problem
from gongshu_kpi.loaders import limits
from gongshu_kpi.loaders.sheetscan import SheetScan, StringsScan, TooBigError

ZIP_MAGIC: Final = b"PK\x03\x04"
OLE_MAGIC: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, .et, or a password-protected
MAX_MEMBERS: Final = 10_000
MAX_TOTAL_BYTES: Final = 1 << 29  # 512 MiB of XML is several million rows
MAX_RATIO: Final = 100
# Below this a member cannot hurt whatever its ratio (styles compress very well).
RATIO_FLOOR: Final = 1 << 20
PROLOG_BYTES: Final = 4096  # a DTD must come before the root element
WORKBOOK_PARTS: Final = ("xl/workbook.xml", "xl/workbook.bin")


def _mb(size: int) -> str:
    return f"{size / (1 << 20):,.0f} MB"


def check_workbook(path: Path, shown_as: str) -> Problem | None:
    """A problem that makes the file unsafe or not an .xlsx, or None when it may be read."""
    where = Location(shown_as)
    try:
        with path.open("rb") as handle:
            magic = handle.read(8)
    except OSError as exc:
        return Problem("unreadable", f"无法读取：{exc.strerror}", where, "检查文件权限或是否被占用")
    if magic.startswith(OLE_MAGIC):
        return Problem(
            "not-xlsx",
            "这是旧版 .xls（或 WPS .et）文件，或设置了打开密码的工作簿",
            where,
            "在 Excel/WPS 中另存为无密码的 .xlsx",
        )
    if not magic.startswith(ZIP_MAGIC):
        kind = "空文件" if not magic else "改了扩展名的文本/CSV 或其他文件"
        return Problem(
            "not-xlsx",
            f"不是有效的 .xlsx（实为{kind}）",
            where,
            "用 Excel/WPS 打开后另存为 .xlsx，或把扩展名改回 .csv",
        )
    try:
        with zipfile.ZipFile(path) as archive:
            return _check_members(archive, where)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError) as exc:
        return Problem(
            "not-xlsx", f"不是有效的 .xlsx（压缩包已损坏：{exc}）", where, "重新导出或索取原文件"
        )
    except (RuntimeError, NotImplementedError, zlib.error) as exc:
        # RuntimeError: an encrypted member; NotImplementedError: an unknown compression.
        return Problem("not-xlsx", f"无法读取工作簿（{exc}）", where, "另存为无密码的 .xlsx")


def _check_members(archive: zipfile.ZipFile, where: Location) -> Problem | None:
    members = archive.infolist()
    return (
        _check_sizes(members, where)
        or _check_names(members, where)
        or _check_contents(archive, members, where)
    )


def _check_sizes(members: list[zipfile.ZipInfo], where: Location) -> Problem | None:
    """From the directory alone: too many parts, a part that inflates too much, too much in
    all."""
    if len(members) > MAX_MEMBERS:
        return Problem(
            "zip-bomb",
            f"压缩包内有 {len(members)} 个文件，超过上限 {MAX_MEMBERS}，已拒绝",
            where,
            "不要打开来源不明的文件；向报送单位索取正常导出的工作簿",
        )
    for member in members:
        if member.file_size > RATIO_FLOOR and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            ratio = member.file_size // max(member.compress_size, 1)
            return Problem(
                "zip-bomb",
                f"压缩比异常（{member.filename} 1:{ratio}，上限 1:{MAX_RATIO}），"
                "疑似压缩炸弹，已拒绝",
                where,
                "不要打开来源不明的文件；向报送单位索取正常导出的工作簿",
            )
    total = sum(m.file_size for m in members)
    if total > MAX_TOTAL_BYTES:
        return Problem(
            "zip-bomb",
            f"解压后共 {_mb(total)}，超过上限 {_mb(MAX_TOTAL_BYTES)}，已拒绝",
            where,
            "拆分为多个较小的工作簿",
        )
    return None


def _check_names(members: list[zipfile.ZipInfo], where: Location) -> Problem | None:
    """A part named twice (which one would be read?), or no workbook parts at all."""
    names = {m.filename for m in members}
    if len(names) != len(members):
        listed = [m.filename for m in members]
        twice = next(name for name in listed if listed.count(name) > 1)
        return Problem(
            "zip-duplicate",
            f"压缩包内有两个同名部件（{twice}），不知该读哪一个，已拒绝",
            where,
            "用 Excel/WPS 打开后重新另存为 .xlsx；不要打开来源不明的文件",
        )
    if "[Content_Types].xml" not in names or not names.intersection(WORKBOOK_PARTS):
        guess = _guess_zip(names)
        return Problem(
            "not-xlsx",
            f"不是 Excel 工作簿（{guess}）",
            where,
            "在原软件中另存为 .xlsx",
        )
    return None


def _check_contents(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], where: Location
) -> Problem | None:
    """Each part read through once: no XML entities, the cells counted, the checksums right."""
    cells = 0
    for member in members:
        try:
            problem, counted = _check_part(archive, member, where)
            if problem is not None:
                return problem
            cells += counted
            if cells > limits.MAX_WORKBOOK_CELLS:
                raise TooBigError(f"单元格超过 {limits.MAX_WORKBOOK_CELLS:,} 个")
        except TooBigError as exc:
            return Problem(
                "too-big",
                f"{exc}，已拒绝（未读取任何数据）",
                where,
                "删去空白区域外多余的单元格（选中后“删除”而不是“清除内容”），"
                "或把数据拆分为多个工作簿",
            )
        except zipfile.BadZipFile:
            return Problem(
                "zip-corrupt",
                f"压缩包校验失败（{member.filename} 的内容与目录记录不符："
                "文件损坏或被篡改），已拒绝",
                where,
                "重新导出或向报送单位索取原文件；不要打开来源不明的文件",
            )
    return None


def _check_part(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, where: Location
) -> tuple[Problem | None, int]:
    """One part: a problem, else the cells it holds (0 but for sheets)."""
    scan = _scan_for(member.filename)
    with archive.open(member) as part:
        head = part.read(PROLOG_BYTES)
        if member.filename.endswith((".xml", ".rels", ".vml")) and (
            b"<!DOCTYPE" in head or b"<!ENTITY" in head
        ):
            problem = Problem(
                "xml-entity",
                f"工作簿含不安全的 XML 实体定义（{member.filename}），已拒绝",
                where,
                "用 Excel/WPS 打开后重新另存为 .xlsx",
            )
            return problem, 0
        if scan is not None:
            scan.feed(head)
        _drain(part, scan)
    return None, scan.cells if isinstance(scan, SheetScan) else 0


def _scan_for(name: str) -> SheetScan | StringsScan | None:
    """The measurer for a part the reader will load whole: sheets and shared strings."""
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        return SheetScan(name.removeprefix("xl/worksheets/").removesuffix(".xml"))
    if name == "xl/sharedStrings.xml":
        return StringsScan("共享字符串表")
    return None


def _drain(part: IO[bytes], scan: SheetScan | StringsScan | None = None) -> None:
    """Inflate a member in bounded chunks to its end, which checks its CRC.

    The sizes above come from the zip's directory, which a hostile file can falsify: a
    member saying 1 KB may inflate to gigabytes in a parser that trusts the stream.
    zipfile stops at the stated size, so a lie shows as a CRC mismatch here, with memory
    bounded by one chunk. Inflating costs about a tenth of calamine's own read; measuring
    the sheets on the way (`scan`) about as much again.
    """
    while chunk := part.read(1 << 20):
        if scan is not None:
            scan.feed(chunk)
    if scan is not None:
        scan.finish()


def _guess_zip(names: set[str]) -> str:
    if "content.xml" in names or "mimetype" in names:
        return "可能是 .ods 改名"
    if "word/document.xml" in names:
        return "可能是 .docx 改名"
    if any(n.endswith(".iwa") for n in names) or "Index/Document.iwa" in names:
        return "可能是 .numbers 改名"
    return "zip 压缩包中没有工作簿部件，可能是 .ods/.docx 改名"
