"""The recorder stage: which walkthroughs to (re)record, recording them in parallel browser
contexts, composing each into its video, and publishing the files atomically.

A walkthrough is re-recorded only when something that shapes its video changed: the walkthrough
and its sample files, the procedure's name, code and edition, the recorder's source, the portal
(the sandbox's core, the scripts of the screens the last recording showed and the part of the data
it showed; or another portal's address) and the options. A failure keeps the previous good video.
"""

from __future__ import annotations

import asyncio
import contextlib
import difflib
import functools
import hashlib
import logging
import shutil
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from playwright.async_api import Browser, async_playwright
from playwright.async_api import Error as PlaywrightError

from ..browser import launch, run_async
from ..cache import digest, tree_digest
from ..media import media_ledger
from ..outputs import Ledger
from ..problems import UserError
from ..resources import resource
from ..settings import Settings
from . import aids, compose, narrate, runner
from .config import VideoConfig
from .portal import Portal, Shown
from .report import SUFFIXES, Outputs, VideoResult, build_report, report_json

log = logging.getLogger("thutuc")

RECORDER_SOURCE = Path(__file__).parent
#: Sample files that upload steps attach, in the practice portal's folder (the project's or the
#: package's), also used for other portals.
SAMPLES = Path("mau")


class BadSelection(UserError):
    """--only, --shard or --jobs ask for something that does not exist."""


#: The ledger's name for this stage's outputs.
WRITER = "video"
#: The ledger keeps what a recording showed of the sandbox (:class:`Shown`) with the video's
#: report, under this name.
SHOWN_META = "shown"


def shown_in(meta: dict | None) -> Shown | None:
    """What the recording of a video showed, from the ledger's record of its report."""
    return Shown.parse((meta or {}).get(SHOWN_META))


def record_walkthroughs(catalog, settings: Settings, *, only: list[str] | None = None, jobs: int = 1,
                        shard: tuple[int, int] | None = None, portal_url: str | None = None,
                        burn_captions: bool = False, narrate: bool = False,
                        ledger: Ledger | None = None) -> list[VideoResult]:
    """Record (or reuse) the video of every selected walkthrough; one result each, in slug order.

    ``only`` filters by slug or code; ``shard=(K, N)`` keeps the walkthroughs of shard K of N (:func:`shard_of`);
    ``jobs`` walkthroughs are recorded at once, each in its own browser context. Without
    ``portal_url`` (or ``portal`` in thutuc.toml) the sandbox is written and served on loopback.
    """
    if jobs < 1:
        raise BadSelection("--jobs phải từ 1 trở lên")
    config = VideoConfig.load(settings.root).with_portal(portal_url)
    selected = select(catalog, only, shard)
    own = ledger is None
    ledger = ledger if ledger is not None else media_ledger(settings)
    if not selected:
        _remove_unselected(ledger, only, shard, own)
        return []
    narration = narrate and narrate_available()
    inputs = RecordingInputs.prepare(catalog, settings, config, burn_captions=burn_captions, narration=narration)
    portal, fonts_dir, samples = inputs.portal, inputs.fonts_dir, inputs.samples
    results: dict[str, VideoResult] = {}
    todo: list[tuple[str, object]] = []
    for slug, procedure in selected:
        outputs = Outputs(settings.media, slug)
        key = inputs.key(procedure, shown_in(ledger.meta(outputs.relative("report").as_posix())))
        # Every file of the video is declared (all of them, even after a stale one).
        current = [ledger.declare(WRITER, outputs.relative(kind).as_posix(), key) for kind in SUFFIXES]
        report = outputs.read_report() if all(current) else None
        pictures = outputs.pictures(report) if report is not None else []
        # A video without its step pictures (made before they existed, or one lost) is recorded again.
        if report is not None and len(pictures) != len(procedure.walkthrough.steps):
            report = None
        if report is not None and all([ledger.declare(WRITER, p.as_posix(), key) for p in pictures]):
            for path in [*(outputs.relative(kind) for kind in SUFFIXES), *pictures]:
                ledger.reuse(WRITER, path.as_posix())
            results[slug] = outputs.result("reused", report)
        else:
            todo.append((slug, procedure))
    try:
        if todo:
            context = _Context(settings, config, inputs, portal, fonts_dir, burn_captions, narration, ledger, samples)
            with portal.serving() as base_url:
                for result in run_async(_record_all(todo, context, base_url, jobs)):
                    results[result.slug] = result
        _remove_unselected(ledger, only, shard, own=False)
    finally:
        if own:
            ledger.save()
    return [results[slug] for slug, _ in selected]


@dataclass(frozen=True)
class RecordingInputs:
    """What every video of a run is recorded from (the portal, the recorder's source, the fonts,
    the options), and each walkthrough's key: the ledger's key of its files. The parts are kept
    apart so that a shard recorded elsewhere can say which one differs (generators/video/shards.py)."""

    portal: Portal
    fonts_dir: Path
    samples: Path
    #: Digest of each shared input, by name: recorder, fonts, portal, options.
    shared: dict[str, str]
    shared_key: str

    @classmethod
    def prepare(cls, catalog, settings: Settings, config: VideoConfig, *, burn_captions: bool,
                narration: bool) -> RecordingInputs:
        """Write the sandbox (when it is the portal) and digest what every video shares."""
        portal = Portal.prepare(catalog, settings, config)
        fonts_dir = resource("fonts", settings.root)
        recorder = (tree_digest(RECORDER_SOURCE, "*.py"), tree_digest(RECORDER_SOURCE, "*.js"))
        fonts = aids.font_files(fonts_dir)
        options = {"burn_captions": burn_captions, "narration": narration,
                   "config": {k: v for k, v in asdict(config).items() if k != "portal"}}
        shared = {"recorder": digest(*recorder), "fonts": digest(*fonts), "portal": portal.fingerprint,
                  "options": digest(options)}
        return cls(portal, fonts_dir, resource("sandbox", settings.root) / SAMPLES, shared,
                   digest(*recorder, *fonts, portal.fingerprint, options))

    def parts(self, procedure, shown: Shown | None) -> dict[str, str]:
        """Digests of what is the walkthrough's own: its script and procedure, its sample files,
        what its recording showed of the portal."""
        return {"procedure": digest(procedure.walkthrough, procedure.name, procedure.code, aids.edition(procedure)),
                "samples": digest(*self._samples_of(procedure)), "seen": self.portal.seen(shown)}

    def key(self, procedure, shown: Shown | None) -> str:
        """The key of a walkthrough's video recorded showing ``shown`` of the portal (None: unknown,
        as before a first recording, so every screen and all the data count)."""
        return digest(self.shared_key, procedure.walkthrough, procedure.name, procedure.code,
                      aids.edition(procedure), *self._samples_of(procedure), self.portal.seen(shown))

    def _samples_of(self, procedure) -> list[Path]:
        return [self.samples / s.file for s in procedure.walkthrough.steps if s.action == "upload"]


def _remove_unselected(ledger: Ledger, only, shard, own: bool) -> None:
    """Videos of walkthroughs that no longer exist go, but only when every walkthrough was
    considered (not with --only or --shard)."""
    if not only and not shard:
        ledger.remove_undeclared(WRITER, under="video")
        if own:
            ledger.save()


def exit_code(results: list[VideoResult]) -> int:
    """Non-zero when any walkthrough failed."""
    return 1 if any(r.status == "failed" for r in results) else 0


def narrate_available() -> bool:
    if narrate.engine() is None:
        log.warning("Không có espeak-ng: video không có lời đọc (cài bằng: apt-get install espeak-ng).")
        return False
    return True


# --------------------------------------------------------------------------------------
# Selection: --only and --shard
# --------------------------------------------------------------------------------------


def select(catalog, only: list[str] | None, shard: tuple[int, int] | None) -> list[tuple[str, object]]:
    """Walkthroughs to consider, in slug order: filtered by slug or code, then sliced."""
    items = [(slug, p) for slug, p in sorted(catalog.procedures.items()) if p.walkthrough is not None]
    if only:
        names = {slug for slug in catalog.procedures} | {p.code for p in catalog.procedures.values()}
        unknown = [name for name in only if name not in names]
        if unknown:
            close = difflib.get_close_matches(unknown[0], sorted(names), n=1)
            hint = f" (có phải ý bạn là '{close[0]}'?)" if close else ""
            raise BadSelection(f"không có thủ tục {', '.join(unknown)}{hint}")
        without = [name for name in only if not any(name in (s, p.code) for s, p in items)]
        if without:
            raise BadSelection(f"thủ tục {', '.join(without)} chưa có walkthrough")
        items = [(slug, p) for slug, p in items if slug in only or p.code in only]
    if shard:
        part, parts = shard
        if not 1 <= part <= parts:
            raise BadSelection(f"--shard {part}/{parts}: cần 1 ≤ K ≤ N")
        items = [(slug, p) for slug, p in items if shard_of(slug, parts) == part]
    return items


def shard_of(slug: str, parts: int) -> int:
    """The shard (1…parts) a walkthrough belongs to: by a hash of its slug, not its position, so
    adding or removing a procedure moves no other walkthrough to another shard."""
    return 1 + int.from_bytes(hashlib.sha256(slug.encode("utf-8")).digest()[:8], "big") % parts


# --------------------------------------------------------------------------------------
# Recording and composing
# --------------------------------------------------------------------------------------


@dataclass
class _Context:
    """What every job of one run shares."""

    settings: Settings
    config: VideoConfig
    inputs: RecordingInputs
    portal: Portal
    fonts_dir: Path
    burn_captions: bool
    narration: bool
    ledger: Ledger
    samples: Path

    @functools.cached_property
    def fonts(self) -> str:
        return aids.font_css(self.fonts_dir)


async def _record_all(todo, context: _Context, base_url: str, jobs: int) -> list[VideoResult]:
    gate = asyncio.Semaphore(jobs)
    with _progress(len(todo)) as lines:
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            try:
                async def one(item):
                    async with gate:
                        with lines.walkthrough(item[0]) as on_step:
                            return await _record_one(browser, context, base_url, *item, progress=on_step)

                return await asyncio.gather(*(one(item) for item in todo))
            finally:
                await browser.close()


class _Lines:
    """A live line per walkthrough being recorded ("slug: bước 3/18") under an overall bar, on a
    terminal only; in CI and pipes the log line written when each video is done is enough."""

    def __init__(self, bar=None, overall=None):
        self.bar, self.overall = bar, overall

    @contextlib.contextmanager
    def walkthrough(self, slug: str):
        if self.bar is None:
            yield None
            return
        task = self.bar.add_task(slug, total=None)

        def on_step(number: int, steps: int) -> None:
            self.bar.update(task, total=steps, completed=number - 1, description=f"{slug}: bước {number}/{steps}")

        try:
            yield on_step
        finally:
            self.bar.remove_task(task)
            self.bar.update(self.overall, advance=1)


@contextlib.contextmanager
def _progress(total: int):
    if not sys.stderr.isatty():
        yield _Lines()
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  transient=True) as bar:
        yield _Lines(bar, bar.add_task("Quay video hướng dẫn", total=total))


async def _record_one(browser: Browser, context: _Context, base_url: str, slug: str, procedure,
                      progress=None) -> VideoResult:
    settings, config = context.settings, context.config
    outputs = Outputs(settings.media, slug)
    failures = settings.work / "video-failures" / slug
    shutil.rmtree(failures, ignore_errors=True)
    job = runner.Job(slug=slug, procedure=procedure, base_url=base_url, portal_label=context.portal.label,
                     samples=context.samples, failures=failures, fonts=context.fonts,
                     captions_in_page=not context.burn_captions, timeout=config.timeout_seconds,
                     progress=progress)
    try:
        recording = await runner.record(browser, job)
    except runner.StepFailed as failure:
        return _failed(outputs, f"{slug}: {failure}", failure.artifacts)
    except PlaywrightError as exc:
        return _failed(outputs, f"{slug}: trình duyệt lỗi: {str(exc).strip().splitlines()[0]}", [])
    try:
        return await asyncio.to_thread(_compose_and_publish, recording, outputs, procedure, context)
    except UserError as exc:
        return _failed(outputs, f"{slug}: {exc}", [])


def _failed(outputs: Outputs, error: str, artifacts: list[Path]) -> VideoResult:
    result = outputs.result("failed", error=error, artifacts=artifacts)
    log.error(result.message)
    return result


def _compose_and_publish(recording: runner.Recording, outputs: Outputs, procedure, context: _Context) -> VideoResult:
    slug, settings = outputs.slug, context.settings
    # Keyed on what this recording showed, so that the next build finds the same key.
    key = context.inputs.key(procedure, recording.shown)
    work = settings.work / "video-tmp" / slug
    shutil.rmtree(work, ignore_errors=True)
    outputs.folder.mkdir(parents=True, exist_ok=True)
    partial = {kind: outputs.folder / f".{outputs.path(kind).name}.partial" for kind in ("mp4", "poster")}
    began = time.perf_counter()
    try:
        composition = compose.compose(recording, context.config, title=f"{procedure.name} ({procedure.code})",
                                      work=work, mp4=partial["mp4"], poster=partial["poster"],
                                      burn_captions=context.burn_captions, narration=context.narration,
                                      fonts_dir=context.fonts_dir)
        compose_time = time.perf_counter() - began
        pictures = {outputs.picture(still.number): compose.webp(still.png) for still in recording.stills}
        report = build_report(slug, procedure, composition, wall_time=recording.wall_time, compose_time=compose_time,
                              portal=context.portal.label, burn_captions=context.burn_captions,
                              recorded_steps=[max(0.0, m.end - m.start) for m in recording.steps],
                              outlines={still.number: still.outline for still in recording.stills})
        note = f"{procedure.name} ({procedure.code})"
        # Everything is ready: into place through the ledger, the report last (pages read it).
        files = {"mp4": partial["mp4"], "poster": partial["poster"],
                 "vtt": compose.webvtt(composition.captions, note).encode("utf-8"),
                 "chapters": compose.webvtt(composition.chapters, note).encode("utf-8"),
                 "report": report_json(report)}
        for path, picture in pictures.items():
            if path.as_posix() not in context.ledger.declared:  # the first time this step has a picture
                context.ledger.declare(WRITER, path.as_posix(), key)
            context.ledger.write(WRITER, path.as_posix(), picture, key)
        shown = {SHOWN_META: recording.shown.to_json()} if recording.shown is not None else {}
        for kind, content in files.items():
            context.ledger.write(WRITER, outputs.relative(kind).as_posix(), content, key,
                                 shown if kind == "report" else None)
    finally:
        for path in partial.values():
            path.unlink(missing_ok=True)
        shutil.rmtree(work, ignore_errors=True)
    log.info("Đã quay %s: video %.1f giây, quay mất %.1f giây (%.2f×), ghép %.1f giây.", slug,
             composition.duration, recording.wall_time, recording.wall_time / composition.duration, compose_time)
    return outputs.result("recorded", report)
