"""Calamine baseline: the bare cost of reading every cell of an .xlsx's first sheet.

Usage: python calamine_read.py ACTUALS.xlsx

`kpi report` on the same workbook has to do at least this much work, so the ratio
kpi / this script shows what validation and exact arithmetic add on top of parsing.
"""

import sys

from python_calamine import CalamineWorkbook

rows = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0).to_python()
# Print something that depends on the data so the read cannot be skipped or cached away.
print(len(rows))
