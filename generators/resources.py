"""Resources a project may bring itself, with the package's own copies as the default.

A project folder may hold its own practice portal (``sandbox/``, with the sample files its
walkthroughs upload in ``sandbox/mau/``) and its own fonts (``docs/assets/fonts/``). When it
does not, the copies shipped with the package are used: installed as data files under
``<prefix>/share/thutuc/`` by a normal (wheel) install, or read from the source tree when
the package runs from it (an editable install, the tests).
"""

from __future__ import annotations

import sys
import sysconfig
from pathlib import Path

#: Resource name -> its path relative to a project (and to the installed defaults).
RESOURCES = {
    "sandbox": Path("sandbox"),
    "fonts": Path("docs") / "assets" / "fonts",
}
#: Where the package's defaults are, in order: installed data files, then the source tree.
SOURCE_TREE = Path(__file__).resolve().parents[1]


def default_roots() -> list[Path]:
    roots = [Path(sysconfig.get_paths()["data"]) / "share" / "thutuc", Path(sys.prefix) / "share" / "thutuc"]
    return [*dict.fromkeys(roots), SOURCE_TREE]


def resource(name: str, project: Path | None = None) -> Path:
    """The project's own copy of ``name`` when it has one, else the package's default.

    The path returned may not exist (nothing anywhere): the caller's error names it.
    """
    relative = RESOURCES[name]
    candidates = ([project] if project is not None else []) + default_roots()
    for root in candidates:
        if (root / relative).exists():
            return root / relative
    return candidates[0] / relative
