"""Screencast frames with their timestamps, and the timeline that turns a fast recording into a
watchable video: each segment (title card, step) keeps its recorded motion at real speed and is
then held on its last frame until its caption has been on screen long enough to read."""

from __future__ import annotations

import time
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Frame:
    """One JPEG frame from ``page.screencast``; ``at`` is the browser's clock, in seconds."""

    at: float
    jpeg: bytes


@dataclass
class FrameCapture:
    """Collects frames from ``page.screencast.start(on_frame=...)``; they may arrive out of order."""

    frames: list[Frame] = field(default_factory=list)

    def on_frame(self, frame: dict) -> None:
        self.frames.append(Frame(frame["timestamp"] / 1000, frame["data"]))

    def ordered(self) -> list[Frame]:
        return sorted(self.frames, key=lambda f: f.at)


def clock() -> float:
    """The clock the screencast stamps frames with (epoch seconds), read on our side."""
    return time.time()


@dataclass(frozen=True)
class Segment:
    """A part of the recording: from ``start`` to ``end`` (clock seconds), shown for at least
    ``minimum`` seconds in the finished video."""

    start: float
    end: float
    minimum: float
    tail: float = 0.0

    @property
    def recorded(self) -> float:
        return max(0.0, self.end - self.start)

    @property
    def duration(self) -> float:
        """Seconds in the finished video: the recorded motion, then the hold."""
        return max(self.minimum, self.recorded + self.tail)


@dataclass(frozen=True)
class Timeline:
    """Frames with how long each is shown, and where each segment lands in the finished video."""

    shots: list[tuple[Frame, float]]
    spans: list[tuple[float, float]]

    @property
    def duration(self) -> float:
        return self.spans[-1][1] if self.spans else 0.0


def timeline(frames: list[Frame], segments: list[Segment]) -> Timeline:
    """Map each frame's recording time to video time; the last frame of a segment is held until
    the segment's video duration is reached (frames repeated, nothing re-recorded)."""
    spans: list[tuple[float, float]] = []
    position = 0.0
    for segment in segments:
        spans.append((position, position + segment.duration))
        position += segment.duration
    total = position

    placed: list[tuple[float, Frame]] = []
    index = 0
    for frame in sorted(frames, key=lambda f: f.at):
        while index + 1 < len(segments) and frame.at >= segments[index + 1].start:
            index += 1
        segment, (video_start, video_end) = segments[index], spans[index]
        offset = min(max(0.0, frame.at - segment.start), video_end - video_start)
        placed.append((video_start + offset, frame))

    shots: list[tuple[Frame, float]] = []
    for k, (at, frame) in enumerate(placed):
        if k == 0:
            at = 0.0
        following = placed[k + 1][0] if k + 1 < len(placed) else total
        if following - at > 1e-4:
            shots.append((frame, following - at))
    return Timeline(shots, spans)
