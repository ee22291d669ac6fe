"""What the media stages left in media/ (PDFs, videos), read back for the pages.

The pages stage reads media from the output ledger rather than from the media stages'
return values, so `thutuc build --only site` publishes the media of earlier runs as they
are, and only those whose files are intact.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field

from .outputs import Ledger
from .settings import Settings

log = logging.getLogger("thutuc")

#: The ledger of media/: keys and fingerprints of every PDF and video file, and the PDFs' records.
MANIFEST = ".thutuc-outputs.json"


def media_ledger(settings: Settings) -> Ledger:
    return Ledger.cache(settings.media, settings.media / MANIFEST)

#: The one place for where a walkthrough's picture of a step lives (relative to media/):
#: beside the video, named with the step number (1-based), WebP preferred over PNG.
STEP_PICTURE_NAMES = ("buoc-{n:02d}.webp", "buoc-{n:02d}.png")


def step_picture_candidates(slug: str, n: int) -> list[str]:
    return [f"video/{slug}/{name.format(n=n)}" for name in STEP_PICTURE_NAMES]


@dataclass(frozen=True)
class Video:
    """A finished walkthrough video, as its JSON report describes it."""

    slug: str
    mp4: str
    vtt: str
    chapters_vtt: str
    poster: str
    duration: float
    chapters: tuple[tuple[float, str], ...]
    #: Caption cues (start, end, text), inlined into the page for file:// (no .vtt loads there).
    captions: tuple[tuple[float, float, str], ...] = ()


@dataclass
class MediaIndex:
    #: Handbook records (see generators.pdf.Handbook), by (kind, key).
    handbooks: dict[tuple[str, str], dict] = field(default_factory=dict)
    videos: dict[str, Video] = field(default_factory=dict)
    #: Pictures of walkthrough steps that exist: slug -> step number -> path under media/.
    step_pictures: dict[str, dict[int, str]] = field(default_factory=dict)

    def handbook(self, kind: str, key: str) -> dict | None:
        return self.handbooks.get((kind, key))

    def step_picture(self, slug: str, n: int) -> str | None:
        """The picture of step ``n`` of a walkthrough, when the recorder published one."""
        return self.step_pictures.get(slug, {}).get(n)


def read_media(ledger: Ledger) -> MediaIndex:
    index = MediaIndex()
    for record in (entry.meta for entry in ledger.outputs_of("pdf").values()):
        try:
            index.handbooks[(str(record["kind"]), str(record["key"]))] = record
        except (KeyError, TypeError):
            continue
    video_files = ledger.outputs_of("video")
    for path in video_files:
        if not path.endswith(".json"):
            continue
        slug = path.split("/")[1]
        try:
            data = json.loads((ledger.folder / path).read_text(encoding="utf-8"))
            # The recorder's report (generators/video/report.py).
            video = Video(
                slug=slug,
                mp4=f"video/{slug}/{slug}.mp4",
                vtt=f"video/{slug}/{slug}.vtt",
                chapters_vtt=f"video/{slug}/{slug}.chapters.vtt",
                poster=f"video/{slug}/{slug}.jpg",
                duration=float(data["timing"]["finished_seconds"]),
                chapters=tuple((float(c["start"]), str(c["title"])) for c in data["chapters"]),
                captions=tuple((float(c["start"]), float(c["end"]), str(c["text"]))
                               for c in data.get("captions", [])),
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Bỏ qua báo cáo video hỏng %s (%s).", path, exc)
            continue
        if all(p in video_files for p in (video.mp4, video.vtt, video.chapters_vtt, video.poster)):
            index.videos[slug] = video
    index.step_pictures = find_step_pictures(video_files)
    return index


def find_step_pictures(video_files) -> dict[str, dict[int, str]]:
    """Step pictures the recorder published (intact, by the ledger), named as
    :data:`STEP_PICTURE_NAMES` says; WebP preferred over PNG."""
    found: dict[str, dict[int, str]] = {}
    for path in sorted(video_files):
        match = re.fullmatch(r"video/([^/]+)/buoc-(\d{2,3})\.(webp|png)", path)
        if not match:
            continue
        slug, n = match.group(1), int(match.group(2))
        preferred = step_picture_candidates(slug, n)
        current = found.setdefault(slug, {}).get(n)
        if current is None or preferred.index(path) < preferred.index(current):
            found[slug][n] = path
    return found
