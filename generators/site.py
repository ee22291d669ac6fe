"""The site stage: staging docs (hand-written + generated), then MkDocs with a generated nav."""

from __future__ import annotations

import logging
from pathlib import Path

from . import incremental, pages, training, troubleshoot
from .catalog import Catalog
from .engine import load_engine
from .media import MediaIndex
from .memo import PageMemo, RecordMemo
from .outputs import Ledger
from .problems import UserError
from .search import INDEX_PATH, index_entries, index_script, lexicon_entries
from .settings import Settings

log = logging.getLogger("thutuc")


class SiteBuildFailed(UserError):
    """MkDocs reported problems (broken links, bad configuration)."""


#: Names of the writers of the staging docs, as the ledger reports them.
HANDWRITTEN = "trang viết tay"


def docs_ledger(folder: Path) -> Ledger:
    """The staging docs: exactly the declared files, so MkDocs (and ``thutuc serve``) see
    exactly what changed."""
    return Ledger.mirror(folder, label="docs")


def page_renderer(catalog: Catalog, media: MediaIndex, site_url: str = "") -> pages.Renderer:
    return pages.Renderer(catalog, media=media, site_url=site_url)


def procedure_pages(catalog: Catalog, renderer: pages.Renderer, memo: PageMemo | None = None) -> dict[str, bytes]:
    """Home, domains, procedures, news, downloads, search and training pages."""
    return _files(pages.render_pages(catalog, renderer, memo) + training.render_pages(catalog, renderer))


def page_memo(settings: Settings, docs: Ledger, shared: str) -> PageMemo:
    """The procedure pages of the last build in the staging docs, by what they were made from."""
    return PageMemo(settings.work / "cache" / "pages.json", docs.folder, shared)


def record_memo(settings: Settings, name: str, shared: str) -> RecordMemo:
    """What the last build made from each procedure for ``name`` (search, portal)."""
    return RecordMemo(settings.work / "cache" / f"{name}.json", shared)


def troubleshooting_pages(catalog: Catalog, renderer: pages.Renderer) -> dict[str, bytes]:
    return _files(troubleshoot.render_pages(catalog, renderer))


def handwritten_docs(settings: Settings, catalog: Catalog, memo: RecordMemo | None = None) -> dict[str, bytes]:
    """The project's hand-written docs and the search index (which covers them too)."""
    files = {path.relative_to(settings.docs).as_posix(): path.read_bytes()
             for path in sorted(settings.docs.rglob("*")) if path.is_file()}
    entries = index_entries(catalog, settings.docs, memo)
    files[INDEX_PATH] = index_script(entries, lexicon_entries(catalog)).encode("utf-8")
    return files


def _files(generated: list[pages.Page]) -> dict[str, bytes]:
    return {page.path: page.text.encode("utf-8") for page in generated}


def prepare_docs(settings: Settings, catalog: Catalog, docs: Ledger, media: MediaIndex) -> int:
    """Every page into the staging docs, undeclared files removed (``thutuc serve``'s way;
    ``thutuc build`` runs the same writers as separate stages). Returns the files written."""
    renderer = page_renderer(catalog, media, settings.site_url)
    docs.put(HANDWRITTEN, handwritten_docs(settings, catalog))
    docs.put("pages", procedure_pages(catalog, renderer))
    docs.put("troubleshooting", troubleshooting_pages(catalog, renderer))
    docs.remove_undeclared()
    return sum(len(c.written) for c in docs.counts.values())


def full_nav(catalog: Catalog, handwritten_nav: list | None) -> list:
    """Generated sections first (procedures, troubleshooting, trainers, news, downloads, search),
    then the hand-written ones from mkdocs.yml."""
    generated = pages.navigation(catalog)
    return (generated[:2] + troubleshoot.navigation(catalog) + training.navigation(catalog) + generated[2:]
            + list(handwritten_nav or []))


def run_mkdocs(settings: Settings, catalog: Catalog, docs_dir: Path, site_dir: Path) -> incremental.Outcome:
    """Run the site engine (MkDocs) on the staging docs with the project's mkdocs.yml and a
    generated nav, rendering only the pages whose inputs changed since the last build
    (generators/incremental.py)."""
    engine = load_engine(settings)

    collector = _WarningCollector()
    mkdocs_log = engine.logger
    mkdocs_log.addHandler(collector)
    previous_level = mkdocs_log.level
    if not log.isEnabledFor(logging.DEBUG):
        mkdocs_log.setLevel(logging.WARNING)
        mkdocs_log.propagate = False
    try:
        config = engine.load_config(str(settings.mkdocs_yml), docs_dir=str(docs_dir), site_dir=str(site_dir))
        config["nav"] = full_nav(catalog, config["nav"])
        return incremental.build(config, site_dir, settings.work / "site-cache", engine.module)
    except engine.errors as exc:
        details = "\n".join(collector.messages) or str(exc)
        raise SiteBuildFailed(f"{engine.label} không dựng được trang:\n{details}") from None
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
