"""Pages per second of the PDF handbooks: Chromium (two passes) against WeasyPrint, same print HTML.

Usage: python bench/pdf_speed.py [--n 100 --n 1000] [--weasyprint-jobs 2] [--no-weasyprint] [--keep DIR]

For each N, a synthetic catalogue clones the sample procedures (new codes, slugs, names)
and every handbook is printed from a cold cache with ``build_pdfs``: quick guides, domain
handbooks, the full handbook and the troubleshooting handbook. The Chromium time is the
whole stage, wall clock: browser start, Jinja, both passes of the contents, pypdf
finishing and atomic writes. Then a rebuild with nothing changed (must print nothing) and
one with one procedure changed (must print its quick guide, its domain and the full
handbook).

WeasyPrint prints the same print HTML (contents numbers already filled in, so it needs
one pass) for every handbook, tagged like Chromium's, with the same two cores:
``--weasyprint-jobs`` processes (default 2). Its time also includes Jinja. Needs
``pip install weasyprint``.

CPU seconds (this process and all its children, from /proc) are reported beside the wall
clock: on a shared machine other work slows the wall clock of both engines unevenly.
Target (issue): Chromium at least 4x WeasyPrint's pages per second.
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import logging
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generators.load import load_catalog  # noqa: E402
from generators.pdf import build_pdfs  # noqa: E402
from generators.pdf.handbooks import plan, render_html  # noqa: E402
from generators.pdf.toc import destinations  # noqa: E402
from generators.settings import Settings  # noqa: E402


class TreeCPU:
    """CPU seconds used by this process and all its descendants (Chromium, its driver, WeasyPrint workers).

    Other work on a shared machine slows the wall clock, not this: the figures stay comparable.
    Descendants are sampled from /proc every 0.1 s (a process is counted as last seen).
    """

    def __init__(self):
        self.seen: dict[tuple[int, str], float] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> TreeCPU:
        self._sample()
        self.start = sum(self.seen.values())
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        self.thread.join()
        self._sample()
        self.seconds = sum(self.seen.values()) - self.start

    def _run(self) -> None:
        while not self.stop.wait(0.1):
            self._sample()

    def _sample(self) -> None:
        parents, stats = {}, {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid = int(stat.parent.name)
            parents[pid] = int(fields[1])
            stats[pid] = (fields[19], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
        tree, todo = set(), [os.getpid()]
        while todo:
            pid = todo.pop()
            tree.add(pid)
            todo += [child for child, parent in parents.items() if parent == pid and child not in tree]
        for pid in tree:
            if pid in stats:
                start, seconds = stats[pid]
                self.seen[(pid, start)] = max(self.seen.get((pid, start), 0.0), seconds)


def synthetic_catalog(n: int):
    """N procedures cloned from the samples, each in its model's domain, in catalogue order."""
    catalog = load_catalog(ROOT / "procedures", ROOT)
    samples = list(catalog.procedures.values())
    clones = []
    for i in range(n):
        base = samples[i % len(samples)]
        clones.append(base.model_copy(update={
            "code": f"9.{i:06d}", "slug": f"{base.slug}-{i}", "related": [],
            "name": f"{base.name} (bản thử {i})",
        }))
    clones.sort(key=lambda p: (p.domain, p.code))
    # A new Catalog, not an edited one: its lookups are indexed once.
    return dataclasses.replace(catalog, procedures={p.slug: p for p in clones})


def project(folder: Path) -> Settings:
    """A project with the repository's site configuration (site_url for QR codes) and fonts."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", folder / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", folder / "docs", dirs_exist_ok=True)
    return Settings.for_project(folder)


# --------------------------------------------------------------------------------------
# WeasyPrint, in worker processes (forked: they inherit the catalogue and the jobs)
# --------------------------------------------------------------------------------------

_JOBS: list = []
_CACHE: dict = {}  # WeasyPrint's image cache, per worker: the QR codes recur across handbooks


def _weasyprint_one(index: int) -> int:
    import weasyprint

    spec, catalog, settings, edition, numbers = _JOBS[index]
    html, _ = render_html(spec, catalog, settings, edition, numbers)
    # Tagged, like Chromium's: the same PDF features on both sides.
    document = weasyprint.HTML(string=html).render(pdf_tags=True, cache=_CACHE)
    document.write_pdf(io.BytesIO(), pdf_tags=True)
    return len(document.pages)


def weasyprint_run(catalog, settings: Settings, handbooks, jobs: int) -> tuple[float, int]:
    from pypdf import PdfReader

    by_path = {h.path: h for h in handbooks}
    _JOBS.clear()
    for spec in plan(catalog, settings):
        reader = PdfReader(settings.media / spec.path)
        _JOBS.append((spec, catalog, settings, by_path[spec.path].edition, destinations(reader)))
    order = sorted(range(len(_JOBS)), key=lambda i: -len(_JOBS[i][0].procedures))  # biggest first
    start, fork = time.perf_counter(), multiprocessing.get_context("fork")
    with TreeCPU() as cpu, ProcessPoolExecutor(max_workers=jobs, mp_context=fork) as pool:
        pages = sum(pool.map(_weasyprint_one, order))
    return time.perf_counter() - start, cpu.seconds, pages


# --------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------


def run(n: int, folder: Path, weasyprint_jobs: int) -> dict:
    settings = project(folder)
    catalog = synthetic_catalog(n)
    start = time.perf_counter()
    with TreeCPU() as cpu:
        handbooks = build_pdfs(catalog, settings)
    chromium_s, chromium_cpu = time.perf_counter() - start, cpu.seconds
    pages = sum(h.pages for h in handbooks)
    row = {"n": n, "pdfs": len(handbooks), "pages": pages, "chromium_s": chromium_s, "chromium_cpu": chromium_cpu,
           "chromium_pps": pages / chromium_s}
    print(f"N={n}: Chromium {len(handbooks)} PDF, {pages} trang, {chromium_s:.1f} s, CPU {chromium_cpu:.1f} s",
          flush=True)

    start = time.perf_counter()
    again = build_pdfs(catalog, settings)
    row["noop_s"] = time.perf_counter() - start
    row["noop_rendered"] = sum(h.rendered for h in again)

    changed = next(iter(catalog.procedures.values()))
    edited = dataclasses.replace(catalog, procedures={**catalog.procedures, changed.slug: changed.model_copy(
        update={"summary": changed.summary + " Đã sửa."})})
    start = time.perf_counter()
    after = build_pdfs(edited, settings)
    row["one_change_s"] = time.perf_counter() - start
    row["one_change_rendered"] = [h.path for h in after if h.rendered]
    print(f"N={n}: rebuild unchanged {row['noop_s']:.1f} s ({row['noop_rendered']} PDF printed); "
          f"one procedure changed {row['one_change_s']:.1f} s: {', '.join(row['one_change_rendered'])}", flush=True)

    if weasyprint_jobs:
        handbooks = build_pdfs(catalog, settings)  # back to the original data
        wp_s, wp_cpu, wp_pages = weasyprint_run(catalog, settings, handbooks, weasyprint_jobs)
        row.update(weasyprint_s=wp_s, weasyprint_cpu=wp_cpu, weasyprint_pages=wp_pages, weasyprint_pps=wp_pages / wp_s)
        print(f"N={n}: WeasyPrint ({weasyprint_jobs} processes) {wp_pages} trang, {wp_s:.1f} s, CPU {wp_cpu:.1f} s",
              flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, action="append", help="number of procedures (repeatable; default 100, 1000)")
    parser.add_argument("--weasyprint-jobs", type=int, default=2, help="WeasyPrint processes (default 2: two cores)")
    parser.add_argument("--no-weasyprint", action="store_true", help="only Chromium")
    parser.add_argument("--keep", type=Path, help="keep the projects and PDFs in this folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.ERROR)

    rows = []
    base = args.keep or Path(tempfile.mkdtemp(prefix="pdf-speed-"))
    try:
        for n in args.n or [100, 1000]:
            rows.append(run(n, base / f"n{n}", 0 if args.no_weasyprint else args.weasyprint_jobs))
    finally:
        if not args.keep:
            shutil.rmtree(base, ignore_errors=True)

    print("\n| N | PDF | engine | pages | wall s | pages/s | CPU s | pages per CPU-s |")
    print("|---|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['n']} | {r['pdfs']} | Chromium, 2 passes | {r['pages']} | {r['chromium_s']:.1f} "
              f"| {r['chromium_pps']:.1f} | {r['chromium_cpu']:.1f} | {r['pages'] / r['chromium_cpu']:.2f} |")
        if "weasyprint_s" in r:
            print(f"| {r['n']} | {r['pdfs']} | WeasyPrint | {r['weasyprint_pages']} | {r['weasyprint_s']:.1f} "
                  f"| {r['weasyprint_pps']:.1f} | {r['weasyprint_cpu']:.1f} "
                  f"| {r['weasyprint_pages'] / r['weasyprint_cpu']:.2f} |")
    print()
    for r in rows:
        ratio = ""
        if "weasyprint_s" in r:
            by_cpu = (r["pages"] / r["chromium_cpu"]) / (r["weasyprint_pages"] / r["weasyprint_cpu"])
            ratio = f"Chromium/WeasyPrint: {r['chromium_pps'] / r['weasyprint_pps']:.1f}x wall, {by_cpu:.1f}x CPU; "
        print(f"N={r['n']}: {ratio}rebuild unchanged {r['noop_s']:.1f} s ({r['noop_rendered']} printed); "
              f"one procedure changed {r['one_change_s']:.1f} s ({len(r['one_change_rendered'])} printed)")


if __name__ == "__main__":
    main()
