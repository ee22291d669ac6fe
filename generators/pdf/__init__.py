"""PDF handbooks: print HTML (Jinja) -> Chromium -> pypdf, cached by content hash.

    plan (handbooks.py) -> stale? (output ledger) -> print HTML (handbooks.py, templates/print/)
      -> measure the contents' page numbers, print, check (toc.py; one Chromium, two pages: render.py)
      -> finish the metadata (finish.py) -> write through the output ledger (atomic, fingerprinted)
      -> remove PDFs no longer produced

A PDF is printed again when its print HTML changed (the key: every label, link, font and
rule that reaches the page is in it) or when its file in media/ is damaged.

Output under ``settings.media / "pdf"``: ``thu-tuc/<slug>.pdf`` (quick guides),
``linh-vuc/<domain>.pdf``, ``so-tay-thu-tuc.pdf`` (full), ``so-tay-xu-ly-loi.pdf``.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import time
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from ..browser import run_async
from ..cache import digest, tree_digest
from ..catalog import Catalog
from ..media import media_ledger
from ..outputs import Ledger
from ..problems import UserError
from ..settings import Settings
from . import assets, finish, render, toc
from .handbooks import PDF_DIR, Spec, plan, render_html

__all__ = ["Handbook", "PdfFailed", "build_pdfs"]

log = logging.getLogger("thutuc")

PLACEHOLDER_WARNING = (
    "CẢNH BÁO: site_url trong mkdocs.yml vẫn là địa chỉ mẫu (%s): mã QR và liên kết trong sổ tay PDF "
    "không dẫn tới cổng thật, và mỗi mã QR được ghi “địa chỉ mẫu”. Sửa site_url thành địa chỉ công khai "
    "của cổng trước khi phát hành sổ tay.")


@dataclass(frozen=True)
class Handbook:
    """One PDF, fresh or reused: what the Downloads page and the buttons need to know."""

    kind: str  # quick | domain | full | errors | module
    key: str  # slug | domain id | "all" | "errors"
    title: str
    path: str  # relative to settings.media, e.g. "pdf/thu-tuc/dang-ky-khai-sinh.pdf"
    pages: int
    size: int  # bytes
    edition: str  # ISO date
    sample: bool  # some content is not verified against the official text
    rendered: bool  # rendered in this run (False: reused from the cache)
    procedures: tuple[str, ...]  # slugs


class PdfFailed(UserError):
    """Some PDFs could not be printed; their previous versions were kept."""


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------

#: The ledger's name for this stage's outputs.
WRITER = "pdf"


def build_pdfs(catalog: Catalog, settings: Settings, ledger: Ledger | None = None) -> list[Handbook]:
    """Print every handbook whose print HTML changed or whose file is damaged; return every
    handbook (fresh or reused) in a stable order."""
    own = ledger is None
    ledger = ledger if ledger is not None else media_ledger(settings)
    if settings.site_url_is_placeholder:
        log.warning(PLACEHOLDER_WARNING, settings.site_url)
    specs = plan(catalog, settings)
    done: dict[str, Handbook] = {}
    stale: list[tuple[Spec, str, str, str]] = []
    shared = _shared_inputs(settings)
    for spec in specs:
        meta = _meta(ledger, spec)
        edition = _edition(spec, meta)
        inputs = digest(spec.data, edition, shared)
        if meta is not None and meta.get("inputs") == inputs:
            # Nothing that reaches the print HTML changed: no need to render it to compare.
            key = ledger.entries[spec.path].key
        else:
            key = print_key(spec, catalog, settings, edition)
        if ledger.declare(WRITER, spec.path, key) and meta is not None:
            ledger.reuse(WRITER, spec.path)
            ledger.remember(spec.path, {**meta, "inputs": inputs})
            done[spec.path] = _handbook(spec, meta, rendered=False)
        else:
            stale.append((spec, edition, key, inputs))

    failures: list[str] = []
    try:
        if stale:
            failures = run_async(_print_all(stale, catalog, settings, ledger, done))
    finally:
        # What was printed stays recorded, even when the run is interrupted.
        if own:
            ledger.save()
    if failures:
        raise PdfFailed(f"Không in được {len(failures)} tệp PDF (bản cũ được giữ nguyên):\n" + "\n".join(failures))
    ledger.remove_undeclared(WRITER, under=PDF_DIR)
    if own:
        ledger.save()
    return [done[s.path] for s in specs]


def print_key(spec: Spec, catalog: Catalog, settings: Settings, edition: str) -> str:
    """What shapes a PDF: its print HTML (fonts and CSS in it) and the code that prints and
    finishes it. Nothing is listed by hand, so no label, link or font can be forgotten."""
    html, _ = render_html(spec, catalog, settings, edition, for_key=True)
    return digest(html, _code_digest())


@lru_cache(maxsize=1)
def _code_digest() -> str:
    return tree_digest(Path(__file__).parent, "*.py")


def _shared_inputs(settings: Settings) -> str:
    """Everything but the records that can change a print HTML: the whole package's code and
    templates (labels, URL layout, grouping), the fonts and the site address.

    With a spec's data, it decides whether the HTML must be rendered again to be compared;
    the HTML itself decides whether the PDF is printed again.
    """
    package = Path(__file__).resolve().parents[1]
    return digest(_package_digest(package), assets.fonts_css(settings.docs), settings.site_url)


@lru_cache(maxsize=2)
def _package_digest(package: Path) -> str:
    return digest(tree_digest(package, "*.py"), tree_digest(package / "templates"))


# --------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------


async def _print_all(stale: list[tuple[Spec, str, str, str]], catalog: Catalog, settings: Settings, ledger: Ledger,
                     done: dict[str, Handbook]) -> list[str]:
    """Print the stale handbooks, biggest first (so the two pages finish together).

    Each handbook is a pipeline: its HTML is made before a page is free (at most two ahead,
    to bound memory), and it is finished and written after the page is handed back, so
    the pages wait for Python as little as possible.
    """
    order = sorted(stale, key=lambda item: -(len(item[0].errors) if item[0].kind == "errors"
                                             else len(item[0].procedures)))
    failures: list[str] = []
    with _progress(len(order)) as advance:
        async with render.browser_pool() as pool:
            async with pool.page() as page:
                box = await toc.page_box(page)
            ahead = asyncio.Semaphore(2 * render.WIDTH)

            async def one(spec: Spec, edition: str, key: str, inputs: str) -> None:
                try:
                    async with ahead:
                        html, entries = await asyncio.to_thread(render_html, spec, catalog, settings, edition)
                        async with pool.page() as page:
                            start = time.perf_counter()
                            pdf, reader = await toc.print_numbered(page, html, [e.anchor for e in entries], box)
                        del html
                        handbook = await asyncio.to_thread(_save, spec, pdf, reader, edition, key, inputs, ledger)
                except UserError as exc:
                    failures.append(f"{spec.path}: {exc}")
                except Exception as exc:  # a crashed page spoils one PDF, not the run
                    failures.append(f"{spec.path}: {type(exc).__name__}: {exc}")
                else:
                    done[spec.path] = handbook
                    advance(spec.path, handbook.pages, time.perf_counter() - start)

            await asyncio.gather(*(one(*item) for item in order))
    return sorted(failures)


def _save(spec: Spec, pdf: bytes, reader, edition: str, key: str, inputs: str, ledger: Ledger) -> Handbook:
    """Finish the printed PDF and write it through the ledger, its record in the manifest."""
    data = finish.finish(pdf, reader, spec, edition)
    meta = {"pages": len(reader.pages), "size": len(data), "edition": edition, "data": spec.data}
    handbook = _handbook(spec, meta, rendered=True)
    ledger.write(WRITER, spec.path, data, key, meta={**meta, **record(handbook), "inputs": inputs})
    return handbook


def record(handbook: Handbook) -> dict:
    """What the pages need to know of a handbook (see generators.media.read_media)."""
    return {k: v for k, v in asdict(handbook).items() if k != "rendered"}


# --------------------------------------------------------------------------------------
# Cache records, edition, clean-up, progress
# --------------------------------------------------------------------------------------


def _meta(ledger: Ledger, spec: Spec) -> dict | None:
    """What the ledger remembers of the last print of a PDF (pages, size, edition)."""
    meta = ledger.meta(spec.path)
    if not meta or not {"pages", "size", "edition", "data"} <= set(meta):
        return None
    ok = (isinstance(meta["pages"], int) and isinstance(meta["size"], int) and isinstance(meta["edition"], str)
          and isinstance(meta["data"], str))
    return meta if ok else None


def _edition(spec: Spec, last: dict | None) -> str:
    """The newest change or verification date of what the handbook prints ("" when none is
    written): never the day it was printed, so every machine and rebuild agrees. ``last``
    (what the previous print recorded) no longer decides it."""
    return spec.dated or ""


def _handbook(spec: Spec, meta: dict, rendered: bool) -> Handbook:
    return Handbook(kind=spec.kind, key=spec.key, title=spec.title, path=spec.path, pages=int(meta["pages"]),
                    size=int(meta["size"]), edition=str(meta["edition"]), sample=spec.sample, rendered=rendered,
                    procedures=spec.slugs)


@contextmanager
def _progress(total: int):
    """A progress bar on a terminal; one log line per PDF otherwise (CI, pipes)."""
    if sys.stderr.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        with Progress(TextColumn("In sổ tay PDF"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                      TextColumn("{task.description}"), transient=True) as bar:
            task = bar.add_task("", total=total)

            def advance(path: str, pages: int, seconds: float) -> None:
                bar.update(task, advance=1, description=path)

            yield advance
    else:

        def advance(path: str, pages: int, seconds: float) -> None:
            log.info("PDF %s: %d trang, %.1f s", path, pages, seconds)

        yield advance

