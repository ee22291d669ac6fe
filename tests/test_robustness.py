"""Robustness, one table per class: bad configuration and broken folders give one clear line
(never a traceback) and leave the published site byte-identical; published files are
world-readable; the swap never shows a missing site; a child ffmpeg dies with the build."""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, copy_project, tree_digest
from generators import build as build_module
from generators import publish as publish_module
from generators.build import build
from generators.cli import main
from generators.settings import Settings

SITE = ("site",)


@pytest.fixture(scope="module")
def built_once(tmp_path_factory) -> Path:
    """A one-procedure project with its site built, copied by each test."""
    root = copy_project(tmp_path_factory.mktemp("robust") / "project", procedures=False)
    shutil.copytree(REPO / "procedures" / "_catalog", root / "procedures" / "_catalog")
    birth = (REPO / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").read_text(encoding="utf-8")
    (root / "procedures" / "ho-tich").mkdir()
    (root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").write_text(
        re.sub(r"\nrelated:\n(  .*\n)+", "\n", birth), encoding="utf-8")
    build(Settings.for_project(root), stages=SITE)
    return root


@pytest.fixture
def project(built_once: Path, tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(built_once, root, symlinks=True)
    return root


def run_cli(project: Path, capsys, *args: str) -> tuple[int, str]:
    code = main(["--project", str(project), *args])
    err = capsys.readouterr().err
    return code, err


def assert_one_clear_line(err: str, *expected: str) -> None:
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    for text in expected:
        assert text in lines[0], lines[0]


# --------------------------------------------------------------------------------------
# Issue 10, item 5: one clear line with what to do; the published site unchanged
# --------------------------------------------------------------------------------------

#: thutuc.toml contents and what the one line must say.
BAD_CONFIG = [
    (b"[video\ntimeout_seconds = 3\n", ["thutuc.toml: sai cú pháp TOML", "line 1"]),
    (b"[video]\ntimeout_seconds = \n", ["thutuc.toml: sai cú pháp TOML", "line 2"]),
    (b"[video]\nportal = \"https://c\xe1ng.example/\"\n", ["thutuc.toml: không phải văn bản UTF-8", "UTF-8"]),
    (b"\xff\xfe[\x00v\x00i\x00d\x00e\x00o\x00]\x00", ["thutuc.toml: không phải văn bản UTF-8"]),
    (b"video = 3\n", ["thutuc.toml: video phải là một bảng", "[video]"]),
    (b"video = \"https://cong.example/\"\n", ["thutuc.toml: video phải là một bảng"]),
    (b"[video]\nportal = 5\n", ["[video].portal phải là một chuỗi"]),
    (b"[video]\nportal = [\"https://cong.example/\"]\n", ["[video].portal phải là một chuỗi"]),
]


@pytest.mark.parametrize(("content", "expected"), BAD_CONFIG, ids=[f"toml-{i}" for i in range(len(BAD_CONFIG))])
def test_a_bad_thutuc_toml_is_one_clear_line(project: Path, capsys, content: bytes, expected: list[str]):
    before = tree_digest(project / "site")
    (project / "thutuc.toml").write_bytes(content)
    code, err = run_cli(project, capsys, "build", "--only", "site")
    assert code == 1
    assert_one_clear_line(err, *expected)
    assert tree_digest(project / "site") == before


def test_a_thutuc_toml_that_is_a_folder_is_one_clear_line(project: Path, capsys):
    (project / "thutuc.toml").mkdir()
    code, err = run_cli(project, capsys, "build", "--only", "site")
    assert code == 1
    assert_one_clear_line(err, "thutuc.toml là một thư mục")


def test_out_that_is_a_file_is_one_clear_line(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "xuat-ban.html"
    out.write_text("keep me", encoding="utf-8")
    code, err = run_cli(project, capsys, "build", "--only", "site", "--out", str(out))
    assert code == 1
    assert_one_clear_line(err, "là một tệp, không phải thư mục", "--out")
    assert out.read_text(encoding="utf-8") == "keep me"
    code, err = run_cli(project, capsys, "build", "--only", "site", "--out", str(out / "site"))
    assert code == 1
    assert_one_clear_line(err, "là một tệp, không phải thư mục")


#: The parse cache with the right top-level type but a wrong inner structure: parse again.
#: (The media manifest's table is in test_outputs.py.)
DAMAGED_PARSE_CACHES = [
    '{"model": "MODEL", "files": []}',
    '{"model": "MODEL", "files": "procedures/ho-tich/dang-ky-khai-sinh.yaml"}',
    '{"model": "MODEL", "files": 5}',
    '{"model": "MODEL", "files": null}',
]


@pytest.mark.parametrize("content", DAMAGED_PARSE_CACHES, ids=[f"cache-{i}" for i in range(len(DAMAGED_PARSE_CACHES))])
def test_a_cache_with_a_wrong_inner_structure_means_rebuild_never_a_crash_loop(project: Path, capsys, content: str):
    from generators.load import ParseCache

    target = project / ".thutuc" / "cache" / "load.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(content.replace("MODEL", ParseCache(project / "none").model_key), encoding="utf-8")
    for _ in range(2):  # and again: a rebuild, not a crash loop
        code, err = run_cli(project, capsys, "build", "--only", "site")
        assert code == 0, err
        assert "Traceback" not in err
    assert (project / "site/thu-tuc/ho-tich/dang-ky-khai-sinh.html").is_file()


@pytest.mark.parametrize("folder", [".thutuc", ".thutuc/staging", ".thutuc/staging/docs"])
def test_a_cache_folder_replaced_by_a_file_is_one_clear_line(project: Path, capsys, folder: str):
    before = tree_digest(project / "site")
    target = project / folder
    shutil.rmtree(target)
    target.write_text("not a folder", encoding="utf-8")
    code, err = run_cli(project, capsys, "build", "--only", "site")
    assert code == 1
    assert_one_clear_line(err, folder, "là một tệp nhưng cần là thư mục", "xóa")
    assert tree_digest(project / "site") == before


def _raise(error: int):
    """Fail as the file system would, naming the last path the function was given."""
    def fail(*args, **kwargs):
        raise OSError(error, os.strerror(error), str(args[-1]))

    return fail


#: Where the disk fails, how, and what the one line must say.
DISK_FAILURES = [
    ("site build (parent of the output)", "run_mkdocs", errno.EACCES, ["Không có quyền ghi", "--out"]),
    ("swap (the output itself)", "publish", errno.EACCES, ["Không có quyền ghi"]),
    ("site build", "run_mkdocs", errno.ENOSPC, ["Hết chỗ trên đĩa", "giải phóng chỗ trống"]),
    ("swap", "publish", errno.ENOSPC, ["Hết chỗ trên đĩa"]),
    ("site build", "run_mkdocs", errno.EROFS, ["ổ chỉ đọc"]),
]


@pytest.mark.parametrize(("where", "function", "error", "expected"), DISK_FAILURES,
                         ids=[f"{d[1]}-{errno.errorcode[d[2]]}" for d in DISK_FAILURES])
def test_permission_and_full_disk_are_one_clear_line(project: Path, capsys, monkeypatch, where, function, error,
                                                     expected):
    before = tree_digest(project / "site")
    monkeypatch.setattr(build_module, function, _raise(error))
    code, err = run_cli(project, capsys, "build", "--only", "site")
    assert code == 1
    assert_one_clear_line(err, *expected, "trang đã xuất bản giữ nguyên")
    assert tree_digest(project / "site") == before
    assert not (project / ".site.building").exists()


def test_a_full_disk_while_writing_pages_is_one_clear_line(project: Path, capsys, monkeypatch):
    """The write itself fails half-way (as os.write does on a full disk): no half file stays."""
    from generators import outputs

    before = tree_digest(project / "site")
    (project / "docs" / "bao-tri" / "moi.md").write_text("# Mới\n", encoding="utf-8")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def fileno(self):
            return self.handle.fileno()

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(outputs.os, "fdopen", lambda fd, mode: Full(real_fdopen(fd, mode)))
    code, err = run_cli(project, capsys, "build", "--only", "site")
    assert code == 1
    assert_one_clear_line(err, "Hết chỗ trên đĩa")
    assert tree_digest(project / "site") == before
    assert not list((project / ".thutuc").rglob("*.tmp")), "no half-written temporary file stays"


def _can_mount_tmpfs(folder: Path) -> bool:
    folder.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or not Path("/bin/mount").exists():
        return False
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)], capture_output=True)
    if done.returncode == 0:
        subprocess.run(["umount", str(folder)], check=True)
    return done.returncode == 0


def test_a_really_full_disk_keeps_the_site(project: Path, tmp_path: Path, capsys):
    """On a small tmpfs filled up after a first build (when this machine lets us mount one)."""
    disk = tmp_path / "disk"
    if not _can_mount_tmpfs(disk):
        pytest.skip("cannot mount a tmpfs here")
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=48m", "tmpfs", str(disk)], check=True)
    try:
        out = disk / "site"
        assert main(["--project", str(project), "build", "--only", "site", "--out", str(out)]) == 0
        capsys.readouterr()
        before = tree_digest(out)
        with open(disk / "filler", "wb") as filler:
            try:
                while True:
                    filler.write(b"\0" * (1 << 20))
                    filler.flush()
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
        # An edit, so the build has something to write (an unchanged site is left alone).
        source = project / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
        source.write_text(source.read_text(encoding="utf-8").replace("summary: >-\n  ", "summary: >-\n  Sửa. ", 1),
                          encoding="utf-8")
        code, err = run_cli(project, capsys, "build", "--only", "site", "--out", str(out))
        assert code == 1
        assert "Traceback" not in err and "Hết chỗ trên đĩa" in err
        assert tree_digest(out) == before
        assert not (disk / ".site.building").exists()
    finally:
        subprocess.run(["umount", str(disk)], check=True)


# --------------------------------------------------------------------------------------
# Issue 10, item 7: published files are world-readable
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("umask", [0o077, 0o027])
def test_published_files_are_world_readable(project: Path, umask: int):
    old = os.umask(umask)
    try:
        build(Settings.for_project(project), stages=SITE)
    finally:
        os.umask(old)
    site = project / "site"
    wrong = [(p.relative_to(site).as_posix(), oct(stat.S_IMODE(p.stat().st_mode))) for p in [site, *site.rglob("*")]
             if stat.S_IMODE(p.stat().st_mode) != (0o755 if p.is_dir() else 0o644)]
    assert wrong == []


# --------------------------------------------------------------------------------------
# Issue 10, item 8: the swap is atomic
# --------------------------------------------------------------------------------------


def test_exchange_swaps_two_folders_in_one_step(tmp_path: Path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "which").write_text("a")
    (b / "which").write_text("b")
    assert publish_module.exchange(a, b)
    assert ((a / "which").read_text(), (b / "which").read_text()) == ("b", "a")


def test_the_published_site_never_goes_missing_during_the_swap(project: Path, monkeypatch):
    """Every rename the build makes leaves a site in place (today's two renames did not)."""
    site = project / "site"
    gaps = []
    real_rename = os.rename

    def watched(src, dst, *args, **kwargs):
        real_rename(src, dst, *args, **kwargs)
        if not (site / "index.html").is_file():
            gaps.append((str(src), str(dst)))

    monkeypatch.setattr(os, "rename", watched)
    build(Settings.for_project(project), stages=SITE)
    assert gaps == []
    assert (site / "index.html").is_file() and not (project / ".site.building").exists()


def test_without_the_exchange_call_the_two_renames_still_publish(project: Path, monkeypatch):
    monkeypatch.setattr(publish_module, "exchange", lambda a, b: False)
    before = (project / "site" / "index.html").stat().st_ino
    build(Settings.for_project(project), stages=SITE)
    assert (project / "site" / "index.html").stat().st_ino != before
    assert not (project / ".site.old").exists()


# --------------------------------------------------------------------------------------
# Issue 10, item 9: an orphaned ffmpeg dies with the build; .YAML files are read
# --------------------------------------------------------------------------------------


def _children(pid: int, marker: str) -> list[int]:
    """Children of ``pid`` whose command line holds ``marker``."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                command = (entry / "cmdline").read_bytes()
            except OSError:
                continue
            if int(fields[1]) == pid and marker.encode() in command:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux process tree")
def test_ffmpeg_is_killed_when_the_build_is_killed(tmp_path: Path):
    script = (
        "import ffmpeg\n"
        "from generators.video import compose\n"
        "exe = compose.ffmpeg_exe()\n"
        # Silent, so that it does not die of a closed pipe on its own.
        "out = ffmpeg.input('anullsrc', f='lavfi', t=600, re=None).output('-', f='null')"
        ".global_args('-nostats', '-loglevel', 'quiet')\n"
        "compose._run(out, exe)\n"
    )
    build_process = subprocess.Popen([sys.executable, "-c", script], cwd=REPO)
    children: list[int] = []
    try:
        deadline = time.monotonic() + 30
        while not children and time.monotonic() < deadline:
            time.sleep(0.1)
            children = _children(build_process.pid, "anullsrc")
        assert children, "ffmpeg never started"
    finally:
        build_process.send_signal(signal.SIGKILL)
        build_process.wait()
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in children) and time.monotonic() < deadline:
        time.sleep(0.1)
    orphans = [pid for pid in children if _alive(pid)]
    for pid in orphans:  # clean up after a failure
        os.kill(pid, signal.SIGKILL)
    assert orphans == [], "ffmpeg outlived the build"


@pytest.mark.parametrize("suffix", [".YAML", ".YML", ".Yaml"])
def test_procedure_files_with_other_yaml_suffixes_are_read(project: Path, suffix: str, capsys):
    source = project / "procedures/ho-tich/dang-ky-khai-sinh.yaml"
    source.rename(source.with_suffix(suffix))
    assert main(["--project", str(project), "validate"]) == 0
    assert "Hợp lệ: 1 thủ tục" in capsys.readouterr().out
