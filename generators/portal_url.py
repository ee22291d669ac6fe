"""Addresses a walkthrough may open: paths inside the portal, read the way a browser reads them.

A check that only looks for ``scheme:`` in the text is easy to get past, because browsers
(the WHATWG URL parser) and ``urljoin`` first drop tab, CR and LF anywhere in an address and
turn ``\\`` into ``/``: ``"fi<TAB>le:///etc/passwd"`` and ``"\\\\evil.example"`` look relative
to a regex but are not. So the address is cleaned exactly as a browser would clean it, and
what is left must be a path below the portal's root: no scheme, no host, no ``..`` segment
(in any spelling the parser accepts). The recorder checks the resolved address again and
blocks every request that leaves the portal's origin, so even a gap here records nothing
from outside.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

#: What the URL parser drops before anything else: leading and trailing C0 controls and
#: spaces, and every tab, LF and CR inside.
_EDGES = "".join(map(chr, range(0x21)))
_INSIDE = str.maketrans("", "", "\t\n\r")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: ``..`` as the parser recognises it: ``..``, ``.%2e``, ``%2e.``, ``%2e%2e``.
_DOT_DOT = re.compile(r"^(\.|%2e){2}$", re.IGNORECASE)


def as_browser_reads(url: str) -> str:
    """``url`` after the parser's first pass: edges trimmed, tab/CR/LF removed, ``\\`` -> ``/``."""
    return url.strip(_EDGES).translate(_INSIDE).replace("\\", "/")


def portal_path(url: str) -> str:
    """The path as the browser will read it, or :class:`ValueError` when it leaves the portal."""
    clean = as_browser_reads(url)
    if not clean:
        raise ValueError("đường dẫn trống")
    if _SCHEME.match(clean) or clean.startswith("//"):
        raise ValueError("phải là đường dẫn trong cổng, tính từ gốc cổng (ví dụ `dich-vu/khai-sinh.html`), "
                         "không phải địa chỉ đầy đủ hay địa chỉ của máy khác")
    path = re.split(r"[?#]", clean, maxsplit=1)[0]
    if any(_DOT_DOT.match(segment) for segment in path.split("/")):
        raise ValueError("không được dùng `..` để ra ngoài thư mục của cổng")
    return clean


def inside(address: str, base: str) -> bool:
    """Whether ``address`` has the origin of ``base`` (scheme, host and port)."""
    a, b = urlsplit(address), urlsplit(base)
    return (a.scheme, a.hostname, a.port) == (b.scheme, b.hostname, b.port) and a.scheme in ("http", "https")


def resolve(base: str, url: str) -> str:
    """The absolute address of a portal path; :class:`ValueError` when it is not inside ``base``."""
    address = urljoin(base, portal_path(url).lstrip("/"))
    if not inside(address, base) or not urlsplit(address).path.startswith(urlsplit(base).path):
        raise ValueError(f"địa chỉ {address} nằm ngoài cổng {base}")
    return address
