"""Search at scale: bytes of the first search and time from keystroke to results, in Chromium
with its CPU throttled 4x (a slow phone), for N synthetic procedures (default 2000).

Usage: python bench/search_speed.py [N] [--throttle 4]

The portal is built from the repository's samples, then its search index is replaced by one
for N procedures from ``search_index_size.synthetic_catalog`` (sample procedures cloned with
their words shuffled: every name is different, the vocabulary is large, gzip gains little).
Each query is typed key by key into the home page's search box; for every keystroke the page
records the time from ``keydown`` to the results (or "not found" and hints) being in the list,
and to the next frame. Targets (issue 13): first search at most 1 MB gzip, first result within
50 ms of a keystroke at 4x throttling.
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from search_index_size import synthetic_catalog  # noqa: E402

from generators.browser import CHROMIUM_ARGS, chromium_executable  # noqa: E402
from generators.build import build  # noqa: E402
from generators.search import INDEX_PATH, index_entries, index_script, lexicon_entries  # noqa: E402
from generators.settings import Settings  # noqa: E402

#: Typed as on a phone without a Vietnamese keyboard (every character a real key press).
QUERIES = ["dang ky khai sinh", "nhap khau cho con", "the chap so hong", "1001193", "xin phieu tu phap",
           "khaisinh", "xe may"]
SEARCH_BOX = "#tt-search-home"

#: Times each keystroke in the page: keydown -> list changed -> next frame.
PROBE = """
window.__keys = [];
document.addEventListener("keydown", () => { window.__keys.push({down: performance.now()}); }, true);
new MutationObserver(() => {
  const key = window.__keys[window.__keys.length - 1];
  if (!key || key.shown) return;
  key.shown = performance.now();
  requestAnimationFrame(() => { key.frame = performance.now(); });
}).observe(document, {childList: true, subtree: true});
"""


def build_site(work: Path, n: int) -> tuple[Path, int]:
    for name in ("mkdocs.yml", "overrides", "docs", "procedures"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    build(Settings.for_project(work), stages=("site",))
    site = work / "site"
    catalog = synthetic_catalog(n)
    script = index_script(index_entries(catalog, ROOT / "docs"), lexicon_entries(catalog))
    (site / INDEX_PATH).write_text(script, encoding="utf-8")
    return site, len(catalog.procedures)


def first_search_bytes(site: Path) -> tuple[int, int]:
    files = [site / "assets/javascripts/tim-kiem.js", site / INDEX_PATH]
    return (sum(f.stat().st_size for f in files), sum(len(gzip.compress(f.read_bytes(), 6)) for f in files))


def measure(url: str, throttle: float, repeats: int) -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(playwright), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            page.add_init_script(PROBE)
            cdp = page.context.new_cdp_session(page)
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
            page.goto(url)
            box = page.locator(SEARCH_BOX)
            # Cold: focus starts loading the index and the first key waits for it (an upper
            # bound: it includes the test driver's round trips).
            start = page.evaluate("() => performance.now()")
            box.focus()
            box.press("d")
            page.locator(f"form:has({SEARCH_BOX}) .tt-search__option").first.wait_for()
            cold = page.evaluate("() => performance.now()") - start
            phases = page.evaluate("""(start) => {
                const mark = (name) => performance.getEntriesByName(name)[0].startTime - start;
                const index = performance.getEntriesByType("resource").find(e => e.name.endsWith("tim-kiem/index.js"));
                return {downloaded: index.responseEnd - start, parsed: mark("tt-search-index-parsed"),
                        ready: mark("tt-search-index-ready")};
            }""", start)
            per_query: dict[str, list] = {query: [] for query in QUERIES}
            for _ in range(repeats):
                for query in QUERIES:
                    box.fill("")
                    page.evaluate("() => { window.__keys = []; }")
                    box.press_sequentially(query, delay=150)
                    page.wait_for_function("(n) => window.__keys.length === n && window.__keys[n - 1].frame",
                                           arg=len(query))
                    per_query[query].append(
                        page.evaluate("() => window.__keys.map(k => [k.shown - k.down, k.frame - k.down])"))
            return {"cold": cold, "phases": phases, "per_query": per_query}
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("n", nargs="?", type=int, default=2000)
    parser.add_argument("--throttle", type=float, default=4)
    parser.add_argument("--repeats", type=int, default=3, help="times each query is typed")
    parser.add_argument("--each", action="store_true", help="print every keystroke's time")
    args = parser.parse_args()

    import functools
    import http.server
    import threading

    with tempfile.TemporaryDirectory() as tmp:
        site, count = build_site(Path(tmp), args.n)
        raw, packed = first_search_bytes(site)
        class Quiet(http.server.SimpleHTTPRequestHandler):
            def log_message(self, *args) -> None:
                pass

        handler = functools.partial(Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        try:
            load = os.getloadavg()[0]
            result = measure(f"http://127.0.0.1:{server.server_address[1]}/", args.throttle, args.repeats)
        finally:
            server.shutdown()

    print(f"{count} procedures, CPU throttled {args.throttle:g}x, each query typed {args.repeats} times; "
          f"machine load average {load:.1f} on {os.cpu_count()} cores when starting")
    print(f"first search download: {raw / 1e6:.2f} MB raw, {packed / 1e3:.0f} kB gzip (target <= 1 MB)")
    phases = result["phases"]
    print(f"focus and first key, index not yet loaded: {result['cold']:.0f} ms until the first result is listed "
          f"(index downloaded at {phases['downloaded']:.0f} ms, parsed at {phases['parsed']:.0f} ms, "
          f"word lists built at {phases['ready']:.0f} ms)")
    print("keydown -> results in the list, all keystrokes | each keystroke's best of the repeats "
          "(other work on the machine removed)")
    print(f"{'query':<22} {'keys':>4} {'median':>8} {'max':>8} | {'median':>8} {'max':>8}")
    every, best = [], []
    for query, runs in result["per_query"].items():
        shown = [t[0] for run in runs for t in run]
        fastest = [min(run[k][0] for run in runs) for k in range(len(query))]
        every += shown
        best += fastest
        print(f"{query:<22} {len(query):>4} {statistics.median(shown):>6.1f}ms {max(shown):>6.1f}ms | "
              f"{statistics.median(fastest):>6.1f}ms {max(fastest):>6.1f}ms")
        if args.each:
            print("   " + " ".join(f"{c}:{t:.0f}" for c, t in zip(query, fastest, strict=True)))
    frames = [t[1] for runs in result["per_query"].values() for run in runs for t in run]
    print(f"all keystrokes: median {statistics.median(every):.1f} ms, 95th percentile "
          f"{statistics.quantiles(every, n=20)[-1]:.1f} ms, max {max(every):.1f} ms; to the next frame: median "
          f"{statistics.median(frames):.1f} ms")
    print(f"best of {args.repeats}: median {statistics.median(best):.1f} ms, 95th percentile "
          f"{statistics.quantiles(best, n=20)[-1]:.1f} ms, max {max(best):.1f} ms (target <= 50 ms)")


if __name__ == "__main__":
    main()
