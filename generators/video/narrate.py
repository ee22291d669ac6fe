"""Spoken narration with an offline text-to-speech engine (espeak-ng has a Vietnamese voice).

Optional: when espeak-ng is not installed, videos are made without sound and the report says so.
"""

from __future__ import annotations

import shutil
import wave
from pathlib import Path

from .. import child
from ..problems import UserError


class NarrationFailed(UserError):
    """espeak-ng could not speak a caption."""


def engine() -> str | None:
    """The espeak-ng executable, or None when it is not installed."""
    return shutil.which("espeak-ng")


def speak(texts: list[str], voice: str, folder: Path) -> list[tuple[Path, float]]:
    """One WAV per text, with its length in seconds."""
    exe = engine()
    if exe is None:
        raise NarrationFailed("espeak-ng is not installed or not on PATH (cài bằng: apt-get install espeak-ng)")
    folder.mkdir(parents=True, exist_ok=True)
    clips = []
    for number, text in enumerate(texts, 1):
        path = folder / f"step-{number:02d}.wav"
        done = child.run([exe, "-v", voice, "-s", "155", "-w", str(path), text],
                              capture_output=True, text=True, check=False)
        if done.returncode != 0 or not path.is_file():
            raise NarrationFailed(f"espeak-ng lỗi ở bước {number}: {done.stderr.strip()[-500:]}")
        with wave.open(str(path), "rb") as clip:
            clips.append((path, clip.getnframes() / clip.getframerate()))
    return clips


def mix(clips: list[tuple[Path, float]], total: float, out: Path) -> Path:
    """One track of ``total`` seconds with each clip placed at its start time (silence between)."""
    params = None
    track = bytearray()
    for start, path in clips:
        with wave.open(str(path), "rb") as clip:
            if params is None:
                params = clip.getparams()
                track = bytearray(int(total * params.framerate) * params.sampwidth * params.nchannels)
            data = clip.readframes(clip.getnframes())
        width = params.sampwidth * params.nchannels
        offset = int(start * params.framerate) * width
        data = data[: max(0, len(track) - offset)]
        track[offset: offset + len(data)] = data
    with wave.open(str(out), "wb") as result:
        result.setparams(params)
        result.writeframes(bytes(track))
    return out
