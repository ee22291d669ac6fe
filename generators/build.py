"""The build orchestrator: load, then the stages of :data:`STAGES` in that order, then publish.

    load -> video -> pdf -> pages -> troubleshooting -> site -> report -> publish (atomic swap)

Media come first because the pages show them (PDF sizes, video chapters); videos before PDFs
because the trainee handouts print the recorder's step pictures. The pages read
media from the output ledger, so `--only site` publishes the media of earlier runs. Every
stage writes through a ledger (generators/outputs.py), which also counts what it did: the
report is filled from those counts, completed with the warnings, and written last, just
before the new site (built aside) is swapped in.

Adding a stage: write a function ``(run, stage_report)`` and put it in :data:`STAGES`.
"""

from __future__ import annotations

import json
import logging
import shutil
import time
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .catalog import Catalog
from .load import load_catalog
from .media import MediaIndex, media_ledger, read_media
from .memo import RecordMemo, shared_key
from .outputs import Counts, Ledger, write_atomic
from .problems import UserError
from .publish import build_lock, building_dir, check_output, publish
from .report import BuildReport, StageReport, grouped
from .settings import Settings
from .site import (
    HANDWRITTEN,
    docs_ledger,
    handwritten_docs,
    page_memo,
    page_renderer,
    procedure_pages,
    record_memo,
    run_mkdocs,
    troubleshooting_pages,
)
from .uptodate import LastBuild, site_inputs

log = logging.getLogger("thutuc")

REPORT_FILE = "build-report.json"


class UnknownStage(UserError):
    """--only named a stage that does not exist."""


class MediaFailed(UserError):
    """Some walkthroughs could not be recorded; their previous videos were kept."""


@dataclass(frozen=True)
class RecordOptions:
    """Options of the video stage (`thutuc record` and `thutuc build`)."""

    only: tuple[str, ...] = ()
    jobs: int = 1
    shard: tuple[int, int] | None = None
    portal_url: str | None = None
    burn_captions: bool = False
    narrate: bool = False


@dataclass
class Run:
    """What the stages of one build share."""

    settings: Settings
    catalog: Catalog
    record: RecordOptions
    #: media/ (PDFs, videos): a cache kept between builds.
    media: Ledger
    #: The staging docs MkDocs builds from.
    docs: Ledger
    #: Where the site stage assembles the new site, beside the output.
    new_site: Path

    @cached_property
    def media_index(self) -> MediaIndex:
        """The media as the pages show them: read once, after the media stages."""
        return read_media(self.media)

    @cached_property
    def renderer(self):
        return page_renderer(self.catalog, self.media_index, self.settings.site_url)

    @cached_property
    def shared_key(self) -> str:
        """Digest of what every procedure's page, search entry and portal record may read
        besides the procedure itself (generators/memo.py)."""
        return shared_key(self.catalog, self.media_index, self.settings.site_url)


# --------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------


def _fill(stage: StageReport, counts: Iterable[Counts], why: str, group: Callable[[str], str] = str) -> None:
    """The stage's line of the report, from the ledger's counts (``group`` folds the files of
    one output, such as the five files of a video, into one)."""
    written, reused, removed = set(), set(), set()
    for c in counts:
        written |= {group(p) for p in c.written}
        reused |= {group(p) for p in c.reused}
        removed |= {group(p) for p in c.removed}
    stage.rebuilt = [{"output": output, "why": why} for output in sorted(written)]
    stage.reused = len(reused - written)
    stage.removed = sorted(removed - written - reused)


def pdf_stage(run: Run, stage: StageReport) -> None:
    from .pdf import WRITER, build_pdfs

    build_pdfs(run.catalog, run.settings, run.media)
    _fill(stage, [run.media.count(WRITER)], "bản in (dữ liệu, mẫu in, phông chữ) đã đổi hoặc tệp hỏng")


def video_stage(run: Run, stage: StageReport) -> None:
    from .video import record_walkthroughs
    from .video.record import WRITER

    options = run.record
    results = record_walkthroughs(
        run.catalog, run.settings, only=list(options.only) or None, jobs=options.jobs, shard=options.shard,
        portal_url=options.portal_url, burn_captions=options.burn_captions, narrate=options.narrate,
        ledger=run.media,
    )
    # On disk now: what was recorded stays known if a later stage fails, and the PDF stage
    # (quick guides, handouts) finds the step pictures just made.
    run.media.save()
    _fill(stage, [run.media.count(WRITER)], "kịch bản, dữ liệu mẫu, bộ ghi hoặc cổng thực hành đã đổi, hoặc tệp hỏng",
          group=lambda path: "/".join(path.split("/")[:2]))
    stage.note = ", ".join(f"{r.slug} {r.duration:.0f} s (ghi {r.wall_time:.0f} s)"
                           for r in results if r.status == "recorded")
    failures = [r.error or f"{r.slug}: không ghi được video" for r in results if r.status == "failed"]
    if failures:
        raise MediaFailed("\n".join(failures) + "\nVideo cũ được giữ nguyên; trang chưa được xuất bản lại.")


def pages_stage(run: Run, stage: StageReport) -> None:
    search = record_memo(run.settings, "search", run.shared_key)
    run.docs.put(HANDWRITTEN, handwritten_docs(run.settings, run.catalog, search))
    search.save()
    memo = page_memo(run.settings, run.docs, run.shared_key)
    run.docs.put("pages", procedure_pages(run.catalog, run.renderer, memo))
    memo.save()  # after the pages it names are on disk
    _fill(stage, [run.docs.count(HANDWRITTEN), run.docs.count("pages")], "nội dung sinh ra đã đổi")
    stage.note = f"{memo.kept} trang thủ tục lấy lại từ lần dựng trước (nguồn không đổi)"


def troubleshooting_stage(run: Run, stage: StageReport) -> None:
    run.docs.put("troubleshooting", troubleshooting_pages(run.catalog, run.renderer))
    _fill(stage, [run.docs.count("troubleshooting")], "nội dung sinh ra đã đổi")


def site_stage(run: Run, stage: StageReport) -> None:
    # The pages stages ran (`site` brings them): what neither declared leaves the docs.
    stage.removed = run.docs.remove_undeclared()
    with _status("Đang dựng trang web…"):
        outcome = run_mkdocs(run.settings, run.catalog, run.docs.folder, run.new_site)
    media_files = run.media.link_into(run.new_site, ["pdf", "video"])
    portal = record_memo(run.settings, "portal", run.shared_key)
    _add_sandbox(run.catalog, run.new_site, run.settings.root, portal)
    portal.save()
    stage.rebuilt = [{"output": "site", "why": f"MkDocs: {outcome.describe()}"}]
    stage.reused = outcome.kept
    stage.note = f"{media_files} tệp PDF/video"


#: The stages, in the order they run. `--only` picks some of them; `site` brings the pages.
STAGES: tuple[tuple[str, Callable[[Run, StageReport], None]], ...] = (
    ("video", video_stage),
    ("pdf", pdf_stage),
    ("pages", pages_stage),
    ("troubleshooting", troubleshooting_stage),
    ("site", site_stage),
)
STAGE_NAMES = tuple(name for name, _ in STAGES)
#: Stages a stage cannot run without (the site is built from the pages).
BRINGS = {"site": ("pages", "troubleshooting")}
#: Stages that write into media/ (their ledger is saved when they ran).
MEDIA_STAGES = {"pdf", "video"}
#: Stages that make the site from the sources and media: skipped together when the published
#: site is already what they would make (generators/uptodate.py).
SITE_STAGES = ("pages", "troubleshooting", "site")


def select_stages(names: Iterable[str]) -> tuple[str, ...]:
    """The named stages, with those they bring, in the fixed order. Nothing named: nothing run."""
    wanted = {n.strip() for n in names if n.strip()}
    unknown = sorted(wanted - set(STAGE_NAMES))
    if unknown:
        raise UnknownStage(f"không có công đoạn {', '.join(unknown)}; chọn trong: {', '.join(STAGE_NAMES)}")
    for name in list(wanted):
        wanted.update(BRINGS.get(name, ()))
    return tuple(name for name in STAGE_NAMES if name in wanted)


def parse_stages(only: str | None) -> tuple[str, ...]:
    """``--only a,b``; every stage without it."""
    return STAGE_NAMES if only is None else select_stages(only.split(","))


@contextmanager
def _timed(report: BuildReport, name: str):
    stage = report.stage(name)
    stage.ran = True
    start = time.perf_counter()
    try:
        yield stage
    finally:
        stage.seconds += time.perf_counter() - start
        log.debug("%s", stage.line())


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def build(settings: Settings, out: Path | None = None, stages: Iterable[str] = STAGE_NAMES,
          record: RecordOptions = RecordOptions()) -> BuildReport:
    out = (out or settings.site).resolve()
    selected = select_stages(stages)
    report = BuildReport(out)
    with build_lock(settings):
        if "site" in selected:
            check_output(out, settings)
        inputs = None
        if "site" in selected and not MEDIA_STAGES & set(selected):
            # Only site stages: when nothing they read changed, not even the sources are loaded.
            with _timed(report, "load"):
                inputs, current = _published_is_current(settings, out, selected, media_ledger(settings).manifest)
            if current is not None:
                return _unchanged(report, current)
        with _timed(report, "load") as stage:
            catalog = load_catalog(settings.procedures, settings.root)
            stage.note = f"{len(catalog.procedures)} thủ tục, {len(catalog.errors)} lỗi thường gặp"
        report.procedures = len(catalog.procedures)
        for name in STAGE_NAMES:  # every stage in the report, in order, ran or not
            report.stage(name)
        run = Run(settings, catalog, record, media_ledger(settings),
                  docs_ledger(settings.work / "staging" / "docs"), building_dir(out))
        try:
            for name, run_stage in STAGES:
                if name not in selected:
                    continue
                if name == SITE_STAGES[0] and "site" in selected:
                    if inputs is None:  # after the media stages: the media the pages show count
                        run.media.save()
                        inputs, current = _published_is_current(settings, out, selected, run.media.manifest)
                        if current is not None:
                            return _unchanged(report, current)
                    LastBuild.forget(settings)
                with _timed(report, name) as stage:
                    run_stage(run, stage)
            report.warnings += _warnings(catalog, run.media_index)
            if "site" in selected:
                report.published = True
                # Last: the report is complete (times, warnings) when it is written.
                write_atomic(run.new_site / REPORT_FILE, report.to_json().encode("utf-8"))
                publish(run.new_site, out)
                LastBuild.write(settings, inputs, out, json.loads(report.to_json()))
        finally:
            if MEDIA_STAGES & set(selected):
                run.media.save()  # what was rendered stays recorded, even after a failure
            # Whatever happened, no half-built site stays beside the published one.
            if run.new_site.exists():
                shutil.rmtree(run.new_site)
    return report


def _published_is_current(settings: Settings, out: Path, selected: tuple[str, ...],
                          media_manifest: Path) -> tuple[str, LastBuild | None]:
    """The digest of what the site stages read, and the last build when the site published at
    ``out`` is already what they would make."""
    inputs = site_inputs(settings, out, selected, media_manifest)
    last = LastBuild.read(settings)
    return inputs, last if last is not None and last.matches(inputs, out) else None


def _unchanged(report: BuildReport, last: LastBuild) -> BuildReport:
    """The report of a build that found the published site current: the last build's warnings
    and counts of procedures, every site stage reusing what is published."""
    report.procedures = last.report.get("procedures", 0)
    report.warnings = list(last.report.get("warnings", []))
    report.published = True
    for name in STAGE_NAMES:
        stage = report.stage(name)
        if name in SITE_STAGES:
            stage.ran = True
            stage.note = "nguồn không đổi từ lần xuất bản trước: giữ nguyên trang đã xuất bản"
    return report


def _add_sandbox(catalog: Catalog, new_site: Path, project: Path, memo: RecordMemo | None = None) -> None:
    try:
        from .sandbox import write_sandbox
    except ImportError:  # the practice portal is optional in a project
        return
    write_sandbox(catalog, new_site / "sandbox", project, memo)


@contextmanager
def _status(message: str):
    """A spinner on a terminal; nothing in CI or a pipe."""
    import sys

    if sys.stderr.isatty():
        from rich.console import Console

        with Console(stderr=True).status(message):
            yield
    else:
        yield


def _warnings(catalog: Catalog, media: MediaIndex) -> list[str]:
    warnings = [str(w) for w in catalog.warnings]
    warnings.append(grouped("thủ tục chưa có video hướng dẫn",
                            [p.code for p in catalog.procedures.values() if p.slug not in media.videos]))
    warnings.append(grouped("thủ tục chưa đối chiếu với văn bản chính thức",
                            [p.code for p in catalog.procedures.values() if not p.verified]))
    return [w for w in warnings if w]
