"""Declared limits on what one input may make kpi do, checked before the work they bound.

Each is far above what an office sends (a district's workbook has thousands of cells, a
city's enterprise file a million rows) and far below what would exhaust a laptop. A file
over a limit is refused with a message naming the file and the limit; nothing is read
from it. The README's "Limits" table lists the same numbers.
"""

from __future__ import annotations

from typing import Final

from gongshu_kpi.core.problems import MAX_PROBLEMS_PER_KIND as MAX_PER_KIND
from gongshu_kpi.core.problems import MAX_QUOTED_CHARS as MAX_QUOTED

# Workbooks (.xlsx). Excel's own grid ends at XFD1048576 and a cell holds 32,767 characters;
# the spreadsheet reader allocates the whole rectangle from A1 to the last cell with a value.
MAX_SHEET_GRID: Final = 10_000_000  # rows × columns spanned by one sheet's cells
MAX_SHEET_ROWS: Final = 1_048_576
MAX_SHEET_COLUMNS: Final = 16_384
MAX_WORKBOOK_CELLS: Final = 20_000_000  # cells written in all sheets together
MAX_SHARED_STRINGS: Final = 2_000_000
MAX_CELL_TEXT_CHARS: Final = 32_767
# A cell's text in the XML: at most 4 bytes a character in UTF-8 (entities are rarer).
MAX_CELL_TEXT_BYTES: Final = 4 * MAX_CELL_TEXT_CHARS

# A draft bulletin for `kpi check --bulletin`: a year of bulletins is well under 1 MB.
MAX_BULLETIN_BYTES: Final = 20_000_000

# Every file: rows read from one actuals file (CSV or all sheets of a workbook).
MAX_ROWS_PER_FILE: Final = 5_000_000

# Messages: a value quoted in a message is cut to this many characters, and beyond this
# many problems of one kind in one file the rest are counted, not listed (core/problems.py
# applies them; the core cannot import this module).
MAX_QUOTED_CHARS: Final = MAX_QUOTED
MAX_PROBLEMS_PER_KIND: Final = MAX_PER_KIND

# Templates: what one rendering may produce, and the biggest string or number one
# expression in it may build (checked before the operation runs).
MAX_TEMPLATE_OUTPUT_CHARS: Final = 10_000_000
MAX_TEMPLATE_VALUE_CHARS: Final = 1_000_000
