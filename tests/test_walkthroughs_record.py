"""Every walkthrough of the repository, recorded on the practice portal as CI does it: each
one ends on the submission screen with the dossier code, with a picture for every step.

The slowest test of the suite (one real recording per online procedure, two at a time);
`-k test_every_walkthrough` selects it, `-m "not browser"` leaves it out.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import copy_project
from generators.load import load_catalog
from generators.settings import Settings
from generators.video import record_walkthroughs
from generators.walkthrough_draft import can_file_online

REPO = Path(__file__).resolve().parents[1]


def test_most_online_procedures_have_a_walkthrough() -> None:
    catalog = load_catalog(REPO / "procedures", REPO)
    online = [p for p in catalog.procedures.values() if can_file_online(p)]
    without = sorted(p.code for p in online if p.walkthrough is None)
    assert len(online) - len(without) >= 0.8 * len(online), f"no walkthrough: {', '.join(without)}"


@pytest.mark.browser
def test_every_walkthrough_records_to_the_dossier_code(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    results = record_walkthroughs(catalog, settings, jobs=2)
    assert results, "no walkthrough to record"
    failed = {r.slug: r.error for r in results if r.status != "recorded"}
    assert failed == {}
    for result in results:
        report = json.loads((settings.media / result.report).read_text(encoding="utf-8"))
        steps = catalog.procedures[result.slug].walkthrough.steps
        assert len(report["pictures"]) == len(steps), result.slug
        last = steps[-1]
        if can_file_online(catalog.procedures[result.slug]):
            assert (last.action, last.name) == ("expect", "Nộp hồ sơ thành công"), result.slug
