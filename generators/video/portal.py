"""The portal the walkthroughs are recorded against: the embedded sandbox (written from the
catalogue and served on a free loopback port while recording) or another portal's address."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..problems import UserError
from ..settings import Settings
from .config import VideoConfig

SANDBOX_LABEL = "Cổng dịch vụ công – bản thực hành"


class SandboxMissing(UserError):
    """The practice portal (generators/sandbox.py) is not available."""


@dataclass(frozen=True)
class Portal:
    """Where to record: ``folder`` to serve (the sandbox) or ``url``; ``fingerprint`` keys the cache."""

    fingerprint: str
    label: str
    folder: Path | None = None
    url: str = ""

    @classmethod
    def prepare(cls, catalog, settings: Settings, config: VideoConfig) -> Portal:
        """Write the sandbox (when it is the portal) and fingerprint it; nothing is served yet."""
        if config.portal:
            url = config.portal if config.portal.endswith("/") else config.portal + "/"
            return cls(fingerprint=f"url:{url}", label=urlsplit(url).hostname or url, url=url)
        try:
            from .. import sandbox
        except ImportError as exc:
            raise SandboxMissing("chưa có bản thực hành của cổng (generators/sandbox.py); "
                                 "dùng --portal URL để quay trên cổng khác") from exc
        folder = settings.work / "sandbox"
        sandbox.write_sandbox(catalog, folder, settings.root)
        return cls(fingerprint=f"sandbox:{sandbox.portal_fingerprint(folder)}", label=SANDBOX_LABEL,
                   folder=folder)

    @contextmanager
    def serving(self) -> Iterator[str]:
        """The portal's root address for the duration of the block (the sandbox is served on
        loopback by a threaded server that is always shut down)."""
        if self.folder is None:
            yield self.url
            return
        server, url = serve_folder(self.folder)
        try:
            yield url
        finally:
            server.shutdown()
            server.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve_folder(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve ``folder`` on a free loopback port; the caller shuts the server down. The socket is
    listening when this returns, so no waiting is needed."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="thutuc-portal", daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"
