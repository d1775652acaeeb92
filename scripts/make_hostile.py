"""Build the hostile corpus: small projects that each try to break `kpi` one way.

Run from the repository root: `python scripts/make_hostile.py [FOLDER]` writes every case
to FOLDER (default /tmp/kpi-hostile) and prints the counts by class. The test runner,
tests/inputs/test_hostile.py, builds them in a temporary folder instead (FIFOs and links
cannot live in git) and runs each as its own process under time and memory caps.

A case is a data folder made from a clean base plus one hostile change, the command to
run, and what must happen: the exit code (0, 1 or 2; never 3, never a traceback) and a
text the output must contain. Inputs must be byte-identical afterwards.
"""

from __future__ import annotations

import os
import sys
import warnings
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from hostile_xlsx import cell, long_table, shared_strings, sheet, write_xlsx

TARGETS = """\
year: 2020
indicators:
  - {id: inv, name: 产业投资, unit: 亿元, target: 46, kind: flow}
  - {id: rev, name: 主营业务收入, unit: 亿元, target: 800, kind: flow}
"""
CLEAN_CSV = "指标,月份,数值,口径\n产业投资,2020-06,27.83,累计\n主营业务收入,2020-06,419.72,累计\n"
HEADER = ("指标", "月份", "数值", "口径")
SECRET = "SECRET-LINE-OF-A-FILE-OUTSIDE"
TEMPLATE = "{% for line in lines_with_data %}{{ line.name }}{{ line.rate }}\n{% endfor %}"


@dataclass(frozen=True)
class Case:
    name: str
    group: str  # the class of hazard, as the issue lists them
    build: Callable[[Path], object]  # changes the clean project at the given root
    args: tuple[str, ...] = ("check",)
    exit: int = 1
    says: str = ""  # a text the output (stdout and stderr) must contain
    never: tuple[str, ...] = field(default=(SECRET,))  # texts it must not contain


def base(root: Path) -> None:
    data = root / "data"
    (data / "actuals").mkdir(parents=True)
    (root / "templates").mkdir()
    (data / "targets.yaml").write_text(TARGETS, encoding="utf-8")
    (data / "actuals" / "a.csv").write_text(CLEAN_CSV, encoding="utf-8")
    (root / "templates" / "newsletter.j2").write_text(TEMPLATE, encoding="utf-8")


def actuals(root: Path) -> Path:
    return root / "data" / "actuals"


# --- builders -----------------------------------------------------------------------------


def xlsx_cell_at(ref: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        rows = long_table([HEADER, ("产业投资", "2020-06", 27.83, "累计")])
        write_xlsx(actuals(root) / "b.xlsx", sheet(rows + f'<row r="9">{cell(ref, 1)}</row>'))

    return build


def xlsx_raw(sheet_xml: str, shared: str | None = None) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        write_xlsx(actuals(root) / "b.xlsx", sheet_xml, shared)

    return build


def xlsx_value(value: object) -> Callable[[Path], None]:
    return xlsx_raw(sheet(long_table([HEADER, ("产业投资", "2020-07", value, "累计")])))


def shared_string_rows(text: str, rows: int) -> Callable[[Path], None]:
    refs = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>0</v></c>{cell(f"B{r}", "2020-06")}'
        f"{cell(f'C{r}', 1)}{cell(f'D{r}', '累计')}</row>"
        for r in range(2, rows + 2)
    )
    return xlsx_raw(sheet(long_table([HEADER]) + refs), shared_strings([text]))


def empty_value_cells(rows: int) -> Callable[[Path], None]:
    body = "".join(
        f'<row r="{r}">{cell(f"A{r}", "产业投资")}{cell(f"B{r}", f"2020-{1 + r % 12:02d}")}'
        f'<c r="C{r}" t="inlineStr"><is><t></t></is></c>{cell(f"D{r}", "当月")}</row>'
        for r in range(2, rows + 2)
    )
    return xlsx_raw(sheet(long_table([HEADER]) + body))


def duplicate_member(root: Path) -> None:
    path = write_xlsx(actuals(root) / "b.xlsx", sheet(long_table([HEADER])))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with zipfile.ZipFile(path, "a") as archive:
            archive.writestr("xl/worksheets/sheet1.xml", sheet(long_table([("x",)])))


def csv_row(value: str, indicator: str = "产业投资") -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (actuals(root) / "b.csv").write_text(
            f"指标,月份,数值,口径\n{indicator},2020-07,{value},累计\n", encoding="utf-8"
        )

    return build


def replace_in_targets(old: str, new: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = root / "data" / "targets.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")

    return build


def settings(text: str) -> Callable[[Path], None]:
    return replace_in_targets("indicators:", f"settings:\n  {text}\nindicators:")


def many(*builders: Callable[[Path], None]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        for builder in builders:
            builder(root)

    return build


def link(name: str, target: Callable[[Path], Path]) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (actuals(root) / name).symlink_to(target(root))

    return build


def outside_file(root: Path) -> Path:
    secret = root.parent / f"{root.name}-outside" / "secret.csv"
    secret.parent.mkdir(exist_ok=True)
    secret.write_text(f"指标,月份,数值,口径\n{SECRET},2020-06,1,累计\n", encoding="utf-8")
    return secret


def loop(root: Path) -> None:
    (actuals(root) / "x.csv").symlink_to(actuals(root) / "y.csv")
    (actuals(root) / "y.csv").symlink_to(actuals(root) / "x.csv")


def fifo_at(relative: str, remove_first: bool = False) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = root / relative
        if remove_first:
            path.unlink()
        os.mkfifo(path)

    return build


def folder_at(relative: str, remove_first: bool = False) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        path = root / relative
        if remove_first:
            path.unlink()
        path.mkdir()

    return build


def template(source: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / "templates" / "evil.j2").write_text(source, encoding="utf-8")

    return build


def sources(text: str) -> Callable[[Path], None]:
    def build(root: Path) -> None:
        (root / "data" / "sources.yaml").write_text(text, encoding="utf-8")

    return build


def nothing(root: Path) -> None:
    pass


REPORT_T = ("report", "--template", "evil")
KANGXI_MU = "\u2f6c"  # ⽬, looks like 目

CASES: tuple[Case, ...] = (
    # Resources from tiny files
    Case("xlsx-xfd1048576", "resources", xlsx_cell_at("XFD1048576"), says="17,179,869,184"),
    Case("xlsx-xfd20000", "resources", xlsx_cell_at("XFD20000"), says="超过上限"),
    Case("xlsx-a1048577", "resources", xlsx_cell_at("A1048577"), says="超出 Excel 的范围"),
    Case(
        "xlsx-prefixed-far-cell",
        "resources",
        xlsx_raw(
            '<?xml version="1.0"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/'
            'spreadsheetml/2006/main"><x:sheetData><x:row r="1"><x:c r = "XFD20000">'
            "<x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>"
        ),
        says="超过上限",
    ),
    Case(
        "xlsx-shared-count-lie",
        "resources",
        xlsx_raw(
            sheet(long_table([HEADER]) + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'),
            shared_strings(["a"], declared=4_000_000_000),
        ),
        says="共享字符串表声明了",
    ),
    Case(
        "xlsx-long-shared-string-4000-rows",
        "resources",
        shared_string_rows("x" * 1_000_000, 4000),
        says="个字符",
    ),
    Case(
        "xlsx-30k-string-4000-rows",
        "resources",
        shared_string_rows("长" * 30_000, 4000),
        says="处同类问题",
    ),
    Case("xlsx-5k-empty-value-cells", "resources", empty_value_cells(5_000), says="缺少数值"),
    Case("xlsx-duplicate-members", "resources", duplicate_member, says="同名部件"),
    Case(
        "csv-4000-bad-rows",
        "resources",
        lambda root: (actuals(root) / "b.csv").write_text(
            "指标,月份,数值,口径\n" + "".join(f"未知{n},2020-06,1,累计\n" for n in range(4000)),
            encoding="utf-8",
        ),
        says="以及另外 3,980 处同类问题",
    ),
    Case("template-str-times", "resources", template("{{ 'a' * 10**10 }}"), REPORT_T, 1, "上限"),
    Case(
        "template-printf-width",
        "resources",
        template("{{ '%999999999d'|format(1) }}"),
        REPORT_T,
        1,
        "上限",
    ),
    Case(
        "template-format-width",
        "resources",
        template("{{ '{:>999999999}'.format(1) }}"),
        REPORT_T,
        1,
        "上限",
    ),
    Case("template-center", "resources", template("{{ 'a'|center(10**10) }}"), REPORT_T, 1, "上限"),
    Case(
        "template-doubling",
        "resources",
        template(
            "{% set ns = namespace(x='a' * 1000) %}"
            "{% for i in range(40) %}{% set ns.x = ns.x ~ ns.x %}{% endfor %}{{ ns.x|length }}"
        ),
        REPORT_T,
        1,
        "模板",
    ),
    # Numbers that made exit 3
    Case("csv-48-digits", "numbers", csv_row("9" * 48), says="超过上限 30 位"),
    Case("csv-27.83-and-57-zeros", "numbers", csv_row("2783" + "0" * 57), says="超过上限 30 位"),
    Case("csv-tiny-fraction", "numbers", csv_row("0." + "0" * 54 + "1"), says="小数位数超过上限"),
    Case("xlsx-1e308", "numbers", xlsx_value(1e308), says="超过上限 30 位"),
    Case("xlsx-1e-300", "numbers", xlsx_value(1e-300), says="小数位数超过上限"),
    Case(
        "target-4.6e-400",
        "numbers",
        replace_in_targets("target: 46", "target: 4.6e-400"),
        says="targets.yaml:3",
    ),
    Case(
        "target-4400-digits",
        "numbers",
        replace_in_targets("target: 46", "target: 1" + "0" * 4400),
        says="超过上限 30 位",
    ),
    Case(
        "lower-is-better-1e-55",
        "numbers",
        many(
            replace_in_targets("kind: flow}", "kind: flow, direction: lower}"),
            csv_row("0." + "0" * 54 + "1"),
        ),
        says="小数位数超过上限",
    ),
    # Silently wrong numbers
    Case("superscript-footnote", "wrong numbers", csv_row("27.83¹"), says="特殊数字字符"),
    Case("superscript-square", "wrong numbers", csv_row("13²"), says="特殊数字字符"),
    Case("circled-one", "wrong numbers", csv_row("①"), says="特殊数字字符"),
    Case("double-struck", "wrong numbers", csv_row("𝟙𝟚"), says="特殊数字字符"),
    Case(
        "minus-zero",
        "wrong numbers",
        lambda root: (actuals(root) / "a.csv").write_text(
            "指标,月份,数值,口径\n产业投资,2020-06,-0,累计\n主营业务收入,2020-06,-0.00,累计\n",
            encoding="utf-8",
        ),
        ("report", "--template", "bulletin"),
        0,
        "1-6月完成0亿元，完成率0.00%",
        never=(SECRET, "完成-0", "-0.00%"),
    ),
    Case(
        "sum-of-29-digit-values",
        "wrong numbers",
        lambda root: (actuals(root) / "a.csv").write_text(
            "指标,月份,数值,口径,填报单位\n"
            + "".join(f"产业投资,2020-06,{'9' * 29}.5,累计,单位{n}\n" for n in range(3))
            + "主营业务收入,2020-06,1,累计,单位0\n",
            encoding="utf-8",
        ),
        ("report", "--format", "json"),
        0,
        '"actual": "299999999999999999999999999998.5"',
    ),
    # Files that are not read
    Case("dangling-link", "files", link("x.csv", lambda r: actuals(r) / "gone.csv"), says="不存在"),
    Case("link-loop", "files", loop, says="循环"),
    Case("fifo", "files", fifo_at("data/actuals/x.csv"), says="FIFO"),
    Case("link-to-dev-zero", "files", link("z.csv", lambda _root: Path("/dev/zero")), says="之外"),
    Case("folder-named-csv", "files", folder_at("data/actuals/x.csv"), says="是一个目录"),
    Case(
        "link-outside-github",
        "files",
        link("x.csv", outside_file),
        ("check", "--format", "github"),
        1,
        "link-outside",
        never=(SECRET, "secret.csv", "link-outside-github-outside"),
    ),
    Case(
        "link-outside-text",
        "files",
        link("x.csv", outside_file),
        says="项目目录之外",
        never=(SECRET, "secret.csv", "link-outside-text-outside"),
    ),
    Case("orgs-fifo", "files", fifo_at("data/orgs.yaml"), says="FIFO"),
    # Outputs and state
    Case(
        "output-over-template",
        "outputs",
        nothing,
        ("report", "--output", "templates/newsletter.j2"),
        2,
        "输入目录",
    ),
    Case("output-into-data", "outputs", nothing, ("report", "--output", "data/r.md"), 2, "输入"),
    Case(
        "output-proc-mem",
        "outputs",
        nothing,
        ("report", "--output", "/proc/self/mem"),
        2,
        "无法写入",
    ),
    Case(
        "output-no-folder",
        "outputs",
        nothing,
        ("report", "--output", "missing/r.md"),
        2,
        "不存在",
    ),
    Case(
        "output-dev-stdout",
        "outputs",
        nothing,
        ("report", "--output", "/dev/stdout", "--format", "markdown"),
        0,
        "产业投资",
    ),
    # Lax reading
    Case("on-pace-band-1e400", "lax reading", settings("on_pace_band: 1e400"), says="on_pace_band"),
    Case(
        "rate-places-string",
        "lax reading",
        settings('rate_places: "2"'),
        says="rate_places 应为整数",
    ),
    Case(
        "year-string",
        "lax reading",
        replace_in_targets("year: 2020", "year: '2020'"),
        says="year 应为整数",
    ),
    Case(
        "kangxi-name-collision",
        "lax reading",
        many(
            replace_in_targets("name: 产业投资", "name: 目标"),
            replace_in_targets("name: 主营业务收入", f"name: {KANGXI_MU}标"),
        ),
        says="NFKC",
    ),
    Case("targets-is-folder", "lax reading", folder_at("data/targets.yaml", True), says="目录"),
    Case("targets-is-fifo", "lax reading", fifo_at("data/targets.yaml", True), says="FIFO"),
    Case(
        "encoding-rot13",
        "lax reading",
        sources('files:\n  - match: "*.csv"\n    encoding: rot13\n'),
        says="不是文本编码",
    ),
    Case(
        "growth-as-times-yes",
        "lax reading",
        settings("growth_as_times: yes"),
        says="true 或 false",
    ),
)


def build(root: Path, case: Case) -> Path:
    """The case's project folder under root."""
    folder = root / case.name
    base(folder)
    case.build(folder)
    return folder


def main() -> None:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/kpi-hostile")
    root.mkdir(parents=True, exist_ok=True)
    for case in CASES:
        if (root / case.name).exists():
            continue
        build(root, case)
    for group, count in Counter(case.group for case in CASES).items():
        print(f"{group}: {count}")
    print(f"total: {len(CASES)} cases in {root}")


if __name__ == "__main__":
    main()
