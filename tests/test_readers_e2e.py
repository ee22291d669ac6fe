"""The portal as readers get it: phones, keyboards, screen readers, Vietnamese in every font.

axe-core (installed by scripts/setup.sh into .test-tools/) checks every page type at a
phone's width and a desktop's; the other tests look at what axe cannot judge: the fonts
really drawing the text, words kept whole in tables, the menu reachable by keyboard, the
search list clear of the box, the portal's own strings.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import REPO

AXE = REPO / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"

#: One page of each type the build makes (paths relative to the site).
PAGE_TYPES = {
    "home": "index.html",
    "domains": "thu-tuc/index.html",
    "domain": "thu-tuc/ho-tich/index.html",
    "procedure": "thu-tuc/ho-tich/dang-ky-khai-sinh.html",
    "error page": "loi-thuong-gap/captcha-chu-thuong.html",
    "troubleshooting home": "loi-thuong-gap/index.html",
    "triage": "loi-thuong-gap/tra-cuu-nhanh.html",
    "downloads": "tai-ve.html",
    "what's new": "co-gi-moi.html",
    "training home": "dao-tao/index.html",
    "training plan": "dao-tao/cu-tru/index.html",
    "training quiz": "dao-tao/cu-tru/kiem-tra.html",
    "search": "tim-kiem.html?q=khai+sinh",
    "404": "404.html",
}
WIDTHS = {"phone": 360, "desktop": 1366}


@pytest.fixture
def sized(browser, request):
    """A page at the width given by the test's ``width`` parameter."""
    context = browser.new_context(locale="vi-VN", viewport={"width": request.param, "height": 800})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


# --------------------------------------------------------------------------------------
# axe-core: no serious or critical violation on any page type, on a phone or a desktop
# --------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("sized", WIDTHS.values(), ids=WIDTHS.keys(), indirect=True)
@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_axe_finds_no_serious_or_critical_violation(sized, sample_url: str, path: str):
    if not AXE.is_file():
        pytest.fail(f"{AXE.relative_to(REPO)} is missing: run scripts/setup.sh (it installs axe-core from npm)")
    sized.goto(sample_url + path, wait_until="networkidle")
    sized.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    result = sized.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]
               if v["impact"] in {"serious", "critical"}]
    assert not serious, serious


# --------------------------------------------------------------------------------------
# Fonts: Vietnamese drawn by the bundled faces, never a system fallback
# --------------------------------------------------------------------------------------


def rendering_fonts(page, selector: str) -> list[dict]:
    """The fonts Chromium really used to draw the text of an element (DevTools protocol)."""
    session = page.context.new_cdp_session(page)
    session.send("DOM.enable")
    session.send("CSS.enable")
    root = session.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = session.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]


@pytest.mark.browser
def test_on_screen_messages_are_drawn_in_the_bundled_monospace_face(page, sample_url: str):
    page.goto(sample_url + PAGE_TYPES["error page"], wait_until="networkidle")
    message = page.locator(".tt-screen-message").first
    text = message.inner_text()
    assert re.search(r"[ộồốổỗơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏớờởỡợụủứừửữựỳỵỷỹđ]", text.lower()), text
    family = message.evaluate("e => getComputedStyle(e).fontFamily")
    assert family.startswith('"Noto Sans Mono"'), family
    assert page.evaluate("document.fonts.check('16px \"Noto Sans Mono\"', 'hồ sơ quốc')")
    fonts = rendering_fonts(page, ".tt-screen-message")
    # Every glyph, base letters and accents alike, from the bundled file: no DejaVu Sans Mono.
    assert fonts and all(f["familyName"] == "Noto Sans Mono" and f["isCustomFont"] for f in fonts), fonts


@pytest.mark.browser
def test_body_text_is_drawn_in_the_bundled_noto_sans_only(page, sample_url: str):
    page.goto(sample_url + PAGE_TYPES["procedure"], wait_until="networkidle")
    fonts = rendering_fonts(page, "article h1")
    assert fonts and all(f["familyName"] == "Noto Sans" and f["isCustomFont"] for f in fonts), fonts


# --------------------------------------------------------------------------------------
# Phones: cards for lists of procedures, tables whose words stay whole
# --------------------------------------------------------------------------------------

#: Reports every word of a table cell that is drawn on more than one line.
BROKEN_WORDS = """root => {
  const broken = [];
  for (const cell of root.querySelectorAll('.tt-table-wrap td, .tt-table-wrap th')) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


@pytest.mark.browser
@pytest.mark.parametrize("sized", [360], ids=["phone"], indirect=True)
@pytest.mark.parametrize("path", ["procedure", "domain", "domains", "downloads", "training home"])
def test_no_word_in_a_table_is_broken_at_360_px(sized, sample_url: str, path: str):
    sized.goto(sample_url + PAGE_TYPES[path], wait_until="networkidle")
    assert sized.locator(".tt-table-wrap").count() or path == "downloads"
    assert sized.evaluate(BROKEN_WORDS, sized.locator("article").element_handle()) == []
    # The page itself never scrolls sideways; only a table's own frame may.
    assert sized.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.browser
@pytest.mark.parametrize("sized", [360], ids=["phone"], indirect=True)
def test_procedures_are_cards_on_a_phone(sized, sample_url: str):
    sized.goto(sample_url + PAGE_TYPES["domain"], wait_until="networkidle")
    rows = sized.locator("table.tt-procedures tbody tr")
    assert rows.count() >= 2
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.evaluate("r => getComputedStyle(r).display") == "block"
        name = row.locator("td").nth(1)
        # The name takes the card's width, not a squeezed column.
        assert name.bounding_box()["width"] > 250
    wrap = sized.locator(".tt-table-wrap").first
    assert wrap.evaluate("w => w.scrollWidth <= w.clientWidth + 1")


@pytest.mark.browser
@pytest.mark.parametrize("sized", [360], ids=["phone"], indirect=True)
def test_a_table_that_scrolls_says_so_and_takes_the_keyboard(sized, sample_url: str):
    sized.goto(sample_url + PAGE_TYPES["procedure"], wait_until="networkidle")
    legal = sized.locator(".tt-table-wrap:has(table.tt-legal)")
    assert legal.evaluate("w => w.scrollWidth > w.clientWidth")
    assert legal.get_attribute("tabindex") == "0" and legal.get_attribute("role") == "region"
    hint = sized.locator(".tt-table-wrap:has(table.tt-legal) + *, .tt-table-hint").first
    assert hint.is_visible() and "cuộn ngang" in hint.inner_text()
    legal.focus()
    sized.keyboard.press("ArrowRight")
    sized.wait_for_function("w => w.scrollLeft > 0", arg=legal.element_handle())
    # A table that fits gets neither.
    sized.set_viewport_size({"width": 1366, "height": 800})
    sized.wait_for_function("w => !w.hasAttribute('tabindex')", arg=legal.element_handle())
    assert sized.locator(".tt-table-hint").count() == 0


# --------------------------------------------------------------------------------------
# Search box, menu, the portal's own strings
# --------------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.parametrize("sized", [360, 1366], ids=["phone", "desktop"], indirect=True)
@pytest.mark.parametrize(("path", "form"), [("home", ".tt-search--big"), ("procedure", ".tt-search--header")])
def test_the_search_list_has_no_bullets_and_leaves_the_box_visible(sized, sample_url: str, path: str, form: str):
    # The procedure page has a notice above the header: the header's box is not at the top.
    sized.goto(sample_url + PAGE_TYPES[path], wait_until="networkidle")
    box = sized.locator(f"{form} .tt-search__input")
    box.fill("khai sinh")
    options = sized.locator(f"{form} [role=option]")
    options.first.wait_for()
    assert all(style == "none" for style in options.evaluate_all(
        "items => items.map(li => getComputedStyle(li).listStyleType)"))
    assert options.first.evaluate("li => getComputedStyle(li, '::marker').content") in {"none", "normal", ""}
    listed, typed = sized.locator(f"{form} .tt-search__list").bounding_box(), box.bounding_box()
    assert listed["y"] >= typed["y"] + typed["height"] - 1  # below the box, never over it
    assert box.evaluate("b => document.elementFromPoint(b.getBoundingClientRect().left + 5, "
                        "b.getBoundingClientRect().top + 5) === b")


@pytest.mark.browser
@pytest.mark.parametrize("sized", [360], ids=["phone"], indirect=True)
def test_the_menu_button_works_from_the_keyboard(sized, sample_url: str):
    sized.goto(sample_url + PAGE_TYPES["procedure"], wait_until="networkidle")
    menu = sized.get_by_role("button", name="Mở danh mục")
    for _ in range(6):  # the skip link, the logo, then the menu
        sized.keyboard.press("Tab")
        if menu.evaluate("b => b === document.activeElement"):
            break
    assert menu.evaluate("b => b === document.activeElement")
    assert menu.get_attribute("aria-expanded") == "false"
    sized.keyboard.press("Enter")
    assert menu.get_attribute("aria-expanded") == "true"
    assert sized.evaluate("document.getElementById('__drawer').checked")
    assert sized.locator(".md-sidebar--primary").evaluate("s => s.contains(document.activeElement)")
    sized.keyboard.press("Escape")
    assert menu.get_attribute("aria-expanded") == "false"
    assert menu.evaluate("b => b === document.activeElement")


@pytest.mark.browser
def test_the_portal_speaks_vietnamese(page, sample_url: str):
    page.goto(sample_url + PAGE_TYPES["procedure"], wait_until="networkidle")
    footer = page.locator(".md-footer-meta").inner_text()
    assert "Made with" not in footer and "Material for MkDocs" not in footer
    assert "tài liệu đào tạo cán bộ bộ phận một cửa" in footer
    assert page.locator(".md-top").inner_text().strip() == "Lên đầu trang"
    assert set(page.locator(".md-logo img").evaluate_all("imgs => imgs.map(i => i.alt)")) \
        == {"Cẩm nang thủ tục hành chính cấp xã"}

    page.goto(sample_url + PAGE_TYPES["404"], wait_until="networkidle")
    assert page.locator("article h1").inner_text() == "Không tìm thấy trang"
    assert page.get_by_role("search", name="Tìm kiếm trong cẩm nang").locator("input[type=search]").is_visible()
    # The server shows this page at any missing address: its links start from the site's root.
    for name, target in [("Trang chủ", "index.html"), ("Thủ tục theo lĩnh vực", "thu-tuc/index.html"),
                         ("Xử lý lỗi thường gặp", "loi-thuong-gap/index.html"), ("Tải sổ tay PDF", "tai-ve.html")]:
        link = page.locator("article").get_by_role("link", name=name, exact=True)
        assert link.get_attribute("href") == "/" + target


def test_no_markdown_attribute_reaches_the_html(sample_site: Path):
    offenders = [p.relative_to(sample_site).as_posix() for p in sample_site.rglob("*.html")
                 if re.search(r"<[a-z][^>]*\smarkdown=", p.read_text(encoding="utf-8"))]
    assert offenders == []
