"""Shared fixtures: a copy of the project in tmp_path, a loopback web server, headless Chromium."""

from __future__ import annotations

import hashlib
import http.server
import shutil
import struct
import zlib
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from generators.browser import CHROMIUM_ARGS, chromium_executable
from generators.video.portal import serve_folder
from generators.yamlsource import plain_value

REPO = Path(__file__).resolve().parents[1]


def copy_project(target: Path, *, procedures: bool = True) -> Path:
    """A project folder like the repository's: config, theme overrides, docs, procedures."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(REPO / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(REPO / "overrides", target / "overrides")
    shutil.copytree(REPO / "docs", target / "docs")
    if procedures:
        shutil.copytree(REPO / "procedures", target / "procedures")
    return target


class _Yaml12Dumper(yaml.SafeDumper):
    """PyYAML writes YAML 1.1: text such as ``001090012345`` goes out unquoted, and YAML 1.2 (the
    loader, editors) reads it back as a number. Quote such text."""


def _text_12(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = '"' if not isinstance(plain_value(text), str) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Yaml12Dumper.add_representer(str, _text_12)


def yaml_text(data: object) -> str:
    """``data`` as YAML that reads back the same under YAML 1.2."""
    return yaml.dump(data, Dumper=_Yaml12Dumper, allow_unicode=True, sort_keys=False)


def tree_digest(folder: Path) -> str:
    """One digest of a folder's names and bytes: equal digests, identical trees."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(path.relative_to(folder).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def without_walkthrough(text: str) -> str:
    """A procedure file's text without its ``walkthrough:`` block (and the comment above it)."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith("walkthrough:")), None)
    if start is None:
        return text
    end = next((i for i in range(start + 1, len(lines)) if lines[i][:1] not in (" ", "\n", "#")), len(lines))
    while start > 0 and lines[start - 1].startswith("#"):
        start -= 1
    return "".join(lines[:start] + lines[end:])


def build_project(root: Path, stages: tuple[str, ...] = ("site",)) -> Path:
    """Build a project's site; by default without the media stages (they have their own tests)."""
    from generators.build import build
    from generators.settings import Settings

    build(Settings.for_project(root), stages=stages)
    return root / "site"


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory) -> Path:
    """The sample portal, built once for the session from the repository's procedures."""
    return build_project(copy_project(tmp_path_factory.mktemp("sample")))


def serve_directory(directory: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port (the server the recorder uses); the caller shuts it down."""
    return serve_folder(directory)


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    server, url = serve_directory(sample_site)
    try:
        yield url
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session: the system's when installed, else Playwright's."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_executable(playwright), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        yield page
    finally:
        context.close()


def png(width: int, height: int, rgb: tuple[int, int, int]) -> bytes:
    """A real, single-colour PNG."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def publish_media(root: Path, files: dict[str, bytes], writer: str = "video") -> None:
    """Put files in a project's media/ as a stage would: written through its output ledger
    (only what the ledger records is published)."""
    from generators.media import media_ledger
    from generators.settings import Settings

    ledger = media_ledger(Settings.for_project(root))
    for path, data in files.items():
        ledger.declare(writer, path, "test")
        ledger.write(writer, path, data, "test")
    ledger.save()
