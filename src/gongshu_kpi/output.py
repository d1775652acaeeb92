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
    """Refuse a destination that is an input file, lies in an input folder (data/, or the
    templates/ a later run would read) or sits in a folder that does not exist."""
    resolved = output.resolve()
    for path in inputs:
        if path.resolve() == resolved:
            raise UsageError(f"--output {output} 是输入文件，拒绝覆盖；请换一个输出文件名")
    for folder in forbidden:
        if resolved.is_relative_to(folder.resolve()):
            raise UsageError(
                f"--output {output} 在输入目录 {folder} 中：那里的文件都是 kpi 读取的输入（目标、"
                "实际数、单位、排名、规则、已发布快照、模板），输出会覆盖或混入它们；请写到其他目录"
            )
    if resolved.is_dir():  # before writes_directly, which takes anything but a file
        raise UsageError(f"--output {output} 是一个目录；请给出文件名")
    if writes_directly(output):
        return  # /dev/stdout, a pipe: nothing to compare, and its folder is no folder
    if not resolved.parent.is_dir():
        raise UsageError(f"--output {output}：目录 {output.parent} 不存在")


def writes_directly(output: Path) -> bool:
    """A target that is not a regular file to replace: /dev/stdout (a pipe, a terminal or a
    redirected file: its open descriptor must be written, not a new file renamed over it),
    a FIFO, a device, or anything under /proc."""
    absolute = output.absolute()
    if absolute.parts[1:2] in (("dev",), ("proc",)):
        return True
    try:
        return not stat.S_ISREG(output.stat().st_mode)
    except OSError:  # not there yet: a new regular file
        return False


def write_atomically(output: Path, data: str | bytes) -> None:
    """Either the whole new file or the old one stays: never a half-written file.

    A link is followed (the file it points to is replaced, the link stays); a target that is
    not a regular file (/dev/stdout, a pipe) is written directly; the new file keeps the old
    one's permissions, or gets the usual ones for a new file (mkstemp's are private). Any
    failure is a UsageError (exit 2) naming the file.
    """
    payload = data.encode("utf-8") if isinstance(data, str) else data
    if writes_directly(output):
        _write_directly(output, payload)
        return
    _replace(output, payload, exclusive=False)


def write_new_atomically(output: Path, data: str | bytes) -> None:
    """Like write_atomically, but only if nothing is at `output` yet, decided atomically: of
    two runs writing the same new file at once, one succeeds and the other gets
    FileExistsError (the check before it can pass for both)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    _replace(output, payload, exclusive=True)


def _write_directly(output: Path, payload: bytes) -> None:
    try:
        with output.open("wb") as handle:
            handle.write(payload)
            handle.flush()
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise UsageError(f"无法写入 {output}：{reason}；修正：换一个输出位置") from None


def _replace(output: Path, payload: bytes, exclusive: bool) -> None:
    target = output.resolve()
    try:
        mode = stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    temp_name: str | None = None
    try:
        fd, temp_name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
        )
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        temp = Path(temp_name)
        temp.chmod(mode)
        if exclusive:
            # link() creates the name only if it is free, with the whole content at once.
            os.link(temp, target)
            temp.unlink()
        else:
            temp.replace(target)
    except FileExistsError:
        _remove(temp_name)
        raise
    except OSError as exc:
        _remove(temp_name)
        raise UsageError(
            f"无法写入 {output}：{exc.strerror or exc}；修正：检查目录权限和磁盘空间，"
            "或关闭占用该文件的程序后重试"
        ) from None
    except BaseException:
        _remove(temp_name)
        raise


def _remove(name: str | None) -> None:
    if name is not None:
        with contextlib.suppress(OSError):
            Path(name).unlink()
