"""The site stage: staging docs (hand-written + generated), then MkDocs with a generated nav."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

from . import pages, training, troubleshoot
from .load import Catalog
from .media import MediaIndex
from .problems import UserError
from .search import INDEX_PATH, index_entries, index_script, lexicon_entries
from .settings import Settings

log = logging.getLogger("thutuc")


class SiteBuildFailed(UserError):
    """MkDocs reported problems (broken links, bad configuration)."""


def generated_pages(catalog: Catalog, media: MediaIndex) -> tuple[list[pages.Page], list[pages.Page]]:
    """(procedure and training pages, troubleshooting pages), sharing one renderer."""
    renderer = pages.Renderer(catalog, media=media)
    return (pages.render_pages(catalog, renderer) + training.render_pages(catalog, renderer),
            troubleshoot.render_pages(catalog, renderer))


def prepare_docs(settings: Settings, catalog: Catalog, docs_dir: Path, generated: list[pages.Page]) -> int:
    """Hand-written docs plus generated pages and search index in ``docs_dir``.

    Only files whose content changed are written and files no longer produced are
    removed, so MkDocs (and ``thutuc serve``) see exactly what changed. Returns the
    number of files written.
    """
    wanted: dict[str, bytes] = {}
    for path in sorted(settings.docs.rglob("*")):
        if path.is_file():
            wanted[path.relative_to(settings.docs).as_posix()] = path.read_bytes()
    for page in generated:
        if page.path in wanted:
            raise UserError(f"docs/{page.path} là trang viết tay nhưng trùng đường dẫn với một trang "
                            "được sinh ra; đổi tên trang viết tay")
        wanted[page.path] = page.text.encode("utf-8")
    wanted[INDEX_PATH] = index_script(index_entries(catalog, settings.docs), lexicon_entries(catalog)).encode("utf-8")

    docs_dir.mkdir(parents=True, exist_ok=True)
    for existing in sorted(docs_dir.rglob("*"), reverse=True):
        relative = existing.relative_to(docs_dir).as_posix()
        if existing.is_file() and relative not in wanted:
            existing.unlink()
        elif existing.is_dir() and not any(existing.iterdir()):
            existing.rmdir()
    written = 0
    for relative, content in wanted.items():
        target = docs_dir / relative
        if target.is_file() and target.read_bytes() == content:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
        written += 1
    return written


def full_nav(catalog: Catalog, handwritten_nav: list | None) -> list:
    """Generated sections first (procedures, troubleshooting, trainers, news, downloads, search),
    then the hand-written ones from mkdocs.yml."""
    generated = pages.navigation(catalog)
    return (generated[:2] + troubleshoot.navigation(catalog) + training.navigation(catalog) + generated[2:]
            + list(handwritten_nav or []))


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
    previous_level = mkdocs_log.level
    if not log.isEnabledFor(logging.DEBUG):
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


class _WarningCollector(logging.Handler):
    def __init__(self):
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(f"  {record.levelname}: {record.getMessage()}")
