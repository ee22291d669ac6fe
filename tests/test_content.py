"""The content a clerk reads: every procedure is on the site, every phone number comes from the
contacts catalogue, editors' notes never reach a page, verification is always stated, one
form of address, and the maintainers' verification report."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from generators.catalog import Catalog
from generators.cli import main
from generators.load import load_catalog
from generators.model import Verification
from generators.pages import Renderer, html_path, procedure_page, render_pages
from generators.search import INDEX_PATH
from generators.verification import findings, issued_after, report

#: What a phone number looks like in Vietnamese text: a 1800/1900 line, or a number starting with 0
#: written in groups (024.1022, 0768.221.221). Fees (20.000 đồng) and codes (1.001193) do not match.
PHONE = re.compile(r"(?<![\d.])(?:1[89]00[ .]?\d{3,4}|0\d{2,3}[ .]\d{3,4}(?:[ .]\d{3,4})?)(?![\d.])")
#: Generated files that carry page text besides the HTML: the search index and the practice portal's data.
TEXT_FILES = (INDEX_PATH, "sandbox/du-lieu.js",
              *sorted(p.relative_to(REPO).as_posix() for p in (REPO / "sandbox" / "js").rglob("*.js")))


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return load_catalog(REPO / "procedures", REPO)


class _Text(HTMLParser):
    """The text a reader sees: everything outside <script> and <style>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in {"script", "style"}

    def handle_endtag(self, tag):
        self._skip -= tag in {"script", "style"} and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


@pytest.fixture(scope="module")
def pages(sample_site: Path) -> dict[str, str]:
    """Visible text of every built HTML page (the theme's own assets excluded)."""
    return {str(p.relative_to(sample_site)): visible_text(p.read_text(encoding="utf-8"))
            for p in sample_site.rglob("*.html") if "assets" not in p.relative_to(sample_site).parts}


def test_phone_pattern_finds_numbers_and_not_fees_or_codes():
    text = "Gọi 1900 1009 hoặc 1800.1096, 024.1022, Zalo 0768.221.221; lệ phí 20.000 đồng, mã 1.001193, 2025-07-01"
    assert [digits(m) for m in PHONE.findall(text)] == ["19001009", "18001096", "0241022", "0768221221"]


def test_every_phone_number_on_every_page_comes_from_the_contacts_catalogue(sample_site, pages, catalog):
    known = {c.digits for c in catalog.contacts.values() if c.phone}
    found = {(where, number) for where, text in pages.items() for number in PHONE.findall(text)}
    for name in TEXT_FILES:
        found |= {(name, n) for n in PHONE.findall((sample_site / name).read_text(encoding="utf-8"))}
    assert found, "the error pages show support lines: the pattern must find them"
    assert {(where, n) for where, n in found if digits(n) not in known} == set()


def test_each_error_page_shows_the_number_of_its_escalation_contact(sample_site, pages, catalog):
    for error in catalog.errors.values():
        text = pages[html_path(f"loi-thuong-gap/{error.id}.md")]
        for contact_id in (error.escalate.contact, *error.escalate.also):
            contact = catalog.contacts[contact_id]
            assert contact.name in text, (error.id, contact_id)
            if contact.phone:
                assert contact.phone in text, (error.id, contact_id)


def test_no_phone_number_is_written_in_the_sources_outside_the_contacts_catalogue():
    for path in sorted((REPO / "procedures").rglob("*.yaml")):
        if path.name == "contacts.yaml":
            continue
        assert PHONE.findall(path.read_text(encoding="utf-8")) == [], path


def _editor_notes(catalog: Catalog) -> list[str]:
    records = [*catalog.procedures.values(), *catalog.errors.values(), *catalog.modules.values()]
    notes = [n for r in records for n in r.editor_notes]
    notes += [n for c in catalog.contacts.values() for n in c.editor_notes]
    return [" ".join(n.split()) for n in notes]


def test_no_page_shows_an_editor_note(sample_site, pages, catalog):
    notes = _editor_notes(catalog)
    assert len(notes) >= len(catalog.procedures), "every record written this round has editor notes"
    texts = dict(pages)
    for name in TEXT_FILES:
        texts[name] = (sample_site / name).read_text(encoding="utf-8")
    for note in notes:
        # A long enough piece of each note: a note never shares 60 characters with page content.
        piece = note[:60]
        assert [where for where, text in texts.items() if piece in text] == [], note


def test_no_page_template_reads_editor_notes():
    """Pages, PDFs and slides never print them (only the scaffold of a new YAML file writes one)."""
    templates = [p for p in (REPO / "generators" / "templates").rglob("*.j2") if not p.name.endswith(".yaml.j2")]
    assert len(templates) > 10
    assert [p.name for p in templates if "editor_notes" in p.read_text(encoding="utf-8")] == []


def test_the_site_contains_every_procedure(sample_site, pages, catalog):
    assert len(catalog.procedures) >= 11
    for p in catalog.procedures.values():
        page = html_path(procedure_page(p))
        assert page in pages, p.code
        assert p.name in pages[page] and p.code in pages[page], p.code
        domain_page = (sample_site / html_path(f"thu-tuc/{p.domain}/index.md")).read_text(encoding="utf-8")
        assert f'href="{p.slug}.html"' in domain_page, p.code


def test_every_procedure_and_error_page_says_whether_it_was_verified(pages, catalog):
    for p in catalog.procedures.values():
        assert "Chưa đối chiếu với văn bản chính thức" in pages[html_path(procedure_page(p))], p.code
    for e in catalog.errors.values():
        assert "Chưa đối chiếu với văn bản chính thức" in pages[html_path(f"loi-thuong-gap/{e.id}.md")], e.id


def test_nothing_shipped_is_marked_verified(catalog):
    records = [*catalog.procedures.values(), *catalog.errors.values(), *catalog.modules.values()]
    assert [r for r in records if r.verified] == []


def _page_of(catalog: Catalog, slug: str) -> str:
    p = catalog.procedures[slug]
    return next(page.text for page in render_pages(catalog, Renderer(catalog)) if page.path == procedure_page(p))


def test_a_verified_record_says_when_and_against_what(catalog):
    verified = catalog.procedures["dang-ky-khai-sinh"].model_copy(update={"verification": Verification(
        by="Nguyễn Văn A", date="2025-07-01", source="Cơ sở dữ liệu quốc gia, mã 1.001193")})
    changed = dataclasses.replace(catalog, procedures={**catalog.procedures, "dang-ky-khai-sinh": verified})
    text = _page_of(changed, "dang-ky-khai-sinh")
    assert "Đã đối chiếu ngày <time datetime=\"2025-07-01\">01/07/2025</time> với Cơ sở dữ liệu quốc gia, " \
           "mã 1.001193" in text
    assert "Chưa đối chiếu với văn bản chính thức" not in text


def test_a_shown_document_prints_no_count_and_says_it_is_not_submitted(catalog):
    text = _page_of(catalog, "dang-ky-khai-sinh")
    items = re.findall(r"<li><label>.*?</li>", text, re.S)
    shown = next(i for i in items if "Giấy tờ tùy thân" in i)
    assert "Xuất trình để đối chiếu, không nộp" in shown and "bản chính" not in shown
    submitted = next(i for i in items if "Tờ khai đăng ký khai sinh" in i)
    assert "1 bản chính" in submitted


def test_fee_exemptions_replaced_code_and_unknown_facts_are_shown(catalog):
    birth = _page_of(catalog, "dang-ky-khai-sinh")
    assert "Được miễn phí, lệ phí" in birth and "Người thuộc hộ nghèo" in birth
    bundle = next(p for p in catalog.procedures.values() if p.code == "3.000722")
    text = _page_of(catalog, bundle.slug)
    assert "Thay thế mã" in text and "2.000986" in text
    insurance = next(p for p in catalog.procedures.values() if p.code == "1.002722")
    text = _page_of(catalog, insurance.slug)
    assert "Chưa xác định — chưa có nguồn chính thức" in text and "Mã thủ tục" in text


def test_a_related_procedure_outside_the_catalogue_is_named_without_a_link(catalog):
    text = _page_of(catalog, "dang-ky-the-chap-quyen-su-dung-dat")
    line = next(li for li in re.findall(r"<li>.*?</li>", text) if "1.011442" in li)
    assert "href" not in line and "chưa có trong cẩm nang" in line


def test_one_form_of_address_and_one_name_per_thing_on_every_page(pages):
    for where, text in pages.items():
        assert unicodedata.is_normalized("NFC", text), where
        assert not re.search(r"(?i)\bbạn\b", text), where
        lowered = text.casefold()
        for wrong in ("cán bộ một cửa", "bộ phận một cửa của ủy ban nhân dân cấp xã", "mã kiểm tra", "ảnh kiểm tra"):
            assert wrong not in lowered, (where, wrong)


def test_civil_status_competence_is_never_taught_as_wherever_the_dossier_is_filed(pages, catalog):
    wrong = re.compile(r"(?i)(nơi (người dân )?nộp hồ sơ, không phụ thuộc nơi cư trú|ủy ban nhân dân cấp xã bất kỳ)")
    for where, text in pages.items():
        hits = [m.group(0) for m in wrong.finditer(text)]
        # A quiz may name the mistake as a wrong answer; nowhere else.
        assert hits == [] or where.endswith("kiem-tra.html"), (where, hits)
    for module in catalog.modules.values():
        for question in module.quiz:
            for option in question.options:
                assert not (option.correct and wrong.search(option.text)), option.text


# --------------------------------------------------------------------------------------
# thutuc verification
# --------------------------------------------------------------------------------------


def test_year_only_documents_count_as_newer_only_from_the_next_year(catalog):
    nd = catalog.legal["nd-120-2025"]
    assert issued_after(nd, "2025-06-10") and not issued_after(nd, "2025-06-11")
    year_only = nd.model_copy(update={"issued": "2025"})
    assert not issued_after(year_only, "2025-01-01") and issued_after(year_only, "2024-12-31")


def test_verification_report_lists_unverified_and_outdated_records(catalog):
    old = Verification(by="Nguyễn Văn A", date="2025-06-01", source="Quyết định công bố")
    birth = catalog.procedures["dang-ky-khai-sinh"].model_copy(update={"verification": old})
    changed = dataclasses.replace(catalog, procedures={**catalog.procedures, "dang-ky-khai-sinh": birth})
    found = findings(changed)
    birth_found = [f for f in found if f.record == "1.001193"]
    assert [f.reason for f in birth_found] == [
        "đối chiếu ngày 2025-06-01, trước khi ban hành 120/2025/NĐ-CP (2025-06-11)"]
    unverified = {f.record for f in found if f.reason == "chưa đối chiếu"}
    assert unverified == ({p.code for p in catalog.procedures.values()} - {"1.001193"}
                          | {f"lỗi {e}" for e in catalog.errors} | {f"học phần {m}" for m in catalog.modules})
    assert birth_found[0].notes == tuple(birth.editor_notes)
    assert report(changed).endswith(f"{len(unverified)} bản ghi chưa đối chiếu, 1 bản ghi có căn cứ pháp lý mới "
                                    "hơn ngày đối chiếu.")


def test_verification_command_prints_the_report(capsys):
    assert main(["--project", str(REPO), "verification"]) == 0
    out = capsys.readouterr().out
    assert "1.001193  procedures/ho-tich/dang-ky-khai-sinh.yaml: chưa đối chiếu" in out
    assert "    việc cần làm: " in out
