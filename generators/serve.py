"""`thutuc serve`: a live preview that is the built site, kept up to date.

The preview is the output of the site stages (``thutuc build --only site``) into the work
folder, so it shows what a build publishes: the pages, and the practice portal, PDFs and
videos beside them. Each save runs that build again, and the build does only what the edit
needs: the site stages render every page in memory but write only those whose text changed,
and MkDocs renders only the changed pages (generators/incremental.py); then the browsers
reload. The server is MkDocs' own live-reload server (loopback only), pointed at that folder.
"""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from .build import SITE_STAGES, build
from .engine import load_engine
from .load import ParseCache
from .media import MANIFEST as MEDIA_MANIFEST
from .problems import InvalidSources, UserError
from .resources import RESOURCES, resource
from .settings import Settings

log = logging.getLogger("thutuc")


class BadAddress(UserError):
    """--addr is not HOST:PORT, or cannot be listened on."""


def preview_folder(settings: Settings) -> Path:
    return settings.work / "serve" / "site"


def watched(settings: Settings) -> list[Path]:
    """What the site stages read, as folders and files to watch (media: their manifest, which
    changes when a PDF or a video is made)."""
    paths = [settings.procedures, settings.docs, settings.mkdocs_yml, settings.root / "overrides",
             settings.root / "thutuc.toml", settings.media / MEDIA_MANIFEST,
             *(resource(name, settings.root) for name in RESOURCES)]
    return [p for p in dict.fromkeys(paths) if p.exists()]


def rebuild(settings: Settings) -> bool:
    """Build the preview; a mistake in the sources is reported and the last preview kept."""
    start = time.perf_counter()
    try:
        report = build(settings, out=preview_folder(settings), stages=SITE_STAGES)
    except InvalidSources as exc:
        for problem in exc.problems:
            log.error("%s", problem)
        log.error("Chưa cập nhật bản xem trước: sửa các lỗi trên rồi lưu tệp.")
        return False
    except UserError as exc:
        log.error("%s", exc)
        log.error("Chưa cập nhật bản xem trước.")
        return False
    site = report.stages["site"]
    how = site.rebuilt[0]["why"] if site.rebuilt else site.note
    log.info("Đã cập nhật bản xem trước trong %.1f giây (%s).", time.perf_counter() - start, how)
    return True


def parse_addr(addr: str) -> tuple[str, int]:
    host, _, port = addr.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise BadAddress(f"--addr {addr!r}: viết dạng HOST:PORT, ví dụ 127.0.0.1:8000")
    return host.strip("[]"), int(port)


def serve(settings: Settings, addr: str) -> None:
    engine = load_engine(settings).module
    # The live-reload server of the site engine (MkDocs or ProperDocs: the same code).
    LiveReloadServer = importlib.import_module(f"{engine}.livereload").LiveReloadServer

    host, port = parse_addr(addr)
    folder = preview_folder(settings)
    ParseCache.in_memory = {}  # this process rebuilds many times: keep what it validated
    log.info("Đang dựng bản xem trước (lần đầu có thể mất một lúc)…")
    rebuild(settings)
    if not folder.is_dir():
        raise UserError("chưa dựng được bản xem trước: sửa các lỗi trên rồi chạy lại thutuc serve")

    server = LiveReloadServer(builder=lambda: rebuild(settings), host=host, port=port, root=str(folder))
    not_found = folder / "404.html"
    server.error_handler = lambda code: not_found.read_bytes() if code == 404 and not_found.is_file() else None
    for path in watched(settings):
        server.watch(str(path))
    logging.getLogger(engine).setLevel(logging.INFO)
    try:
        server.serve()
    except OSError as exc:  # the address is taken or not this machine's
        raise BadAddress(f"không mở được {host}:{port} ({exc.strerror}); chọn --addr khác, "
                         "ví dụ 127.0.0.1:8001") from None
    except KeyboardInterrupt:
        log.info("Dừng bản xem trước.")
    finally:
        server.shutdown()
