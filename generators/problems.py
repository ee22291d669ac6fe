"""Problems found in the sources, and the one exception that carries them to the CLI."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one place: ``path:line:col: field: message (hint)``."""

    path: str
    line: int
    col: int
    field: str
    message: str
    hint: str = ""
    warning: bool = False
    #: What failed to load, when this problem only follows from that (see root_causes.py).
    caused_by: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}:{self.col}"
        field = f" {self.field}:" if self.field else ""
        hint = f" ({self.hint})" if self.hint else ""
        kind = " cảnh báo:" if self.warning else ""
        return f"{where}:{kind}{field} {self.message}{hint}"


def display_path(path: Path, root: Path) -> str:
    """The path as the maintainer knows it: relative to the project, where it is written.

    Symbolic links are not followed (a linked procedure is shown where the link is, never as
    the build machine's absolute path, which pages also print)."""
    # Plain strings first (a large catalogue shows thousands of paths); resolved paths, which
    # cost a system call per part, only when the plain ones do not nest.
    plain, base = os.path.abspath(path), os.path.abspath(root)
    if plain.startswith(base.rstrip(os.sep) + os.sep):
        return Path(plain[len(base.rstrip(os.sep)) + 1:]).as_posix()
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        pass
    return path.as_posix() if not path.is_absolute() else path.name


class UserError(Exception):
    """A mistake of the user's, reported as a message and an exit code, never a traceback."""

    exit_code = 1


class InvalidSources(UserError):
    """The sources have errors; every problem of the run is listed."""

    def __init__(self, problems: list[Problem]):
        # Root causes first; what only follows from them last.
        self.problems = sorted(problems, key=lambda p: (bool(p.caused_by), p))
        roots = [p for p in self.problems if not p.warning and not p.caused_by]
        followers = len([p for p in self.problems if p.caused_by])
        tail = f", {followers} dòng tóm tắt những tham chiếu bị ảnh hưởng" if followers else ""
        super().__init__(f"{len(roots)} lỗi trong dữ liệu nguồn{tail}")


def os_error_line(exc: OSError) -> str:
    """A file-system error as one line that says what to do; nothing published was touched
    (the site is swapped in only after everything else succeeded)."""
    import errno

    where = exc.filename if exc.filename is not None else ""
    kept = "trang đã xuất bản giữ nguyên"
    if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
        return f"Hết chỗ trên đĩa khi ghi {where}: giải phóng chỗ trống rồi chạy lại ({kept})."
    if exc.errno in {errno.EACCES, errno.EPERM}:
        return (f"Không có quyền ghi hoặc đọc {where}: cấp quyền cho người chạy lệnh, hoặc chọn thư mục khác "
                f"(--out), rồi chạy lại ({kept}).")
    if exc.errno == errno.EROFS:
        return f"{where} nằm trên ổ chỉ đọc: chọn thư mục ghi được (--out) rồi chạy lại ({kept})."
    if exc.errno in {errno.ENOTDIR, errno.EEXIST}:
        return (f"{where} (hoặc một thư mục cha của nó) là một tệp nhưng cần là thư mục: xóa hoặc đổi tên tệp đó "
                f"rồi chạy lại; .thutuc/ và media/ luôn xóa được ({kept}).")
    if exc.errno == errno.EISDIR:
        return f"{where} là một thư mục nhưng cần là tệp: xóa hoặc đổi tên nó rồi chạy lại ({kept})."
    return f"Lỗi tệp {where}: {exc.strerror or exc} ({kept})."
