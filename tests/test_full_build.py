"""The main job end to end: every stage on the sample procedures, then the portal in Chromium."""

from __future__ import annotations

import json

import pytest

from conftest import copy_project, serve_directory
from generators.build import RecordOptions, build
from generators.load import load_catalog
from generators.settings import Settings

pytestmark = pytest.mark.browser

BIRTH = "thu-tuc/ho-tich/dang-ky-khai-sinh.html"


@pytest.fixture(scope="module")
def full_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("full") / "project")
    settings = Settings.for_project(root)
    first = build(settings, record=RecordOptions(jobs=2))  # two walkthroughs at a time, as on 2 cores
    second = build(settings)  # nothing changed: no PDF rendered, no video recorded
    return root, first, second


def test_every_stage_ran_and_a_second_build_renders_no_media(full_site):
    root, first, second = full_site
    assert all(first.stages[s].ran for s in ("pdf", "video", "pages", "troubleshooting", "site"))
    assert first.stages["video"].rebuilt and first.stages["pdf"].rebuilt
    assert second.stages["pdf"].rebuilt == [] and second.stages["video"].rebuilt == []
    report = json.loads((root / "site" / "build-report.json").read_text(encoding="utf-8"))
    assert {s["name"] for s in report["stages"] if s["ran"]} >= {"pdf", "video", "site"}


def test_every_walkthrough_recorded_to_the_dossier_code_with_a_picture_per_step(full_site):
    # The main job records every walkthrough of the samples (one per procedure filed online).
    root, first, _ = full_site
    catalog = load_catalog(root / "procedures", root)
    walkthroughs = {slug: p.walkthrough for slug, p in catalog.procedures.items() if p.walkthrough}
    assert len(walkthroughs) >= 40
    recorded = {path.parent.name: json.loads(path.read_text(encoding="utf-8"))
                for path in (root / "media" / "video").glob("*/*.json")}
    assert sorted(recorded) == sorted(walkthroughs)
    for slug, report in recorded.items():
        steps = walkthroughs[slug].steps
        assert len(report["steps"]) == len(report["pictures"]) == len(steps), slug
        last = steps[-1]
        assert (last.action, last.name) == ("expect", "Nộp hồ sơ thành công"), slug


def test_portal_offers_pdfs_videos_and_the_practice_portal(full_site, browser):
    root, _, _ = full_site
    site = root / "site"
    server, url = serve_directory(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(url + BIRTH)
        download = page.locator("#tai-pdf")
        assert download.get_attribute("href").endswith("pdf/thu-tuc/dang-ky-khai-sinh.pdf")
        assert (site / "pdf/thu-tuc/dang-ky-khai-sinh.pdf").read_bytes()[:5] == b"%PDF-"
        video = page.locator("#video video")
        assert video.locator("track[kind=captions]").count() == 1
        chapters = page.locator(".tt-chapter")
        assert chapters.count() >= 5
        # A chapter button jumps the video to its step.
        start = float(chapters.nth(2).get_attribute("data-time"))
        chapters.nth(2).click()
        page.wait_for_function(f"document.querySelector('#video video').currentTime >= {start - 0.05}")
        page.goto(url + "tai-ve.html")
        assert page.locator("table.tt-downloads-table a").count() >= 10
        page.goto(url + "sandbox/index.html")
        assert page.get_by_text("MÔI TRƯỜNG THỰC HÀNH").first.is_visible()
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_a_changed_procedure_rerenders_only_its_own_media(full_site):
    root, _, _ = full_site
    source = root / "procedures" / "cu-tru" / "dang-ky-tam-tru.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("\nsummary: >-\n", "\nsummary: >-\n  Cập nhật.\n", 1),
                      encoding="utf-8")
    report = build(Settings.for_project(root), stages=("pdf", "video"))
    rendered = {item["output"] for item in report.stages["pdf"].rebuilt}
    # Its guide, its domain's handbook, the full handbook and the handout of the module that teaches it.
    assert rendered == {"pdf/thu-tuc/dang-ky-tam-tru.pdf", "pdf/linh-vuc/cu-tru.pdf", "pdf/so-tay-thu-tuc.pdf",
                        "pdf/dao-tao/cu-tru.pdf"}
    # The summary is not in the video: tạm trú's video is reused, and so are the others.
    assert report.stages["video"].rebuilt == []
