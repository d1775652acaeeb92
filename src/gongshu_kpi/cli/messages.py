"""kpi's own usage errors in English, for `--lang en` or an English locale.

The messages are written once, in Chinese, where they are raised; this catalogue reads each by
its pattern and says it in English. Every group is translated again (a month error inside
`--month：…`), so a nested message needs no pattern of its own; names, paths and other
data in a group stay as written. A message without a pattern is shown as written.
"""

from __future__ import annotations

import re

USAGE_EN: tuple[tuple[str, str], ...] = (
    # Option values
    (r"--by (.+)：只支持 --by org", "--by {0}: only --by org is supported"),
    (r"--month：(.+)", "--month: {0}"),
    (r"--period：(.+)", "--period: {0}"),
    (r"--period 与 --month 只能写一个", "give --period or --month, not both"),
    (
        r"无法识别的期间“(.+)”，应写作 .+",
        "“{0}” is not a period; write 2021-06, 2021-Q2 or 2021-H1",
    ),
    (
        r"无法识别的期间“(.+)”：季度应写作 Q1 到 Q4（如 2021-Q2）",
        "“{0}”: a quarter is Q1 to Q4 (e.g. 2021-Q2)",
    ),
    (
        r"无法识别的期间“(.+)”：半年只有 H1（上半年）和 H2（下半年）",
        "“{0}”: a half-year is H1 or H2",
    ),
    (
        r"--month (\S+)：targets\.yaml 中没有 (\d+) 年的目标（有：(.+)）",
        "--month {0}: targets.yaml has no targets for {1} (it has: {2})",
    ),
    (r"月份应在 1 到 12 之间，得到 (.+)", "a month is between 1 and 12, got {0}"),
    (
        r"月份“(.+)”是一个日期（(.+)日），不是月份；应写作 YYYY-MM",
        "“{0}” is a date (day {1}), not a month; write YYYY-MM",
    ),
    (
        r"无法识别的月份“(.+)”，应写作 YYYY-MM（如 2020-06）",
        "“{0}” is not a month; write YYYY-MM (e.g. 2020-06)",
    ),
    (r"--today (.+)：应写作 YYYY-MM-DD", "--today {0}: write YYYY-MM-DD"),
    (r"--format (\S+)：可用 (.+)", "--format {0}: use {1}"),
    (
        r"--format (\S+) 与输出文件扩展名 (.+) 不符",
        "--format {0} does not match the output file's extension {1}",
    ),
    (
        r"--format (\S+) 需要 --output 文件名（不能写到终端）",
        "--format {0} needs an --output file (it cannot go to the terminal)",
    ),
    (
        r"--output (.+)：kpi 不能写 (\S*) 文件（可用扩展名：(.+)）",
        "--output {0}: kpi cannot write {1} files (extensions it writes: {2})",
    ),
    (
        r"--output (.+) 是输入文件，拒绝覆盖；请换一个输出文件名",
        "--output {0} is an input file and is not overwritten; choose another output file name",
    ),
    (
        r"--output (.+) 在输入目录 (.+) 中：.*",
        (
            "--output {0} is inside the input folder {1}, whose files kpi reads as input; write "
            "elsewhere"
        ),
    ),
    (r"--output (.+)：目录 (.+) 不存在", "--output {0}: the folder {1} does not exist"),
    (r"--output (.+) 是一个目录；请给出文件名", "--output {0} is a folder; give a file name"),
    (r"--charts (.+) 不是目录", "--charts {0} is not a folder"),
    (r"--charts (.+)：目录 (.+) 不存在", "--charts {0}: the folder {1} does not exist"),
    (
        r"没有可画的图表（没有完成率或逐月数据）",
        "no charts to draw (no completion rates or monthly data)",
    ),
    (
        r"--template (.+)：找不到模板（可用：(.+)，或给出文件路径）",
        "--template {0}: no such template (there are: {1}, or give a file path)",
    ),
    (r"--template (.+)：找不到模板", "--template {0}: no such template"),
    (
        r"--template 生成的是文字，不能写成 (.+)；请换一个扩展名（如 \.txt）",
        "--template makes text, which cannot be written as {0}; use another extension (e.g. .txt)",
    ),
    (
        r"--view scorecard 只能输出 (.+)，不能输出 (.+)",
        "--view scorecard is written as {0} only, not {1}",
    ),
    (
        r"--view scorecard 的 --template 生成的是文字，不能写成 (.+)",
        "with --view scorecard, --template makes text, which cannot be written as {0}",
    ),
    (
        r"--view scorecard 需要按单位（填报单位）的数据；当前数据没有单位",
        "--view scorecard needs figures by org (填报单位); this data has no orgs",
    ),
    (r"--bulletin (.+)：文件不存在", "--bulletin {0}: no such file"),
    (r"--bulletin (.+)：不是普通文件", "--bulletin {0}: not a regular file"),
    (r"--bulletin (.+)：无法读取（(.+)）", "--bulletin {0}: cannot be read ({1})"),
    (
        r"--bulletin (.+)：文件过大（(.+) 字节，上限 (.+)）",
        "--bulletin {0}: too large ({1} bytes, at most {2})",
    ),
    # Finding the data and what is asked of it
    (r"--data (.+)：目录不存在", "--data {0}: no such folder"),
    (r"--data (.+)：找不到 (\S+)（也没有 data/\S+）", "--data {0}: no {1} there (nor data/{1})"),
    (
        r"在当前目录及其上级中找不到 data/(\S+)；用 --data 指定数据目录，或用 kpi init 新建一个",
        (
            "no data/{0} in this folder or its parents; name the data folder with --data, or make "
            "one with kpi init"
        ),
    ),
    (r"未知指标：(.+)（可用 id 或名称）", "unknown indicator: {0} (use its id or name)"),
    (r"未知分组：(.+)（已有：(.+)）", "unknown group: {0} (there are: {1})"),
    (r"未知单位或分组“(.+)”（已有：(.+)）", "unknown org or org group “{0}” (there are: {1})"),
    (r"“(.+)”没有 (\d+) 年的数据", "“{0}” has no data for {1}"),
    (
        r"(.+) 及之前没有任何数据，未生成结果；用 --month 指定有数据的月份",
        "no data at all up to {0}, nothing made; choose a month with data with --month",
    ),
    # Files kpi writes
    (
        r"无法写入 (.+)：(.+)；修正：.*",
        (
            "cannot write {0}: {1}; fix: check the folder's permissions and free space, or close "
            "the program holding the file and retry"
        ),
    ),
    (r"无法写入 (.+)：(.+)", "cannot write {0}: {1}"),
    (r"无法新建目录 (.+)：(.+)", "cannot create the folder {0}: {1}"),
    (r"无法在 (.+) 新建项目：(.+)", "cannot create a project in {0}: {1}"),
    (r"(.+) 已存在；kpi init 不会覆盖已有项目", "{0} exists; kpi init never overwrites a project"),
    (
        r"(.+) 是一个文件，不是目录；请给出导出模板的目录",
        "{0} is a file, not a folder; give the folder to export the templates into",
    ),
    (
        r"(.+) 已存在：该月已发布过；如确需更正后重新发布，加 --force",
        "{0} exists: that month was published; to publish a correction, add --force",
    ),
    (
        r"(.+) 还没有数据（最新有数据的月份：(.+)），不能发布",
        "{0} has no data yet (the latest month with data: {1}); nothing to publish",
    ),
)

_COMPILED = tuple((re.compile(pattern, re.DOTALL), english) for pattern, english in USAGE_EN)


def english_usage(message: str) -> str:
    """`message` in English by the catalogue, or as written when no pattern knows it."""
    text = message.strip()
    for pattern, english in _COMPILED:
        found = pattern.fullmatch(text)
        if found:
            parts = [_part(g or "") for g in found.groups()]
            return english.format(*parts)
    return message


def _part(text: str) -> str:
    if text in ("无", "（无）"):
        return "none"
    return english_usage(text).replace("、", ", ").replace(" 或 ", " or ")
