"""What the last build made from each procedure, kept by a digest of everything it was made from.

At 2,000 procedures, rendering every procedure page takes about a second, its search entry and
its record in the practice portal half a second more, and one edit changes one of them. A
procedure page is made from: the procedure's own source file; the records every
page may read (everything under ``procedures/_catalog`` and ``_modules``); the procedures it
links to and those that link to it (their source files); the media (videos, PDFs, step
pictures); the site's address; and this package's code and templates. The page's key is a
digest of all of those, so a change to any of them renders it again. What is kept is the page
the last build wrote into the staging docs, checked against its recorded digest before use.

Anything else a page shows is in the inputs above: the template sees the catalogue, but reads
only its shared records (tests/test_incremental.py builds after each kind of edit and compares
with a build that renders everything). A search entry and a portal record read less: the
procedure and the shared records.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from .cache import digest, package_digest, tree_digest
from .catalog import Catalog
from .media import MediaIndex
from .model import Procedure
from .outputs import write_atomic

FORMAT = 1
SHARED_FOLDERS = ("_catalog", "_modules")


def shared_key(catalog: Catalog, media: MediaIndex, site_url: str) -> str:
    return digest(FORMAT, site_url, repr(media), *(tree_digest(catalog.root / name) for name in SHARED_FOLDERS),
                  package_digest())


def record_key(shared: str, catalog: Catalog, p: Procedure) -> str:
    return hashlib.sha256("\0".join([shared, p.slug, catalog.digests.get(p.slug, "")]).encode()).hexdigest()


class RecordMemo:
    """Values made from one procedure (a search entry, a portal record), by slug and key, in a
    JSON file; what this build did not ask for is forgotten when it is saved."""

    def __init__(self, file: Path, shared: str):
        self.file, self.shared = file, shared
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            self.entries = raw["values"] if raw.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}
        self.fresh: dict[str, list] = {}

    def value(self, catalog: Catalog, p: Procedure, make):
        """``make(p)``, or what it returned last time for the same inputs."""
        key = record_key(self.shared, catalog, p)
        entry = self.entries.get(p.slug)
        if isinstance(entry, list) and len(entry) == 2 and entry[0] == key:
            value = entry[1]
        else:
            value = make(p)
        self.fresh[p.slug] = [key, value]
        return value

    def save(self) -> None:
        if self.fresh != self.entries:
            write_atomic(self.file, json.dumps({"format": FORMAT, "values": self.fresh},
                                               ensure_ascii=False).encode("utf-8"))


class PageMemo:
    """Keys of the procedure pages in the staging docs, and the digest of each page's text."""

    def __init__(self, file: Path, docs: Path, shared: str):
        self.file, self.docs, self.shared = file, docs, shared
        try:
            raw = json.loads(file.read_text(encoding="utf-8"))
            self.entries = raw["pages"] if raw.get("format") == FORMAT else {}
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}
        self.fresh: dict[str, list[str]] = {}
        self.kept = 0

    def key(self, catalog: Catalog, p: Procedure, linked: list[Procedure]) -> str:
        digests = sorted(catalog.digests.get(q.slug, "") for q in linked)
        text = "\0".join([self.shared, p.slug, catalog.sources.get(p.slug, ""), catalog.digests.get(p.slug, ""),
                          *digests])
        return hashlib.sha256(text.encode()).hexdigest()

    def get(self, path: str, key: str) -> str | None:
        entry = self.entries.get(path)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != key:
            return None
        try:
            data = (self.docs / path).read_bytes()
        except OSError:
            return None
        if hashlib.sha256(data).hexdigest() != entry[1]:
            return None  # changed since: render it again
        self.fresh[path] = entry
        self.kept += 1
        return data.decode("utf-8")

    def put(self, path: str, key: str, text: str) -> None:
        self.fresh[path] = [key, hashlib.sha256(text.encode("utf-8")).hexdigest()]

    def save(self) -> None:
        """Only the pages of this build are remembered (a removed procedure is forgotten)."""
        if self.fresh != self.entries:
            write_atomic(self.file, json.dumps({"format": FORMAT, "pages": self.fresh}).encode("utf-8"))
