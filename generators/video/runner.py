"""Drive the portal through a walkthrough in Chromium (Playwright, async API), with the visual
aids injected into every page, while the screencast collects frames.

Steps run at full speed: the only waiting is the cursor's short travel and the click ripple,
which are part of what the video shows. Holding each step long enough to read is done later,
when composing, by repeating frames.
"""

from __future__ import annotations

import asyncio
import difflib
import functools
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, Locator, Page, expect
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from .. import model, portal_url
from . import aids
from .capture import Frame, FrameCapture, clock
from .portal import SHOWN_SCRIPT, Shown


@dataclass(frozen=True)
class Job:
    """One walkthrough to record, with everything the runner needs to know about it."""

    slug: str
    procedure: model.Procedure
    base_url: str
    portal_label: str
    samples: Path
    failures: Path
    fonts: str
    captions_in_page: bool
    timeout: float
    #: Told (step number, steps) as each step starts: the live progress line on a terminal.
    progress: Callable[[int, int], None] | None = None

    @property
    def walkthrough(self) -> model.Walkthrough:
        assert self.procedure.walkthrough is not None
        return self.procedure.walkthrough

    @property
    def viewport(self) -> dict[str, int]:
        viewport = self.walkthrough.viewport or model.Viewport()
        return {"width": viewport.width, "height": viewport.height}


@dataclass
class StepMark:
    """When a step began and ended on the recording clock."""

    number: int
    step: model.WalkthroughStep
    start: float
    end: float = 0.0


@dataclass
class Still:
    """A picture of the portal at one step: PNG bytes, and where the target is outlined."""

    number: int
    png: bytes
    outline: dict | None


@dataclass
class Recording:
    """The raw material of a video: frames, when the title card and each step were on screen
    (recording clock), how long it took, the size of the frames, and a still per step."""

    frames: list[Frame]
    title: tuple[float, float]
    steps: list[StepMark]
    wall_time: float
    size: tuple[int, int]
    stills: list[Still] = field(default_factory=list)
    #: What the sandbox noted it showed (screens, procedure records); None from another portal.
    shown: Shown | None = None


@dataclass
class StepFailed(Exception):
    """A step could not be done; the artifacts show the page at that moment."""

    number: int
    action: str
    target: str
    reason: str
    artifacts: list[Path] = field(default_factory=list)

    def __str__(self) -> str:
        return f"step {self.number} ({self.action} {self.target}): {self.reason}"


# --------------------------------------------------------------------------------------
# Recording one walkthrough
# --------------------------------------------------------------------------------------


async def record(browser: Browser, job: Job) -> Recording:
    """Record ``job`` in a fresh browser context; raise :class:`StepFailed` at the first step that
    cannot be done, after saving a screenshot and the page's HTML."""
    began = time.perf_counter()
    viewport = job.viewport
    context = await browser.new_context(viewport=viewport, device_scale_factor=1, locale="vi-VN",
                                        timezone_id="Asia/Ho_Chi_Minh", bypass_csp=True,
                                        service_workers="block")
    capture = FrameCapture()
    try:
        # Nothing outside the portal's origin is ever fetched or shown, whatever the script says.
        left: list[str] = []
        await context.route("**/*", functools.partial(_stay_on_portal, job.base_url, left))
        await context.add_init_script(script=aids.overlay_script(job.fonts, captions=job.captions_in_page))
        page = await context.new_page()
        page.set_default_timeout(job.timeout * 1000)
        driver = _Driver(job, context, page, left)
        await page.screencast.start(on_frame=capture.on_frame, size=viewport, quality=90)
        try:
            title_start = clock()
            await page.set_content(aids.title_card(job.procedure, job.fonts, width=viewport["width"],
                                                   height=viewport["height"], portal=job.portal_label))
            await page.evaluate("Promise.all(Array.from(document.fonts, f => f.load())).then(() => "
                                "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r))))")
            # The card is only on screen once a frame painted after the fonts loaded has
            # reached us; frames arrive asynchronously, so wait for it (not a fixed sleep).
            await _frame_since(capture, clock())
            title = (title_start, clock())
            marks = await driver.run()
            await page.evaluate("1")  # lets the last frames reach us before stopping
            shown = await _shown(page)
        finally:
            try:
                await page.screencast.stop()
            except PlaywrightError:
                pass  # the page is gone; closing the context below is what matters
    finally:
        await context.close()
    return Recording(capture.frames, title, marks, time.perf_counter() - began,
                     (viewport["width"], viewport["height"]), driver.stills, shown)


async def _shown(page: Page) -> Shown | None:
    """What the sandbox noted it showed; None (every screen and all the data count) from another
    portal, or when the page cannot tell (it is loading another address)."""
    try:
        return Shown.parse(await page.evaluate(SHOWN_SCRIPT))
    except PlaywrightError:
        return None


async def _stay_on_portal(base: str, left: list[str], route, request) -> None:
    """Let requests to the portal's origin through; abort the rest, noting navigations."""
    if portal_url.inside(request.url, base):
        await route.continue_()
        return
    if request.is_navigation_request():
        left.append(request.url)
    await route.abort("blockedbyclient")


async def _frame_since(capture: FrameCapture, moment: float, timeout: float = 2.0) -> None:
    deadline = time.perf_counter() + timeout
    while not any(f.at >= moment for f in capture.frames) and time.perf_counter() < deadline:
        await asyncio.sleep(0.02)


class _Driver:
    def __init__(self, job: Job, context: BrowserContext, page: Page, left: list[str]):
        self.job, self.context, self.page = job, context, page
        self.left = left  # navigations blocked because they left the portal
        self.masks: list[str] = list(job.walkthrough.mask)
        self.secrets: list[str] = []  # values taken from the environment: never written anywhere
        self.stills: list[Still] = []
        self.number = 0
        self.target: Locator | None = None
        self.total = len(job.walkthrough.steps)

    async def run(self) -> list[StepMark]:
        marks: list[StepMark] = []
        for number, step in enumerate(self.job.walkthrough.steps, 1):
            mark = StepMark(number, step, clock())
            marks.append(mark)
            self.target, self.number = None, number
            if self.job.progress:
                self.job.progress(number, self.total)
            try:
                await self._push({"caption": step.caption, "badge": f"Bước {number}/{self.total}",
                                  "clear": True, **({"masks": self.masks} if number == 1 else {})})
                if number == 1 and self.job.walkthrough.start:
                    await self._open(self.job.walkthrough.start)
                await self._do(step)
                await self._settle()
                self._check_still_on_portal(step)
            except StepFailed as failure:
                failure.number = number
                failure.reason = self.redact(failure.reason)
                failure.artifacts = await self._artifacts(number)
                raise
            except PlaywrightTimeout:
                raise await self._failed(number, step, await self._timeout_reason(step)) from None
            except PlaywrightError as exc:
                raise await self._failed(number, step, _first_line(exc)) from None
            mark.end = clock()
        return marks

    # ---- Actions ---------------------------------------------------------------------

    async def _do(self, step) -> None:
        timeout = (step.timeout or self.job.timeout) * 1000
        if step.action == "open":
            await self._push({"clear": True})
            await self._open(step.url)
            await self._settle()
            await self._still()
        elif step.action == "expect":
            await self._expect(step, timeout)
            await self._still()
        elif step.action == "wait_for":
            target = self.target = self._locate(step)
            await target.wait_for(state=step.state.value, timeout=timeout)
            if step.state == model.WaitState.visible:
                await target.evaluate("el => window.__thutucOverlay && window.__thutucOverlay.show(el)")
            await self._still()
        else:
            await self._act(step, timeout)

    async def _open(self, url: str) -> None:
        try:
            address = portal_url.resolve(self.job.base_url, url)
        except ValueError as exc:
            raise StepFailed(0, "open", url, str(exc)) from None
        response = await self.page.goto(address, wait_until="load")
        if response is not None and response.status >= 400:
            raise StepFailed(0, "open", url, f"trang trả về mã {response.status}")

    async def _act(self, step, timeout: float) -> None:
        value = None
        if step.action == "fill":
            value = self._value(step)
        elif step.action == "upload":
            sample = self.job.samples / step.file
            if not sample.is_file():
                raise StepFailed(0, step.action, step.target, f"không có tệp mẫu sandbox/mau/{step.file}")
        target = self.target = self._locate(step)
        await target.wait_for(state="attached" if step.action == "upload" else "visible", timeout=timeout)
        point = await target.evaluate("(el) => window.__thutucOverlay ? window.__thutucOverlay.point(el, true) "
                                      ": null")
        if point:
            await self._push({"cursor": point}, here=False)
        if step.action == "fill" and step.from_environment:
            self.secrets += [value, *(os.environ[name] for name in step.from_environment)]
        if step.action == "fill" and (step.mask or step.from_environment):
            await target.evaluate("el => window.__thutucOverlay && window.__thutucOverlay.mask(el)")
            self.masks.append(value)
            await self._push({"masks": self.masks})
        if step.action != "fill":
            await self._still()  # where to click or what to choose, before it happens
        await self.page.evaluate("window.__thutucOverlay && window.__thutucOverlay.ripple()")
        if step.action == "click":
            await target.click(timeout=timeout)
        elif step.action == "fill":
            await target.fill(value, timeout=timeout)
            await self._still()  # what was typed (masked values stay masked)
        elif step.action == "select":
            await self._select(step, target, timeout)
        elif step.action == "upload":
            await target.set_input_files(self.job.samples / step.file, timeout=timeout)

    async def _select(self, step: model.SelectStep, target: Locator, timeout: float) -> None:
        options = await target.evaluate("el => Array.from(el.options || [], o => o.label.trim())")
        if step.option not in options:
            shown = ", ".join(f"“{o}”" for o in options if o) or "không có lựa chọn nào"
            raise StepFailed(0, step.action, step.target,
                             f"không có lựa chọn “{step.option}” (danh sách có: {shown})")
        await target.select_option(label=step.option, timeout=timeout)

    async def _expect(self, step: model.ExpectStep, timeout: float) -> None:
        seconds = timeout / 1000
        if step.role or step.label:
            target = self._locate(step, exact=True)  # ``exact`` is about the expected text
        else:
            target = self.page.get_by_text(step.text, exact=step.exact).first
        self.target = target
        check = expect(target)
        try:
            if step.state:
                method = {"visible": check.to_be_visible, "hidden": check.to_be_hidden,
                          "enabled": check.to_be_enabled, "disabled": check.to_be_disabled,
                          "checked": check.to_be_checked, "unchecked": check.not_to_be_checked}
                await method[step.state.value](timeout=timeout)
            elif not (step.role or step.label):
                await check.to_be_visible(timeout=timeout)
        except AssertionError:
            if step.state:
                reason = f"{step.target} không ở trạng thái {step.state.value} sau {seconds:g} giây"
            else:
                reason = f"trang không hiện chữ “{step.text}” sau {seconds:g} giây"
            raise StepFailed(0, step.action, step.target, await self._why(target, reason)) from None
        if step.text and (step.role or step.label):
            try:
                if step.exact:
                    await check.to_have_text(step.text, timeout=timeout)
                else:
                    await check.to_contain_text(step.text, timeout=timeout)
            except AssertionError:
                reason = f"{step.target} không có chữ “{step.text}” sau {seconds:g} giây"
                raise StepFailed(0, step.action, step.target, await self._why(target, reason)) from None
        if step.state != model.ExpectState.hidden:
            await target.evaluate("el => window.__thutucOverlay && window.__thutucOverlay.show(el)")

    async def _why(self, target: Locator, reason: str) -> str:
        """``reason``, unless the locator finds no element or several (the usual causes)."""
        try:
            count = await target.count()
        except PlaywrightError:
            return reason
        if count == 0:
            return f"không thấy phần tử ({reason})" if "không thấy" not in reason else reason
        if count > 1:
            return f"có {count} phần tử khớp; ghi rõ hơn (name, exact)"
        return reason

    def _locate(self, step, *, exact: bool | None = None) -> Locator:
        """The element as a user finds it: by role and name, by label, or by its text."""
        exact = step.exact if exact is None else exact
        if step.role:
            if step.name:
                return self.page.get_by_role(step.role.value, name=step.name, exact=exact)
            return self.page.get_by_role(step.role.value)
        if step.label:
            return self.page.get_by_label(step.label, exact=exact)
        return self.page.get_by_text(step.text, exact=exact)

    def _value(self, step: model.FillStep) -> str:
        missing = [name for name in step.from_environment if name not in os.environ]
        if missing:
            raise StepFailed(0, step.action, step.target,
                             f"chưa đặt biến môi trường {', '.join(missing)} (tài khoản chỉ lấy từ môi trường)")
        return model.ENV_REFERENCE.sub(lambda m: os.environ[m.group(1)], step.value)

    async def _still(self) -> None:
        """A picture of this step for the step-by-step guide: the portal with the target outlined
        and the step's badge, as the video shows it (masks included)."""
        await self.page.evaluate("window.__thutucOverlay ? window.__thutucOverlay.settle() : null")
        outline = await self.page.evaluate("window.__thutucOverlay ? window.__thutucOverlay.outline() : null")
        png = await self.page.screenshot(type="png", animations="disabled", caret="hide")
        self.stills = [s for s in self.stills if s.number != self.number] + [Still(self.number, png, outline)]

    def redact(self, text: str) -> str:
        """``text`` with every value taken from the environment replaced by dots."""
        for secret in sorted({s for s in self.secrets if s}, key=len, reverse=True):
            text = text.replace(secret, "•••")
        return text

    def _check_still_on_portal(self, step) -> None:
        if self.left:
            raise StepFailed(0, step.action, step.target,
                             f"đã chặn việc mở {self.left[0]}: chỉ được mở trang trong cổng")

    # ---- Overlay state, settling, failures ------------------------------------------

    async def _push(self, state: dict, *, here: bool = True) -> None:
        """Send overlay state to the current page and to every page opened later."""
        script = aids.state_script(state)
        await self.context.add_init_script(script=script)
        if here:
            try:
                await self.page.evaluate(script)
            except PlaywrightError:
                pass  # the page is navigating; the init script covers the next one

    async def _settle(self) -> None:
        """Wait until the page has loaded and every visual aid has stopped moving."""
        for attempt in range(3):
            try:
                await self.page.wait_for_load_state("load")
                await self.page.evaluate("window.__thutucOverlay ? window.__thutucOverlay.settle() : "
                                         "new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
                return
            except PlaywrightError as exc:
                if attempt == 2 or "context was destroyed" not in str(exc):
                    raise

    async def _failed(self, number: int, step, reason: str) -> StepFailed:
        return StepFailed(number, step.action, step.target, self.redact(reason), await self._artifacts(number))

    async def _artifacts(self, number: int) -> list[Path]:
        """A screenshot and the HTML of the page at the failing step (best effort)."""
        folder = self.job.failures
        folder.mkdir(parents=True, exist_ok=True)
        saved = []
        png, page_html = folder / f"step-{number:02d}.png", folder / f"step-{number:02d}.html"
        try:
            await self.page.screenshot(path=png, timeout=5000)
            saved.append(png)
        except PlaywrightError:
            pass
        try:
            page_html.write_text(self.redact(await self._page_html()), encoding="utf-8")
            saved.append(page_html)
        except PlaywrightError:
            pass
        return saved

    async def _nearby(self, step) -> str:
        """A hint when the element was probably renamed: the closest name of the same role."""
        if not (step.role and step.name):
            return ""
        try:
            names = [" ".join(n.split()) for n in await self.page.get_by_role(step.role.value).all_inner_texts()]
        except PlaywrightError:
            return ""
        close = difflib.get_close_matches(step.name, [n for n in names if n], n=1, cutoff=0.5)
        return f" (trên trang có {step.role.value} “{close[0]}”)" if close else ""

    async def _page_html(self) -> str:
        """The page's HTML as the portal made it: without the overlay, its fonts and mask marks."""
        try:
            return await self.page.evaluate("""() => {
                const copy = document.documentElement.cloneNode(true);
                copy.querySelectorAll("thutuc-overlay, #__thutuc-fonts").forEach(e => e.remove());
                copy.querySelectorAll("[data-thutuc-mask]").forEach(e => e.removeAttribute("data-thutuc-mask"));
                return "<!DOCTYPE html>\\n" + copy.outerHTML;
            }""")
        except PlaywrightError:
            return await self.page.content()

    async def _timeout_reason(self, step) -> str:
        seconds = step.timeout or self.job.timeout
        if step.action == "open" or self.target is None:
            return f"trang không tải xong sau {seconds:g} giây"
        try:
            count = await self.target.count()
        except PlaywrightError:
            count = 0
        if count == 0:
            return f"không thấy phần tử sau {seconds:g} giây" + await self._nearby(step)
        if count > 1:
            return f"có {count} phần tử khớp; ghi rõ hơn (name, exact)"
        return f"phần tử có nhưng không dùng được sau {seconds:g} giây (bị ẩn, bị che hoặc bị khóa)"


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    many = re.search(r"strict mode violation: .* resolved to (\d+) elements", text)
    if many:
        return f"có {many.group(1)} phần tử khớp; ghi rõ hơn (name, exact)"
    line = text.splitlines()[0] if text else type(exc).__name__
    return re.sub(r"^[A-Za-z.]+: ", "", line)
