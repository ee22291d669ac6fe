"""Recording in shards against one run: the figures of the time model in README.md.

Copies the project (its procedures with their walkthroughs) into a temporary folder and records
every walkthrough against the sandbox, first in one run, then as N shards one after the other
(each in its own copy, as N CI runners would, each with its own Chromium), then merges the
bundles into a fourth copy. Prints the wall time of each run, the time per walkthrough (what
the recorder reports: recording and composing) and the model's estimate.

    .venv/bin/python bench/shard_record.py [--shards 3] [--jobs 1] [--limit M]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from generators.load import load_catalog  # noqa: E402
from generators.video import select  # noqa: E402


def thutuc(project: Path, *args: str) -> float:
    began = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generators.cli", "--project", str(project), *args], check=True,
                   cwd=REPO, stdout=subprocess.DEVNULL)
    return time.perf_counter() - began


def copy(target: Path) -> Path:
    target.mkdir(parents=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("overrides", "docs", "procedures"):
        shutil.copytree(REPO / folder, target / folder)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shards", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="only the first M walkthroughs (by slug)")
    args = parser.parse_args()
    catalog = load_catalog(REPO / "procedures", REPO)
    slugs = [slug for slug, _ in select(catalog, None, None)]
    if args.limit:
        slugs = slugs[:args.limit]
    with tempfile.TemporaryDirectory(prefix="thutuc-shards-") as temp:
        base = Path(temp)
        single = copy(base / "one")
        seconds = thutuc(single, "record", "--jobs", str(args.jobs), *slugs)
        reports = [json.loads((single / "media" / "video" / s / f"{s}.json").read_bytes()) for s in slugs]
        per = [r["timing"]["recording_wall_seconds"] + r["timing"]["compose_seconds"] for r in reports]
        video = sum(r["timing"]["finished_seconds"] for r in reports)
        print(f"{len(slugs)} walkthroughs ({video:.0f} s of video), --jobs {args.jobs}")
        print(f"one run: {seconds:.1f} s wall ({seconds / len(slugs):.1f} s per walkthrough); "
              f"recording + composing {sum(per) / len(per):.1f} s per walkthrough on average "
              f"(min {min(per):.1f}, max {max(per):.1f})")
        shard_times, bundles = [], []
        for k in range(1, args.shards + 1):
            project = copy(base / f"shard-{k}")
            bundle = base / "bundles" / f"shard-{k}.tar"
            mine = [slug for slug, _ in select(catalog, slugs, (k, args.shards))]
            if not mine:
                print(f"shard {k}/{args.shards}: no walkthrough")
                continue
            shard_times.append(thutuc(project, "record", "--jobs", str(args.jobs), "--shard", f"{k}/{args.shards}",
                                      "--bundle", str(bundle), *mine))
            bundles.append(bundle)
            print(f"shard {k}/{args.shards}: {len(mine)} walkthroughs in {shard_times[-1]:.1f} s, "
                  f"bundle {bundle.stat().st_size / 1e6:.1f} MB")
        merged = copy(base / "merged")
        merge = thutuc(merged, "media", "merge", *map(str, bundles))
        print(f"merge of {len(bundles)} bundles: {merge:.1f} s")
        print(f"shards one after the other: {sum(shard_times):.1f} s; in parallel (the slowest shard + merge): "
              f"{max(shard_times) + merge:.1f} s against {seconds:.1f} s for one run")
        model = len(slugs) * seconds / len(slugs) / args.shards
        print(f"model (walkthroughs × {seconds / len(slugs):.1f} s ÷ {args.shards}): {model:.1f} s")


if __name__ == "__main__":
    main()
