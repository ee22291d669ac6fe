"""The PDF handbooks as readers get them: the text every viewer extracts, PDF/UA metadata.

Three extractors stand for the viewers people use: pypdfium2 (PDFium: Chrome's and Edge's
viewer), poppler's pdftotext (Evince, Okular, most Linux tools) and pypdf. Each must give
back the NFC source text, letter for letter: no base letter lost, no U+0000, no detached mark.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pypdfium2
import pytest
from pypdf import PdfReader

from conftest import copy_project
from generators.load import Catalog, load_catalog
from generators.model import Procedure
from generators.pdf import Handbook, build_pdfs
from generators.settings import Settings

pytestmark = pytest.mark.browser

BIRTH = "dang-ky-khai-sinh"


@dataclass
class Printed:
    settings: Settings
    catalog: Catalog
    handbooks: list[Handbook]

    def pdf(self, kind: str, key: str) -> Path:
        return self.settings.media / next(h.path for h in self.handbooks if (h.kind, h.key) == (kind, key))


@pytest.fixture(scope="module")
def printed(tmp_path_factory) -> Printed:
    root = copy_project(tmp_path_factory.mktemp("readers") / "project")
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    return Printed(settings, catalog, build_pdfs(catalog, settings))


def with_pdfium(path: Path) -> str:
    document = pypdfium2.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def with_poppler(path: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
                          text=True).stdout


def with_pypdf(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


EXTRACTORS = {"pdfium": with_pdfium, "poppler": with_poppler, "pypdf": with_pypdf}


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def printed_strings(p: Procedure) -> list[str]:
    """Source texts that every handbook containing ``p`` prints whole."""
    return [p.name, p.summary, *(s.title for s in p.steps), *(i.name for c in p.documents for i in c.items)]


@pytest.mark.parametrize("extractor", EXTRACTORS)
@pytest.mark.parametrize(("kind", "key"), [("quick", BIRTH), ("full", "all")])
def test_every_extractor_gives_back_the_nfc_source_text(printed: Printed, extractor: str, kind: str, key: str):
    text = EXTRACTORS[extractor](printed.pdf(kind, key))
    # No U+0000 for a glyph without a Unicode value, no mark detached from its letter.
    assert "\x00" not in text
    assert not [c for c in text if unicodedata.combining(c)]
    assert unicodedata.is_normalized("NFC", text)
    procedures = [printed.catalog.procedures[key]] if kind == "quick" else list(printed.catalog.procedures.values())
    expected = [s for p in procedures for s in printed_strings(p)]
    assert all(unicodedata.is_normalized("NFC", s) for s in expected)
    found = flat(text)
    missing = [s for s in expected if flat(s) not in found]
    assert not missing, missing
    # Letters with a dot below are the ones split subsets broke ("địnị h", "tịcị h").
    for word in ["định", "hộ tịch"]:
        assert found.lower().count(word) > 0, word


def test_the_extractors_agree_on_every_vietnamese_letter(printed: Printed):
    path = printed.pdf("full", "all")
    texts = {name: flat(extract(path)) for name, extract in EXTRACTORS.items()}
    letters = "ịẹụọạệộợựậặỵđơư"
    counts = {name: {c: text.count(c) for c in letters} for name, text in texts.items()}
    assert counts["pdfium"] == counts["poppler"] == counts["pypdf"]
    assert all(counts["pdfium"][c] > 0 for c in "ịẹụọạệộđơư")
