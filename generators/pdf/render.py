"""One headless Chromium for every PDF of a run, at most two pages printing at once.

The machines have two cores: two pages keep both busy (one lays out while the other's
PDF is parsed and finished in Python) without making them fight.
"""

from __future__ import annotations

import asyncio
import html
import re
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from ..browser import launch

#: Pages printing at once (two cores).
WIDTH = 2
#: A whole handbook of a thousand procedures is one page load: give it time.
TIMEOUT_MS = 15 * 60 * 1000

#: Every face is loaded before printing: the unicode-range subsets load lazily otherwise.
_FONTS_READY = "Promise.all([...document.fonts].map(f => f.load())).then(() => document.fonts.ready)"

#: The parts of a print document that change from one handbook to the next (document.html.j2).
_TITLE = re.compile(r"<title>(.*?)</title>", re.S)
_RUNNING = re.compile(r'<style id="running">(.*?)</style>', re.S)
_BODY = re.compile(r"<body([^>]*)>(.*)</body>", re.S)
_CLASS = re.compile(r'class="([^"]*)"')
_SWAP = """([title, running, bodyClass, body]) => {
  document.title = title;
  document.getElementById('running').textContent = running;
  document.documentElement.className = '';
  document.body.className = bodyClass;
  document.body.innerHTML = body;
  return Promise.all([...document.images].map(image => image.decode().catch(() => null)))
    .then(() => document.fonts.ready);
}"""
#: The head (fonts, print CSS) each page holds, without its title and running header.
_loaded_heads: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


class Pool:
    """Pages of one browser; a page that failed is replaced, so one bad PDF spoils nothing else."""

    def __init__(self, browser, width: int):
        self.browser = browser
        self.width = width
        self.free: asyncio.Queue = asyncio.Queue()

    async def _new_page(self):
        # A tiny window: nothing is ever looked at on screen, so almost nothing is painted there.
        page = await self.browser.new_page(viewport={"width": 64, "height": 64})
        page.set_default_timeout(TIMEOUT_MS)
        return page

    async def fill(self) -> None:
        for _ in range(self.width):
            self.free.put_nowait(await self._new_page())

    @asynccontextmanager
    async def page(self) -> AsyncIterator:
        page = await self.free.get()
        try:
            yield page
        except BaseException:
            await page.close()
            page = await self._new_page()
            raise
        finally:
            self.free.put_nowait(page)


@asynccontextmanager
async def browser_pool(width: int = WIDTH) -> AsyncIterator[Pool]:
    """One browser and ``width`` pages; everything is closed on the way out, whatever happened."""
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await launch(playwright)
        try:
            pool = Pool(browser, width)
            await pool.fill()
            yield pool
        finally:
            await browser.close()


async def load(page, document: str) -> None:
    """Put the print HTML in the page and wait for its fonts and images.

    Handbooks share their head (60 kB of inlined fonts and the print CSS): when the page
    already holds it, only the title, the running header and the body are swapped in, which
    spares a new document, the fonts' decoding and the CSS parsing for every PDF.
    """
    head = document[: document.find("<body")]
    key = _RUNNING.sub("", _TITLE.sub("", head))
    if _loaded_heads.get(page) == key:
        title, running, body = _TITLE.search(head), _RUNNING.search(head), _BODY.search(document)
        body_class = _CLASS.search(body.group(1))
        await page.evaluate(_SWAP, [html.unescape(title.group(1)) if title else "", running.group(1) if running else "",
                                    body_class.group(1) if body_class else "", body.group(2)])
        return
    _loaded_heads.pop(page, None)
    await page.set_content(document, wait_until="load")
    await page.evaluate(_FONTS_READY)
    if _RUNNING.search(head) and _BODY.search(document):
        _loaded_heads[page] = key


async def print_pdf(page, final: bool = True) -> bytes:
    """A4 from the CSS ``@page`` rules, with bookmarks (from the headings) and tags when final.

    A probe that only measures the page skips both: they change no layout.
    """
    return await page.pdf(prefer_css_page_size=True, print_background=True, outline=final, tagged=final)
