"""The portal the walkthroughs are recorded against: the embedded sandbox (written from the
catalogue and served on a free loopback port while recording) or another portal's address.

A video of the sandbox is keyed on the sandbox's core, plus what its recording showed: the
sandbox notes the screens it drew and the procedure records it used (:class:`Shown`), the
recorder reads that at the end and the ledger keeps it with the video, so that the next build
keys the video on those screens' scripts and that part of the data only (sandbox/README.md).
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..problems import UserError
from ..settings import Settings
from .config import VideoConfig

if TYPE_CHECKING:
    from ..sandbox import PortalPrint

SANDBOX_LABEL = "Cổng dịch vụ công – bản thực hành"
#: Run in the page at the end of a recording: what the sandbox noted it showed (js/01-danh-muc.js),
#: once a screen that the last step's hash change asks for has been drawn too.
SHOWN_SCRIPT = ("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))).then(() => "
                "window.CONG_THUC_HANH && window.CONG_THUC_HANH.shown ? window.CONG_THUC_HANH.shown() : null)")


class SandboxMissing(UserError):
    """The practice portal (generators/sandbox.py) is not available."""


@dataclass(frozen=True)
class Shown:
    """What a recording showed of the sandbox, as the sandbox noted it: screens (by name, as in
    its router's table), procedure records (by slug), or every record (a list of procedures)."""

    screens: tuple[str, ...]
    procedures: tuple[str, ...]
    every_procedure: bool

    @classmethod
    def parse(cls, raw: object) -> Shown | None:
        """From the sandbox's note (``C.shown()``) or the ledger; None when it is not one."""
        if not isinstance(raw, dict):
            return None
        screens, procedures, every = raw.get("man_hinh"), raw.get("thu_tuc"), raw.get("ca_danh_muc")
        if not (isinstance(screens, list) and all(isinstance(s, str) for s in screens)
                and isinstance(procedures, list) and all(isinstance(s, str) for s in procedures)
                and isinstance(every, bool)):
            return None
        return cls(tuple(sorted(set(screens))), tuple(sorted(set(procedures))), every)

    def to_json(self) -> dict:
        """As the sandbox writes it, for the ledger."""
        return {"man_hinh": list(self.screens), "thu_tuc": list(self.procedures), "ca_danh_muc": self.every_procedure}


@dataclass(frozen=True)
class Portal:
    """Where to record: ``folder`` to serve (the sandbox) or ``url``. ``fingerprint`` is part of
    every video's key (the sandbox's core, or the address); :meth:`seen` is what one video showed."""

    fingerprint: str
    label: str
    folder: Path | None = None
    url: str = ""
    #: The sandbox in parts (generators/sandbox.py); None for another portal.
    parts: PortalPrint | None = None

    def seen(self, shown: Shown | None) -> str:
        """Digest of the screens and data a recording showed; every screen and all the data when
        that is not known (a first recording). Another portal is known by its address only."""
        if self.parts is None:
            return ""
        if shown is None:
            return self.parts.seen(None, None)
        return self.parts.seen(shown.screens, None if shown.every_procedure else shown.procedures)

    @classmethod
    def prepare(cls, catalog, settings: Settings, config: VideoConfig) -> Portal:
        """Write the sandbox (when it is the portal) and digest its parts; nothing is served yet."""
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
        parts = sandbox.portal_print(folder)
        return cls(fingerprint=f"sandbox:{parts.core}", label=SANDBOX_LABEL, folder=folder, parts=parts)

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
