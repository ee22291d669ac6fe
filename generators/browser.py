"""The one headless Chromium every stage uses (PDFs, videos) and the tests too, and the one
way to run a browser stage's event loop."""

from __future__ import annotations

from pathlib import Path

from .problems import UserError

#: Debian's package; preferred because `playwright install` cannot download browsers here.
SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
#: Flags for a quiet, offline, headless run (as root, hence --no-sandbox).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--no-first-run",
]


class ChromiumMissing(UserError):
    """No Chromium to print or record with."""


def chromium_executable(playwright) -> str | None:
    """The system's Chromium when installed (Debian package), else Playwright's own, else an error."""
    if SYSTEM_CHROMIUM.is_file():
        return str(SYSTEM_CHROMIUM)
    try:
        bundled = Path(playwright.chromium.executable_path)
    except Exception:  # no browser registry at all
        bundled = None
    if bundled and bundled.is_file():
        return None
    raise ChromiumMissing("Không tìm thấy Chromium: cài gói chromium (apt-get install chromium)")


async def launch(playwright):
    """Start the headless Chromium (async Playwright); one clear error when it cannot start."""
    from playwright.async_api import Error

    executable = chromium_executable(playwright)
    try:
        return await playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
    except Error as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ChromiumMissing(f"Không khởi động được Chromium ({first_line}): cài lại gói chromium "
                              "(apt-get install --reinstall chromium)") from None


def run_async(coroutine):
    """Run a browser stage's event loop; in a worker thread when this thread already runs one
    (a caller using Playwright's sync API, for instance)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(1, thread_name_prefix="thutuc-browser") as pool:
        return pool.submit(asyncio.run, coroutine).result()
