"""Publishing: one build at a time, the new site swapped in whole, never half-written."""

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


def add_tree(source: Path, target: Path) -> int:
    """Put a media folder into the new site: hard links when possible (no copy of large
    videos), else copies. Returns the number of files."""
    count = 0
    for path in sorted(source.rglob("*")):
        if not path.is_file() or path.name.startswith("."):
            continue
        dest = target / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(path, dest)
        except OSError:
            shutil.copy2(path, dest)
        count += 1
    return count


def publish(new_site: Path, out: Path) -> None:
    (new_site / SITE_MARKER).write_text("Built by thutuc; replaced on every build.\n", encoding="utf-8")
    old = _old(out)
    if out.exists():
        out.rename(old)
    new_site.rename(out)
    if old.exists():
        shutil.rmtree(old)
