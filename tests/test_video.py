"""Walkthrough videos: the timeline and selection rules, then one real recording against the
sandbox (probed with ffprobe, captions parsed, a frame looked at), the cache, and a portal
that changed under the walkthrough (the failure is reported, the old video is kept)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, build_project, copy_project, serve_directory, without_walkthrough
from generators.load import load_catalog
from generators.media import media_ledger
from generators.problems import UserError
from generators.settings import Settings
from generators.video import VideoResult, exit_code, record_walkthroughs, select
from generators.video import record as record_module
from generators.video.capture import Frame, Segment, timeline
from generators.video.compose import Cue, caption_cues, chapter_title, ffmetadata, reading_time, webvtt
from generators.video.config import BadVideoConfig, VideoConfig

SLUG = "xac-nhan-thong-tin-ve-cu-tru"
SOURCE = f"procedures/cu-tru/{SLUG}.yaml"
#: A short walkthrough on the sandbox: search, open the procedure, check its page.
WALKTHROUGH = """\
walkthrough:
  steps:
    - open: "#/"
      caption: Mở trang chủ của cổng dịch vụ công thực hành.
    - fill: {role: searchbox, name: Tìm thủ tục, value: cư trú}
      caption: Gõ “cư trú” vào ô tìm thủ tục.
    - click: {role: button, name: Tìm kiếm}
      caption: Bấm nút “Tìm kiếm”.
    - click: {role: link, name: Xác nhận thông tin về cư trú}
      chapter: Mở thủ tục
      caption: Chọn thủ tục “Xác nhận thông tin về cư trú” trong kết quả.
    - expect: Thành phần hồ sơ
      caption: Trang thủ tục hiện thành phần hồ sơ cần chuẩn bị.
"""
STEPS = 5


# --------------------------------------------------------------------------------------
# Without a browser: timeline, captions, selection, configuration
# --------------------------------------------------------------------------------------


def test_steps_are_recorded_fast_and_held_to_be_read() -> None:
    frames = [Frame(100.0, b"title"), Frame(101.0, b"a"), Frame(101.5, b"b"), Frame(103.0, b"c")]
    segments = [Segment(100.0, 101.0, minimum=4.0), Segment(101.0, 102.0, minimum=3.0, tail=0.5),
                Segment(103.0, 103.2, minimum=2.5)]
    shots = timeline(frames, segments)
    assert shots.spans == [(0.0, 4.0), (4.0, 7.0), (7.0, 9.5)]
    # The title is held for 4 s; step 1 shows "a" at real speed (0.5 s), then holds "b".
    assert [(f.jpeg, round(s, 3)) for f, s in shots.shots] == [(b"title", 4.0), (b"a", 0.5), (b"b", 2.5),
                                                               (b"c", 2.5)]
    assert sum(s for _, s in shots.shots) == pytest.approx(shots.duration)


def test_a_slow_step_keeps_its_recorded_length() -> None:
    segment = Segment(0.0, 5.0, minimum=2.5, tail=0.6)
    assert segment.duration == pytest.approx(5.6)


def test_reading_time_is_about_fourteen_characters_a_second() -> None:
    config = VideoConfig()
    assert reading_time("Bấm.", config) == 2.5
    assert reading_time("x" * 70, config) == pytest.approx(5.0)


def test_chapter_titles() -> None:
    class Step:
        chapter = None
        caption = "Gõ họ và tên người được khai sinh, viết hoa chữ cái đầu và có dấu đầy đủ."

    assert chapter_title(3, Step) == "3. Gõ họ và tên người được khai sinh"
    Step.chapter = "Họ tên"
    assert chapter_title(3, Step) == "3. Họ tên"


def test_webvtt_and_chapter_metadata_are_escaped() -> None:
    cues = [Cue(4.0, 9.5, "Bấm <Tiếp tục> & chờ"), Cue(9.5, 3725.25, "Xong")]
    assert webvtt(cues) == ("WEBVTT\n\n1\n00:00:04.000 --> 00:00:09.500\nBấm &lt;Tiếp tục&gt; &amp; chờ\n\n"
                            "2\n00:00:09.500 --> 01:02:05.250\nXong\n")
    assert "title=a\\=b\\;c" in ffmetadata("t", [Cue(0, 1, "a=b;c")])


def test_long_captions_become_cues_of_two_lines_of_42_characters() -> None:
    text = ("Chọn tệp bản chụp giấy chứng sinh, định dạng PDF, JPG hoặc PNG, không quá 10 MB; "
            "sau đó bấm “Lưu tệp” để tệp được gửi kèm hồ sơ, rồi làm tương tự với các giấy tờ còn lại.")
    cues = caption_cues(10.0, 22.0, text)
    assert len(cues) == 3
    assert all(len(line) <= 42 for cue in cues for line in cue.text.split("\n"))
    assert all(1 <= len(cue.text.split("\n")) <= 2 for cue in cues)
    # Back to back over the step, each in proportion to its length, and no word lost.
    assert cues[0].start == 10.0 and cues[-1].end == 22.0
    assert all(a.end == pytest.approx(b.start) for a, b in zip(cues, cues[1:], strict=False))
    assert " ".join(cue.text.replace("\n", " ") for cue in cues) == text
    assert caption_cues(0.0, 3.0, "Bấm “Tiếp tục”.") == [Cue(0.0, 3.0, "Bấm “Tiếp tục”.")]


def test_a_comment_in_a_caption_file_cannot_end_early() -> None:
    text = webvtt([Cue(0, 1, "Xong")], note="Tên --> 00:00:00.000 --> 00:00:09.000")
    assert text.startswith("WEBVTT\n\nNOTE Tên → 00:00:00.000 → 00:00:09.000\n\n1\n")


@pytest.fixture(scope="module")
def catalog():
    root = Path(__file__).resolve().parents[1]
    return load_catalog(root / "procedures", root)


def _with_walkthroughs(catalog, count: int):
    """The repository's catalogue where the first ``count`` procedures have a walkthrough."""
    from generators import model

    copy = type(catalog)(root=catalog.root)
    script = model.Walkthrough.model_validate({"steps": [{"open": "#/", "caption": "Mở cổng."}]})
    for index, (slug, procedure) in enumerate(sorted(catalog.procedures.items())):
        copy.procedures[slug] = procedure.model_copy(update={"walkthrough": script if index < count else None})
    return copy


def test_shards_are_deterministic_and_cover_everything(catalog) -> None:
    more = _with_walkthroughs(catalog, 8)
    added = min(more.procedures)  # first in slug order: every later position shifts when it comes
    many = type(more)(root=more.root)
    for slug, procedure in more.procedures.items():
        many.procedures[slug] = procedure.model_copy(update={"walkthrough": None}) if slug == added else procedure
    everything = [slug for slug, _ in select(many, None, None)]
    assert len(everything) == 7
    shards = [[slug for slug, _ in select(many, None, (k, 3))] for k in (1, 2, 3)]
    assert sorted(sum(shards, [])) == everything, "every walkthrough in exactly one shard"
    assert all(shard == sorted(shard) for shard in shards)
    assert shards == [[slug for slug, _ in select(many, None, (k, 3))] for k in (1, 2, 3)]
    # By the slug, not by position: with one walkthrough more, no other one moves to another shard.
    again = [[slug for slug, _ in select(more, None, (k, 3)) if slug != added] for k in (1, 2, 3)]
    assert again == shards


def test_only_takes_slugs_or_codes(catalog) -> None:
    many = _with_walkthroughs(catalog, len(catalog.procedures))
    code = many.procedures["dang-ky-khai-sinh"].code
    assert [s for s, _ in select(many, [code, "dang-ky-tam-tru"], None)] == ["dang-ky-khai-sinh", "dang-ky-tam-tru"]
    with pytest.raises(UserError, match="không có thủ tục dang-ky-khai-sinhh .có phải ý bạn là 'dang-ky-khai-sinh'"):
        select(many, ["dang-ky-khai-sinhh"], None)
    with pytest.raises(UserError, match=r"--shard 4/3: cần 1 ≤ K ≤ N"):
        select(many, None, (4, 3))
    none = _with_walkthroughs(catalog, 0)
    with pytest.raises(UserError, match="thủ tục dang-ky-khai-sinh chưa có walkthrough"):
        select(none, ["dang-ky-khai-sinh"], None)


def test_config_file_never_holds_credentials(tmp_path: Path) -> None:
    (tmp_path / "thutuc.toml").write_text('[video]\nportal = "https://cong.example/"\ntimeout_seconds = 5\n')
    config = VideoConfig.load(tmp_path)
    assert (config.portal, config.timeout_seconds) == ("https://cong.example/", 5.0)
    (tmp_path / "thutuc.toml").write_text('[video]\nportal_password = "x"\n')
    with pytest.raises(BadVideoConfig, match="không ghi tài khoản, mật khẩu vào tệp"):
        VideoConfig.load(tmp_path)
    with pytest.raises(BadVideoConfig, match="không được chứa tài khoản"):
        VideoConfig().with_portal("https://an:mat-khau@cong.example/")
    (tmp_path / "thutuc.toml").write_text("[video]\nfsp = 30\n")
    with pytest.raises(BadVideoConfig, match=r"\[video\].fsp: không có thiết lập này"):
        VideoConfig.load(tmp_path)


# --------------------------------------------------------------------------------------
# One real recording against the sandbox
# --------------------------------------------------------------------------------------


def ffprobe(path: Path, *entries: str) -> dict:
    out = subprocess.run(["ffprobe", "-v", "error", "-of", "json", *entries, str(path)],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def parse_vtt(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        hours, minutes, rest = stamp.split(":")
        return int(hours) * 3600 + int(minutes) * 60 + float(rest)

    assert text.startswith("WEBVTT\n")
    cues = []
    for block in text.strip().split("\n\n")[1:]:
        lines = block.splitlines()
        if lines[0].startswith("NOTE"):
            continue
        start, end = lines[1].split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines[2:])))
    return cues


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    """The test project with one short walkthrough, recorded once against the sandbox."""
    root = copy_project(tmp_path_factory.mktemp("video"))
    source = root / SOURCE
    text = without_walkthrough(source.read_text(encoding="utf-8"))
    assert "walkthrough:" not in text
    source.write_text(text.replace("\nfaq:\n", "\n" + WALKTHROUGH + "faq:\n", 1), encoding="utf-8")
    # A missing element is reported after 3 s rather than 10.
    (root / "thutuc.toml").write_text("[video]\ntimeout_seconds = 3\n", encoding="utf-8")
    settings = Settings.for_project(root)
    catalog = load_catalog(settings.procedures, root)
    [result] = record_walkthroughs(catalog, settings, only=[SLUG])
    return settings, catalog, result


def media(settings: Settings, result: VideoResult, kind: str) -> Path:
    return settings.media / getattr(result, kind)


@pytest.mark.browser
def test_the_video_is_h264_with_one_chapter_per_step(recorded) -> None:
    settings, _, result = recorded
    assert result.status == "recorded", result.error
    mp4 = media(settings, result, "mp4")
    assert result.mp4 == Path("video") / SLUG / f"{SLUG}.mp4"
    probe = ffprobe(mp4, "-show_streams", "-show_format", "-show_chapters")
    [video] = [s for s in probe["streams"] if s["codec_type"] == "video"]
    assert (video["codec_name"], video["pix_fmt"]) == ("h264", "yuv420p")
    assert (video["width"], video["height"]) == (1280, 720)
    duration = float(probe["format"]["duration"])
    assert duration == pytest.approx(result.duration, abs=0.1)
    assert len(probe["chapters"]) == STEPS
    titles = [c["tags"]["title"] for c in probe["chapters"]]
    assert titles == [title for _, title in result.chapters]
    assert titles[3] == "4. Mở thủ tục"
    starts = [float(c["start_time"]) for c in probe["chapters"]]
    assert starts == pytest.approx([start for start, _ in result.chapters], abs=0.01)
    head = mp4.read_bytes()[:200_000]
    assert 0 <= head.find(b"moov") < head.find(b"mdat"), "+faststart puts the index first"
    # A constant 25 frames a second, colours tagged as HD video is (BT.709, limited range).
    assert video["r_frame_rate"] == video["avg_frame_rate"] == "25/1"
    assert (video["color_space"], video["color_primaries"], video["color_transfer"], video["color_range"]) == (
        "bt709", "bt709", "bt709", "tv")
    # Every track, the chapter track too, is in Vietnamese.
    assert {s["codec_type"]: s["tags"]["language"] for s in probe["streams"]} == {"video": "vie", "data": "vie"}


def rgb(picture: Path) -> tuple[bytes, int, int]:
    [stream] = ffprobe(picture, "-show_streams")["streams"]
    pixels = subprocess.run(["ffmpeg", "-v", "error", "-i", str(picture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-"],
                            capture_output=True, check=True).stdout
    return pixels, stream["width"], stream["height"]


@pytest.mark.browser
def test_every_step_has_a_picture_with_its_target_outlined(recorded) -> None:
    settings, catalog, result = recorded
    report = json.loads(media(settings, result, "report").read_text(encoding="utf-8"))
    steps = catalog.procedures[SLUG].walkthrough.steps
    assert [p["step"] for p in report["pictures"]] == list(range(1, STEPS + 1))
    assert [p["alt"] for p in report["pictures"]] == [step.caption for step in steps]
    folder = settings.media / "video" / SLUG
    for picture in report["pictures"]:
        data = (folder / picture["file"]).read_bytes()
        assert picture["file"] == f"buoc-{picture['step']:02d}.webp"
        assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    # Steps that act on an element show it outlined (amber border): look at the outline's pixels.
    outlined = [p for p in report["pictures"] if p["outline"]]
    assert {p["step"] for p in outlined} >= {2, 3, 4}
    for picture in outlined:
        pixels, width, _ = rgb(folder / picture["file"])
        box = picture["outline"]
        y = box["y"] + 1
        row = [pixels[(y * width + x) * 3:(y * width + x) * 3 + 3]
               for x in range(box["x"] + 10, box["x"] + box["width"] - 10, 4)]
        amber = [p for p in row if p[0] > 200 and 110 < p[1] < 200 and p[2] < 90]
        assert len(amber) > len(row) * 0.8, f"step {picture['step']}: no outline at {box}"
    # The pictures differ from each other: each shows its own step.
    assert len({(folder / p["file"]).read_bytes() for p in report["pictures"]}) == STEPS


@pytest.mark.browser
def test_captions_follow_the_chapters(recorded) -> None:
    settings, catalog, result = recorded
    cues = parse_vtt(media(settings, result, "vtt").read_text(encoding="utf-8"))
    steps = catalog.procedures[SLUG].walkthrough.steps
    # A cue is at most two lines of 42 characters; these captions fit one cue each.
    assert [text.replace("\n", " ") for _, _, text in cues] == [step.caption for step in steps]
    assert all(len(line) <= 42 for _, _, text in cues for line in text.split("\n"))
    assert all(start < end for start, end, _ in cues)
    assert all(a[1] <= b[0] + 1e-6 for a, b in zip(cues, cues[1:], strict=False))
    assert 0 < cues[0][0] and cues[-1][1] <= result.duration + 1e-3
    chapter_starts = [start for start, _ in result.chapters]
    assert [start for start, _, _ in cues][1:] == pytest.approx(chapter_starts[1:], abs=0.002)
    assert chapter_starts[0] == 0.0  # the title card belongs to the first chapter
    # Every caption stays on screen long enough to read (14 characters a second, 2.5 s at least).
    assert all(end - start >= max(2.5, len(text) / 14) - 0.01 for start, end, text in cues)
    chapters = parse_vtt(media(settings, result, "chapters_vtt").read_text(encoding="utf-8"))
    assert [text for _, _, text in chapters] == [title for _, title in result.chapters]


@pytest.mark.browser
def test_a_frame_in_the_middle_of_a_step_is_not_blank(recorded, tmp_path: Path) -> None:
    settings, _, result = recorded
    report = json.loads(media(settings, result, "report").read_text(encoding="utf-8"))
    step = report["steps"][1]
    middle = (step["start"] + step["end"]) / 2
    png = tmp_path / "giua-buoc-2.png"
    gray = subprocess.run(["ffmpeg", "-v", "error", "-ss", f"{middle:.3f}", "-i", str(media(settings, result, "mp4")),
                           "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                          capture_output=True, check=True).stdout
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-ss", f"{middle:.3f}", "-i", str(media(settings, result, "mp4")),
                    "-frames:v", "1", str(png)], check=True)
    assert len(gray) == 1280 * 720
    mean = sum(gray) / len(gray)
    spread = (sum((v - mean) ** 2 for v in gray[::7]) / len(gray[::7])) ** 0.5
    assert len(set(gray)) > 32 and spread > 20, "the frame looks blank"
    # The caption bar (dark, bottom centre) is drawn over the page.
    bar = [gray[y * 1280 + x] for y in range(650, 680) for x in range(300, 900, 10)]
    assert sum(v < 80 for v in bar) > len(bar) / 2


@pytest.mark.browser
def test_report_poster_and_timings(recorded) -> None:
    settings, _, result = recorded
    report = json.loads(media(settings, result, "report").read_text(encoding="utf-8"))
    assert [s["action"] for s in report["steps"]] == ["open", "fill", "click", "click", "expect"]
    assert report["steps"][2]["target"] == 'button "Tìm kiếm"'
    assert report["timing"]["finished_seconds"] == pytest.approx(result.duration)
    assert result.wall_time == report["timing"]["recording_wall_seconds"] > 0
    # How fast recording is (the 0.5× target) is measured by the benchmark, not asserted here.
    assert result.ratio == pytest.approx(result.wall_time / result.duration)
    poster = media(settings, result, "poster")
    assert poster.read_bytes()[:2] == b"\xff\xd8"
    [stream] = ffprobe(poster, "-show_streams")["streams"]
    assert (stream["width"], stream["height"]) == (1280, 720)
    # The poster is the title card with its text drawn (white on blue), not the bare background
    # painted before the fonts loaded.
    gray = subprocess.run(["ffmpeg", "-v", "error", "-i", str(poster), "-f", "rawvideo", "-pix_fmt", "gray", "-"],
                          capture_output=True, check=True).stdout
    bright = sum(v > 200 for v in gray)
    assert bright > len(gray) * 0.005, f"the title card has no text ({bright} bright pixels)"


@pytest.mark.browser
def test_unchanged_walkthroughs_are_reused_without_a_browser(recorded, monkeypatch) -> None:
    settings, catalog, first = recorded

    def no_browser(*args, **kwargs):
        raise AssertionError("the browser was started for an unchanged walkthrough")

    monkeypatch.setattr(record_module, "_record_all", no_browser)
    [again] = record_walkthroughs(catalog, settings, only=[catalog.procedures[SLUG].code])
    assert again.status == "reused"
    assert (again.mp4, again.duration, again.chapters) == (first.mp4, first.duration, first.chapters)


class _WouldRecord(Exception):
    """Raised instead of recording: the walkthroughs that were not current."""


def _would_record(catalog, settings, monkeypatch) -> list[str]:
    def instead(todo, *args):
        raise _WouldRecord([slug for slug, _ in todo])

    monkeypatch.setattr(record_module, "_record_all", instead)
    try:
        results = record_walkthroughs(catalog, settings, only=[SLUG])
    except _WouldRecord as would:
        return would.args[0]
    assert [r.status for r in results] == ["reused"]
    return []


@pytest.mark.browser
def test_the_recording_keeps_what_it_showed_and_only_those_screens_re_record_it(recorded, monkeypatch) -> None:
    settings, catalog, _ = recorded
    # The walkthrough opens the home page (every procedure is listed there), searches, opens one.
    meta = media_ledger(settings).meta(f"video/{SLUG}/{SLUG}.json")
    assert meta == {"shown": {"man_hinh": ["thu-tuc", "tim-kiem", "trang-chu"], "thu_tuc": [SLUG],
                              "ca_danh_muc": True}}
    own = settings.root / "sandbox"  # the project's own copy of the portal, to edit
    shutil.copytree(REPO / "sandbox", own)
    try:
        assert _would_record(catalog, settings, monkeypatch) == []
        guide = own / "js" / "man-hinh" / "huong-dan.js"
        guide.write_text(guide.read_text(encoding="utf-8") + "// sửa\n", encoding="utf-8")
        assert _would_record(catalog, settings, monkeypatch) == []
        search = own / "js" / "man-hinh" / "tim-kiem.js"
        search.write_text(search.read_text(encoding="utf-8") + "// sửa\n", encoding="utf-8")
        assert _would_record(catalog, settings, monkeypatch) == [SLUG]
    finally:
        shutil.rmtree(own)
    assert _would_record(catalog, settings, monkeypatch) == []


@pytest.mark.browser
def test_a_renamed_button_fails_the_walkthrough_and_keeps_the_old_video(recorded, tmp_path: Path) -> None:
    settings, catalog, first = recorded
    before = {kind: media(settings, first, kind).read_bytes() for kind in ("mp4", "vtt", "poster", "report")}
    # The portal changed: the search button is now called "Tìm".
    broken = tmp_path / "cong-da-doi"
    shutil.copytree(settings.work / "sandbox", broken)
    app = broken / "js" / "40-giao-dien.js"
    script = app.read_text(encoding="utf-8")
    assert script.count('"Tìm kiếm")') == 1
    app.write_text(script.replace('"Tìm kiếm")', '"Tìm")'), encoding="utf-8")
    server, url = serve_directory(broken)
    try:
        results = record_walkthroughs(catalog, settings, only=[SLUG], portal_url=url)
    finally:
        server.shutdown()
        server.server_close()
    [result] = results
    assert result.status == "failed"
    assert result.error == (f'{SLUG}: step 3 (click button "Tìm kiếm"): không thấy phần tử sau 3 giây '
                            "(trên trang có button “Tìm”)")
    failures = settings.work / "video-failures" / SLUG
    assert result.artifacts == [failures / "step-03.png", failures / "step-03.html"]
    assert (failures / "step-03.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    page = (failures / "step-03.html").read_text(encoding="utf-8")
    assert "Tìm</button>" in page and "thutuc-overlay" not in page
    assert exit_code(results) == 1
    # The previous good video is untouched, and still what the result points at.
    assert {kind: media(settings, first, kind).read_bytes() for kind in before} == before
    assert (result.mp4, result.duration) == (first.mp4, first.duration)


@pytest.mark.skipif(shutil.which("espeak-ng") is None, reason="espeak-ng is not installed")
def test_narration_is_spoken_and_placed_at_each_step(tmp_path: Path) -> None:
    import wave

    from generators.video import narrate

    clips = narrate.speak(["Bấm nút Tiếp tục.", "Nhập mã OTP."], "vi", tmp_path)
    assert [path.name for path, _ in clips] == ["step-01.wav", "step-02.wav"]
    assert all(0.3 < seconds < 5 for _, seconds in clips)
    track = narrate.mix([(1.0, clips[0][0]), (6.0, clips[1][0])], 10.0, tmp_path / "loi-doc.wav")
    with wave.open(str(track), "rb") as mixed:
        assert mixed.getnframes() / mixed.getframerate() == pytest.approx(10.0, abs=0.01)


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["vtt", "mp4", "report"])
def test_a_damaged_video_file_is_recorded_again_and_never_republished(recorded, monkeypatch, kind) -> None:
    from generators.media import media_ledger, read_media

    settings, catalog, first = recorded
    path = media(settings, first, kind)
    original = path.read_bytes()
    attempts = []

    async def failing(todo, context, base_url, jobs):
        attempts.extend(slug for slug, *_ in todo)
        return [VideoResult(slug, "failed", error="ghi lại") for slug, *_ in todo]

    monkeypatch.setattr(record_module, "_record_all", failing)
    try:
        path.write_bytes(original[: len(original) // 2])
        [again] = record_walkthroughs(catalog, settings, only=[SLUG])
        assert attempts == [SLUG] and again.status == "failed"
        assert SLUG not in read_media(media_ledger(settings)).videos, "a damaged video is not published"
    finally:
        path.write_bytes(original)
    assert SLUG in read_media(media_ledger(settings)).videos


# --------------------------------------------------------------------------------------
# On the procedure page: the step-by-step guide, captions from a USB stick, chapters that seek
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def video_site(recorded):
    settings, _, _ = recorded
    return build_project(settings.root, stages=("site",))


PAGE = f"thu-tuc/cu-tru/{SLUG}.html"


@pytest.mark.browser
def test_the_page_shows_every_step_with_its_picture(recorded, video_site, page) -> None:
    _, catalog, _ = recorded
    server, url = serve_directory(video_site)
    try:
        page.goto(url + PAGE)
        guide = page.get_by_role("heading", name="Làm trên Cổng Dịch vụ công, từng bước")
        guide.wait_for()
        steps = page.locator("ol.tt-guide > li")
        assert steps.count() == STEPS
        captions = [step.caption for step in catalog.procedures[SLUG].walkthrough.steps]
        assert steps.locator(".tt-guide__text").all_inner_texts() == captions
        pictures = page.locator("ol.tt-guide img")
        assert [pictures.nth(i).get_attribute("alt") for i in range(STEPS)] == captions
        for i in range(STEPS):
            pictures.nth(i).scroll_into_view_if_needed()
            page.wait_for_function("img => img.complete && img.naturalWidth === 1280",
                                   arg=pictures.nth(i).element_handle())
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_chapters_seek_on_a_server_without_range_requests(recorded, video_site, page) -> None:
    _, _, result = recorded
    # http.server answers every request with the whole file: no Range support.
    server, url = serve_directory(video_site)
    try:
        page.goto(url + PAGE)
        start = result.chapters[3][0]
        page.locator(".tt-chapter").nth(3).click()
        page.wait_for_function(f"document.querySelector('.tt-video video').currentTime >= {start - 0.2}",
                               timeout=20_000)
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_captions_show_when_the_site_is_opened_from_a_folder(recorded, video_site, page) -> None:
    settings, _, result = recorded
    cues = parse_vtt(media(settings, result, "vtt").read_text(encoding="utf-8"))
    page.goto((video_site / PAGE).as_uri())
    page.wait_for_function("document.querySelector('.tt-video video').textTracks.length > 0")
    track = page.evaluate("""() => {
        const t = Array.from(document.querySelector('.tt-video video').textTracks).find(t => t.kind === 'captions');
        return t && {mode: t.mode, cues: Array.from(t.cues || [], c => [c.startTime, c.endTime, c.text])};
    }""")
    assert track["mode"] == "showing"
    assert [text for _, _, text in track["cues"]] == [text for _, _, text in cues]


def test_the_progress_line_follows_each_step() -> None:
    class Bar:
        def __init__(self):
            self.lines, self.done = {}, 0

        def add_task(self, description, total=None):
            self.lines[len(self.lines)] = description
            return len(self.lines) - 1

        def update(self, task, advance=0, description=None, **_):
            if description:
                self.lines[task] = description
            self.done += advance

        def remove_task(self, task):
            self.lines.pop(task)

    bar = Bar()
    lines = record_module._Lines(bar, bar.add_task("Quay video hướng dẫn"))
    with lines.walkthrough("dang-ky-khai-sinh") as on_step:
        on_step(3, 18)
        assert bar.lines[1] == "dang-ky-khai-sinh: bước 3/18"
    assert 1 not in bar.lines and bar.done == 1
    # Not on a terminal: no live line at all.
    with record_module._Lines().walkthrough("x") as on_step:
        assert on_step is None


@pytest.mark.browser
def test_the_quick_guide_prints_the_step_pictures(recorded) -> None:
    settings, _, _ = recorded
    from generators.build import build

    build(settings, stages=("pdf",))
    pdf = settings.media / "pdf" / "thu-tuc" / f"{SLUG}.pdf"
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    sizes = [tuple(int(x) for x in line.split()[3:5]) for line in listing.splitlines()[2:]]
    # Printed as 960 px JPEGs (embedded as they are), not as re-encoded full-size bitmaps.
    assert sizes.count((960, 540)) == STEPS, listing
    assert sum(" jpeg " in line for line in listing.splitlines()[2:]) >= STEPS
    assert pdf.stat().st_size < 150_000 * STEPS
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Làm trên Cổng Dịch vụ công, từng bước" in text
