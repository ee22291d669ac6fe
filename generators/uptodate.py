"""Is the published site already what the sources make? Then a build has nothing to do.

Loading 2,000 procedures and generating their pages takes seconds even when nothing changed.
A build that publishes the site records a digest of everything the site stages read (the
sources, the hand-written docs, mkdocs.yml and the theme overrides, the project's resources,
thutuc.toml, this package's code, the installed engine and plugins, and the media the pages
show) and the size and date of every file it published. The next build of the site stages
compares both first: when they match, the site on disk is exactly what it would write.

The digest reads the bytes of the inputs, never their dates (a checkout or a copy changes
dates, not content); the published files are compared by size and date, so a file changed or
removed there makes the build run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from .cache import digest, installed_packages, package_digest, tree_digest
from .incremental import output_files
from .outputs import write_atomic
from .resources import RESOURCES, resource
from .settings import Settings

RECORD = "last-build.json"
FORMAT = 1


def site_inputs(settings: Settings, out: Path, stages: tuple[str, ...], media_manifest: Path) -> str:
    folders = [settings.procedures, settings.docs, settings.root / "overrides",
               *(resource(name, settings.root) for name in RESOURCES)]
    files = [settings.mkdocs_yml, settings.root / "thutuc.toml", media_manifest]
    return digest(FORMAT, str(out), list(stages), *(tree_digest(f) for f in dict.fromkeys(folders)), *files,
                  package_digest(), installed_packages())


@dataclass
class LastBuild:
    """What the last build that published the site read, what it published and reported."""

    inputs: str
    files: dict[str, list[int]]
    report: dict

    @classmethod
    def read(cls, settings: Settings) -> LastBuild | None:
        try:
            raw = json.loads((settings.work / RECORD).read_text(encoding="utf-8"))
            if raw.get("format") != FORMAT:
                return None
            return cls(raw["inputs"], raw["files"], raw["report"])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def matches(self, inputs: str, out: Path) -> bool:
        return inputs == self.inputs and output_files(out) == self.files

    @staticmethod
    def forget(settings: Settings) -> None:
        """Called before a build changes anything: a build stopped halfway is never taken for done."""
        (settings.work / RECORD).unlink(missing_ok=True)

    @staticmethod
    def write(settings: Settings, inputs: str, out: Path, report: dict) -> None:
        raw = {"format": FORMAT, "inputs": inputs, "files": output_files(out), "report": report}
        write_atomic(settings.work / RECORD, json.dumps(raw, ensure_ascii=False).encode("utf-8"))
