"""`thutuc serve`: a YAML edit reaches the served page without restarting."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project, publish_media


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_for(url: str, text: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        body = fetch(url)
        if body and text in body:
            return body
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never appeared at {url}")


def fetch_bytes(url: str) -> bytes | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read()
    except OSError:
        return None


def test_serve_shows_the_built_site_and_follows_edits(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    pdf = b"%PDF-1.7 ban thu\n%%EOF\n"
    publish_media(root, {"pdf/so-tay-thu.pdf": pdf}, writer="pdf")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generators.cli", "--project", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        url = f"{base}/thu-tuc/ho-tich/dang-ky-khai-sinh.html"
        page = wait_for(url, "Đăng ký khai sinh")
        assert "livereload" in page  # the browser is told to reload after an edit
        # Served like the built site: the practice portal and the media beside the pages.
        assert "<html" in (fetch(f"{base}/sandbox/index.html") or "")
        assert fetch_bytes(f"{base}/pdf/so-tay-thu.pdf") == pdf
        assert "404" in (fetch(f"{base}/khong-co-trang-nay.html") or "404")

        source = root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("summary: >-\n  ", "summary: >-\n  Bản xem trước đã sửa. ", 1),
                          encoding="utf-8")
        wait_for(url, "Bản xem trước đã sửa")
        # A broken file keeps the last good preview and says what is wrong.
        source.write_text(text.replace("\nname: ", "\nname:\n  - ", 1), encoding="utf-8")
        time.sleep(3)
        assert "Bản xem trước đã sửa" in (fetch(url) or "")
        source.write_text(text.replace("name: Đăng ký khai sinh\n", "name: Đăng ký khai sinh cho trẻ\n", 1),
                          encoding="utf-8")
        wait_for(url, "Đăng ký khai sinh cho trẻ")
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0].decode("utf-8", "replace")
    assert "dang-ky-khai-sinh.yaml" in output and "Chưa cập nhật bản xem trước" in output, output[-2000:]
    assert "Traceback" not in output, output[-2000:]


def test_an_address_in_use_is_one_clear_line(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = subprocess.run(
            [sys.executable, "-m", "generators.cli", "--project", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
            capture_output=True, text=True, timeout=300,
        )
    assert done.returncode != 0
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert f"không mở được 127.0.0.1:{port}" in done.stderr and "--addr" in done.stderr, done.stderr[-2000:]
