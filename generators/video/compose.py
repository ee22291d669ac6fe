"""Composition with ffmpeg (through ffmpeg-python): the frames, held so captions can be read,
become an H.264 MP4 (yuv420p, +faststart) with one chapter per step, a WebVTT caption file in
step with the chapters, and a poster. Captions are burned in with libass only on request."""

from __future__ import annotations

import math
import shutil
import subprocess
import textwrap
from dataclasses import dataclass
from pathlib import Path

import ffmpeg

from .. import child
from ..problems import UserError
from . import narrate
from .capture import Segment, Timeline, timeline
from .config import VideoConfig
from .runner import Recording

#: The smallest finished video: recordings are scaled and padded up to it.
MIN_SIZE = (1280, 720)
#: Longest time one encoded frame is shown; a longer hold repeats the frame.
HOLD_STEP = 0.25


class FfmpegMissing(UserError):
    """No ffmpeg to encode with."""


class ComposeFailed(UserError):
    """ffmpeg refused to make the video."""


def ffmpeg_exe() -> str:
    """The ffmpeg we control: imageio-ffmpeg's (libx264 and libass inside), else the system's."""
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except (ImportError, RuntimeError):
        found = shutil.which("ffmpeg")
        if found:
            return found
    raise FfmpegMissing("ffmpeg is not installed or not on PATH (cài gói imageio-ffmpeg hoặc ffmpeg)")


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


@dataclass
class Composition:
    """What ended up where in the finished video."""

    duration: float
    title: tuple[float, float]
    steps: list[tuple[float, float]]
    chapters: list[Cue]
    captions: list[Cue]
    size: tuple[int, int]
    narrated: bool


def reading_time(caption: str, config: VideoConfig) -> float:
    """How long a caption stays on screen: about 14 characters a second, with a minimum."""
    return max(config.min_step_seconds, len(caption) / config.chars_per_second)


def chapter_title(number: int, step) -> str:
    """``3. Điền họ tên người được khai sinh``: the step's chapter, or the start of its caption."""
    text = step.chapter or step.caption
    if not step.chapter:
        for stop in (". ", ": ", "; ", " — ", ", "):
            head = text.split(stop)[0]
            if 12 <= len(head) < len(text):
                text = head
                break
        text = text.rstrip(".")
        if len(text) > 60:
            text = text[:59].rsplit(" ", 1)[0] + "…"
    return f"{number}. {text}"


#: Captions made for reading: at most this many characters a line, and lines a cue.
CAPTION_LINE = 42
CAPTION_LINES = 2


def caption_cues(start: float, end: float, text: str) -> list[Cue]:
    """A step's caption as cues of at most two lines of 42 characters, each on screen for a
    share of the step's time in proportion to its length (so each is there long enough to read)."""
    lines = textwrap.wrap(" ".join(text.split()), CAPTION_LINE, break_on_hyphens=False) or [""]
    groups = ["\n".join(lines[i:i + CAPTION_LINES]) for i in range(0, len(lines), CAPTION_LINES)]
    total = sum(len(g) for g in groups) or 1
    cues, at = [], start
    for index, group in enumerate(groups):
        until = end if index == len(groups) - 1 else at + (end - start) * len(group) / total
        cues.append(Cue(at, until, group))
        at = until
    return cues


def output_size(recorded: tuple[int, int]) -> tuple[int, int]:
    width, height = recorded
    scale = max(MIN_SIZE[0] / width, MIN_SIZE[1] / height, 1.0)
    return (int(width * scale + 1) // 2 * 2, int(height * scale + 1) // 2 * 2)


def plan(recording: Recording, config: VideoConfig, speech: list[float] | None = None) -> tuple[Timeline, Composition]:
    """Where each frame goes, from the recording marks and the captions' reading time."""
    segments = [Segment(recording.title[0], recording.steps[0].start if recording.steps else recording.title[1],
                        config.title_seconds)]
    for index, mark in enumerate(recording.steps):
        minimum = reading_time(mark.step.caption, config)
        if speech:
            minimum = max(minimum, speech[index] + 0.5)
        segments.append(Segment(mark.start, mark.end, minimum, config.step_tail_seconds))
    shots = timeline(recording.frames, segments)
    steps = shots.spans[1:]
    chapters = [Cue(0.0 if index == 0 else start, end, chapter_title(index + 1, mark.step))
                for index, ((start, end), mark) in enumerate(zip(steps, recording.steps, strict=True))]
    captions = [cue for (start, end), mark in zip(steps, recording.steps, strict=True)
                for cue in caption_cues(start, end, mark.step.caption)]
    composition = Composition(shots.duration, shots.spans[0], steps, chapters, captions,
                              output_size(recording.size), bool(speech))
    return shots, composition


# --------------------------------------------------------------------------------------
# Encoding
# --------------------------------------------------------------------------------------


def compose(recording: Recording, config: VideoConfig, *, title: str, work: Path, mp4: Path, poster: Path,
            burn_captions: bool = False, narration: bool = False, fonts_dir: Path | None = None) -> Composition:
    """Encode ``recording`` into ``mp4`` and ``poster`` (temporary names chosen by the caller)."""
    exe = ffmpeg_exe()
    work.mkdir(parents=True, exist_ok=True)
    clips: list[tuple[Path, float]] = []
    if narration:
        clips = narrate.speak([m.step.caption for m in recording.steps], config.voice, work / "speech")
    shots, composition = plan(recording, config, [seconds for _, seconds in clips] or None)
    width, height = composition.size

    listing = _write_frames(shots, work / "frames")
    metadata = work / "chapters.txt"
    metadata.write_text(ffmetadata(title, composition.chapters), encoding="utf-8")

    video = ffmpeg.input(str(listing), f="concat", safe=0).video
    if config.fps:
        video = video.filter("fps", fps=config.fps)
    video = (video.filter("scale", width, height, force_original_aspect_ratio="decrease", out_range="tv",
                          out_color_matrix="bt709")
             .filter("pad", width, height, "(ow-iw)/2", "(oh-ih)/2", color="white"))
    if burn_captions:
        ass = work / "captions.ass"
        ass.write_text(ass_subtitles(composition.captions, width, height), encoding="utf-8")
        video = video.filter("subtitles", str(ass), **({"fontsdir": str(fonts_dir)} if fonts_dir else {}))
    video = video.filter("format", "yuv420p")
    streams = [video]
    audio_options = {}
    if clips:
        track = narrate.mix([(start, path) for (start, _), (path, _) in zip(composition.steps, clips, strict=True)],
                            composition.duration, work / "narration.wav")
        streams.append(ffmpeg.input(str(track)).audio)
        audio_options = {"acodec": "aac", "audio_bitrate": "96k"}
    chapters_input = ffmpeg.input(str(metadata), f="ffmetadata")
    streams.append(chapters_input["?"])
    keyframes = ",".join(f"{cue.start:.3f}" for cue in composition.chapters)
    # By default the frame rate is variable: the frames that change, and held frames repeated
    # every HOLD_STEP seconds; several times faster to encode than a constant 25 fps.
    rate = {"r": config.fps} if config.fps else {"fps_mode": "vfr"}
    options = dict(f="mp4", vcodec="libx264", preset="veryfast", crf=config.crf, pix_fmt="yuv420p", bf=0,
                   movflags="+faststart", force_key_frames=keyframes, t=f"{shots.duration:.3f}",
                   colorspace="bt709", color_range="tv",
                   **{"x264-params": "colorprim=bt709:transfer=bt709:colormatrix=bt709",
                      "metadata:s:v:0": "language=vie"},
                   **rate, **audio_options)
    index = _input_index(ffmpeg.output(*streams, str(mp4), **options), metadata, exe)
    _run(ffmpeg.output(*streams, str(mp4), map_metadata=index, map_chapters=index, **options), exe)

    tag_languages(mp4, "vie")

    middle = composition.title[1] / 2
    _run(ffmpeg.input(str(mp4), ss=f"{middle:.3f}").output(str(poster), vframes=1, f="image2", vcodec="mjpeg",
                                                            **{"q:v": 3}), exe)
    return composition


_CONTAINERS = {b"moov", b"trak", b"mdia"}


def tag_languages(mp4: Path, language: str) -> None:
    """Mark every track of ``mp4`` as ``language`` (ISO 639-2), the chapter track included:
    ffmpeg writes the chapter track itself and gives it no language of ours."""
    packed = sum((ord(c) - 0x60) << shift for c, shift in zip(language, (10, 5, 0), strict=True))
    with open(mp4, "r+b") as handle:
        head = handle.read(4 << 20)  # +faststart: the index is at the start
        for offset in _mdhd_language_offsets(head, 0, len(head)):
            handle.seek(offset)
            handle.write(packed.to_bytes(2, "big"))


def _mdhd_language_offsets(data: bytes, start: int, end: int):
    at = start
    while at + 8 <= end:
        size, kind = int.from_bytes(data[at:at + 4], "big"), data[at + 4:at + 8]
        if size < 8 or at + size > end:
            return
        if kind in _CONTAINERS:
            yield from _mdhd_language_offsets(data, at + 8, at + size)
        elif kind == b"mdhd":
            version = data[at + 8]
            yield at + 8 + 4 + (28 if version == 1 else 16)
        at += size


def webp(png: bytes, quality: int = 82) -> bytes:
    """A step picture as WebP (a fifth of the PNG's size, still sharp on text)."""
    return _convert(png, ["-f", "png_pipe", "-i", "-", "-c:v", "libwebp", "-quality", str(quality), "-f", "webp", "-"],
                    b"RIFF", "ảnh WebP")


def print_jpeg(picture: bytes, width: int = 960, quality: int = 4) -> bytes:
    """A step picture for a PDF: JPEG (PDF has no WebP, so Chromium would store it
    uncompressed-like, 300 kB a picture) at most 960 px wide, plenty for a printed page."""
    return _convert(picture, ["-i", "-", "-vf", f"scale='min({width},iw)':-2", "-q:v", str(quality),
                              "-f", "mjpeg", "-"], b"\xff\xd8", "ảnh JPEG để in")


def _convert(data: bytes, args: list[str], magic: bytes, what: str) -> bytes:
    """One picture through ffmpeg, stdin to stdout; the output must start with ``magic``."""
    try:
        done = child.run([ffmpeg_exe(), "-v", "error", *args], input=data, capture_output=True)
    except FileNotFoundError:
        raise FfmpegMissing("ffmpeg is not installed or not on PATH (cài gói imageio-ffmpeg hoặc ffmpeg)") from None
    if done.returncode != 0 or not done.stdout.startswith(magic):
        tail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-5:]
        raise ComposeFailed(f"ffmpeg không tạo được {what}:\n" + "\n".join(tail))
    return done.stdout


def _write_frames(shots: Timeline, folder: Path) -> Path:
    """The frames as JPEG files and an ffconcat listing with how long each is shown.

    A held frame is listed again every :data:`HOLD_STEP` seconds: the encoder turns the repeats
    into almost nothing, and a player or ``ffmpeg -ss`` that seeks into a hold lands on it.
    """
    folder.mkdir(parents=True, exist_ok=True)
    names: dict[int, str] = {}
    lines = ["ffconcat version 1.0"]
    for frame, seconds in shots.shots:
        name = names.get(id(frame))
        if name is None:
            name = names[id(frame)] = f"f{len(names):06d}.jpg"
            (folder / name).write_bytes(frame.jpeg)
        repeats = max(1, math.ceil(seconds / HOLD_STEP - 1e-9))
        lines += [f"file '{name}'\nduration {seconds / repeats:.4f}"] * repeats
    if shots.shots:
        lines.append(f"file '{names[id(shots.shots[-1][0])]}'")  # the concat demuxer needs the last one twice
    listing = folder / "frames.ffconcat"
    listing.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return listing


def _input_index(output, path: Path, exe: str) -> int:
    args = output.compile(cmd=exe)
    inputs = [args[i + 1] for i, arg in enumerate(args) if arg == "-i"]
    return inputs.index(str(path))


def _run(output, exe: str) -> None:
    """Run one ffmpeg command; it is killed with the build if the build dies (see generators.child)."""
    try:
        done = child.run(output.compile(cmd=exe, overwrite_output=True), capture_output=True, stdin=subprocess.DEVNULL)
        if done.returncode != 0:
            tail = (done.stderr or b"").decode("utf-8", "replace").strip().splitlines()[-12:]
            raise ComposeFailed("ffmpeg lỗi:\n" + "\n".join(tail))
    except FileNotFoundError:
        raise FfmpegMissing("ffmpeg is not installed or not on PATH (cài gói imageio-ffmpeg hoặc ffmpeg)") from None


# --------------------------------------------------------------------------------------
# Text files: chapters (ffmetadata), captions (WebVTT), burned captions (ASS)
# --------------------------------------------------------------------------------------


def _meta_escape(text: str) -> str:
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


def ffmetadata(title: str, chapters: list[Cue]) -> str:
    lines = [";FFMETADATA1", f"title={_meta_escape(title)}", "language=vie"]
    for cue in chapters:
        lines += ["[CHAPTER]", "TIMEBASE=1/1000", f"START={round(cue.start * 1000)}",
                  f"END={round(cue.end * 1000)}", f"title={_meta_escape(cue.text)}"]
    return "\n".join(lines) + "\n"


def vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def webvtt(cues: list[Cue], note: str = "") -> str:
    """A WebVTT file; ``-->`` and markup characters in the text are escaped."""
    out = ["WEBVTT", ""]
    if note:
        # A comment may hold neither "-->" nor a blank line (either would end it early).
        out += ["NOTE " + " ".join(note.replace("-->", "→").split()), ""]
    for number, cue in enumerate(cues, 1):
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        out += [str(number), f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}", text, ""]
    return "\n".join(out)


def ass_subtitles(cues: list[Cue], width: int, height: int) -> str:
    def stamp(seconds: float) -> str:
        centis = round(seconds * 100)
        return f"{centis // 360000}:{centis // 6000 % 60:02d}:{centis // 100 % 60:02d}.{centis % 100:02d}"

    size = round(height * 0.045)
    lines = [
        "[Script Info]", "ScriptType: v4.00+", f"PlayResX: {width}", f"PlayResY: {height}", "WrapStyle: 0", "",
        "[V4+ Styles]",
        "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, "
        "Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, "
        "MarginL, MarginR, MarginV, Encoding",
        f"Style: Default,Noto Sans,{size},&H00FFFFFF,&H00FFFFFF,&H28000000,&H28000000,0,0,0,0,100,100,0,0,3,"
        f"10,0,2,{width // 12},{width // 12},{round(height * 0.05)},1",
        "", "[Events]", "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
    ]
    for cue in cues:
        text = cue.text.replace("\\", "\\\\").replace("{", "(").replace("}", ")").replace("\n", "\\N")
        lines.append(f"Dialogue: 0,{stamp(cue.start)},{stamp(cue.end)},Default,,0,0,0,,{text}")
    return "\n".join(lines) + "\n"
