"""The output ledger: every file a stage produces goes through here.

A stage declares each output as a path and a key (a digest of everything that shapes it).
The ledger says whether the file on disk is current: its key matches *and* the file is
intact (same size and content hash as when it was written, so a truncated or edited file
is rendered again rather than republished). It writes new files atomically and readable
by everyone, refuses a second writer of the same path, removes outputs no longer declared,
and counts what it wrote, reused and removed.

Two kinds of ledger:

- :meth:`Ledger.cache` keeps keys and fingerprints in a manifest, for outputs that are
  expensive to render (PDFs, videos in ``media/``). The manifest may be deleted at any
  time; a damaged one, or a damaged entry, means "render again", never a crash.
- :meth:`Ledger.mirror` makes a folder hold exactly the declared files (the staging docs,
  the practice portal): the key is the content itself, so nothing needs remembering.

Every file of the package is written by :func:`write_atomic`: readers see the old content or
the new one, never half of it, and published files are 0644 (folders 0755) whatever the
umask or the temporary file's mode.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .problems import UserError

log = logging.getLogger("thutuc")

FILE_MODE = 0o644
DIR_MODE = 0o755
MANIFEST_VERSION = 2
#: Temporary files end with this; any left by a killed run is removed with the undeclared files.
TEMP_SUFFIX = ".tmp"


class DoubleWriter(UserError):
    """Two writers declared the same output."""


# --------------------------------------------------------------------------------------
# Writing files
# --------------------------------------------------------------------------------------


def make_dirs(folder: Path) -> None:
    """Create ``folder`` and its missing parents as 0755 (not the umask's choice)."""
    missing = []
    current = folder
    while not current.is_dir():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    folder.mkdir(parents=True, exist_ok=True)
    for created in missing:
        os.chmod(created, DIR_MODE)


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}{TEMP_SUFFIX}")


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, as mode 0644."""
    make_dirs(path.parent)
    temp = _temp_name(path)
    try:
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), FILE_MODE)  # the umask does not decide what is published
            handle.write(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def place_file(finished: Path, path: Path) -> None:
    """Move a file made elsewhere (by ffmpeg, say) into place as 0644, in one rename."""
    make_dirs(path.parent)
    os.chmod(finished, FILE_MODE)
    os.replace(finished, path)


def fingerprint(path: Path) -> tuple[int, str] | None:
    """(size, sha256) of a file, or None when it cannot be read."""
    h = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                h.update(block)
    except OSError:
        return None
    return path.stat().st_size, h.hexdigest()


def content_key(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


# --------------------------------------------------------------------------------------
# The ledger
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Output:
    """One file a stage produces: where (relative to the ledger's folder), its key, how to make it."""

    path: str
    key: str
    render: Callable[[], bytes]


@dataclass
class Counts:
    """What a writer did in this run."""

    written: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Entry:
    """What the manifest remembers of one output."""

    writer: str
    key: str
    size: int
    sha256: str
    meta: dict

    @classmethod
    def parse(cls, raw: object) -> Entry | None:
        """An entry from the manifest's JSON, or None when it is not one (render again)."""
        if not isinstance(raw, dict):
            return None
        writer, key, size, sha, meta = (raw.get(k) for k in ("writer", "key", "size", "sha256", "meta"))
        if not (isinstance(writer, str) and isinstance(key, str) and isinstance(sha, str)
                and isinstance(size, int) and not isinstance(size, bool) and size >= 0
                and isinstance(meta, dict)):
            return None
        return cls(writer, key, size, sha, meta)


class Ledger:
    """The outputs of one or more writers under ``folder``."""

    def __init__(self, folder: Path, manifest: Path | None, label: str = ""):
        self.folder = folder
        self.manifest = manifest
        #: How a path is named in messages (``docs/index.md`` rather than the staging folder).
        self.label = label or folder.name
        self.entries: dict[str, Entry] = {}
        #: path -> the writer that declared it in this run.
        self.declared: dict[str, str] = {}
        self.counts: dict[str, Counts] = {}
        self._intact: dict[str, bool] = {}
        self._lock = threading.Lock()
        if manifest is not None:
            self._load()

    @classmethod
    def cache(cls, folder: Path, manifest: Path, label: str = "") -> Ledger:
        return cls(folder, manifest, label)

    @classmethod
    def mirror(cls, folder: Path, label: str = "") -> Ledger:
        return cls(folder, None, label)

    # -- the manifest ------------------------------------------------------------------

    def _load(self) -> None:
        assert self.manifest is not None
        try:
            data = json.loads(self.manifest.read_bytes())
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            log.warning("Bộ nhớ đệm %s không đọc được (%s): dựng lại các tệp.", self.manifest, exc)
            return
        outputs = data.get("outputs") if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None
        if not isinstance(outputs, dict):
            log.warning("Bộ nhớ đệm %s không đúng dạng: dựng lại các tệp.", self.manifest)
            return
        bad = 0
        for path, raw in outputs.items():
            entry = Entry.parse(raw)
            if entry is None:
                bad += 1
            else:
                self.entries[path] = entry
        if bad:
            log.warning("Bộ nhớ đệm %s có %d mục hỏng: dựng lại các tệp đó.", self.manifest, bad)

    def save(self) -> None:
        if self.manifest is None:
            return
        with self._lock:
            outputs = {path: {"writer": e.writer, "key": e.key, "size": e.size, "sha256": e.sha256, "meta": e.meta}
                       for path, e in sorted(self.entries.items())}
        data = {"version": MANIFEST_VERSION, "outputs": outputs}
        write_atomic(self.manifest, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    # -- declaring and checking --------------------------------------------------------

    def count(self, writer: str) -> Counts:
        return self.counts.setdefault(writer, Counts())

    def declare(self, writer: str, path: str, key: str) -> bool:
        """Declare an output of ``writer``; True when the file on disk is current (skip it)."""
        with self._lock:
            other = self.declared.get(path)
            if other is not None and other != writer:
                raise DoubleWriter(f"{self.label}/{path}: hai nơi cùng ghi tệp này ({other} và {writer}); "
                                   "đổi tên một trong hai")
            if other == writer:
                raise DoubleWriter(f"{self.label}/{path}: {writer} khai báo tệp này hai lần")
            self.declared[path] = writer
        return self.is_current(path, key)

    def is_current(self, path: str, key: str) -> bool:
        if self.manifest is None:  # a mirror: the key is the content's hash
            found = fingerprint(self.folder / path)
            return found is not None and found[1] == key
        entry = self.entries.get(path)
        return entry is not None and entry.key == key and self.intact(path)

    def intact(self, path: str) -> bool:
        """The file is there with the size and content recorded when it was written."""
        entry = self.entries.get(path)
        if entry is None:
            return False
        if path not in self._intact:
            target = self.folder / path
            found = fingerprint(target) if target.is_file() else None
            ok = found == (entry.size, entry.sha256)
            if not ok and target.exists():
                log.warning("%s không còn nguyên vẹn (khác kích thước hoặc nội dung lúc ghi): dựng lại.", target)
            self._intact[path] = ok
        return self._intact[path]

    def meta(self, path: str) -> dict | None:
        entry = self.entries.get(path)
        return entry.meta if entry is not None else None

    def remember(self, path: str, meta: dict) -> None:
        """Replace what the manifest keeps about a current output (its file is unchanged)."""
        with self._lock:
            entry = self.entries[path]
            self.entries[path] = Entry(entry.writer, entry.key, entry.size, entry.sha256, dict(meta))

    def outputs_of(self, writer: str) -> dict[str, Entry]:
        """Intact outputs of ``writer`` recorded in the manifest (from this run or before)."""
        return {p: e for p, e in sorted(self.entries.items()) if e.writer == writer and self.intact(p)}

    # -- writing -----------------------------------------------------------------------

    def write(self, writer: str, path: str, content: bytes | Path, key: str, meta: dict | None = None) -> None:
        """Put a declared output in place: ``content`` is the bytes, or a finished file to move."""
        if self.declared.get(path) != writer:
            raise AssertionError(f"{path} written by {writer} without being declared")
        target = self.folder / path
        if isinstance(content, Path):
            place_file(content, target)
            found = fingerprint(target)
            size, sha = found if found else (0, "")
        else:
            write_atomic(target, content)
            size, sha = len(content), content_key(content)
        with self._lock:
            if self.manifest is not None:
                self.entries[path] = Entry(writer, key, size, sha, dict(meta or {}))
            self._intact[path] = True
            self.count(writer).written.append(path)

    def reuse(self, writer: str, path: str) -> None:
        with self._lock:
            self.count(writer).reused.append(path)

    def run(self, writer: str, outputs: Iterable[Output]) -> Counts:
        """Declare every output; render and write those that are not current."""
        for output in outputs:
            if self.declare(writer, output.path, output.key):
                self.reuse(writer, output.path)
            else:
                self.write(writer, output.path, output.render(), output.key)
        return self.count(writer)

    def put(self, writer: str, files: dict[str, bytes]) -> Counts:
        """Files whose content is their key (a mirror's outputs)."""
        return self.run(writer, (Output(path, content_key(data), lambda data=data: data)
                                 for path, data in files.items()))

    # -- removing ----------------------------------------------------------------------

    def discard(self, path: str) -> None:
        """Forget one output and remove its file (a merged walkthrough's file it no longer has)."""
        with self._lock:
            self.entries.pop(path, None)
            self._intact.pop(path, None)
        (self.folder / path).unlink(missing_ok=True)

    def remove_undeclared(self, writer: str | None = None, under: str = "") -> list[str]:
        """Remove what is no longer declared: files of ``writer`` in the manifest, every file
        under the folder ``under`` (a mirror's whole folder by default), and temporary files
        of killed runs. Returns the removed paths."""
        removed: list[str] = []
        with self._lock:
            for path, entry in list(self.entries.items()):
                if entry.writer == writer and path not in self.declared:
                    del self.entries[path]
                    if (self.folder / path).is_file():
                        (self.folder / path).unlink()
                        removed.append(path)
            root = self.folder / under if under or self.manifest is None else None
            if root is not None and root.is_dir():
                for existing in sorted(root.rglob("*"), reverse=True):  # files before their folders
                    relative = existing.relative_to(self.folder).as_posix()
                    if existing.is_dir() and not existing.is_symlink():
                        if not any(existing.iterdir()):
                            existing.rmdir()
                    elif relative not in self.declared:
                        existing.unlink()
                        if not existing.name.endswith((TEMP_SUFFIX, ".partial")):
                            removed.append(relative)
            for path in removed:
                self._intact.pop(path, None)
            if writer is not None:
                self.count(writer).removed += removed
        for path in removed:
            log.info("Xóa %s: không còn được sinh ra", path)
        return removed

    # -- publishing into a site --------------------------------------------------------

    def link_into(self, target: Path, writers: Iterable[str]) -> int:
        """Hard-link (or copy) the intact outputs of ``writers`` into ``target``; the number of files.

        Only files whose fingerprint matches the manifest are published: a damaged file waits
        for its stage to render it again.
        """
        count = 0
        for writer in writers:
            for path in self.outputs_of(writer):
                source, dest = self.folder / path, target / path
                make_dirs(dest.parent)
                try:
                    os.link(source, dest)
                except OSError:
                    shutil.copy2(source, dest)
                    os.chmod(dest, FILE_MODE)
                count += 1
        return count
