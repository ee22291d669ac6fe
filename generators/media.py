"""What the media stages left in media/ (PDFs, videos), read back for the pages.

The pages stage reads media from the output ledger rather than from the media stages'
return values, so `thutuc build --only site` publishes the media of earlier runs as they
are, and only those whose files are intact.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from .outputs import Ledger
from .settings import Settings

log = logging.getLogger("thutuc")

#: The ledger of media/: keys and fingerprints of every PDF and video file, and the PDFs' records.
MANIFEST = ".thutuc-outputs.json"


def media_ledger(settings: Settings) -> Ledger:
    return Ledger.cache(settings.media, settings.media / MANIFEST)


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


@dataclass
class MediaIndex:
    #: Handbook records (see generators.pdf.Handbook), by (kind, key).
    handbooks: dict[tuple[str, str], dict] = field(default_factory=dict)
    videos: dict[str, Video] = field(default_factory=dict)

    def handbook(self, kind: str, key: str) -> dict | None:
        return self.handbooks.get((kind, key))


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
            )
        except (OSError, ValueError, KeyError, TypeError) as exc:
            log.warning("Bỏ qua báo cáo video hỏng %s (%s).", path, exc)
            continue
        if all(p in video_files for p in (video.mp4, video.vtt, video.chapters_vtt, video.poster)):
            index.videos[slug] = video
    return index
