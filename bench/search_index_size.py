"""How many bytes a browser downloads for its first search, for N synthetic procedures.

Usage: python bench/search_index_size.py [N ...]   (default: 200 2000)

The synthetic catalogue clones the sample procedures with new codes, names and slugs, and
shuffles the words of every text (seeded), so entries are as long as real ones and gzip
cannot profit from whole repeated sentences: a pessimistic estimate. Target (design): at
most 1 MB gzip at N = 2,000.
"""

from __future__ import annotations

import gzip
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from generators.load import load_catalog  # noqa: E402
from generators.search import index_entries, index_script, lexicon_entries  # noqa: E402


def synthetic_catalog(n: int):
    catalog = load_catalog(ROOT / "procedures", ROOT)
    samples = list(catalog.procedures.values())
    rng = random.Random(2025)

    def shuffled(text: str) -> str:
        words = text.split()
        rng.shuffle(words)
        return " ".join(words)

    clones = {}
    for i in range(n):
        base = samples[i % len(samples)]
        clone = base.model_copy(update={
            "code": f"9.{i:06d}", "slug": f"{base.slug}-{i}", "related": [],
            "name": shuffled(base.name + " " + samples[rng.randrange(len(samples))].name),
            "summary": shuffled(base.summary),
            "keywords": [shuffled(k) for k in base.keywords],
            "result": [shuffled(r) for r in base.result],
            "steps": [s.model_copy(update={"title": shuffled(s.title)}) for s in base.steps],
        })
        clones[clone.slug] = clone
    catalog.procedures = clones
    return catalog


def main(sizes: list[int]) -> None:
    script = (ROOT / "docs/assets/javascripts/tim-kiem.js").read_bytes()
    print(f"{'N':>6} {'index raw':>12} {'index gzip':>12} {'+ tim-kiem.js gzip':>20}")
    for n in sizes:
        catalog = synthetic_catalog(n)
        index = index_script(index_entries(catalog, ROOT / "docs"), lexicon_entries(catalog)).encode("utf-8")
        raw, packed = len(index), len(gzip.compress(index, 9))
        first = packed + len(gzip.compress(script, 9))
        print(f"{n:>6} {raw / 1e6:>10.2f}MB {packed / 1e3:>10.0f}kB {first / 1e3:>18.0f}kB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [200, 2000])
