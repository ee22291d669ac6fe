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

from . import pages, troubleshoot
from .load import Catalog, load_catalog
from .problems import UserError
from .search import INDEX_PATH, index_entries, index_script
from .settings import Settings

log = logging.getLogger("thutuc")

#: Marks a folder as a site we built, so we only ever replace our own output.
SITE_MARKER = ".thutuc-site"

STAGES = ("load", "pages", "site", "publish")


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
    new_site = out.parent / f".{out.name}.building"
    try:
        with _Timer(report, "site"):
            run_mkdocs(settings, catalog, docs_dir, new_site)
        with _Timer(report, "publish"):
            publish(new_site, out)
    finally:
        # Whatever happened, no half-built site stays beside the published one.
        if new_site.exists():
            shutil.rmtree(new_site)
    return report


# --------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------


def prepare_docs(settings: Settings, catalog: Catalog, docs_dir: Path) -> Path:
    """Hand-written docs plus generated pages and search index in ``docs_dir``.

    Only files whose content changed are written and files no longer produced are
    removed, so MkDocs (and ``thutuc serve``) see exactly what changed.
    """
    wanted: dict[str, bytes] = {}
    for path in sorted(settings.docs.rglob("*")):
        if path.is_file():
            wanted[path.relative_to(settings.docs).as_posix()] = path.read_bytes()
    renderer = pages.Renderer(catalog)
    for page in pages.render_pages(catalog, renderer) + troubleshoot.render_pages(catalog, renderer):
        if page.path in wanted:
            raise UserError(f"docs/{page.path} là trang viết tay nhưng trùng đường dẫn với một trang "
                            "được sinh ra; đổi tên trang viết tay")
        wanted[page.path] = page.text.encode("utf-8")
    wanted[INDEX_PATH] = index_script(index_entries(catalog, settings.docs)).encode("utf-8")

    docs_dir.mkdir(parents=True, exist_ok=True)
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        relative = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    for relative, content in wanted.items():
        target = docs_dir / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
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
        config["nav"] = full_nav(catalog, config["nav"])
        mkdocs_build(config)
    except (Abort, ConfigurationError) as exc:
        details = "\n".join(collector.messages) or str(exc)
        raise SiteBuildFailed(f"MkDocs không dựng được trang:\n{details}") from None
    finally:
        mkdocs_log.removeHandler(collector)
        mkdocs_log.setLevel(previous_level)
        mkdocs_log.propagate = True
    (site_dir / SITE_MARKER).write_text("Built by thutuc; replaced on every build.\n", encoding="utf-8")


def full_nav(catalog: Catalog, handwritten_nav: list | None) -> list:
    """Generated sections first, then the hand-written ones from mkdocs.yml."""
    generated = pages.navigation(catalog)
    # Troubleshooting goes right after the procedures, before the search page.
    return generated[:2] + troubleshoot.navigation(catalog) + generated[2:] + list(handwritten_nav or [])


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
