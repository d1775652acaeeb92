"""`kpi init` and `kpi templates --export`: create files for users, never overwriting any."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.output import write_atomically
from gongshu_kpi.render.template import PACKAGE_TEMPLATES, SUFFIX

TARGETS = """\
# 年度目标任务。顺序即成绩单的顺序。字段说明见 README“Data files”一节。
year: {year}
settings:
  rounding: half-up   # 四舍五入；也可 half-even 或 truncate
  rate_places: 2
indicators:
  - id: main_business_revenue
    name: 主营业务收入
    unit: 亿元
    target: 800
    kind: flow          # flow: 1-N月累计 = 各月之和；stock: 时点数，取最新月末值
    group: 主要绩效指标
    owner: 区发改经信局
"""

ACTUALS = """\
指标,月份,数值,口径,计量单位
主营业务收入,{year}-01,60.5,当月,亿元
主营业务收入,{year}-02,55.2,当月,亿元
"""


def scaffold(folder: Path) -> Iterator[str]:
    """Create a new project folder and say what was made; a file-system refusal (the folder
    is a file, no permission) is a usage error naming the folder."""
    try:
        yield from _scaffold(folder)
    except OSError as exc:
        raise UsageError(f"无法在 {folder} 新建项目：{exc.strerror or exc}") from None


def _scaffold(folder: Path) -> Iterator[str]:
    import datetime as dt

    year = dt.datetime.now().astimezone().year  # the office's local year
    targets = folder / "data" / "targets.yaml"
    if targets.exists():
        raise UsageError(f"{targets} 已存在；kpi init 不会覆盖已有项目")
    (folder / "data" / "actuals").mkdir(parents=True, exist_ok=True)
    write_atomically(targets, TARGETS.format(year=year))
    yield f"已创建 {targets}"
    example = folder / "data" / "actuals" / f"example-{year}.csv"
    if not example.exists():
        write_atomically(example, ACTUALS.format(year=year))
        yield f"已创建 {example}"
    yield from export_templates(folder / "templates")
    yield f"下一步：cd {folder} && kpi check && kpi report"


def export_templates(folder: Path) -> Iterator[str]:
    """Copy the shipped templates, keeping any file the user already has."""
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder} 是一个文件，不是目录；请给出导出模板的目录")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"无法新建目录 {folder}：{exc.strerror or exc}") from None
    for source in sorted(PACKAGE_TEMPLATES.glob(f"*{SUFFIX}")):
        target = folder / source.name
        if target.exists():
            yield f"已跳过 {target}（已存在）"
            continue
        try:
            shutil.copyfile(source, target)
        except OSError as exc:
            raise UsageError(f"无法写入 {target}：{exc.strerror or exc}") from None
        yield f"已导出 {target}"
