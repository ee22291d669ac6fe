"""Data is never code: hostile text in every kind of YAML field, built into a real site and
crawled in Chromium; walkthroughs that try to leave the portal; secrets that must not reach disk.

Each table uses payloads in several spellings (case, whitespace, control characters, entity
forms), because a fix that only stops ``<script>`` stops nothing.
"""

from __future__ import annotations

import http.server
import threading
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from conftest import build_project, copy_project, serve_directory, without_walkthrough
from generators import portal_url

# --------------------------------------------------------------------------------------
# Hostile text: every payload calls alert() if it ever runs, and is meant to stay text
# --------------------------------------------------------------------------------------

PAYLOADS = [
    'Đăng ký </title><script>alert("title")</script>',
    "Đăng ký [x](javascript:alert('link'))",
    "Đăng ký [x](JaVaScRiPt:alert('case'))",
    "Đăng ký [x]( javascript:alert('space') )",
    "Đăng ký [x](java&#x09;script:alert('entity'))",
    "Đăng ký [x](&#106;avascript:alert('entity2'))",
    "Đăng ký ![x](x\" onerror=\"alert('image'))",
    "Đăng ký <img src=x onerror=alert('img')>",
    "Đăng ký <IMG SRC=x OnErRoR=alert('img-case')>",
    "Đăng ký <svg/onload=alert('svg')>",
    "Đăng ký {: onclick=\"alert('attr')\" }",
    "Đăng ký {: tabindex=0 autofocus onfocus=alert('focus') }",
    "Đăng ký <a href=\"javascript:alert('a')\">a</a>",
    "Đăng ký &lt;script&gt;alert('entity-text')&lt;/script&gt;",
    "Đăng ký `mã` *nghiêng* __đậm__ <https://evil.example/>",
    "Đăng ký <iframe srcdoc=\"<script>alert('srcdoc')</script>\"></iframe>",
    "Đăng ký \"><script>alert('attr-break')</script>",
    "Đăng ký '><img src=x onerror=alert('quote')>",
    "Đăng ký [x]: javascript:alert('ref')",
    "Đăng ký <details open ontoggle=alert('toggle')>",
]
SLUG = "dang-ky-khai-sinh"
SITE_NAME = "Cẩm nang thủ tục hành chính cấp xã"


class Payloads:
    """Hands out the payloads in turn, so every field gets a different spelling."""

    def __init__(self) -> None:
        self.given = 0

    def __call__(self) -> str:
        value = PAYLOADS[self.given % len(PAYLOADS)]
        self.given += 1
        return value


def _rewrite(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def hostile_project(root: Path) -> dict[str, str]:
    """The sample project with a payload in every kind of text the pages print."""
    take = Payloads()
    chosen: dict[str, str] = {}
    procedures = root / "procedures"

    def procedure(p: dict) -> None:
        p["name"] = chosen["name"] = PAYLOADS[0]
        p["summary"] = chosen["summary"] = take()
        p["keywords"] = [take(), take()]
        for step in p["steps"]:
            step["title"], step["detail"] = take(), take()
        for case in p["documents"]:
            case["case"] = take()
            for item in case["items"]:
                item["name"] = take()
                if item.get("note"):
                    item["note"] = take()
        p["conditions"] = [take()]
        p["result"] = [take()]
        for channel in p["channels"]:
            channel["time"], channel["fee"] = take(), take()
        p["tips"] = [take()]
        p["faq"] = [{"q": take(), "a": take()}]
        for change in p.get("changes", []):
            change["summary"] = take()
        for related in p.get("related", []):
            related["note"] = take()

    _rewrite(procedures / "ho-tich" / f"{SLUG}.yaml", procedure)

    def domains(records: list) -> None:
        for d in records:
            if d["id"] == "ho-tich":
                d["name"] = chosen["domain"] = take()
                d["description"] = take()

    _rewrite(procedures / "_catalog" / "domains.yaml", domains)

    def errors(records: list) -> None:
        first = records[0]
        first["title"] = chosen["error"] = take()
        first["messages"] = [take()]
        first["causes"] = [take()]
        first["fix_steps"] = [take(), take()]
        first["tell_citizen"] = take()

    _rewrite(procedures / "_catalog" / "errors.yaml", errors)

    def legal(records: list) -> None:
        records[0]["title"] = take()

    _rewrite(procedures / "_catalog" / "legal.yaml", legal)

    def module(m: dict) -> None:
        m["title"] = chosen["module"] = take()
        m["objectives"] = [take()]
        for segment in m["agenda"]:
            segment["title"], segment["say"] = take(), take()
        for scenario in m.get("scenarios", []):
            scenario["title"], scenario["goal"] = take(), take()
        for question in m.get("quiz", []):
            question["q"], question["explanation"] = take(), take()
            for i, option in enumerate(question["options"]):
                option["text"] = take() + f" {i}"

    for path in sorted((procedures / "_modules").glob("*.yaml"))[:1]:
        _rewrite(path, module)
    return chosen


#: Run in every page: links, sources and handlers that payloads could have created.
FIND_ACTIVE_CONTENT = r"""() => {
  const found = [];
  const unsafe = v => /^(javascript|vbscript|data:text\/html)/i.test(v.replace(/[\u0000-\u0020]/g, ''));
  for (const el of document.querySelectorAll('*')) {
    for (const attr of el.attributes) {
      if (['href', 'src', 'action', 'formaction', 'data', 'xlink:href'].includes(attr.name) && unsafe(attr.value))
        found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      if (/^on/i.test(attr.name) && /alert/.test(attr.value)) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
      if (attr.name === 'srcdoc') found.push(`${el.tagName} srcdoc`);
    }
  }
  for (const script of document.scripts)
    if (/alert\(/.test(script.textContent)) found.push('script: ' + script.textContent);
  return found;
}"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    chosen = hostile_project(root)
    site = build_project(root)
    server, url = serve_directory(site)
    try:
        yield site, url, chosen
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_no_page_runs_or_links_text_from_yaml(hostile_site, browser) -> None:
    site, url, _ = hostile_site
    # Short addresses (kt/, th/) only forward to pages crawled here; test_training checks them.
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if 'http-equiv="refresh"' not in p.read_text(encoding="utf-8"))
    assert len(pages) > 30
    context = browser.new_context()
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        problems = {}
        for path in pages:
            page.goto(url + path, wait_until="load")
            found = page.evaluate(FIND_ACTIVE_CONTENT)
            if found:
                problems[path] = found
        assert problems == {}
        assert dialogs == []
    finally:
        context.close()


@pytest.mark.browser
def test_hostile_names_are_shown_as_the_text_written(hostile_site, page) -> None:
    _, url, chosen = hostile_site
    page.goto(url + f"thu-tuc/ho-tich/{SLUG}.html")
    assert page.title() == f"{chosen['name']} - {SITE_NAME}"
    assert page.locator("article h1").inner_text().removesuffix("¶").strip() == chosen["name"]
    assert page.locator(".tt-lead").inner_text() == chosen["summary"]
    assert page.locator("article h1 a:not(.headerlink)").count() == 0
    # The domain page's title and heading are text too.
    page.goto(url + "thu-tuc/ho-tich/index.html")
    assert page.title() == f"{chosen['domain']} - {SITE_NAME}"


@pytest.mark.browser
def test_search_results_show_hostile_names_as_text(hostile_site, page) -> None:
    _, url, chosen = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url)
    box = page.get_by_role("combobox").first
    box.fill("dang ky title")
    option = page.get_by_role("option").first
    option.wait_for()
    assert chosen["name"] in page.get_by_role("listbox").first.inner_text()
    assert page.evaluate(FIND_ACTIVE_CONTENT) == []
    assert dialogs == []


@pytest.mark.browser
def test_practice_portal_shows_hostile_names_as_text_and_ignores_prototype_keys(hostile_site, page) -> None:
    _, url, chosen = hostile_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + f"sandbox/index.html#/thu-tuc/{SLUG}")
    page.get_by_role("heading", level=1).wait_for()
    assert page.get_by_role("heading", level=1).inner_text() == chosen["name"]
    assert page.evaluate(FIND_ACTIVE_CONTENT) == []
    for address in ["#/thu-tuc/__proto__", "#/thu-tuc/constructor", "#/thu-tuc/toString",
                    "#/thu-tuc/hasOwnProperty"]:
        page.goto(url + "sandbox/index.html" + address)
        page.get_by_role("heading", name="Không tìm thấy trang").wait_for()
    for scenario in ["constructor", "__proto__", "toString"]:
        page.goto(url + f"sandbox/index.html?kich-ban={scenario}#/")
        page.get_by_text(f"Không tìm thấy bài thực hành “{scenario}”").wait_for()
    assert dialogs == []


@pytest.mark.browser
@pytest.mark.parametrize("after", ["//evil.example/x", "/\\evil.example/x", "https://evil.example/"])
def test_practice_portal_returns_to_its_own_paths_after_signing_in(hostile_site, page, after: str) -> None:
    _, url, _ = hostile_site
    page.goto(url + "sandbox/index.html?co-dinh=1#/vneid?tiep=" + quote(after, safe=""))
    page.get_by_role("button", name="Điền sẵn tài khoản thực hành").click()
    page.get_by_role("textbox", name="Mã xác thực").fill("hn2025")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("textbox", name="Mã OTP").fill("123456")
    page.get_by_role("button", name="Xác nhận").click()
    page.wait_for_function("location.hash === '#/'")
    assert page.url.startswith(url)


# --------------------------------------------------------------------------------------
# Walkthrough addresses: read as a browser reads them, and checked again when recording
# --------------------------------------------------------------------------------------

BASE = "http://127.0.0.1:8123/cong/"


@pytest.mark.parametrize("written", [
    "fi\tle:///etc/passwd", "java\nscript:alert(1)", "ht\rtp://127.0.0.1:22/", "\x00file:///etc/passwd",
    " \x1f https://evil.example/", "FILE:///etc/passwd", "\\\\evil.example\\x", "/\\evil.example/x",
    "//evil.example/", "\t//evil.example/", "data:text/html,x", "blob:http://127.0.0.1:8123/x",
    "../etc/passwd", "a/../../b", "%2e%2e/x", ".%2E/x", "a\\..\\..\\x", "view-source:http://x/",
])
def test_addresses_that_leave_the_portal_are_refused(written: str) -> None:
    with pytest.raises(ValueError):
        portal_url.portal_path(written)
    with pytest.raises(ValueError):
        portal_url.resolve(BASE, written)


@pytest.mark.parametrize(("written", "address"), [
    ("index.html", BASE + "index.html"),
    ("/index.html", BASE + "index.html"),
    ("?co-dinh=1#/vneid?tiep=/nop/dang-ky-khai-sinh/1", BASE + "?co-dinh=1#/vneid?tiep=/nop/dang-ky-khai-sinh/1"),
    ("#/tra-cuu?ma=../x", BASE + "#/tra-cuu?ma=../x"),
    ("dich-vu/khai-sinh.html", BASE + "dich-vu/khai-sinh.html"),
    ("dich-vu\\khai-sinh.html", BASE + "dich-vu/khai-sinh.html"),
    (" dich-vu/khai\tsinh.html\n", BASE + "dich-vu/khaisinh.html"),
])
def test_paths_inside_the_portal_resolve_below_its_root(written: str, address: str) -> None:
    assert portal_url.resolve(BASE, written) == address


class _Recording(http.server.SimpleHTTPRequestHandler):
    """Serves a folder and remembers every path asked for."""

    asked: list[str]

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.asked.append(self.path)
        super().do_GET()

    def log_message(self, *args) -> None:
        pass


def _serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str, list[str]]:
    asked: list[str] = []
    handler = type("Handler", (_Recording,), {"asked": asked})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             lambda *a: handler(*a, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/", asked


SECRET = "mat-khau-rat-bi-mat-7f3a9c"
VIDEO_SLUG = "xac-nhan-thong-tin-ve-cu-tru"


def _with_walkthrough(root: Path, steps: str) -> None:
    source = root / "procedures" / "cu-tru" / f"{VIDEO_SLUG}.yaml"
    text = without_walkthrough(source.read_text(encoding="utf-8"))
    source.write_text(text.rstrip("\n") + "\nwalkthrough:\n  steps:\n" + steps, encoding="utf-8")


@pytest.fixture
def portal_pair(tmp_path: Path):
    """A small portal whose page echoes what is typed and links to another local server."""
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    (other_dir / "bi-mat.html").write_text("<p>Máy khác</p>", encoding="utf-8")
    other, other_url, other_asked = _serve(other_dir)
    portal_dir = tmp_path / "portal"
    portal_dir.mkdir()
    (portal_dir / "index.html").write_text(f"""<!DOCTYPE html><html lang="vi"><meta charset="utf-8">
<title>Cổng thử</title>
<label>Mật khẩu <input id="pw" type="text"></label>
<p id="echo"></p>
<a href="{other_url}bi-mat.html">Sang máy khác</a>
<img src="{other_url}anh.png" alt="">
<script>
document.getElementById('pw').addEventListener('input', e => {{
  const echo = document.getElementById('echo');
  echo.textContent = 'Đã nhập: ' + e.target.value;
  echo.setAttribute('title', e.target.value);
}});
</script>""", encoding="utf-8")
    portal, url, _ = _serve(portal_dir)
    try:
        yield url, other_asked
    finally:
        for server in (portal, other):
            server.shutdown()
            server.server_close()


def _record(root: Path, portal: str):
    from generators.load import load_catalog
    from generators.settings import Settings
    from generators.video import record_walkthroughs

    (root / "thutuc.toml").write_text("[video]\ntimeout_seconds = 2\n", encoding="utf-8")
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    [result] = record_walkthroughs(catalog, settings, only=[VIDEO_SLUG], portal_url=portal)
    return result


@pytest.mark.browser
def test_a_walkthrough_cannot_reach_another_host(tmp_path: Path, portal_pair) -> None:
    url, other_asked = portal_pair
    root = copy_project(tmp_path / "project")
    _with_walkthrough(root, """\
    - open: index.html
      caption: Mở trang thử.
    - click: {role: link, name: Sang máy khác}
      caption: Bấm đường dẫn sang máy khác.
""")
    result = _record(root, url)
    assert result.status == "failed"
    assert result.error.startswith(f'{VIDEO_SLUG}: step 2 (click link "Sang máy khác"): '
                                   "đã chặn việc mở http://127.0.0.1:")
    assert result.error.endswith("/bi-mat.html: chỉ được mở trang trong cổng")
    # Neither the link nor the picture on the page reached the other server.
    assert other_asked == []


@pytest.mark.browser
def test_values_from_the_environment_never_reach_disk(tmp_path: Path, portal_pair, monkeypatch,
                                                       capsys) -> None:
    url, _ = portal_pair
    monkeypatch.setenv("THUTUC_TEST_SECRET", SECRET)
    root = copy_project(tmp_path / "project")
    _with_walkthrough(root, """\
    - open: index.html
      caption: Mở trang thử.
    - fill: {label: Mật khẩu, value: "${THUTUC_TEST_SECRET}"}
      caption: Gõ mật khẩu lấy từ biến môi trường.
    - expect: Dòng chữ không có trên trang
      caption: Bước này hỏng để cổng ghi lại trang lúc lỗi.
""")
    result = _record(root, url)
    assert result.status == "failed" and result.artifacts
    html = next(p for p in result.artifacts if p.suffix == ".html").read_text(encoding="utf-8")
    assert 'title="•••"' in html and "Đã nhập: " in html  # the echo is there, without the value
    leaked = [p for p in root.rglob("*") if p.is_file() and SECRET.encode() in p.read_bytes()]
    assert leaked == []
    out = capsys.readouterr()
    assert SECRET not in out.out + out.err + result.error


def test_a_linked_procedure_never_shows_a_local_path(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    elsewhere = tmp_path / "ngoai-du-an" / f"{SLUG}.yaml"
    elsewhere.parent.mkdir()
    source = root / "procedures" / "ho-tich" / f"{SLUG}.yaml"
    source.rename(elsewhere)
    source.symlink_to(elsewhere)
    site = build_project(root)
    html = (site / "thu-tuc" / "ho-tich" / f"{SLUG}.html").read_text(encoding="utf-8")
    assert f"<code>procedures/ho-tich/{SLUG}.yaml</code>" in html
    assert str(tmp_path) not in html
