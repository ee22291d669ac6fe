"""Digests of what shapes an output: the keys of the output ledger (generators/outputs.py)
and of the parse cache."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from pydantic import BaseModel

from .outputs import write_atomic  # noqa: F401  (the one atomic write, re-exported for the parse cache)

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
