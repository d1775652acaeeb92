"""publishing.publish and scaffold: file-system refusals are usage errors naming the path —
data/published is a file, a second publish of the same month racing the first, a template
folder that cannot be made — and an example file already there is kept."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from gongshu_kpi import pipeline
from gongshu_kpi.core.problems import UsageError
from gongshu_kpi.publishing import publish
from gongshu_kpi.scaffold import export_templates, scaffold


def test_published_as_a_file_is_refused(project: Path) -> None:
    (project / "data" / "published").write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        publish(pipeline.find_data_folder(project), "2020-06", force=False)
    assert str(refused.value) == f"无法新建目录 {project / 'data' / 'published'}：File exists"


def test_a_publish_racing_another_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The other run created the file between the check and the write."""

    def created_meanwhile(path: Path, data: str | bytes) -> None:
        raise FileExistsError(path)

    monkeypatch.setattr("gongshu_kpi.publishing.write_new_atomically", created_meanwhile)
    with pytest.raises(UsageError) as refused:
        publish(pipeline.find_data_folder(project), "2020-06", force=False)
    assert "刚由另一次 kpi publish 写入：该月已发布" in str(refused.value)


def test_templates_cannot_go_under_a_file(tmp_path: Path) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(UsageError) as refused:
        list(export_templates(blocker / "templates"))
    assert str(refused.value) == f"无法新建目录 {blocker / 'templates'}：Not a directory"


def test_an_existing_example_file_is_kept(tmp_path: Path) -> None:
    (tmp_path / "data" / "actuals").mkdir(parents=True)
    year = time.localtime().tm_year  # the year kpi init writes (date.today()'s)
    example = tmp_path / "data" / "actuals" / f"example-{year}.csv"
    example.write_text("mine\n", encoding="utf-8")
    said = list(scaffold(tmp_path))
    assert example.read_text(encoding="utf-8") == "mine\n"
    assert not any(str(example) in line for line in said)
    assert said[0] == f"已创建 {tmp_path / 'data' / 'targets.yaml'}"
