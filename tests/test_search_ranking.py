"""Search ranking among confusable names, everyday words, codes, spellings and "not found",
typed into the real search box of a built portal in headless Chromium.

The catalogue is ``search_catalogue.py`` (about 60 real names that share most of their
words) with the repository's own lexicon of everyday terms.
"""

from __future__ import annotations

import re

import pytest
from search_catalogue import HOSTILE_NAME, HOSTILE_TERM, write_catalogue

from conftest import build_project, serve_directory

pytestmark = pytest.mark.browser

HOME_SEARCH = "Tìm thủ tục theo tên, mã thủ tục hoặc lỗi gặp phải"

BIRTH = "Đăng ký khai sinh"
MARRIAGE = "Đăng ký kết hôn"
SECURITY = "Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất"
CRIMINAL_RECORD = ("Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú "
                   "tại Việt Nam")

#: (query typed, the first result it must give)
OFFICIAL_WORDS = [
    ("đăng ký khai sinh", BIRTH),
    ("khai sinh", BIRTH),
    ("đăng ký lại khai sinh", "Đăng ký lại khai sinh"),
    ("khai sinh lại", "Đăng ký lại khai sinh"),
    ("khai sinh có yếu tố nước ngoài", "Đăng ký khai sinh có yếu tố nước ngoài"),
    ("khai sinh nước ngoài", "Đăng ký khai sinh có yếu tố nước ngoài"),
    ("khai sinh lưu động", "Đăng ký khai sinh lưu động"),
    ("kết hôn", MARRIAGE),
    ("đăng ký lại kết hôn", "Đăng ký lại kết hôn"),
    ("kết hôn có yếu tố nước ngoài", "Đăng ký kết hôn có yếu tố nước ngoài"),
    ("khai tử", "Đăng ký khai tử"),
    ("thường trú", "Đăng ký thường trú"),
    ("tạm trú", "Đăng ký tạm trú"),
    ("xóa thường trú", "Xóa đăng ký thường trú"),
    ("xóa đăng ký tạm trú", "Xóa đăng ký tạm trú"),
    ("gia hạn tạm trú", "Gia hạn tạm trú"),
    ("chứng thực bản sao", "Chứng thực bản sao từ bản chính"),
    ("chứng thực chữ ký", "Chứng thực chữ ký"),
    ("chứng thực chữ ký người dịch", "Chứng thực chữ ký người dịch"),
    ("trích lục hộ tịch", "Cấp bản sao trích lục hộ tịch"),
    ("bảo hiểm y tế trẻ em", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"),
    ("nuôi con nuôi trong nước", "Đăng ký việc nuôi con nuôi trong nước"),
    ("trợ cấp xã hội", "Trợ cấp xã hội hằng tháng"),
    ("hộ cận nghèo", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm"),
    # A domain page is first when its own name is typed, a procedure when one is named.
    ("hộ kinh doanh", "Hộ kinh doanh"),
    ("đăng ký thành lập hộ kinh doanh", "Đăng ký thành lập hộ kinh doanh"),
    ("lý lịch tư pháp", "Lý lịch tư pháp"),
    ("phiếu lý lịch tư pháp", CRIMINAL_RECORD),
]

#: (query in everyday words, first result, the term shown as "thường gọi")
EVERYDAY_WORDS = [
    ("nhập khẩu cho con", "Đăng ký thường trú", "nhập khẩu"),
    ("xin phiếu tư pháp", CRIMINAL_RECORD, "phiếu tư pháp"),
    ("xin phiếu tư pháp ở đâu", CRIMINAL_RECORD, "phiếu tư pháp"),
    ("thế chấp sổ hồng", SECURITY, "thế chấp, sổ hồng"),
    ("thế chấp sổ đỏ", SECURITY, "thế chấp, sổ đỏ"),
    ("làm CCCD cho con", "Cấp thẻ căn cước cho người dưới 14 tuổi", "CCCD cho con"),
    ("làm giấy khai sinh", BIRTH, "làm giấy khai sinh"),
    ("giấy xác nhận độc thân", "Xác nhận tình trạng hôn nhân", "giấy xác nhận độc thân"),
    ("báo tử", "Đăng ký khai tử", "báo tử"),
    ("cắt khẩu", "Xóa đăng ký thường trú", "cắt khẩu"),
    ("tách khẩu", "Tách hộ", "tách khẩu"),
    ("hộ khẩu", "Đăng ký thường trú", "hộ khẩu"),
    ("KT3", "Đăng ký tạm trú", "KT3"),
    ("photo công chứng", "Chứng thực bản sao từ bản chính", "photo công chứng"),
    ("công chứng chữ ký", "Chứng thực chữ ký", "công chứng chữ ký"),
    ("thẻ BHYT cho trẻ em", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi", "thẻ BHYT"),
    ("giấy phép kinh doanh", "Đăng ký thành lập hộ kinh doanh", "giấy phép kinh doanh"),
    ("đăng ký kinh doanh", "Đăng ký thành lập hộ kinh doanh", "đăng ký kinh doanh"),
    ("tiền mai táng", "Hỗ trợ chi phí mai táng", "tiền mai táng"),
    ("nhận con nuôi", "Đăng ký việc nuôi con nuôi trong nước", "nhận con nuôi"),
    ("sửa tên", "Thay đổi, cải chính, bổ sung thông tin hộ tịch", "sửa tên"),
]

#: Codes with and without their dots, and the spellings people type.
CODES_AND_SPELLINGS = [
    ("1.001193", BIRTH),
    ("1001193", BIRTH),
    ("2.000815", "Chứng thực bản sao từ bản chính"),
    ("2000815", "Chứng thực bản sao từ bản chính"),
    ("1.011442", "Đăng ký thay đổi nội dung biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất"),
    ("dang ky khai sinh", BIRTH),
    ("dang ki khai sinh", BIRTH),
    ("đăng kí kết hôn", MARRIAGE),
    ("DANG KY KET HON", MARRIAGE),
    ("phieu li lich tu phap", CRIMINAL_RECORD),
    ("khaisinh", BIRTH),
    ("dangky kethon", MARRIAGE),
    ("thuongtru", "Đăng ký thường trú"),
    ("dang ky kha i sinh", BIRTH),
    ("đăng  ký   tạm trú", "Đăng ký tạm trú"),
]

#: Queries whose words do not all match: "not found", never loosely related procedures.
NOT_FOUND = ["xe máy", "đăng ký ô tô", "hộ chiếu", "ly hôn", "giấy phép xây dựng", "khai sinh cho mèo",
             "nhập khẩu hàng hóa", "abcxyz"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory):
    site = build_project(write_catalogue(tmp_path_factory.mktemp("catalogue")))
    server, url = serve_directory(site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def home(browser, site_url):
    """One home page for the module: each query is typed into the same search box."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(site_url)
    try:
        yield page
    finally:
        context.close()


def type_query(page, query: str) -> dict:
    """Type ``query`` into the search box; the answer as the listbox shows it."""
    box = page.get_by_role("combobox", name=HOME_SEARCH)
    box.fill(query)
    shown = query.strip()
    page.wait_for_function(
        "(q) => [...document.querySelectorAll('.tt-search__more')].some(e => e.textContent.includes('“' + q + '”'))",
        arg=shown)
    listbox = page.get_by_role("listbox", name="Kết quả tìm kiếm").first
    options = listbox.locator(".tt-search__option:not(.tt-search__option--hint)")
    hints = listbox.locator(".tt-search__option--hint")
    return {
        "titles": options.locator(".tt-result__title").all_inner_texts(),
        "metas": options.locator(".tt-result__meta").all_inner_texts(),
        "hints": hints.locator(".tt-result__title").all_inner_texts(),
        "message": listbox.locator(".tt-search__more").inner_text(),
        "status": page.locator("form:has(#tt-search-home) .tt-search__status").inner_text(),
    }


@pytest.mark.parametrize(("query", "first"), OFFICIAL_WORDS + CODES_AND_SPELLINGS)
def test_first_result(home, query: str, first: str) -> None:
    answer = type_query(home, query)
    assert answer["titles"][:1] == [first], answer["titles"]


@pytest.mark.parametrize(("query", "first", "term"), EVERYDAY_WORDS)
def test_everyday_words_through_the_lexicon(home, query: str, first: str, term: str) -> None:
    answer = type_query(home, query)
    assert answer["titles"][:1] == [first], answer["titles"]
    assert answer["metas"][0].endswith(f"thường gọi: {term}")


def test_official_words_are_not_labelled_as_everyday_words(home) -> None:
    answer = type_query(home, "đăng ký thường trú")
    assert answer["titles"][0] == "Đăng ký thường trú"
    assert "thường gọi" not in answer["metas"][0]


@pytest.mark.parametrize("query", NOT_FOUND)
def test_queries_that_match_nothing_say_so(home, query: str) -> None:
    answer = type_query(home, query)
    assert answer["titles"] == []
    assert answer["message"].startswith(f"Không tìm thấy “{query}”.")
    assert answer["status"].startswith("Không có kết quả")


def test_not_found_suggests_the_closest_names_and_terms(home) -> None:
    answer = type_query(home, "thường trus ")  # a typo, the word finished
    assert answer["titles"] == []
    assert answer["message"] == "Không tìm thấy “thường trus”. Có phải anh/chị muốn tìm:"
    assert answer["hints"][0] == "Đăng ký thường trú"

    answer = type_query(home, "nhập khẩu hàng hóa")  # importing goods: no procedure here
    assert answer["titles"] == []
    assert "nhập khẩu" in answer["hints"]


def test_a_code_with_or_without_dots_opens_its_page_on_enter(home, site_url) -> None:
    type_query(home, "1001193")
    home.get_by_role("combobox", name=HOME_SEARCH).press("Enter")
    home.wait_for_url(re.compile(r".*/thu-tuc/ho-tich/.*\.html$"))
    assert home.locator("article h1").inner_text().removesuffix("¶") == BIRTH
    home.goto(site_url)


def test_typed_key_by_key(home) -> None:
    box = home.get_by_role("combobox", name=HOME_SEARCH)
    box.fill("")
    box.press_sequentially("nhap khau cho con", delay=20)
    answer = type_query(home, "nhap khau cho con")
    assert answer["titles"][0] == "Đăng ký thường trú"


def test_search_page_uses_the_lexicon_and_says_not_found(browser, site_url) -> None:
    page = browser.new_page()
    try:
        page.goto(site_url + "tim-kiem.html?q=th%E1%BA%BF%20ch%E1%BA%A5p%20s%E1%BB%95%20h%E1%BB%93ng")
        first = page.locator(".tt-search-page__list .tt-result").first
        first.wait_for()
        assert first.locator(".tt-result__title").inner_text() == SECURITY
        assert "thường gọi: thế chấp, sổ hồng" in first.locator(".tt-result__meta").inner_text()
        page.goto(site_url + "tim-kiem.html?q=xe%20m%C3%A1y")
        count = page.locator(".tt-search-page__count")
        count.wait_for()
        assert count.inner_text().startswith("Không tìm thấy “xe máy”.")
        assert page.locator(".tt-search-page__list li").count() == 0
    finally:
        page.close()


def test_hostile_names_and_terms_are_shown_as_text(home) -> None:
    dialogs: list[str] = []
    home.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    answer = type_query(home, HOSTILE_TERM)
    assert answer["titles"][0] == BIRTH
    assert answer["metas"][0].endswith(f"thường gọi: {HOSTILE_TERM}")
    answer = type_query(home, "thử nghiệm")
    assert answer["titles"] == [HOSTILE_NAME]
    assert home.locator(".tt-search__list img").count() == 0
    assert home.evaluate("window.pwned") is None
    assert not dialogs


# The repository's own catalogue: the same rules hold on the real sample content.
REAL = [
    ("nhập khẩu cho con", lambda title: title == "Đăng ký thường trú"),
    ("xin phiếu tư pháp", lambda title: title.startswith("Cấp Phiếu lý lịch tư pháp")),
    ("thế chấp sổ hồng", lambda title: "quyền sử dụng đất" in title and not title.startswith("Xóa")),
    ("giấy khai sinh", lambda title: title == BIRTH),
    ("1001193", lambda title: title == BIRTH),
    ("dang ki khai sinh", lambda title: title == BIRTH),
    # Two words of an on-screen error message do not put the error before the procedure.
    ("kết hôn", lambda title: title == MARRIAGE),
    ("tách khẩu", lambda title: title == "Tách hộ"),
]


@pytest.mark.parametrize(("query", "expected"), REAL, ids=[q for q, _ in REAL])
def test_real_catalogue(page, sample_url, query: str, expected) -> None:
    page.goto(sample_url)
    answer = type_query(page, query)
    assert answer["titles"] and expected(answer["titles"][0]), answer["titles"]


def test_real_catalogue_says_not_found(page, sample_url) -> None:
    page.goto(sample_url)
    answer = type_query(page, "đăng ký xe máy")
    assert answer["titles"] == [] and answer["message"].startswith("Không tìm thấy")
