"""Recording on many machines: a shard's videos in one archive (a bundle), and merging bundles
into ``media/`` after checking that each was recorded from this checkout.

A bundle is a tar (or zip) archive holding ``thutuc-bundle.json`` and, under ``media/``, every
file of its walkthroughs (video, captions, chapters, poster, report, step pictures). The JSON
holds the ledger's entries of those files (size, SHA-256, key, what the recording showed of the
portal) and what they were recorded from: the shared inputs (recorder, fonts, portal, options) and
each walkthrough's own (its script and procedure, its sample files, the screens and data it
showed), as digests. Merging recomputes them here: a walkthrough whose key
differs is refused with the part that differs, and nothing is written unless every bundle passes.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import re
import shutil
import tarfile
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..load import load_catalog
from ..media import media_ledger
from ..outputs import FILE_MODE, TEMP_SUFFIX, Entry, make_dirs
from ..problems import UserError
from ..publish import build_lock
from ..settings import Settings
from . import narrate
from .config import VideoConfig
from .record import WRITER, RecordingInputs, select, shown_in
from .report import SUFFIXES, Outputs

log = logging.getLogger("thutuc")

MANIFEST = "thutuc-bundle.json"
FORMAT = "thutuc-media-bundle"
VERSION = 1
#: Files of a walkthrough in a bundle: ``media/video/<slug>/<name>``.
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
#: What each input's digest stands for, in the refusal message.
_INPUTS = {
    "portal": "cổng khác",
    "recorder": "mã nguồn bộ ghi video khác",
    "fonts": "phông chữ khác",
    "options": "tùy chọn ghi khác (thutuc.toml, --burn-captions, --narrate)",
    "procedure": "kịch bản hoặc thông tin thủ tục khác",
    "samples": "tệp mẫu tải lên khác",
    "seen": "màn hình hoặc dữ liệu cổng khác ở những trang video đi qua",
}
#: More walkthroughs than this refused for one reason in one bundle are named on one line.
_NAMED = 5


class BadBundle(UserError):
    """A bundle is missing, unreadable, damaged or recorded from other inputs."""


class NoBundleVideo(UserError):
    """A walkthrough of the shard has no current video to put in the bundle."""


# --------------------------------------------------------------------------------------
# Writing a bundle
# --------------------------------------------------------------------------------------


def write_bundle(settings: Settings, options, target: Path) -> str:
    """Put the current videos of the walkthroughs ``options`` selects (its shard) into the archive
    ``target``, written atomically; the summary line. ``options`` is the run's RecordOptions."""
    catalog = load_catalog(settings.procedures, settings.root)
    selected = select(catalog, list(options.only) or None, options.shard)
    config = VideoConfig.load(settings.root).with_portal(options.portal_url)
    narration = options.narrate and narrate.engine() is not None
    inputs = RecordingInputs.prepare(catalog, settings, config, burn_captions=options.burn_captions,
                                     narration=narration)
    ledger = media_ledger(settings)
    walkthroughs: dict[str, dict] = {}
    missing = []
    for slug, procedure in selected:
        outputs = Outputs(settings.media, slug)
        shown = shown_in(ledger.meta(outputs.relative("report").as_posix()))
        key = inputs.key(procedure, shown)
        report = outputs.read_report()
        paths = [outputs.relative(kind).as_posix() for kind in SUFFIXES]
        paths += [p.as_posix() for p in outputs.pictures(report or {})]
        if report is None or not all(ledger.is_current(path, key) for path in paths):
            missing.append(slug)
            continue
        walkthroughs[slug] = {"key": key, "parts": inputs.parts(procedure, shown),
                              "files": {path: _entry_json(ledger.entries[path]) for path in sorted(paths)}}
    if missing:
        raise NoBundleVideo(f"{', '.join(missing)}: chưa có video mới nhất (ghi lỗi?); gói {target} không được ghi")
    manifest = {"format": FORMAT, "version": VERSION, "shard": list(options.shard) if options.shard else None,
                "options": {"burn_captions": options.burn_captions, "narration": narration},
                "inputs": inputs.shared, "walkthroughs": walkthroughs}
    files = [path for w in walkthroughs.values() for path in w["files"]]
    _write_archive(target, json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"),
                   [(f"media/{path}", settings.media / path) for path in files])
    part = f" (phần {options.shard[0]}/{options.shard[1]})" if options.shard else ""
    return (f"Đã ghi gói {target}{part}: {len(walkthroughs)} walkthrough, {len(files)} tệp, "
            f"{target.stat().st_size / 1e6:.1f} MB.")


def _entry_json(entry: Entry) -> dict:
    return {"writer": entry.writer, "key": entry.key, "size": entry.size, "sha256": entry.sha256,
            "meta": entry.meta}


def _write_archive(target: Path, manifest: bytes, files: list[tuple[str, Path]]) -> None:
    """A zip (``.zip``) or tar archive, the same bytes for the same files (no dates, no owners),
    through a temporary file and a rename: an interrupted run leaves no half bundle."""
    target = target.absolute()
    make_dirs(target.parent)
    temp = target.with_name(f".{target.name}.{os.getpid()}{TEMP_SUFFIX}")
    try:
        if target.name.endswith(".zip"):
            with zipfile.ZipFile(temp, "w", zipfile.ZIP_STORED) as archive:
                for name, data in [(MANIFEST, manifest), *((n, p.read_bytes()) for n, p in files)]:
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.external_attr = FILE_MODE << 16
                    archive.writestr(info, data)
        else:
            mode = "w:gz" if target.name.endswith((".tar.gz", ".tgz")) else "w"
            with tarfile.open(temp, mode, format=tarfile.PAX_FORMAT) as archive:
                _add(archive, MANIFEST, len(manifest), io.BytesIO(manifest))
                for name, path in files:
                    with open(path, "rb") as handle:
                        _add(archive, name, path.stat().st_size, handle)
        os.chmod(temp, FILE_MODE)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def _add(archive: tarfile.TarFile, name: str, size: int, handle) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, FILE_MODE, 0
    archive.addfile(info, handle)


# --------------------------------------------------------------------------------------
# Reading a bundle
# --------------------------------------------------------------------------------------


class _Archive:
    """The members of a tar or zip archive, by name: their size, and a way to read them."""

    def __init__(self, path: Path):
        self.path = path
        if zipfile.is_zipfile(path):
            self._zip: zipfile.ZipFile | None = zipfile.ZipFile(path)
            self._tar = None
            self.sizes = {i.filename: i.file_size for i in self._zip.infolist() if not i.is_dir()}
        else:
            self._zip = None
            self._tar = tarfile.open(path, "r:*")
            self._members = {m.name: m for m in self._tar.getmembers() if m.isfile()}
            self.sizes = {name: m.size for name, m in self._members.items()}

    def open(self, name: str):
        if self._zip is not None:
            return self._zip.open(name)
        handle = self._tar.extractfile(self._members[name])
        assert handle is not None
        return handle

    def close(self) -> None:
        (self._zip or self._tar).close()


@contextmanager
def _opened(path: Path) -> Iterator[_Archive]:
    if not path.exists():
        raise BadBundle(f"{path}: không có tệp này")
    if path.is_dir():
        raise BadBundle(f"{path}: là thư mục, không phải gói video")
    try:
        archive = _Archive(path)
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
        raise BadBundle(f"{path}: không phải gói video (tar hoặc zip) hoặc đã hỏng ({_short(exc)})") from None
    except OSError as exc:
        raise BadBundle(f"{path}: không đọc được ({exc.strerror or exc})") from None
    try:
        yield archive
    finally:
        archive.close()


def _short(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


@dataclass
class _Walkthrough:
    slug: str
    key: str
    parts: dict[str, str]
    #: path (relative to media/) -> its ledger entry.
    files: dict[str, Entry]
    bundle: Path

    def same_as(self, other: _Walkthrough) -> bool:
        return self.key == other.key and {p: (e.size, e.sha256) for p, e in self.files.items()} == {
            p: (e.size, e.sha256) for p, e in other.files.items()}


@dataclass
class _Bundle:
    path: Path
    options: dict
    inputs: dict[str, str]
    walkthroughs: dict[str, _Walkthrough]
    #: Where each verified file was copied, by path relative to media/.
    staged: dict[str, Path]


def _read_manifest(archive: _Archive) -> tuple[dict, dict, dict[str, _Walkthrough]]:
    path = archive.path
    if MANIFEST not in archive.sizes or archive.sizes[MANIFEST] > 64 << 20:
        raise BadBundle(f"{path}: không phải gói video của thutuc (không có {MANIFEST})")
    try:
        with archive.open(MANIFEST) as handle:
            data = json.loads(handle.read())
    except ValueError as exc:
        raise BadBundle(f"{path}: {MANIFEST} hỏng ({_short(exc)})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadBundle(f"{path}: {MANIFEST} không phải danh sách của gói video")
    if data.get("version") != VERSION:
        raise BadBundle(f"{path}: gói phiên bản {data.get('version')!r}, bản này đọc phiên bản {VERSION}; "
                        "ghi lại gói bằng bản thutuc này")
    options, inputs, raw = data.get("options"), data.get("inputs"), data.get("walkthroughs")
    if not (isinstance(options, dict) and isinstance(inputs, dict) and isinstance(raw, dict)):
        raise BadBundle(f"{path}: {MANIFEST} thiếu options, inputs hoặc walkthroughs")
    walkthroughs = {}
    for slug, item in raw.items():
        if not (isinstance(slug, str) and _SLUG.fullmatch(slug) and isinstance(item, dict)
                and isinstance(item.get("key"), str) and isinstance(item.get("parts"), dict)
                and isinstance(item.get("files"), dict)):
            raise BadBundle(f"{path}: {MANIFEST}: mục walkthrough {slug!r} không đúng dạng")
        files = {}
        for name, raw_entry in item["files"].items():
            entry = Entry.parse(raw_entry)
            folder, _, base = str(name).rpartition("/")
            if (entry is None or folder != f"video/{slug}" or not _NAME.fullmatch(base)
                    or entry.writer != WRITER or entry.key != item["key"]):
                raise BadBundle(f"{path}: {MANIFEST}: {slug}: mục tệp {name!r} không đúng dạng")
            files[name] = entry
        walkthroughs[slug] = _Walkthrough(slug, item["key"], item["parts"], files, path)
    return options, inputs, walkthroughs


def _verify_files(archive: _Archive, walkthroughs: dict[str, _Walkthrough], staging: Path) -> dict[str, Path]:
    """Copy every listed file out of the archive, checking its size and SHA-256 on the way;
    every file a walkthrough needs must be listed, and nothing else may be in the archive."""
    path = archive.path
    listed = {f"media/{name}": entry for w in walkthroughs.values() for name, entry in w.files.items()}
    strays = sorted(set(archive.sizes) - set(listed) - {MANIFEST})
    if strays:
        raise BadBundle(f"{path}: có tệp không thuộc danh sách của gói: {strays[0]}")
    for w in walkthroughs.values():
        outputs = Outputs(Path(), w.slug)
        needed = [outputs.relative(kind).as_posix() for kind in SUFFIXES]
        lacking = [name for name in needed if name not in w.files]
        if lacking:
            raise BadBundle(f"{path}: {w.slug}: gói thiếu {lacking[0]}")
    staged = {}
    for member, entry in sorted(listed.items()):
        name = member.removeprefix("media/")
        if member not in archive.sizes:
            raise BadBundle(f"{path}: gói thiếu {name} (có trong danh sách, không có trong gói)")
        copy = staging / f"{len(staged):06d}"
        digest, size = hashlib.sha256(), 0
        try:
            with archive.open(member) as source, open(copy, "wb") as sink:
                for block in iter(lambda: source.read(1 << 20), b""):
                    digest.update(block)
                    size += len(block)
                    sink.write(block)
        except (tarfile.TarError, zipfile.BadZipFile, EOFError, zlib.error) as exc:
            raise BadBundle(f"{path}: {name}: không đọc được trong gói ({_short(exc)}); gói đã hỏng") from None
        if (size, digest.hexdigest()) != (entry.size, entry.sha256):
            raise BadBundle(f"{path}: {name}: hỏng (kích thước hoặc SHA-256 khác danh sách của gói)")
        staged[name] = copy
    for w in walkthroughs.values():  # the step pictures its report lists
        report_name = Outputs(Path(), w.slug).relative("report").as_posix()
        try:
            report = json.loads(staged[report_name].read_text(encoding="utf-8"))
        except ValueError:
            raise BadBundle(f"{path}: {report_name}: báo cáo không đọc được") from None
        pictures = [p.as_posix() for p in Outputs(Path(), w.slug).pictures(report if isinstance(report, dict) else {})]
        lacking = [name for name in pictures if name not in w.files]
        if lacking:
            raise BadBundle(f"{path}: {w.slug}: gói thiếu {lacking[0]}")
    return staged


# --------------------------------------------------------------------------------------
# Merging
# --------------------------------------------------------------------------------------


def merge_bundles(settings: Settings, paths: list[Path], portal_url: str | None = None) -> str:
    """Verify every bundle, then put their walkthroughs into media/ through the ledger; the
    summary line. Nothing is written when any bundle is refused."""
    if not paths:
        raise BadBundle("chưa có gói nào để gộp")
    with build_lock(settings):
        staging = settings.media / f".thutuc-merge-{os.getpid()}{TEMP_SUFFIX}"
        shutil.rmtree(staging, ignore_errors=True)
        make_dirs(staging)
        try:
            bundles = []
            for number, path in enumerate(paths):
                folder = staging / str(number)
                folder.mkdir()
                with _opened(path) as archive:
                    try:
                        options, inputs, walkthroughs = _read_manifest(archive)
                        staged = _verify_files(archive, walkthroughs, folder)
                    except OSError as exc:
                        raise BadBundle(f"{path}: không đọc được ({exc.strerror or exc})") from None
                bundles.append(_Bundle(path, options, inputs, walkthroughs, staged))
            merged = _check(settings, bundles, portal_url)
            return _write(settings, merged, bundles)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


def _check(settings: Settings, bundles: list[_Bundle], portal_url: str | None) -> dict[str, _Walkthrough]:
    """Every walkthrough recorded from this checkout's inputs, and at most one version of each:
    all refusals at once, one line each."""
    problems: list[str] = []
    merged: dict[str, _Walkthrough] = {}
    for bundle in bundles:
        for slug, w in bundle.walkthroughs.items():
            first = merged.setdefault(slug, w)
            if first is not w and not first.same_as(w):
                problems.append(f"{slug}: có trong cả {first.bundle} và {bundle.path} nhưng hai bản khác nhau; "
                                "chỉ gộp một bản (ghi lại phần đó)")
    catalog = load_catalog(settings.procedures, settings.root)
    config = VideoConfig.load(settings.root).with_portal(portal_url)
    prepared: dict[tuple, RecordingInputs] = {}
    for bundle in bundles:
        burn, narration = bundle.options.get("burn_captions"), bundle.options.get("narration")
        if not (isinstance(burn, bool) and isinstance(narration, bool)):
            problems.append(f"{bundle.path}: {MANIFEST}: options không đúng dạng")
            continue
        if (burn, narration) not in prepared:
            prepared[burn, narration] = RecordingInputs.prepare(catalog, settings, config, burn_captions=burn,
                                                                narration=narration)
        inputs = prepared[burn, narration]
        reasons: dict[str, list[str]] = {}
        for slug, w in bundle.walkthroughs.items():
            procedure = catalog.procedures.get(slug)
            report = w.files.get(Outputs(Path(), slug).relative("report").as_posix())
            shown = shown_in(report.meta if report is not None else None)
            if procedure is None or procedure.walkthrough is None:
                reason = "không có trong bản hiện tại (thủ tục đã xóa hoặc bỏ walkthrough)"
            elif inputs.key(procedure, shown) == w.key:
                continue
            else:
                reason = _what_differs(bundle.inputs, inputs.shared, w.parts, inputs.parts(procedure, shown))
            reasons.setdefault(reason, []).append(slug)
        for reason, slugs in reasons.items():
            named = ", ".join(slugs[:_NAMED]) + (f" và {len(slugs) - _NAMED} walkthrough khác"
                                                 if len(slugs) > _NAMED else "")
            problems.append(f"{bundle.path}: {named}: {reason}; ghi lại phần này từ bản hiện tại rồi gộp")
    if problems:
        raise BadBundle("không gộp gói nào:\n" + "\n".join(problems))
    return merged


def _what_differs(recorded: dict, current: dict[str, str], recorded_parts: dict, current_parts: dict[str, str]) -> str:
    differing = []
    for name, value in [*current.items(), *current_parts.items()]:
        theirs = recorded.get(name, recorded_parts.get(name))
        if name == "seen" and recorded.get("portal") != current.get("portal"):
            continue  # another portal: what was seen on it differs too, which says nothing more
        if theirs != value:
            text = _INPUTS[name]
            if name == "portal":
                text += f" (gói: {_abbrev(theirs)}, bản hiện tại: {_abbrev(value)})"
            differing.append(text)
    return "ghi từ " + ", ".join(differing) if differing else "khóa khác với bản hiện tại (gói cũ hoặc đã sửa tay)"


def _abbrev(fingerprint: object) -> str:
    text = str(fingerprint)
    kind, _, value = text.partition(":")
    return f"{kind}:{value[:12]}" if kind == "sandbox" else text


def _write(settings: Settings, merged: dict[str, _Walkthrough], bundles: list[_Bundle]) -> str:
    """Into media/ through the ledger; the manifest last. A walkthrough's files from an earlier
    recording that the bundle does not have (a step removed since) go."""
    staged = {name: copy for bundle in bundles for name, copy in bundle.staged.items()}
    ledger = media_ledger(settings)
    count = 0
    for slug, w in sorted(merged.items()):
        for path in [p for p in ledger.entries if p.startswith(f"video/{slug}/") and p not in w.files]:
            ledger.discard(path)
        for path, entry in sorted(w.files.items()):
            ledger.declare(WRITER, path, w.key)
            ledger.write(WRITER, path, staged[path], w.key, entry.meta)
            count += 1
    ledger.save()
    return (f"Đã gộp {len(merged)} walkthrough ({count} tệp) từ {len(bundles)} gói vào "
            f"{settings.media.name}/.")
