"""What the print HTML embeds: the bundled fonts, the print CSS and QR codes.

Everything is inlined (data: URIs), so a page printed from ``about:blank`` needs no
file access and no network, and WeasyPrint can print the very same HTML.
"""

from __future__ import annotations

import base64
import re
from functools import lru_cache
from pathlib import Path

import segno
from markupsafe import Markup

from ..problems import UserError

#: The print templates and CSS (part of every PDF's cache key).
TEMPLATES = Path(__file__).resolve().parents[1] / "templates" / "print"
#: The site's font faces, relative to the docs folder: one source of truth for the subsets.
FONTS_CSS = "assets/stylesheets/fonts.css"


class FontsMissing(UserError):
    """The bundled fonts are not where the site keeps them."""


def fonts_css(docs: Path) -> str:
    """The site's ``@font-face`` rules with every font file inlined as a data: URI."""
    css_path = docs / FONTS_CSS
    if not css_path.is_file():
        raise FontsMissing(f"Không tìm thấy {css_path}: sổ tay PDF dùng phông chữ đi kèm trang web "
                           "(docs/assets/fonts); khôi phục thư mục này từ kho mã nguồn")
    # Inlined once per content of the CSS and font files, not once per PDF.
    fonts = sorted(p for p in (docs / "assets" / "fonts").glob("*.woff2"))
    stamp = tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in [css_path, *fonts])
    return _inline_fonts(css_path, stamp)


@lru_cache(maxsize=4)
def _inline_fonts(css_path: Path, stamp: tuple) -> str:
    css, folder = css_path.read_text(encoding="utf-8"), css_path.parent
    faces = re.findall(r"@font-face\s*\{[^}]*\}", css)
    if not faces:
        raise FontsMissing(f"{folder / Path(FONTS_CSS).name} không khai báo @font-face nào")

    def inline(match: re.Match) -> str:
        font = (folder / match.group(1)).resolve()
        if not font.is_file():
            raise FontsMissing(f"Không tìm thấy phông chữ {font}: khôi phục docs/assets/fonts từ kho mã nguồn")
        data = base64.b64encode(font.read_bytes()).decode("ascii")
        return f'url("data:font/woff2;base64,{data}")'

    # Printing must never wait for a font: blocking display, not "swap".
    return "\n".join(re.sub(r"""url\(["']?([^"')]+)["']?\)""", inline, face).replace("swap", "block")
                     for face in faces)


@lru_cache(maxsize=1)
def print_css() -> str:
    return (TEMPLATES / "print.css").read_text(encoding="utf-8")


@lru_cache(maxsize=4096)
def qr_data_uri(url: str) -> str:
    """A QR code as an SVG data: URI (vector: sharp at any print size)."""
    return segno.make(url, error="m", micro=False).svg_data_uri(border=0, dark="#000")


def css_string(text: str) -> Markup:
    """Text as a quoted CSS string (for ``content:`` in page margins), safe inside <style>.

    Quotes, backslashes, angle brackets and control characters become hex escapes, so
    YAML text can neither end the string nor close the style element.
    """
    out = []
    for ch in str(text):
        if ch.isalnum() or ch in " .,:;!?()-–—/'“”‘’·+%":
            out.append(ch)
        else:
            out.append(f"\\{ord(ch):x} ")
    return Markup('"' + "".join(out) + '"')
