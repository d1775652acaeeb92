"""Write minimal .xlsx files by hand, XML and all, so hostile ones can be made exactly.

Used by scripts/make_hostile.py and the tests: openpyxl refuses to write most of what a
hostile file contains (cells beyond XFD1048576, lying counts, duplicate members).
"""

from __future__ import annotations

import zipfile
from collections.abc import Sequence
from pathlib import Path
from xml.sax.saxutils import escape

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_CT = (
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
    'package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="http://schemas.openxmlformats'
    '.org/officeDocument/2006/relationships"><sheets><sheet name="数据" sheetId="1" '
    'r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
    '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)


def cell(ref: str, value: object, shared: bool = False) -> str:
    """One <c>: a number, an inline string, or (shared=True) an index into shared strings."""
    if shared:
        return f'<c r="{ref}" t="s"><v>{value}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(str(value))}</t></is></c>'


def long_table(rows: Sequence[tuple[object, ...]], start: int = 1) -> str:
    """<row> elements for rows of values in columns A, B, … from row `start`."""
    out = []
    for number, values in enumerate(rows, start):
        cells = "".join(cell(f"{chr(65 + i)}{number}", v) for i, v in enumerate(values))
        out.append(f'<row r="{number}">{cells}</row>')
    return "".join(out)


def sheet(rows_xml: str, head: str = "") -> str:
    return (
        f'<?xml version="1.0"?><worksheet xmlns="{MAIN}">{head}'
        f"<sheetData>{rows_xml}</sheetData></worksheet>"
    )


def write_xlsx(
    path: Path,
    sheet_xml: str,
    shared: str | None = None,
    extra: list[tuple[str, str]] | None = None,
) -> Path:
    """A one-sheet workbook (sheet named 数据); `extra` members are added as given."""
    shared_xml = (
        shared if shared is not None else f'<sst xmlns="{MAIN}" count="0" uniqueCount="0"/>'
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CT)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        archive.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        archive.writestr("xl/sharedStrings.xml", shared_xml)
        for name, text in extra or ():
            archive.writestr(name, text)
    return path


def shared_strings(texts: list[str], declared: int | None = None) -> str:
    count = len(texts) if declared is None else declared
    items = "".join(f"<si><t>{escape(t)}</t></si>" for t in texts)
    return f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">{items}</sst>'
