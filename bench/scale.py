"""Scale benchmark: the site stages on N synthetic procedures (default N = 200 and 2000).

Usage: python bench/scale.py [N ...]

For each N it writes a temporary project (the repository's catalogue, docs and config,
plus N valid procedures cloned from the samples into 25 synthetic domains), then measures,
in one run and as ratios of its cold build:

- cold build of the site stages (pdf and video are benchmarked on their own);
- the cold site stage against a plain MkDocs build of the same generated Markdown and nav,
  run right after it (target: at most 1.15x);
- rebuild with nothing changed (target: at most 5 % of cold);
- rebuild after editing one procedure's summary, then its name (target: at most 10 %);
- the size of the built site (target: under 150 MB) and the bytes a browser downloads
  for its first search (target: at most 1 MB gzip).

Times are wall-clock seconds; the load average of the machine is printed with them.
"""

from __future__ import annotations

import gzip
import logging
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generators.build import build  # noqa: E402
from generators.load import load_catalog  # noqa: E402
from generators.settings import Settings  # noqa: E402
from generators.site import full_nav  # noqa: E402

DOMAINS = 25
GENERATION = ("load", "pages", "troubleshooting")


def make_project(target: Path, n: int) -> Path:
    for name in ("mkdocs.yml", "overrides", "docs", "procedures"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, target / name)
    procedures = target / "procedures"
    samples = sorted(p for p in procedures.rglob("*.yaml") if not p.relative_to(procedures).parts[0].startswith("_"))
    sample_texts = [p.read_text(encoding="utf-8") for p in samples]
    for path in samples:
        path.unlink()
    # The sample training modules name the sample procedures, which are replaced here.
    shutil.rmtree(procedures / "_modules", ignore_errors=True)
    with (procedures / "_catalog" / "domains.yaml").open("a", encoding="utf-8") as domains:
        for d in range(DOMAINS):
            domains.write(f"- id: linh-vuc-{d:02d}\n  name: Lĩnh vực thử nghiệm số {d + 1}\n")
    for i in range(n):
        text = sample_texts[i % len(sample_texts)]
        lines = []
        for line in text.splitlines():
            if line.startswith("code:"):
                line = f'code: "9.{i:06d}"'
            elif line.startswith("name:"):
                line = f"{line} (bản thử {i})"
            elif line.startswith("domain:"):
                line = f"domain: linh-vuc-{i % DOMAINS:02d}"
            elif line.startswith("popular:"):
                line = f"popular: {'true' if i < 6 else 'false'}"
            lines.append(line)
        # Related codes and walkthroughs point at the samples, which are not in this catalogue.
        body = _drop_block("\n".join(lines) + "\n", "related")
        body = _drop_block(body, "walkthrough")
        # One procedure replaces an old code; its clones must not replace it again.
        body = _drop_block(body, "replaces")
        folder = procedures / f"linh-vuc-{i % DOMAINS:02d}"
        folder.mkdir(exist_ok=True)
        (folder / f"thu-tuc-thu-{i:05d}.yaml").write_text(body, encoding="utf-8")
    return target


def _drop_block(text: str, key: str) -> str:
    out, skipping = [], False
    for line in text.splitlines():
        if line.startswith(f"{key}:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or line.startswith("-") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "\n".join(out) + "\n"


def timed_build(settings: Settings) -> tuple[float, dict[str, float], str]:
    """Wall time of a build of the site stages, its stages' times, and how MkDocs ran."""
    start = time.perf_counter()
    report = build(settings, stages=("site",))
    wall = time.perf_counter() - start
    site = report.stages["site"]
    how = site.rebuilt[0]["why"] if site.rebuilt else site.note
    return wall, {name: stage.seconds for name, stage in report.stages.items()}, how


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def plain_mkdocs(settings: Settings, out: Path) -> float:
    """MkDocs alone on the Markdown our pages stage generated, with the same nav."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    logging.getLogger("mkdocs").setLevel(logging.ERROR)
    catalog = load_catalog(settings.procedures, settings.root)
    start = time.perf_counter()
    config = load_config(str(settings.mkdocs_yml), docs_dir=str(settings.work / "staging" / "docs"),
                         site_dir=str(out))
    config["nav"] = full_nav(catalog, config["nav"])
    mkdocs_build(config)
    return time.perf_counter() - start


def folder_size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def first_search_bytes(site: Path) -> int:
    files = [site / "assets/javascripts/tim-kiem.js", site / "assets/tim-kiem/index.js"]
    return sum(len(gzip.compress(f.read_bytes(), 6)) for f in files)


def serve_latency(project: Path, edited_file: Path, saves: int = 3) -> list[float]:
    """Seconds from saving a YAML to `thutuc serve` serving the page with the edit."""
    import socket
    import subprocess
    import urllib.request

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generators.cli", "--project", str(project), "serve",
                               "--addr", f"127.0.0.1:{port}"], cwd=ROOT,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def page() -> str:
        url = f"http://127.0.0.1:{port}/thu-tuc/linh-vuc-00/thu-tuc-thu-00000.html"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return response.read().decode("utf-8")
        except OSError:
            return ""

    def wait_for(text: str, limit: float = 300) -> None:
        deadline = time.perf_counter() + limit
        while text not in page():
            if time.perf_counter() > deadline:
                raise SystemExit(f"thutuc serve never showed {text!r}")
            time.sleep(0.05)

    try:
        wait_for("thu-tuc-thu-00000")
        found = []
        for i in range(saves):
            marker = f"Lần lưu thứ {i + 1} để đo"
            edit(edited_file, "\nsummary: >-\n  ", f"\nsummary: >-\n  {marker}. ")
            start = time.perf_counter()
            wait_for(marker)
            found.append(time.perf_counter() - start)
            time.sleep(1)
        return found
    finally:
        server.terminate()
        server.wait(timeout=30)


def run(n: int) -> None:
    with tempfile.TemporaryDirectory(prefix=f"thutuc-bench-{n}-") as tmp:
        settings = Settings.for_project(make_project(Path(tmp), n))
        load = os.getloadavg()
        cold, cold_stages, _ = timed_build(settings)
        plain = plain_mkdocs(settings, Path(tmp) / "plain-site")
        unchanged, _, unchanged_how = timed_build(settings)
        edited_file = next(settings.procedures.rglob("thu-tuc-thu-00000.yaml"))
        edit(edited_file, "\nsummary: >-\n  ", "\nsummary: >-\n  Bản tóm tắt đã sửa. ")
        summary_edit, summary_stages, summary_how = timed_build(settings)
        edit(edited_file, "(bản thử 0)", "(bản thử 0, đã sửa)")
        name_edit, name_stages, name_how = timed_build(settings)
        site = settings.site
        generation = sum(summary_stages[s] for s in GENERATION)
        print(f"\nN = {n} (load average {load[0]:.1f} at start, {os.getloadavg()[0]:.1f} at end)")
        print(f"  cold build (site stages)          {cold:7.1f} s")
        print(f"  cold site stage vs plain mkdocs   {cold_stages['site']:7.1f} s vs {plain:.1f} s "
              f"= {cold_stages['site'] / plain:.2f}x")
        print(f"  rebuild, no change                {unchanged:7.2f} s = {unchanged / cold:6.1%} of cold "
              f"({unchanged_how})")
        print(f"  rebuild, one summary edited       {summary_edit:7.2f} s = {summary_edit / cold:6.1%} of cold "
              f"(generation {generation:.2f} s, site {summary_stages['site']:.2f} s; {summary_how})")
        print(f"  rebuild, one name edited          {name_edit:7.2f} s = {name_edit / cold:6.1%} of cold "
              f"(site {name_stages['site']:.2f} s; {name_how})")
        latencies = serve_latency(Path(tmp), edited_file)
        print(f"  thutuc serve, save -> page served {', '.join(f'{t:.1f}' for t in latencies)} s "
              f"(3 saves; the watcher polls every 0.5 s)")
        print(f"  site size                         {folder_size(site) / 1e6:7.1f} MB")
        print(f"  first search download (gzip)     {first_search_bytes(site) / 1e3:7.0f} kB")


if __name__ == "__main__":
    for size in [int(a) for a in sys.argv[1:]] or [200, 2000]:
        run(size)
