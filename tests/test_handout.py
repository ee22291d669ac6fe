"""Trainee handouts: one PDF per training module, printed by the PDF stage like the handbooks,
read back with pypdf, pdftotext and pdfimages."""

from __future__ import annotations

import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from conftest import copy_project, png, publish_media
from generators.load import load_catalog
from generators.pdf import build_pdfs
from generators.settings import Settings

pytestmark = pytest.mark.browser

SLUG = "dang-ky-thuong-tru"


def text_of(path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return unicodedata.normalize("NFC", " ".join(out.stdout.split()))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("handout"))
    publish_media(root, {f"video/{SLUG}/buoc-{n:02d}.png": png(640, 360, colour)
                         for n, colour in ((1, (200, 30, 30)), (2, (30, 30, 200)))})
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    return settings, catalog, build_pdfs(catalog, settings)


def test_every_module_has_a_handout_with_its_trainee_facing_part(built):
    settings, catalog, handbooks = built
    handouts = {h.key: h for h in handbooks if h.kind == "module"}
    assert set(handouts) == set(catalog.modules)
    for module_id, m in catalog.modules.items():
        path = settings.media / handouts[module_id].path
        assert path.name == f"{module_id}.pdf"
        text = text_of(path)
        assert " ".join(m.title.split()) in text
        assert " ".join(m.objectives[0].split())[:60] in text
        for sc in m.scenarios:
            assert f"/th/{sc.id}" in text
            for value in list(sc.data.values())[:2]:
                assert value in text
        assert f"/kt/{module_id}" in text
        # Nothing of the trainer's own notes goes to trainees.
        for seg in m.agenda:
            assert " ".join(seg.say.split())[:50] not in text
        reader = PdfReader(path)
        assert reader.metadata.title == f"Tài liệu học viên: {m.title}"


def test_handout_prints_the_step_pictures_that_exist(built):
    settings, catalog, handbooks = built
    with_pictures = [h for h in handbooks if h.kind == "module" and SLUG in h.procedures]
    without = [h for h in handbooks if h.kind == "module" and SLUG not in h.procedures]
    assert with_pictures
    for h in with_pictures:
        listing = subprocess.run(["pdfimages", "-list", str(settings.media / h.path)], capture_output=True,
                                 check=True, text=True).stdout.splitlines()[2:]
        sizes = {(int(line.split()[3]), int(line.split()[4])) for line in listing}
        assert (640, 360) in sizes
        assert sum(1 for line in listing if line.split()[3:5] == ["640", "360"]) == 2
    for h in without:
        listing = subprocess.run(["pdfimages", "-list", str(settings.media / h.path)], capture_output=True,
                                 check=True, text=True).stdout.splitlines()[2:]
        assert not any(line.split()[3:5] == ["640", "360"] for line in listing)


def test_handouts_are_reused_until_a_picture_changes(built):
    settings, catalog, _ = built
    again = build_pdfs(catalog, settings)
    assert not any(h.rendered for h in again)
    publish_media(settings.root, {f"video/{SLUG}/buoc-03.png": png(640, 360, (30, 160, 30))})
    third = build_pdfs(catalog, settings)
    rendered = {(h.kind, h.key) for h in third if h.rendered}
    # The handouts with that procedure, and its quick guide (which prints the pictures too).
    expected = {("module", h.key) for h in third if h.kind == "module" and SLUG in h.procedures}
    assert expected and rendered == expected | {("quick", SLUG)}
