"""Where things are in a project. One object, passed to every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    root: Path

    @classmethod
    def for_project(cls, root: Path) -> Settings:
        return cls(root.resolve())

    @property
    def procedures(self) -> Path:
        return self.root / "procedures"

    @property
    def docs(self) -> Path:
        """Hand-written pages; generated pages are added beside them in the staging folder."""
        return self.root / "docs"

    @property
    def mkdocs_yml(self) -> Path:
        return self.root / "mkdocs.yml"

    @property
    def site(self) -> Path:
        return self.root / "site"

    @property
    def work(self) -> Path:
        """Staging and cache folder: ignored by git, safe to delete at any time."""
        return self.root / ".thutuc"
