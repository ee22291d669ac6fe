"""The build orchestrator: load, then the stages in a fixed, visible order, then publish.

    load -> pdf -> video -> pages -> troubleshooting -> site (MkDocs, media, sandbox) -> publish

Media come first because the pages show them (PDF sizes, video chapters); the pages read
media from disk, so `--only site` publishes the media of earlier runs. The site is built
aside and swapped in only when every selected stage succeeded.
"""

from __future__ import annotations

import logging
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .load import Catalog, load_catalog
from .media import MediaIndex, read_media, save_handbooks
from .problems import UserError
from .publish import add_tree, build_lock, building_dir, check_output, publish
from .report import BuildReport, grouped
from .settings import Settings
from .site import generated_pages, prepare_docs, run_mkdocs

log = logging.getLogger("thutuc")

STAGES = ("pdf", "video", "pages", "troubleshooting", "site")
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


def parse_stages(only: str | None) -> tuple[str, ...]:
    if not only:
        return STAGES
    wanted = [s.strip() for s in only.split(",") if s.strip()]
    unknown = [s for s in wanted if s not in STAGES]
    if unknown:
        raise UnknownStage(f"không có công đoạn {', '.join(unknown)}; chọn trong: {', '.join(STAGES)}")
    # Pages are cheap and the site is built from them: `site` always regenerates them.
    if "site" in wanted:
        wanted += ["pages", "troubleshooting"]
    return tuple(s for s in STAGES if s in wanted)


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


def build(settings: Settings, out: Path | None = None, stages: tuple[str, ...] = STAGES,
          record: RecordOptions = RecordOptions()) -> BuildReport:
    out = (out or settings.site).resolve()
    stages = parse_stages(",".join(stages))
    report = BuildReport(out)
    with build_lock(settings):
        if "site" in stages:
            check_output(out, settings)
        with _timed(report, "load") as stage:
            catalog = load_catalog(settings.procedures, settings.root)
            stage.note = f"{len(catalog.procedures)} thủ tục, {len(catalog.errors)} lỗi thường gặp"
        report.procedures = len(catalog.procedures)
        for name in STAGES:  # every stage in the report, in order, ran or not
            report.stage(name)
        failures: list[str] = []
        if "pdf" in stages:
            _pdf_stage(catalog, settings, report)
        if "video" in stages:
            failures += _video_stage(catalog, settings, report, record)
        if failures:
            raise MediaFailed("\n".join(failures) + "\nVideo cũ được giữ nguyên; trang chưa được xuất bản lại.")
        media = read_media(settings.media)
        if "pages" in stages or "troubleshooting" in stages:
            docs_dir = _pages_stages(catalog, settings, report, media)
        if "site" in stages:
            _site_stage(catalog, settings, report, docs_dir, out)
        report.warnings += _warnings(catalog, media)
    return report


# --------------------------------------------------------------------------------------
# Stages
# --------------------------------------------------------------------------------------


def _pdf_stage(catalog: Catalog, settings: Settings, report: BuildReport) -> None:
    from .pdf import build_pdfs

    with _timed(report, "pdf") as stage:
        handbooks = build_pdfs(catalog, settings)
        save_handbooks(settings.media, handbooks)
        for h in handbooks:
            if h.rendered:
                stage.rebuilt.append({"output": h.path, "why": "dữ liệu, mẫu in hoặc phông chữ đã đổi"})
            else:
                stage.reused += 1


def _video_stage(catalog: Catalog, settings: Settings, report: BuildReport, options: RecordOptions) -> list[str]:
    from .video import record_walkthroughs

    with _timed(report, "video") as stage:
        results = record_walkthroughs(
            catalog, settings, only=list(options.only) or None, jobs=options.jobs, shard=options.shard,
            portal_url=options.portal_url, burn_captions=options.burn_captions, narrate=options.narrate,
        )
        failures = []
        for result in results:
            if result.status == "recorded":
                stage.rebuilt.append({"output": f"video/{result.slug}",
                                      "why": "kịch bản, dữ liệu mẫu, bộ ghi hoặc cổng thực hành đã đổi"})
            elif result.status == "reused":
                stage.reused += 1
            else:
                failures.append(result.error or f"{result.slug}: không ghi được video")
        stage.note = ", ".join(f"{r.slug} {r.duration:.0f} s (ghi {r.wall_time:.0f} s)"
                               for r in results if r.status == "recorded")
    return failures


def _pages_stages(catalog: Catalog, settings: Settings, report: BuildReport, media: MediaIndex) -> Path:
    with _timed(report, "pages") as stage:
        procedure_pages, error_pages = generated_pages(catalog, media)
        stage.note = f"{len(procedure_pages)} trang"
    with _timed(report, "troubleshooting") as stage:
        stage.note = f"{len(error_pages)} trang"
    docs_dir = settings.work / "staging" / "docs"
    with _timed(report, "pages") as stage:
        written = prepare_docs(settings, catalog, docs_dir, procedure_pages + error_pages)
        stage.rebuilt = [{"output": f"{written} tệp Markdown", "why": "nội dung sinh ra đã đổi"}] if written else []
        stage.reused = len(procedure_pages) + len(error_pages) - written
    return docs_dir


def _site_stage(catalog: Catalog, settings: Settings, report: BuildReport, docs_dir: Path, out: Path) -> None:
    new_site = building_dir(out)
    try:
        with _timed(report, "site") as stage:
            with _status("Đang dựng trang web (MkDocs)…"):
                run_mkdocs(settings, catalog, docs_dir, new_site)
            media_files = sum(add_tree(settings.media / kind, new_site / kind)
                              for kind in ("pdf", "video") if (settings.media / kind).is_dir())
            _add_sandbox(catalog, new_site)
            stage.rebuilt.append({"output": out.name, "why": "MkDocs dựng lại toàn bộ trang"})
            stage.note = f"{media_files} tệp PDF/video"
            report.published = True
            (new_site / REPORT_FILE).write_text(report.to_json(), encoding="utf-8")
            publish(new_site, out)
    finally:
        # Whatever happened, no half-built site stays beside the published one.
        if new_site.exists():
            shutil.rmtree(new_site)


def _add_sandbox(catalog: Catalog, new_site: Path) -> None:
    try:
        from .sandbox import write_sandbox
    except ImportError:  # the practice portal is optional in a project
        return
    write_sandbox(catalog, new_site / "sandbox")


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
