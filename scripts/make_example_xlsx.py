"""Write data/actuals/attraction-2020.xlsx, the shipped Excel example (run from the repo root).

The figures are the reference bulletin's: 1-7月 from the 成绩单, 1-6月 from its text
(新引进企业630家，特色产业企业259家，8个重大产业项目).
"""

from pathlib import Path

from openpyxl import Workbook

ROWS = [
    ("新招引企业", "2020-06", 630, "累计", "家"),
    ("新招引企业", "2020-07", 714, "累计", "家"),
    ("新招引特色产业企业", "2020-06", 259, "累计", "家"),
    ("新招引特色产业企业", "2020-07", 302, "累计", "家"),
    ("新招引重大项目", "2020-06", 8, "累计", "个"),
    ("新招引重大项目", "2020-07", 10, "累计", "个"),
    ("税收超千万企业累计数", "2020-07", 45, "累计", "家"),
    ("市级及以上高新企业累计数", "2020-07", 217, "累计", "家"),
]


def main() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "招商数据"
    sheet.append(("指标", "月份", "数值", "口径", "计量单位"))
    for row in ROWS:
        sheet.append(row)
    for cell in sheet["B"]:
        cell.number_format = "@"  # keep 2020-06 text, as Excel would turn it into a date
    out = Path("data/actuals/attraction-2020.xlsx")
    workbook.save(out)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
