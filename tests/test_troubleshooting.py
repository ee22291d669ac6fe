"""Troubleshooting pages in the built sample portal: links both ways, triage, search by on-screen message."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import REPO
from generators.load import load_catalog
from generators.pages import error_page, html_path, procedure_page

HOME_SEARCH = "Tìm thủ tục theo tên, mã thủ tục hoặc lỗi gặp phải"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "procedures", REPO)


def test_sample_catalogue_has_at_least_twelve_errors_all_in_use(catalog):
    assert len(catalog.errors) >= 12
    assert catalog.warnings == []


def test_procedure_and_error_pages_link_to_each_other(sample_site: Path, catalog):
    for p in catalog.procedures.values():
        page = sample_site / html_path(procedure_page(p))
        for error_id in p.common_errors:
            target = html_path(error_page(error_id))
            assert target in _site_links(page, sample_site), (p.code, target)
    for error in catalog.errors.values():
        page = sample_site / html_path(error_page(error.id))
        links = _site_links(page, sample_site)
        for p in catalog.procedures_hitting(error.id):
            assert html_path(procedure_page(p)) in links, (error.id, p.code)


def _site_links(page: Path, site: Path) -> set[str]:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    out = set()
    for href in parser.hrefs:
        if "://" in href or href.startswith("#"):
            continue
        target = (page.parent / href.split("#")[0]).resolve()
        if target.is_relative_to(site.resolve()):
            out.add(target.relative_to(site.resolve()).as_posix())
    return out


@pytest.mark.browser
def test_triage_from_troubleshooting_home_to_a_fix(page, sample_url):
    page.goto(sample_url + "loi-thuong-gap/index.html")
    page.get_by_role("link", name="Tra cứu nhanh: hệ thống → bước → triệu chứng").click()
    page.wait_for_url("**/loi-thuong-gap/tra-cuu-nhanh.html")
    # Keyboard only: focus the first system, move with arrows (radio group), confirm each step.
    page.get_by_role("radio", name="Cổng Dịch vụ công", exact=False).first.focus()
    page.keyboard.press("Space")
    page.get_by_role("group", name="2. Anh/chị đang ở bước nào?").wait_for()
    page.get_by_role("radio", name="Đăng nhập", exact=False).check()
    symptoms = page.get_by_role("group", name="3. Màn hình báo gì?")
    symptoms.get_by_role("link", name="Mã xác thực không đúng", exact=False).click()
    page.wait_for_url("**/loi-thuong-gap/captcha-chu-thuong.html")
    assert page.locator("h2#cách-xử-lý").count() == 1
    assert page.locator(".tt-steps li").count() >= 3


@pytest.mark.browser
def test_triage_without_javascript_is_a_nested_list(browser, sample_url):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(sample_url + "loi-thuong-gap/tra-cuu-nhanh.html")
        systems = page.locator(".tt-triage__systems > li")
        assert systems.count() == len({e.system for e in load_catalog(REPO / "procedures", REPO).errors.values()})
        assert page.locator(".tt-triage__systems > li > ul > li > ul > li > a").count() >= 12
        assert page.get_by_role("link", name="Thuê bao không khớp với thuê bao nhà mạng", exact=False).is_visible()
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    "query",
    ["thue bao khong khop", "Thuê bao không khớp với thuê bao nhà mạng", "khong khop voi thue bao nha mang"],
)
def test_search_finds_an_error_by_a_fragment_of_its_message(page, sample_url, query):
    page.goto(sample_url)
    page.get_by_role("combobox", name=HOME_SEARCH).fill(query)
    first = page.get_by_role("option").first
    first.wait_for()
    assert first.locator("a").get_attribute("href").endswith("loi-thuong-gap/thue-bao-khong-khop.html")
