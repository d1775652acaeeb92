"""collecting (kpi collect / kpi status): a forms folder that cannot be made, a reminder
template that does not exist, and one with a mistake — each refused naming what to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.collecting import status, write_forms
from gongshu_kpi.core.problems import DataError, UsageError


def test_forms_cannot_go_under_a_file(project: Path) -> None:
    blocker = project / "forms"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        write_forms(pipeline.find_data_folder(project), "2020-07", blocker / "2020-07")
    assert str(refused.value) == f"无法新建目录 {blocker / '2020-07'}：Not a directory"


def test_a_reminder_template_that_does_not_exist(project: Path) -> None:
    with pytest.raises(UsageError) as refused:
        status(pipeline.find_data_folder(project), "2020-07", template="nothing")
    assert str(refused.value) == "--template nothing：找不到模板"


def test_a_reminder_template_with_a_mistake_is_a_located_data_error(project: Path) -> None:
    template = project / "templates" / "mine.j2"
    template.write_text("{{ nmae }}\n", encoding="utf-8")
    with pytest.raises(DataError) as refused:
        status(pipeline.find_data_folder(project), "2020-07", template="mine")
    [problem] = refused.value.problems
    assert (problem.code, problem.message) == ("template-error", "模板错误：未定义变量 nmae")
