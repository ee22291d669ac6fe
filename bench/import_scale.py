"""Import benchmark: a decision appendix of N procedures (default N = 200 and 2000).

Usage: python bench/import_scale.py [N ...]

For each N, a temporary project holds N valid procedures cloned from the samples (as in
``bench/scale.py``). All of them are exported into ONE .docx, the way a decision's appendix
holds them, and then:

- ``import --dry-run`` of that appendix into the same project: every procedure is found,
  mapped, validated and compared field by field (must report N unchanged);
- the same appendix imported into a project without those procedures: N drafts written,
  after the whole project with them is validated once (must report N new).

Wall clock and CPU seconds of this process are printed; the machine is shared, so the CPU
figure is the steadier one.
"""

from __future__ import annotations

import logging
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from scale import make_project  # noqa: E402

from generators.importer.export import write_docx  # noqa: E402
from generators.importer.run import import_paths  # noqa: E402
from generators.load import load_catalog  # noqa: E402
from generators.settings import Settings  # noqa: E402


def timed(label: str, work):
    wall, cpu = time.perf_counter(), time.process_time()
    result = work()
    print(f"  {label}: {time.perf_counter() - wall:.1f} s wall, {time.process_time() - cpu:.1f} s CPU")
    return result


def run(n: int) -> None:
    print(f"N = {n}")
    with tempfile.TemporaryDirectory(prefix="thutuc-import-bench-") as tmp:
        (Path(tmp) / "project").mkdir()
        root = make_project(Path(tmp) / "project", n)
        settings = Settings.for_project(root)
        catalog = load_catalog(settings.procedures, root)
        appendix = Path(tmp) / "phu-luc.docx"
        timed(f"export {n} procedures into one .docx", lambda: write_docx(catalog, list(catalog.procedures.values()),
                                                                           appendix))
        print(f"  appendix: {appendix.stat().st_size / 1e6:.1f} MB")
        report = timed("import --dry-run (all unchanged)", lambda: import_paths(settings, [appendix], dry_run=True))
        assert report.count("unchanged") == n and not report.problems, report.text()[:2000]

        # The same appendix into a project that lacks the procedures: N new drafts.
        for folder in settings.procedures.glob("linh-vuc-*"):
            shutil.rmtree(folder)
        report = timed("import into an empty project (all new, written)", lambda: import_paths(settings, [appendix]))
        assert report.count("new") == n and not report.problems, report.text()[:2000]


if __name__ == "__main__":
    logging.disable(logging.INFO)
    for count in [int(a) for a in sys.argv[1:]] or [200, 2000]:
        run(count)
