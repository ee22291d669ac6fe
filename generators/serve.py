"""`thutuc serve`: live preview that regenerates pages when a YAML or a hand-written page changes."""

from __future__ import annotations

import logging
import threading

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from .load import load_catalog
from .media import media_ledger, read_media
from .problems import InvalidSources
from .settings import Settings
from .site import docs_ledger, full_nav, prepare_docs

log = logging.getLogger("thutuc")


def _sync(settings: Settings, catalog, docs_dir) -> int:
    """Regenerate every page in memory, write only those whose text changed."""
    return prepare_docs(settings, catalog, docs_ledger(docs_dir), read_media(media_ledger(settings)))


class _Regenerate(FileSystemEventHandler):
    """Regenerate the staging docs shortly after the last change (editors save in bursts)."""

    def __init__(self, settings: Settings, docs_dir, nav: list, handwritten_nav: list):
        self.settings, self.docs_dir, self.nav, self.handwritten_nav = settings, docs_dir, nav, handwritten_nav
        self.timer: threading.Timer | None = None
        self.lock = threading.Lock()

    def on_any_event(self, event: FileSystemEvent) -> None:
        # Reading the sources ourselves raises "opened"/"closed" events: ignore those.
        if event.is_directory or event.event_type not in {"created", "modified", "deleted", "moved"}:
            return
        with self.lock:
            if self.timer:
                self.timer.cancel()
            self.timer = threading.Timer(0.3, self.regenerate)
            self.timer.start()

    def regenerate(self) -> None:
        try:
            catalog = load_catalog(self.settings.procedures, self.settings.root)
        except InvalidSources as exc:
            for problem in exc.problems:
                log.error("%s", problem)
            log.error("Chưa sinh lại trang: sửa các lỗi trên rồi lưu tệp.")
            return
        # MkDocs reloads its config on every rebuild with the same `nav` list object,
        # so updating it in place is how a new or renamed procedure reaches the menu.
        self.nav[:] = full_nav(catalog, self.handwritten_nav)
        written = _sync(self.settings, catalog, self.docs_dir)
        log.info("Đã sinh lại %d trang từ %d thủ tục.", written, len(catalog.procedures))


def serve(settings: Settings, addr: str) -> None:
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.config import load_config

    docs_dir = settings.work / "serve" / "docs"
    catalog = load_catalog(settings.procedures, settings.root)
    _sync(settings, catalog, docs_dir)
    handwritten_nav = list(load_config(str(settings.mkdocs_yml))["nav"] or [])
    nav = full_nav(catalog, handwritten_nav)

    handler = _Regenerate(settings, docs_dir, nav, handwritten_nav)
    observer = Observer()
    observer.schedule(handler, str(settings.procedures), recursive=True)
    observer.schedule(handler, str(settings.docs), recursive=True)
    observer.start()
    logging.getLogger("mkdocs").setLevel(logging.INFO)
    try:
        mkdocs_serve(str(settings.mkdocs_yml), dev_addr=addr, docs_dir=str(docs_dir), nav=nav,
                     strict=False)
    finally:
        observer.stop()
        observer.join()
