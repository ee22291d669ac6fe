"""What a recording produced: the result handed back to the caller, and the JSON report written
beside each video (steps, their times in the finished video, chapters, timings)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from .. import model
from ..media import STEP_PICTURE_NAMES
from .compose import Composition

#: Media files of one walkthrough, by kind, as ``<slug><suffix>`` in ``media/video/<slug>/``.
SUFFIXES = {"mp4": ".mp4", "vtt": ".vtt", "chapters": ".chapters.vtt", "poster": ".jpg", "report": ".json"}
#: The picture of step N beside the video, for the step-by-step guide (pages, PDFs, slides).
PICTURE = STEP_PICTURE_NAMES[0]


@dataclass
class VideoResult:
    """The outcome for one walkthrough. Paths are relative to ``settings.media``; they point at the
    previous good video when this run failed (None when there is none)."""

    slug: str
    status: str  # "recorded" | "reused" | "failed"
    mp4: Path | None = None
    vtt: Path | None = None
    poster: Path | None = None
    report: Path | None = None
    duration: float = 0.0
    wall_time: float = 0.0
    chapters: list[tuple[float, str]] = field(default_factory=list)
    error: str | None = None
    #: Screenshot and HTML of the page at the failing step (absolute paths).
    artifacts: list[Path] = field(default_factory=list)
    chapters_vtt: Path | None = None

    @property
    def ratio(self) -> float:
        """Recording wall time over finished duration (the target is at most 0.5)."""
        return self.wall_time / self.duration if self.duration else 0.0

    @property
    def message(self) -> str:
        """The failure line followed by where its artifacts are."""
        if not self.error:
            return ""
        where = ", ".join(str(p) for p in self.artifacts)
        return self.error + (f"\n  ảnh chụp và HTML của trang: {where}" if where else "")


@dataclass(frozen=True)
class Outputs:
    """Where one walkthrough's media live."""

    media: Path
    slug: str

    @property
    def folder(self) -> Path:
        return self.media / "video" / self.slug

    def path(self, kind: str) -> Path:
        return self.folder / f"{self.slug}{SUFFIXES[kind]}"

    def relative(self, kind: str) -> Path:
        return self.path(kind).relative_to(self.media)

    def picture(self, number: int) -> Path:
        """Where step ``number``'s picture goes, relative to the media folder."""
        return (self.folder / PICTURE.format(n=number)).relative_to(self.media)

    def pictures(self, report: dict) -> list[Path]:
        """The step pictures a report lists, relative to the media folder."""
        return [self.picture(p["step"]) for p in report.get("pictures", []) if isinstance(p, dict) and "step" in p]

    def complete(self) -> bool:
        return all(self.path(kind).is_file() for kind in SUFFIXES)

    def read_report(self) -> dict | None:
        try:
            data = json.loads(self.path("report").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and "timing" in data and "chapters" in data else None

    def result(self, status: str, report: dict | None = None, **extra) -> VideoResult:
        """A result pointing at the files in place (or at none, when there is no good video)."""
        report = report if report is not None else self.read_report()
        if report is None or not self.complete():
            return VideoResult(self.slug, status, **extra)
        timing = report["timing"]
        return VideoResult(
            self.slug, status, mp4=self.relative("mp4"), vtt=self.relative("vtt"), poster=self.relative("poster"),
            report=self.relative("report"), duration=timing["finished_seconds"],
            wall_time=timing["recording_wall_seconds"],
            chapters=[(c["start"], c["title"]) for c in report["chapters"]],
            chapters_vtt=self.relative("chapters"), **extra)


def build_report(slug: str, procedure: model.Procedure, composition: Composition, *, wall_time: float,
                 compose_time: float, portal: str, burn_captions: bool, recorded_steps: list[float],
                 outlines: dict[int, dict | None] | None = None) -> dict:
    """The JSON report: steps with captions and times in the finished video, chapters, timings."""
    wt = procedure.walkthrough
    assert wt is not None
    r3 = lambda x: round(x, 3)  # noqa: E731
    steps = []
    for number, (step, (start, end), recorded) in enumerate(
            zip(wt.steps, composition.steps, recorded_steps, strict=True), 1):
        steps.append({"number": number, "action": step.action, "target": step.target, "caption": step.caption,
                      "chapter": composition.chapters[number - 1].text, "start": r3(start), "end": r3(end),
                      "recorded_seconds": r3(recorded), "held_seconds": r3(max(0.0, end - start - recorded))})
    width, height = composition.size
    return {
        "slug": slug,
        "code": procedure.code,
        "name": procedure.name,
        "portal": portal,
        "video": {"file": f"{slug}.mp4", "width": width, "height": height, "codec": "h264",
                  "captions": f"{slug}.vtt", "chapters": f"{slug}.chapters.vtt", "poster": f"{slug}.jpg",
                  "burned_captions": burn_captions, "narration": composition.narrated},
        "title_card": {"start": 0.0, "end": r3(composition.title[1])},
        "steps": steps,
        "chapters": [{"start": r3(c.start), "end": r3(c.end), "title": c.text} for c in composition.chapters],
        # The caption cues again, for pages opened from file:// (where a .vtt file cannot be loaded).
        "captions": [{"start": r3(c.start), "end": r3(c.end), "text": c.text} for c in composition.captions],
        # One picture per step, its caption as the alternative text, and where the target is outlined.
        "pictures": [{"step": n, "file": PICTURE.format(n=n), "alt": wt.steps[n - 1].caption, "outline": outline}
                     for n, outline in sorted((outlines or {}).items())],
        "timing": {
            "recording_wall_seconds": r3(wall_time),
            "compose_seconds": r3(compose_time),
            "finished_seconds": r3(composition.duration),
            "ratio": r3(wall_time / composition.duration) if composition.duration else None,
        },
    }


def report_json(report: dict) -> bytes:
    return (json.dumps(report, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
