"""Writing output files atomically: a temporary file beside the target, then a rename."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

from gongshu_kpi.core.problems import UsageError


def check_output_path(output: Path, inputs: Iterable[Path], forbidden: Iterable[Path] = ()) -> None:
    """Refuse a destination that is an input file, lies in an input folder (the next run
    would read it as data) or sits in a folder that does not exist."""
    resolved = output.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise UsageError(f"--output {output} 是输入文件，拒绝覆盖；请换一个输出文件名")
    for folder in forbidden:
        if resolved.is_relative_to(folder.resolve()):
            raise UsageError(
                f"--output {output} 在数据目录 {folder} 中：那里的文件都是输入（目标、实际数、"
                "单位、排名、规则、已发布快照），输出会覆盖或混入数据；请写到其他目录"
            )
    if not resolved.parent.is_dir():
        raise UsageError(f"--output {output}：目录 {output.parent} 不存在")
    if resolved.is_dir():
        raise UsageError(f"--output {output} 是一个目录；请给出文件名")


def write_atomically(output: Path, data: str | bytes) -> None:
    """Either the whole new file or the old one stays: never a half-written file.

    A link is followed (the file it points to is replaced, the link stays); anything that
    is not a regular file (a device, a pipe) is refused; the new file keeps the old one's
    permissions, or gets the usual ones for a new file (mkstemp's are private).
    """
    target = output.resolve()
    if target.exists() and not target.is_file():
        raise UsageError(f"无法写入 {output}：不是普通文件；修正：换一个输出文件名")
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp_name, mode)
        os.replace(temp_name, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise UsageError(
            f"无法写入 {output}：{exc.strerror}；修正：关闭占用该文件的程序或检查权限后重试"
        ) from None
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
