"""PDF handbooks: print HTML (Jinja) -> Chromium -> pypdf, cached by content hash.

    plan (handbooks.py) -> stale? (cache manifest) -> print HTML (handbooks.py, templates/print/)
      -> measure the contents' page numbers, print, check (toc.py; one Chromium, two pages: render.py)
      -> finish the metadata (finish.py) -> write atomically -> remove PDFs no longer produced

Output under ``settings.media / "pdf"``: ``thu-tuc/<slug>.pdf`` (quick guides),
``linh-vuc/<domain>.pdf``, ``so-tay-thu-tuc.pdf`` (full), ``so-tay-xu-ly-loi.pdf``.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import logging
import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..cache import Manifest
from ..load import Catalog
from ..problems import UserError
from ..settings import Settings
from . import finish, render, toc
from .handbooks import PDF_DIR, Spec, plan, render_html

__all__ = ["Handbook", "PdfFailed", "build_pdfs"]

log = logging.getLogger("thutuc")

MANIFEST = "pdf.json"


@dataclass(frozen=True)
class Handbook:
    """One PDF, fresh or reused: what the Downloads page and the buttons need to know."""

    kind: str  # quick | domain | full | errors
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


def build_pdfs(catalog: Catalog, settings: Settings) -> list[Handbook]:
    """Print every stale handbook; return every handbook (fresh or reused) in a stable order."""
    manifest = Manifest(settings.work / "cache" / MANIFEST)
    specs = plan(catalog, settings)
    done: dict[str, Handbook] = {}
    stale: list[Spec] = []
    for spec in specs:
        meta = _meta(manifest, spec)
        if meta and manifest.is_fresh(settings.media / spec.path, spec.path, spec.cache_key):
            done[spec.path] = _handbook(spec, meta, rendered=False)
        else:
            stale.append(spec)

    failures: list[str] = []
    try:
        if stale:
            failures = _run(_print_all(stale, catalog, settings, manifest, done))
    finally:
        # What was printed stays recorded, even when the run is interrupted.
        keep = {s.path for s in specs} | {_meta_key(s.path) for s in specs}
        manifest.forget_except(keep)
        manifest.save()
    if failures:
        raise PdfFailed(f"Không in được {len(failures)} tệp PDF (bản cũ được giữ nguyên):\n" + "\n".join(failures))
    _remove_obsolete(settings.media, {s.path for s in specs})
    return [done[s.path] for s in specs]


# --------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------


async def _print_all(stale: list[Spec], catalog: Catalog, settings: Settings, manifest: Manifest,
                     done: dict[str, Handbook]) -> list[str]:
    """Print the stale handbooks, biggest first (so the two pages finish together).

    Each handbook is a pipeline: its HTML is made before a page is free (at most two ahead,
    to bound memory), and it is finished and written after the page is handed back, so
    the pages wait for Python as little as possible.
    """
    order = sorted(stale, key=lambda s: -(len(s.errors) if s.kind == "errors" else len(s.procedures)))
    failures: list[str] = []
    with _progress(len(order)) as advance:
        async with render.browser_pool() as pool:
            async with pool.page() as page:
                box = await toc.page_box(page)
            ahead = asyncio.Semaphore(2 * render.WIDTH)

            async def one(spec: Spec) -> None:
                try:
                    async with ahead:
                        edition = _edition(spec, _meta(manifest, spec))
                        html, entries = await asyncio.to_thread(render_html, spec, catalog, settings, edition)
                        async with pool.page() as page:
                            start = time.perf_counter()
                            pdf, reader = await toc.print_numbered(page, html, [e.anchor for e in entries], box)
                        del html
                        handbook = await asyncio.to_thread(_save, spec, pdf, reader, edition, settings, manifest)
                except UserError as exc:
                    failures.append(f"{spec.path}: {exc}")
                except Exception as exc:  # a crashed page spoils one PDF, not the run
                    failures.append(f"{spec.path}: {type(exc).__name__}: {exc}")
                else:
                    done[spec.path] = handbook
                    advance(spec.path, handbook.pages, time.perf_counter() - start)

            await asyncio.gather(*(one(spec) for spec in order))
    return sorted(failures)


def _save(spec: Spec, pdf: bytes, reader, edition: str, settings: Settings, manifest: Manifest) -> Handbook:
    """Finish the printed PDF, write it atomically, and record it in the cache manifest."""
    data = finish.finish(pdf, reader, spec, edition)
    _write(settings.media / spec.path, data)
    meta = {"pages": len(reader.pages), "size": len(data), "edition": edition, "data": spec.data}
    manifest.record(spec.path, spec.cache_key)
    manifest.record(_meta_key(spec.path), json.dumps(meta, sort_keys=True))
    return _handbook(spec, meta, rendered=True)


def _run(coroutine):
    """Run the printing loop, also from code that already runs one (e.g. Playwright's sync API)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, coroutine).result()


# --------------------------------------------------------------------------------------
# Cache records, edition, clean-up, progress
# --------------------------------------------------------------------------------------


def _meta_key(path: str) -> str:
    return f"{path}#meta"


def _meta(manifest: Manifest, spec: Spec) -> dict | None:
    """What the manifest remembers of the last print of a PDF (pages, size, edition)."""
    try:
        meta = json.loads(manifest.entries.get(_meta_key(spec.path), ""))
        return meta if {"pages", "size", "edition", "data"} <= set(meta) else None
    except (ValueError, TypeError):
        return None


def _edition(spec: Spec, last: dict | None) -> str:
    """The newest change date of its procedures; else the date this content was first printed.

    Printing again the same data (new templates, a deleted file) keeps the recorded date,
    so the edition only moves when the content does.
    """
    if spec.dated:
        return spec.dated
    if last and last["data"] == spec.data:
        return last["edition"]
    return datetime.date.today().isoformat()


def _handbook(spec: Spec, meta: dict, rendered: bool) -> Handbook:
    return Handbook(kind=spec.kind, key=spec.key, title=spec.title, path=spec.path, pages=int(meta["pages"]),
                    size=int(meta["size"]), edition=str(meta["edition"]), sample=spec.sample, rendered=rendered,
                    procedures=spec.slugs)


def _write(path: Path, data: bytes) -> None:
    """Write a PDF so that readers see the old file or the new one, never half of one.

    Like cache.write_atomic, but the file gets the usual permissions (umask), not the
    private ones of a temp file: PDFs are published.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        temp.write_bytes(data)
        os.replace(temp, path)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _remove_obsolete(media: Path, keep: set[str]) -> None:
    """PDFs no longer produced (a deleted procedure or domain), and temp files of killed runs."""
    folder = media / PDF_DIR
    if not folder.is_dir():
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(media).as_posix()
        stray_pdf = path.suffix == ".pdf" and relative not in keep
        if path.is_file() and (stray_pdf or (path.name.startswith(".") and path.name.endswith(".tmp"))):
            log.info("Xóa %s: không còn trong danh mục", relative)
            path.unlink()


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

