"""What the media stages left in media/ (PDFs, videos), read back for the pages.

The pages stage reads media from disk rather than from the media stages' return values,
so `thutuc build --only site` publishes the media of earlier runs as they are.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .cache import write_atomic

log = logging.getLogger("thutuc")

HANDBOOKS_INDEX = "pdf/handbooks.json"

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


def save_handbooks(media: Path, handbooks: list) -> None:
    records = [{k: v for k, v in asdict(h).items() if k != "rendered"} for h in handbooks]
    write_atomic(media / HANDBOOKS_INDEX, json.dumps(records, ensure_ascii=False, indent=1).encode())


def read_media(media: Path) -> MediaIndex:
    index = MediaIndex()
    handbooks_file = media / HANDBOOKS_INDEX
    if handbooks_file.is_file():
        try:
            for record in json.loads(handbooks_file.read_text(encoding="utf-8")):
                if (media / record["path"]).is_file():
                    index.handbooks[(record["kind"], record["key"])] = record
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("Bỏ qua %s hỏng (%s); chạy lại công đoạn pdf.", handbooks_file, exc)
    for report in sorted((media / "video").glob("*/*.json")):
        try:
            data = json.loads(report.read_text(encoding="utf-8"))
            slug = report.parent.name
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
        except (ValueError, KeyError, TypeError) as exc:
            log.warning("Bỏ qua báo cáo video hỏng %s (%s).", report, exc)
            continue
        if all((media / p).is_file() for p in (video.mp4, video.vtt, video.poster)):
            index.videos[slug] = video
    index.step_pictures = find_step_pictures(media)
    return index


def find_step_pictures(media: Path) -> dict[str, dict[int, str]]:
    """Step pictures on disk, by the naming convention of :data:`STEP_PICTURE_NAMES`."""
    found: dict[str, dict[int, str]] = {}
    for folder in sorted(p for p in (media / "video").glob("*") if p.is_dir()):
        pictures: dict[int, str] = {}
        for path in folder.iterdir():
            match = re.fullmatch(r"buoc-(\d{2,3})\.(webp|png)", path.name)
            if not match or not path.is_file():
                continue
            n = int(match.group(1))
            preferred = step_picture_candidates(folder.name, n)
            current = pictures.get(n)
            candidate = f"video/{folder.name}/{path.name}"
            if current is None or preferred.index(candidate) < preferred.index(current):
                pictures[n] = candidate
        if pictures:
            found[folder.name] = pictures
    return found
