"""Content-hash cache for expensive outputs (PDFs, videos).

A manifest (JSON) maps each output file to the digest of every input that shapes it.
A matching digest and an existing file mean the work is skipped. The manifest can be
deleted at any time; a corrupt one means a rebuild, never a crash.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path

from pydantic import BaseModel

log = logging.getLogger("thutuc")

#: Bump when a change to the generators must invalidate every cached output.
GENERATOR_VERSION = "1"


def digest(*parts: object) -> str:
    """A stable hash of models, strings, bytes, paths (their content) and JSON-able values."""
    h = hashlib.sha256(GENERATOR_VERSION.encode())
    for part in parts:
        if isinstance(part, BaseModel):
            data = part.model_dump_json().encode()
        elif isinstance(part, bytes):
            data = part
        elif isinstance(part, Path):
            data = part.read_bytes() if part.is_file() else b"\0missing:" + str(part).encode()
        elif isinstance(part, str):
            data = part.encode()
        else:
            data = json.dumps(part, sort_keys=True, ensure_ascii=False, default=str).encode()
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


def tree_digest(folder: Path, pattern: str = "*") -> str:
    """Digest of every file under ``folder`` (names and contents), e.g. a templates folder."""
    files = sorted(p for p in folder.rglob(pattern) if p.is_file())
    return digest(*[p.relative_to(folder).as_posix() for p in files], *files)


class Manifest:
    """``output path -> input digest`` for one stage, stored at ``path``."""

    def __init__(self, path: Path):
        self.path = path
        self.entries: dict[str, str] = {}
        if path.is_file():
            try:
                loaded = json.loads(path.read_text(encoding="utf-8"))
                if isinstance(loaded, dict) and all(isinstance(v, str) for v in loaded.values()):
                    self.entries = loaded
                else:
                    raise ValueError("not a mapping of strings")
            except (ValueError, OSError) as exc:
                log.warning("Bộ nhớ đệm %s hỏng (%s): dựng lại từ đầu.", path, exc)

    def is_fresh(self, output: Path, key: str, input_digest: str) -> bool:
        return self.entries.get(key) == input_digest and output.is_file()

    def record(self, key: str, input_digest: str) -> None:
        self.entries[key] = input_digest

    def forget_except(self, keys: set[str]) -> list[str]:
        """Drop entries for outputs that are no longer produced; return them."""
        gone = sorted(set(self.entries) - keys)
        for key in gone:
            del self.entries[key]
        return gone

    def save(self) -> None:
        write_atomic(self.path, json.dumps(self.entries, indent=1, sort_keys=True).encode())


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that readers see the old content or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
