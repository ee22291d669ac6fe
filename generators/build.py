"""The build: load, generate pages and search index, run MkDocs, publish atomically.

Stages run in a fixed, visible order (:data:`STAGES`). The site is built aside and
swapped in only when everything succeeded, so a failed build leaves the last good site
as it was.
"""

from __future__ import annotations

import logging
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from .load import Catalog, load_catalog
from .pages import navigation, render_pages, write_pages
from .problems import UserError
from .search import index_entries, write_index
from .settings import Settings

log = logging.getLogger("thutuc")

#: Marks a folder as a site we built, so we only ever replace our own output.
SITE_MARKER = ".thutuc-site"

STAGES = ("load", "pages", "search", "site", "publish")


class SiteBuildFailed(UserError):
    """MkDocs reported problems (broken links, bad configuration)."""


class UnsafeOutput(UserError):
    """The output folder holds something we did not build."""


@dataclass
class BuildReport:
    out: Path
    procedures: int = 0
    pages: int = 0
    timings: dict[str, float] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(self.timings.values())

    def summary(self) -> str:
        return (f"Xong: {self.procedures} thủ tục, {self.pages} trang sinh ra -> {self.out} "
                f"trong {self.seconds:.1f} giây.")


class _Timer:
    def __init__(self, report: BuildReport, stage: str):
        self.report, self.stage = report, stage

    def __enter__(self):
        log.debug("-> %s", self.stage)
        self.start = time.perf_counter()

    def __exit__(self, *exc):
        self.report.timings[self.stage] = time.perf_counter() - self.start


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def build(settings: Settings, out: Path | None = None) -> BuildReport:
    out = (out or settings.site).resolve()
    _check_output(out, settings)
    report = BuildReport(out)
    staging = settings.work / "staging"

    with _Timer(report, "load"):
        catalog = load_catalog(settings.procedures, settings.root)
        report.procedures = len(catalog.procedures)
        report.warnings += [str(w) for w in catalog.warnings]
    with _Timer(report, "pages"):
        docs_dir = prepare_docs(settings, catalog, staging / "docs")
        report.pages = sum(1 for _ in docs_dir.rglob("*.md"))
    with _Timer(report, "search"):
        write_index(index_entries(catalog, settings.docs), docs_dir)
    new_site = out.parent / f".{out.name}.building"
    with _Timer(report, "site"):
        run_mkdocs(settings, catalog, docs_dir, new_site)
    with _Timer(report, "publish"):
        publish(new_site, out)
    return report


# --------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------


def prepare_docs(settings: Settings, catalog: Catalog, docs_dir: Path) -> Path:
    """Hand-written docs plus generated pages, in a fresh staging folder."""
    if docs_dir.exists():
        shutil.rmtree(docs_dir)
    shutil.copytree(settings.docs, docs_dir)
    pages = render_pages(catalog)
    clashes = [p.path for p in pages if (docs_dir / p.path).exists()]
    if clashes:
        raise UserError(f"docs/{clashes[0]} là trang viết tay nhưng trùng đường dẫn với một trang "
                        "được sinh ra; đổi tên trang viết tay")
    write_pages(pages, docs_dir)
    return docs_dir


def run_mkdocs(settings: Settings, catalog: Catalog, docs_dir: Path, site_dir: Path) -> None:
    """Run MkDocs on the staging docs with the project's mkdocs.yml and a generated nav."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    if site_dir.exists():
        shutil.rmtree(site_dir)
    collector = _WarningCollector()
    mkdocs_log = logging.getLogger("mkdocs")
    mkdocs_log.addHandler(collector)
    quiet = not log.isEnabledFor(logging.DEBUG)
    previous_level = mkdocs_log.level
    if quiet:
        mkdocs_log.setLevel(logging.WARNING)
        mkdocs_log.propagate = False
    try:
        config = load_config(str(settings.mkdocs_yml), docs_dir=str(docs_dir), site_dir=str(site_dir))
        config["nav"] = navigation(catalog) + list(config["nav"] or [])
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "\n".join(collector.messages) or str(exc)
        raise SiteBuildFailed(f"MkDocs không dựng được trang:\n{details}") from None
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous_level)
        mkdocs_log.propagate = True
    (site_dir / SITE_MARKER).write_text("Built by thutuc; replaced on every build.\n", encoding="utf-8")


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"  {record.levelname}: {record.getMessage()}")


# --------------------------------------------------------------------------------------
# Publishing: swap the new site in whole, never leave a half-written one
# --------------------------------------------------------------------------------------


def _check_output(out: Path, settings: Settings) -> None:
    if out == settings.root or out in settings.root.parents:
        raise UnsafeOutput(f"{out} chứa cả dự án; chọn một thư mục con, ví dụ site/")
    _recover(out)
    if out.exists() and any(out.iterdir()) and not (out / SITE_MARKER).exists():
        raise UnsafeOutput(f"{out} đã có nội dung không do thutuc dựng; chọn thư mục trống "
                           "hoặc xóa thư mục đó")


def _old(out: Path) -> Path:
    return out.parent / f".{out.name}.old"


def _recover(out: Path) -> None:
    """Finish a swap that was interrupted between its two renames."""
    old = _old(out)
    if old.exists():
        if out.exists():
            shutil.rmtree(old)
        else:
            old.rename(out)


def publish(new_site: Path, out: Path) -> None:
    old = _old(out)
    if out.exists():
        out.rename(old)
    new_site.rename(out)
    if old.exists():
        shutil.rmtree(old)
