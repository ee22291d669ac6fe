"""The program that turns the staging docs into the site: MkDocs by default, or ProperDocs,
a maintained continuation of MkDocs 1.x that reads the same mkdocs.yml and runs the same
theme and plugins (``[site] engine`` in thutuc.toml, see :attr:`Settings.site_engine`).

ProperDocs is the package ``properdocs``; it finds Material and mkdocstrings through their
``mkdocs.themes`` / ``mkdocs.plugins`` entry points, and ``properdocs.replacement`` makes
their ``import mkdocs.…`` load ``properdocs.…``. So one process can run one engine only:
whichever is imported first owns the name ``mkdocs`` there.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass

from .problems import UserError
from .settings import CONFIG_FILE, Settings


class EngineUnavailable(UserError):
    """The engine chosen in thutuc.toml is unknown, not installed, or another one owns this process."""


@dataclass(frozen=True)
class SiteEngine:
    #: As written in thutuc.toml.
    name: str
    #: As shown to people.
    label: str
    #: The Python package, which is also the name of its logger.
    module: str
    #: The command that installs it.
    install: str

    def load(self) -> LoadedEngine:
        """Import the engine; one clear line when it is missing or cannot run here."""
        if importlib.util.find_spec(self.module) is None:
            raise EngineUnavailable(f"{CONFIG_FILE}: [site].engine = \"{self.name}\" nhưng {self.label} chưa được "
                                    f"cài: chạy {self.install}")
        owner = getattr(sys.modules.get("mkdocs"), "__name__", self.module)
        if owner != self.module:
            other = next((e.label for e in ENGINES.values() if e.module == owner), owner)
            raise EngineUnavailable(f"{self.label} không chạy được trong tiến trình đã nạp {other}; "
                                    "chạy lệnh thutuc trong một tiến trình mới")
        if self.module != "mkdocs":
            importlib.import_module(f"{self.module}.replacement")  # plugins' `import mkdocs.…`
        config = importlib.import_module(f"{self.module}.config")
        exceptions = importlib.import_module(f"{self.module}.exceptions")
        logger = logging.getLogger(self.module)
        if self.module != "mkdocs":
            # What plugins log on the old name counts too (warnings fail a strict build), as
            # the `properdocs` command arranges it.
            legacy = logging.getLogger("mkdocs")
            legacy.parent, legacy.propagate = logger, True
            legacy.setLevel(logging.NOTSET)
        return LoadedEngine(self.label, self.module, config.load_config,
                            (exceptions.Abort, exceptions.ConfigurationError), logger)


@dataclass(frozen=True)
class LoadedEngine:
    label: str
    #: The Python package (generators/incremental.py drives its build and writers).
    module: str
    #: ``load_config(config_file, **overrides)``: mkdocs.yml with some options replaced.
    load_config: Callable
    #: What a failed build raises (strict-mode warnings, a bad configuration).
    errors: tuple[type[Exception], ...]
    #: Where the engine, its theme and plugins log.
    logger: logging.Logger


ENGINES = {engine.name: engine for engine in (
    SiteEngine("mkdocs", "MkDocs", "mkdocs", "pip install mkdocs"),
    SiteEngine("properdocs", "ProperDocs", "properdocs", "pip install properdocs"),
)}


def site_engine(settings: Settings) -> SiteEngine:
    name = settings.site_engine
    if name not in ENGINES:
        raise EngineUnavailable(f"{CONFIG_FILE}: [site].engine = \"{name}\" không có; "
                                f"chọn một trong: {', '.join(ENGINES)}")
    return ENGINES[name]


def load_engine(settings: Settings) -> LoadedEngine:
    """The project's engine, imported and ready."""
    return site_engine(settings).load()
