"""`thutuc serve`: a YAML edit reaches the served page without restarting."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import copy_project


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


def test_serve_regenerates_the_page_when_a_yaml_changes(tmp_path: Path):
    root = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "generators.cli", "--project", str(root), "serve", "--addr", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/thu-tuc/ho-tich/dang-ky-khai-sinh.html"
        wait_for(url, "Đăng ký khai sinh")
        source = root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
        text = source.read_text(encoding="utf-8")
        source.write_text(text.replace("name: Đăng ký khai sinh\n", "name: Đăng ký khai sinh cho trẻ\n", 1),
                          encoding="utf-8")
        wait_for(url, "Đăng ký khai sinh cho trẻ")
    finally:
        server.terminate()
        server.wait(timeout=10)
