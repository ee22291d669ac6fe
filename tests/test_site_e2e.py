"""The built sample portal in a real headless Chromium: search, no foreign requests, escaping, phone width."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import build_project, copy_project, serve_directory

pytestmark = pytest.mark.browser

BIRTH = "thu-tuc/ho-tich/dang-ky-khai-sinh.html"
HOME_SEARCH = "Tìm thủ tục theo tên, mã thủ tục hoặc lỗi gặp phải"


def first_suggestion(page, query: str):
    box = page.get_by_role("combobox", name=HOME_SEARCH)
    box.fill(query)
    listbox = page.get_by_role("listbox", name="Kết quả tìm kiếm").first
    option = listbox.get_by_role("option").first
    option.wait_for()
    return option


@pytest.mark.parametrize("query", ["dang ky khai sinh", "Đăng ký khai sinh", "1.001193", "DANG KY KHAI SINH"])
def test_search_puts_birth_registration_first(page, sample_url, query):
    page.goto(sample_url)
    option = first_suggestion(page, query)
    assert option.locator(".tt-result__title").inner_text() == "Đăng ký khai sinh"
    assert option.locator("a").get_attribute("href").endswith(BIRTH)


def test_search_folds_d_with_stroke_and_matches_codes_whole(page, sample_url):
    page.goto(sample_url)
    # "đăng ký thường trú" typed as "dang ky thuong tru": đ must match d.
    option = first_suggestion(page, "dang ky thuong tru")
    assert option.locator(".tt-result__title").inner_text() == "Đăng ký thường trú"
    # A code is one token: the birth code must not match the residence code's digits.
    box = page.get_by_role("combobox", name=HOME_SEARCH)
    box.fill("1.004222")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[role=option] .tt-result__code')]"
        ".map(e => e.textContent).join() === '1.004222'"
    )


def test_keyboard_picks_a_result_and_enter_on_a_code_opens_it(page, sample_url):
    page.goto(sample_url)
    box = page.get_by_role("combobox", name=HOME_SEARCH)
    first_suggestion(page, "khai sinh")
    box.press("ArrowDown")
    active = box.get_attribute("aria-activedescendant")
    assert active and page.locator(f"#{active}").get_attribute("aria-selected") == "true"
    box.press("Enter")
    page.wait_for_url(re.compile(r".*/thu-tuc/.*\.html$"))

    page.goto(sample_url)
    first_suggestion(page, "1.001193")
    page.get_by_role("combobox", name=HOME_SEARCH).press("Enter")
    page.wait_for_url(f"**/{BIRTH}")


def test_search_page_lists_results_for_the_query_in_the_address(page, sample_url):
    page.goto(sample_url + "tim-kiem.html?q=khai%20sinh")
    results = page.locator(".tt-search-page__list .tt-result__title")
    results.first.wait_for()
    titles = results.all_inner_texts()
    assert titles[0] == "Đăng ký khai sinh"
    assert all("khai sinh" in t.lower() or "khai-sinh" in t for t in titles[:2])


def test_header_search_box_works_on_a_procedure_page(page, sample_url):
    page.goto(sample_url + BIRTH)
    box = page.get_by_role("combobox", name="Tìm thủ tục, mã thủ tục hoặc lỗi")
    box.fill("ly lich tu phap")
    option = page.get_by_role("option").first
    option.wait_for()
    assert "lý lịch tư pháp" in option.inner_text().lower()


def test_pages_request_nothing_from_other_hosts(page, sample_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(sample_url, wait_until="networkidle")
    first_suggestion(page, "khai sinh")  # also loads the search index
    page.goto(sample_url + BIRTH, wait_until="networkidle")
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith("data:")}
    assert hosts == {"127.0.0.1"}, requested
    # The bundled font really is the one in use (not a system fallback).
    assert page.evaluate("document.fonts.check('16px \"Noto Sans\"', 'Đăng ký')")
    assert any(url.endswith("noto-sans-400.woff2") for url in requested)


def test_procedure_page_has_every_section_a_clerk_needs(page, sample_url):
    page.goto(sample_url + BIRTH)
    headings = page.locator("article h2").all_inner_texts()
    for expected in ["Thành phần hồ sơ", "Các bước thực hiện", "Kết quả thực hiện", "Video hướng dẫn",
                     "Lỗi thường gặp", "Câu hỏi thường gặp", "Căn cứ pháp lý", "Thủ tục liên quan"]:
        assert any(h.startswith(expected) for h in headings), (expected, headings)
    # Anchors keep Vietnamese letters.
    assert page.locator("h2#thành-phần-hồ-sơ").count() == 1
    # The checklist is made of real checkboxes with labels.
    first_box = page.get_by_role("checkbox", name="Tờ khai đăng ký khai sinh")
    first_box.check()
    assert first_box.is_checked()
    assert page.locator(".tt-steps > li").count() >= 4
    assert page.locator(".tt-facts").get_by_text("1.001193").count() == 1


def test_readable_on_a_360px_phone(browser, sample_url):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2, is_mobile=True)
    try:
        page = context.new_page()
        for path in ["", BIRTH, "thu-tuc/ho-tich/index.html"]:
            page.goto(sample_url + path)
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= 360, f"{path or 'home'} is {overflow}px wide on a 360px screen"
            assert page.locator(".md-header .tt-search__input").is_visible()
    finally:
        context.close()


def test_text_from_yaml_is_shown_as_text_never_run(tmp_path: Path, browser):
    root = copy_project(tmp_path / "project")
    hostile = root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
    text = hostile.read_text(encoding="utf-8")
    text = text.replace("name: Đăng ký khai sinh", 'name: "Đăng ký <script>window.pwned=1</script> khai sinh"', 1)
    text = text.replace("summary: >-", 'summary: >-\n  <img src=x onerror="window.pwned=2"> *không in nghiêng*', 1)
    hostile.write_text(text, encoding="utf-8")
    site = build_project(root)

    server, url = serve_directory(site)
    context = browser.new_context()
    try:
        page = context.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url + BIRTH, wait_until="networkidle")
        assert page.evaluate("window.pwned") is None
        title = page.locator("article h1").inner_text().removesuffix("¶")
        assert title == "Đăng ký <script>window.pwned=1</script> khai sinh"
        assert page.locator("article script").count() == 0
        assert page.locator("article img[src=x]").count() == 0
        assert '<img src=x onerror="window.pwned=2">' in page.locator(".tt-lead").inner_text()
        # The search results show the name as text too.
        page.goto(url)
        page.get_by_role("combobox", name=HOME_SEARCH).fill("khai sinh")
        page.get_by_role("option").first.wait_for()
        assert page.evaluate("window.pwned") is None
        assert not dialogs
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_the_home_page_loads_the_search_index_while_idle_and_other_pages_do_not(page, sample_url):
    page.goto(sample_url)
    page.wait_for_function("performance.getEntriesByName('tt-search-index-ready').length === 1", timeout=15_000)
    page.goto(sample_url + BIRTH)
    page.wait_for_timeout(2500)
    assert page.evaluate("performance.getEntriesByName('tt-search-index-ready').length") == 0
