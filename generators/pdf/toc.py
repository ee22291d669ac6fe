"""Right page numbers in the contents: a measured layout, checked against the real PDF.

Chromium cannot tell a script on which sheet an element will be printed, but it can lay a
document out on screen in columns: with columns exactly the size of a printed page's
content box, and page breaks turned into column breaks (``@media screen`` in print.css),
column *n* is page *n*, and the page of every heading is read from its position. So:

1. once per run, a probe is printed to learn the content box as Chromium rounds it
   (:func:`page_box`): the columns must match it to the pixel;
2. each handbook is loaded with that column size, the page of every contents entry is
   read, the numbers are written into their slots, the screen layout is dropped (so that
   leaving print mode does not lay thousands of columns out again), and the PDF is printed;
3. the PDF is read back: every contents entry links to its heading, and Chromium writes
   each link target as a named destination with its page. Were a number ever wrong, it
   is corrected and the PDF printed again (a second pass, only then).

The slots have a fixed width, so filling them cannot move a line or a page break.
"""

from __future__ import annotations

import asyncio
import html
import io
import re
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from ..problems import UserError
from . import assets, render

MAX_PRINTS = 3

#: Headings that go into the contents are marked ``data-toc`` by the templates.
_HEADING = re.compile(r'<h([1-6]) id="([^"]+)" data-toc>(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")

#: Reads the page of each anchor in the column layout (column n, from 0, is page n + 1),
#: writes the numbers into the slots ``<span data-toc-page="anchor">``, and drops the screen
#: layout. Given numbers (a correction after printing), it only writes them.
_MEASURE_AND_FILL = """([anchors, numbers]) => {
  if (!numbers) {
    const box = document.body.getBoundingClientRect();
    const page = id => Math.floor((document.getElementById(id).getBoundingClientRect().left - box.left)
                                  / box.width + 0.01) + 1;
    numbers = Object.fromEntries(anchors.map(id => [id, page(id)]));
  }
  for (const slot of document.querySelectorAll('[data-toc-page]'))
    slot.textContent = numbers[slot.dataset.tocPage] ?? '';
  document.documentElement.classList.add('measured');
  return numbers;
}"""

#: Probe rows, 1 px each: how many fit on the first page is the content height.
_PROBE_ROWS = 1600


@dataclass(frozen=True)
class Entry:
    """A line of the contents: its depth (1 = top), the heading's id and text."""

    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class PageBox:
    """The content box of a printed page in CSS pixels."""

    width: float
    height: float

    def style(self) -> str:
        return f"<style>:root {{ --page-width: {self.width}px; --page-height: {self.height}px; }}</style>"


class ContentsUnsettled(UserError):
    """The page numbers of the contents did not settle (a layout that depends on them)."""


def collect(body_html: str) -> list[Entry]:
    """The contents of a rendered body: its ``data-toc`` headings, in order."""
    found = [(int(level), anchor, html.unescape(_TAG.sub("", text)).strip())
             for level, anchor, text in _HEADING.findall(body_html)]
    top = min((level for level, _, _ in found), default=1)
    return [Entry(level - top + 1, anchor, title) for level, anchor, title in found]


def destinations(reader: PdfReader) -> dict[str, int]:
    """Named destinations of a PDF -> 1-based page numbers."""
    number = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}
    names = reader.trailer["/Root"].get("/Dests")
    found: dict[str, int] = {}
    if names is None:
        return found
    for name, target in names.get_object().items():
        target = target.get_object()
        if isinstance(target, DictionaryObject):  # {/D [page /XYZ ...]}
            target = target["/D"]
        if isinstance(target, ArrayObject) and target:
            found[str(name).lstrip("/")] = number.get(target[0].idnum, 0)
    return found


async def page_box(page) -> PageBox:
    """Print a probe with the handbooks' ``@page`` rules: its first row is pushed to the right
    edge (width), and the 1 px rows that fit on the first page give the height."""
    links = "".join(f'<a href="#r{i}"></a>' for i in range(_PROBE_ROWS))
    rows = "".join(f'<div id="r{i}" style="height:1px;width:1px"></div>' for i in range(1, _PROBE_ROWS))
    await render.load(page, f'<!DOCTYPE html><html><head><style>{assets.print_css()}</style></head><body>'
                            f'<div style="position:absolute">{links}</div>'
                            f'<div id="r0" style="height:1px;width:1px;margin-left:auto"></div>{rows}</body></html>')
    reader = PdfReader(io.BytesIO(await render.print_pdf(page, final=False)))
    on_first_page = sum(1 for page_number in destinations(reader).values() if page_number == 1)
    right = next(d for name, d in reader.named_destinations.items() if name.lstrip("/") == "r0")
    return PageBox(width=float(right.left) * 96 / 72 + 1, height=float(on_first_page))


async def print_numbered(page, html_text: str, anchors: list[str], box: PageBox) -> tuple[bytes, PdfReader]:
    """Print ``html_text`` with contents that show the pages their headings are on.

    Returns the final PDF and its parsed form (for the finishing step: parsed once).
    """
    await render.load(page, html_text.replace("</head>", box.style() + "</head>", 1))
    shown = await page.evaluate(_MEASURE_AND_FILL, [anchors, None])
    for _ in range(MAX_PRINTS):
        pdf = await render.print_pdf(page)
        reader = await asyncio.to_thread(PdfReader, io.BytesIO(pdf))
        found = await asyncio.to_thread(destinations, reader)
        actual = {a: found.get(a, 0) for a in anchors}
        if actual == shown:
            return pdf, reader
        missing = [a for a, n in actual.items() if n == 0]
        if missing:
            raise ContentsUnsettled(f"mục lục trỏ tới tiêu đề không có trong tài liệu: {', '.join(missing[:5])}")
        shown = await page.evaluate(_MEASURE_AND_FILL, [anchors, actual])
    raise ContentsUnsettled(f"số trang của mục lục không ổn định sau {MAX_PRINTS} lần in")
