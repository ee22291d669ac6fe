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
from generators.catalog import Catalog
from generators.load import load_catalog
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
    """In content-stream order (``-raw``): the layout mode puts a right-hand column (a
    checklist's "Xuất trình, không nộp") inside the wrapped line beside it."""
    return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True,
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


# --------------------------------------------------------------------------------------
# Toward PDF/UA-1 (ISO 14289-1)
# --------------------------------------------------------------------------------------

XMP = {"x": "adobe:ns:meta/", "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
       "dc": "http://purl.org/dc/elements/1.1/", "pdfuaid": "http://www.aiim.org/pdfua/ns/id/"}


def structure_elements(reader: PdfReader):
    """Every element of the structure tree, depth first."""
    stack = [reader.trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if "/S" in node:
            yield node
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        stack += [k for k in kids if hasattr(k.get_object(), "get")]


@pytest.mark.parametrize(("kind", "key"), [("quick", BIRTH), ("full", "all"), ("errors", "errors")])
def test_the_pdfua_validator_finds_nothing(printed: Printed, kind: str, key: str):
    from pdfua import Severity, validate

    report = validate(str(printed.pdf(kind, key)))
    found = [(f.rule_id, f.message) for f in report.findings if f.severity >= Severity.WARNING]
    assert not found


@pytest.mark.parametrize(("kind", "key"), [("quick", BIRTH), ("full", "all"), ("errors", "errors")])
def test_pdfua_rules_the_validator_does_not_check(printed: Printed, kind: str, key: str):
    import xml.etree.ElementTree as ET

    path = printed.pdf(kind, key)
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    title = reader.metadata.title
    # 5, 7.1-8, 7.1-9: XMP metadata with the PDF/UA part, dc:title; the language (7.2-34).
    xmp = ET.fromstring(root["/Metadata"].get_object().get_data())
    assert xmp.findtext(".//pdfuaid:part", namespaces=XMP) == "1"
    assert xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=XMP) == title
    assert xmp.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=XMP) == "vi" == root["/Lang"]
    # PDF/UA-1 is built on PDF 1.7; 7.1-10: the viewer shows the title, not the file name.
    assert root["/Version"] == "/1.7" and root["/ViewerPreferences"]["/DisplayDocTitle"]
    # 7.18.3: tab order follows the structure on every page with annotations.
    # 7.18.5: every link says where it leads.
    for page in reader.pages:
        annotations = [a.get_object() for a in page.get("/Annots") or []]
        assert not annotations or page["/Tabs"] == "/S"
        for annotation in annotations:
            assert annotation["/Subtype"] != "/Link" or annotation["/Contents"].strip(), annotation
    # 7.3-1: every figure has alternative text.
    figures = [e for e in structure_elements(reader) if e["/S"] == "/Figure"]
    assert figures and all(str(f.get("/Alt", "")).strip() for f in figures)
    # 7.21.4.1, 7.21.7: every font embedded, with a ToUnicode map.
    rows = subprocess.run(["pdffonts", str(path)], check=True, capture_output=True, text=True).stdout.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows), rows


def test_page_furniture_is_an_artifact_and_body_text_stays_tagged(printed: Printed):
    reader = PdfReader(printed.pdf("quick", BIRTH))
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    artifacts = re.findall(r"/Artifact BMC\n(.*?)\nEMC", content, re.S)
    assert artifacts and any(" Tj" in a for a in artifacts)  # the running header, "Trang 1/N"
    assert content.count("/Artifact BMC") < content.count("BDC")  # the body is still tagged


def test_marking_artifacts_wraps_only_untagged_painting():
    from generators.pdf.finish import mark_artifacts

    stream = b"q\nBT\n<0001> Tj\nET\n/P <</MCID 0 >>BDC\nBT\n<0002> Tj\nET\nEMC\n1 0 0 RG\n0 0 5 5 re\nf\nQ"
    assert mark_artifacts(stream) == (b"/Artifact BMC\nq\nBT\n<0001> Tj\nET\nEMC\n/P <</MCID 0 >>BDC\nBT\n"
                                      b"<0002> Tj\nET\nEMC\n/Artifact BMC\n1 0 0 RG\n0 0 5 5 re\nf\nQ\nEMC")
    assert mark_artifacts(b"/P <</MCID 0 >>BDC\nBT\n<0B DC> Tj\nET\nEMC\nq\nQ") is None


# --------------------------------------------------------------------------------------
# Dates and addresses that do not mislead
# --------------------------------------------------------------------------------------


def test_the_edition_is_the_newest_date_written_in_what_the_handbook_prints(printed: Printed):
    catalog = printed.catalog
    birth = catalog.procedures[BIRTH]
    quick = next(h for h in printed.handbooks if (h.kind, h.key) == ("quick", BIRTH))
    assert quick.edition == max(c.date for c in birth.changes)
    full = next(h for h in printed.handbooks if h.kind == "full")
    assert full.edition == max(c.date for p in catalog.procedures.values() for c in p.changes)
    # The sample errors carry no date: the handbook says so instead of printing the build day.
    errors = next(h for h in printed.handbooks if h.kind == "errors")
    dated = [str(e.verification.date) for e in catalog.errors.values() if getattr(e, "verification", None)]
    assert errors.edition == max(dated, default="")
    if not dated:
        assert "Ấn bản chưa ghi ngày" in flat(with_poppler(printed.pdf("errors", "errors")))


def test_an_example_site_url_is_flagged_next_to_every_qr_code(printed: Printed):
    assert printed.settings.site_url_is_placeholder
    text = flat(with_poppler(printed.pdf("quick", BIRTH)))
    assert text.count("(địa chỉ mẫu)") == 2  # the page's and the video's QR code
    assert "(địa chỉ mẫu, chưa phải địa chỉ thật của cổng)" in flat(with_poppler(printed.pdf("full", "all")))


def test_a_real_site_url_prints_no_warning(tmp_path: Path, caplog):
    import dataclasses

    root = copy_project(tmp_path / "project")
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    birth = catalog.procedures[BIRTH].model_copy(update={"related": [], "common_errors": []})
    catalog = dataclasses.replace(catalog, procedures={BIRTH: birth}, errors={})

    with caplog.at_level("WARNING", logger="thutuc"):
        build_pdfs(catalog, settings)
    assert "site_url trong mkdocs.yml vẫn là địa chỉ mẫu (https://thutuc.hanoi.example/)" in caplog.text

    caplog.clear()
    config.write_text(re.sub(r"(?m)^site_url:.*$", "site_url: https://thutuc.hanoi.gov.vn/", text), encoding="utf-8")
    assert not settings.site_url_is_placeholder
    with caplog.at_level("WARNING", logger="thutuc"):
        handbooks = build_pdfs(catalog, settings)
    assert "địa chỉ mẫu" not in caplog.text
    quick = settings.media / next(h.path for h in handbooks if h.kind == "quick")
    text = flat(with_poppler(quick))
    assert "Trang trực tuyến" in text and "địa chỉ mẫu" not in text
