"""Make the sample upload files of the practice portal (run once; the outputs are committed).

    .venv/bin/python sandbox/mau/tao_mau.py

Writes ``giay-to-mau.pdf`` (one A5 page) and ``anh-giay-to-mau.png`` (a small picture of a
document) next to this script, with headless Chromium (the system's when installed) and the
bundled Noto Sans, so Vietnamese text is set correctly. Each file must stay under 20 KB.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
FONTS = HERE.parents[1] / "docs" / "assets" / "fonts"
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
LIMIT = 20 * 1024

PAGE = """<!doctype html><html lang="vi"><meta charset="utf-8"><style>
@font-face {{ font-family: N; src: url("{font}") format("woff2"); }}
@page {{ size: A5; margin: 14mm; }}
body {{ font-family: N, sans-serif; color: #222; margin: 0; }}
.doc {{ width: {width}; padding: {pad}; border: 2px solid #b3191f; }}
h1 {{ font-size: {h1}; font-weight: normal; text-align: center; color: #b3191f; margin: 0 0 .4em; }}
p {{ font-size: {p}; margin: .3em 0; }}
.stamp {{ margin-top: .8em; text-align: right; color: #b3191f; font-size: {p}; }}
</style><div class="doc">
<h1>GIẤY TỜ MẪU</h1>
<p>Tệp dùng để thực hành tải lên trên Cổng Dịch vụ công bản thực hành.</p>
<p>Không có giá trị pháp lý. Không dùng để nộp hồ sơ thật.</p>
<div class="stamp">MẪU THỰC HÀNH</div>
</div></html>"""


def main() -> None:
    font = (FONTS / "noto-sans-400.woff2").as_uri()
    with sync_playwright() as playwright:
        executable = str(SYSTEM_CHROMIUM) if SYSTEM_CHROMIUM.exists() else None
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            html = HERE / "_mau.html"
            html.write_text(PAGE.format(font=font, width="auto", pad="8mm", h1="20pt", p="11pt"),
                            encoding="utf-8")
            page.goto(html.as_uri())
            page.pdf(path=str(HERE / "giay-to-mau.pdf"), format="A5", print_background=True)
            html.write_text(PAGE.format(font=font, width="300px", pad="14px", h1="18px", p="11px"),
                            encoding="utf-8")
            page.goto(html.as_uri())
            page.locator(".doc").screenshot(path=str(HERE / "anh-giay-to-mau.png"))
            html.unlink()
        finally:
            browser.close()
    for name in ("giay-to-mau.pdf", "anh-giay-to-mau.png"):
        size = (HERE / name).stat().st_size
        print(f"{name}: {size} bytes")
        if size >= LIMIT:
            raise SystemExit(f"{name} is {size} bytes; keep sample files under {LIMIT} bytes")


if __name__ == "__main__":
    main()
