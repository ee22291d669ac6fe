"""Digests of what shapes an output: the keys of the output ledger (generators/outputs.py)
and of the parse cache."""

from __future__ import annotations

import functools
import hashlib
import json
import os
import sys
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
    """Digest of every file under ``folder`` (names and contents), e.g. a templates folder.
    Python's bytecode (``__pycache__``) is derived from the sources and left out."""
    files = sorted(p for p in folder.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts)
    return digest(*[p.relative_to(folder).as_posix() for p in files], *files)


#: This package's code and templates.
PACKAGE = Path(__file__).resolve().parent


@functools.cache
def package_digest() -> str:
    """Digest of this package's code and templates: what makes every output. A process runs
    the code it started with, so this is read once per process (``thutuc serve`` lives long)."""
    return tree_digest(PACKAGE)


def installed_packages() -> list[str]:
    """The installed distributions with their versions (the engine, theme, Markdown
    extensions, plugins), by the names of their metadata folders: reading each one's
    metadata costs ten times more."""
    found = set()
    for folder in sys.path:
        try:
            found.update(e.name for e in os.scandir(folder or ".") if e.name.endswith((".dist-info", ".egg-info")))
        except OSError:
            continue
    return sorted(found)
