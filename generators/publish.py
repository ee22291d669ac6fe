"""Publishing: one build at a time, the new site swapped in whole (an atomic exchange), never half-written."""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path

from .problems import UserError
from .settings import Settings

#: Marks a folder as a site we built, so we only ever replace our own output.
SITE_MARKER = ".thutuc-site"


class UnsafeOutput(UserError):
    """The output folder holds something we did not build."""


class BuildInProgress(UserError):
    """Another build of the same project is running."""


@contextmanager
def build_lock(settings: Settings):
    """Refuse a second concurrent build. The kernel drops the lock when the process dies,
    even by kill -9, so a crashed build never blocks the next one."""
    settings.work.mkdir(parents=True, exist_ok=True)
    path = settings.work / "build.lock"
    with open(path, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "không rõ"
            raise BuildInProgress(f"một lần dựng khác đang chạy ({holder}); chờ nó xong rồi chạy lại") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"PID {os.getpid()}, bắt đầu {time.strftime('%H:%M:%S')}")
        handle.flush()
        try:
            yield
        finally:
            handle.seek(0)
            handle.truncate()
            fcntl.flock(handle, fcntl.LOCK_UN)


def building_dir(out: Path) -> Path:
    """Where the next site is assembled: beside the output, so the swap is a rename."""
    return out.parent / f".{out.name}.building"


def _old(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def check_output(out: Path, settings: Settings) -> None:
    if out == settings.root or out in settings.root.parents:
        raise UnsafeOutput(f"{out} chứa cả dự án; chọn một thư mục con, ví dụ site/")
    if out.exists() and not out.is_dir():
        raise UnsafeOutput(f"{out} là một tệp, không phải thư mục; chọn --out là một thư mục (mới hoặc do thutuc dựng)")
    if out.parent.exists() and not out.parent.is_dir():
        raise UnsafeOutput(f"{out.parent} là một tệp, không phải thư mục; chọn --out khác")
    recover(out)
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARKER).exists():
        raise UnsafeOutput(f"{out} đã có nội dung không do thutuc dựng; chọn thư mục trống "
                           "hoặc xóa thư mục đó")


def recover(out: Path) -> None:
    """Clean up after a build that was killed: finish an interrupted swap, drop a half site."""
    old = _old(out)
    if old.exists():
        if out.exists():
            shutil.rmtree(old)
        else:
            old.rename(out)
    if building_dir(out).exists():
        shutil.rmtree(building_dir(out))


def publish(new_site: Path, out: Path) -> None:
    """Swap the new site in: readers see the old site or the new one, never no site."""
    (new_site / SITE_MARKER).write_text("Built by thutuc; replaced on every build.\n", encoding="utf-8")
    world_readable(new_site)
    if out.exists() and exchange(new_site, out):
        shutil.rmtree(new_site)  # the old site, now under the building name
        return
    # No atomic exchange here (another OS, or a file system without it): two renames.
    old = _old(out)
    if out.exists():
        out.rename(old)
    new_site.rename(out)
    if old.exists():
        shutil.rmtree(old)


#: renameat2(2) flag: swap the two names in one step (Linux 3.15+, most local file systems).
RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when the system cannot (the caller falls back)."""
    import ctypes
    import errno

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in {errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP}:
        return False
    raise OSError(code, os.strerror(code), str(b))


def world_readable(folder: Path) -> None:
    """Published files are 0644 and folders 0755, whatever wrote them (MkDocs follows the
    umask): a web server running as another user must be able to serve them."""
    os.chmod(folder, 0o755)
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames:
            os.chmod(os.path.join(dirpath, name), 0o755)
        for name in filenames:
            path = os.path.join(dirpath, name)
            if not os.path.islink(path):
                os.chmod(path, 0o644)
