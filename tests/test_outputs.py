"""The output ledger's rules (skip, rewrite, one writer per path, remove stale, damaged files
rendered again), and the build report it fills (read back from build-report.json)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generators.build import STAGE_NAMES, build, select_stages
from generators.outputs import DoubleWriter, Ledger, Output, write_atomic
from generators.settings import Settings
from generators.uptodate import LastBuild


class Renders:
    """Outputs whose renders are counted."""

    def __init__(self):
        self.calls: list[str] = []

    def output(self, path: str, key: str, data: bytes | None = None) -> Output:
        def render() -> bytes:
            self.calls.append(path)
            return data if data is not None else f"{path} {key}".encode()

        return Output(path, key, render)


def cache(tmp_path: Path) -> Ledger:
    return Ledger.cache(tmp_path / "media", tmp_path / "media" / ".manifest.json")


def first_run(tmp_path: Path, outputs: dict[str, str]) -> None:
    ledger = cache(tmp_path)
    ledger.run("pdf", [Renders().output(path, key) for path, key in outputs.items()])
    ledger.remove_undeclared("pdf", under="pdf")
    ledger.save()


# --------------------------------------------------------------------------------------
# The rules
# --------------------------------------------------------------------------------------


def test_an_output_whose_key_matches_and_whose_file_is_intact_is_skipped(tmp_path: Path):
    first_run(tmp_path, {"pdf/a.pdf": "k1", "pdf/b.pdf": "k1"})
    before = (tmp_path / "media/pdf/a.pdf").stat().st_mtime_ns
    renders, ledger = Renders(), cache(tmp_path)
    counts = ledger.run("pdf", [renders.output("pdf/a.pdf", "k1"), renders.output("pdf/b.pdf", "k1")])
    assert renders.calls == []
    assert (counts.written, sorted(counts.reused)) == ([], ["pdf/a.pdf", "pdf/b.pdf"])
    assert (tmp_path / "media/pdf/a.pdf").stat().st_mtime_ns == before


def test_an_output_whose_key_changed_is_rendered_again(tmp_path: Path):
    first_run(tmp_path, {"pdf/a.pdf": "k1", "pdf/b.pdf": "k1"})
    renders, ledger = Renders(), cache(tmp_path)
    counts = ledger.run("pdf", [renders.output("pdf/a.pdf", "k2"), renders.output("pdf/b.pdf", "k1")])
    assert renders.calls == ["pdf/a.pdf"]
    assert (counts.written, counts.reused) == (["pdf/a.pdf"], ["pdf/b.pdf"])
    assert (tmp_path / "media/pdf/a.pdf").read_bytes() == b"pdf/a.pdf k2"


@pytest.mark.parametrize("damage", ["truncated", "same size, one byte changed", "deleted", "replaced by a folder"])
def test_a_damaged_file_is_rendered_again_and_never_published(tmp_path: Path, damage: str):
    first_run(tmp_path, {"pdf/a.pdf": "k1", "pdf/b.pdf": "k1"})
    target = tmp_path / "media/pdf/a.pdf"
    data = target.read_bytes()
    if damage == "truncated":
        target.write_bytes(data[:3])
    elif damage == "same size, one byte changed":
        target.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    elif damage == "deleted":
        target.unlink()
    else:
        target.unlink()
        target.mkdir()
    # Publishing from the cache leaves the damaged file out.
    site = tmp_path / "site"
    assert cache(tmp_path).link_into(site, ["pdf"]) == 1
    assert not (site / "pdf/a.pdf").is_file() and (site / "pdf/b.pdf").is_file()
    if damage == "replaced by a folder":
        target.rmdir()
    renders = Renders()
    cache(tmp_path).run("pdf", [renders.output("pdf/a.pdf", "k1"), renders.output("pdf/b.pdf", "k1")])
    assert renders.calls == ["pdf/a.pdf"]
    assert target.read_bytes() == data


def test_a_second_writer_of_the_same_path_is_refused_naming_both(tmp_path: Path):
    ledger = cache(tmp_path)
    ledger.run("pdf", [Renders().output("shared/x.pdf", "k")])
    with pytest.raises(DoubleWriter, match=r"media/shared/x.pdf: .*\(pdf và video\)"):
        ledger.run("video", [Renders().output("shared/x.pdf", "k")])
    with pytest.raises(DoubleWriter, match="pdf khai báo tệp này hai lần"):
        ledger.run("pdf", [Renders().output("shared/x.pdf", "k")])


def test_outputs_no_longer_declared_are_removed_and_counted(tmp_path: Path):
    first_run(tmp_path, {"pdf/a.pdf": "k1", "pdf/b.pdf": "k1"})
    (tmp_path / "media/pdf/.a.pdf.123.456.tmp").write_bytes(b"half")  # left by a killed run
    (tmp_path / "media/pdf/stray.pdf").write_bytes(b"not ours any more")
    (tmp_path / "media/video").mkdir()
    (tmp_path / "media/video/other-writer.mp4").write_bytes(b"x")
    ledger = cache(tmp_path)
    ledger.run("pdf", [Renders().output("pdf/a.pdf", "k1")])
    removed = ledger.remove_undeclared("pdf", under="pdf")
    ledger.save()
    assert sorted(removed) == ["pdf/b.pdf", "pdf/stray.pdf"]
    assert ledger.count("pdf").removed == removed
    assert sorted(p.name for p in (tmp_path / "media/pdf").iterdir()) == ["a.pdf"]
    assert (tmp_path / "media/video/other-writer.mp4").is_file(), "another writer's files stay"
    assert set(cache(tmp_path).entries) == {"pdf/a.pdf"}


@pytest.mark.parametrize("manifest", [
    b"",
    b"\xff\xfe not json",
    b"[]",
    b'{"version": 2, "outputs": []}',
    b'{"version": 2, "outputs": {"pdf/a.pdf": "k1"}}',
    b'{"version": 2, "outputs": {"pdf/a.pdf": {"writer": "pdf", "key": "k1", "size": "12", "sha256": "x", '
    b'"meta": {}}}}',
    b'{"version": 2, "outputs": {"pdf/a.pdf": {"writer": "pdf", "key": "k1", "size": -1, "sha256": "x", "meta": {}}}}',
    b'{"version": 2, "outputs": {"pdf/a.pdf": {"writer": "pdf", "key": "k1", "size": 12, "sha256": "x", "meta": []}}}',
    b'{"version": 1, "outputs": {}}',
    b'{"pdf/a.pdf": "k1", "pdf/a.pdf#meta": "{}"}',
])
def test_a_damaged_manifest_means_render_again_never_a_crash(tmp_path: Path, manifest: bytes):
    first_run(tmp_path, {"pdf/a.pdf": "k1"})
    (tmp_path / "media/.manifest.json").write_bytes(manifest)
    for _ in range(2):  # and the run after that is normal again: no crash loop
        renders, ledger = Renders(), cache(tmp_path)
        ledger.run("pdf", [renders.output("pdf/a.pdf", "k1")])
        ledger.save()
    assert renders.calls == []
    assert json.loads((tmp_path / "media/.manifest.json").read_bytes())["outputs"]["pdf/a.pdf"]["key"] == "k1"


def test_a_mirror_holds_exactly_the_declared_files(tmp_path: Path):
    folder = tmp_path / "docs"
    first = Ledger.mirror(folder)
    first.put("pages", {"a.md": b"A", "sub/b.md": b"B"})
    first.put("troubleshooting", {"loi/c.md": b"C"})
    first.remove_undeclared()
    again = Ledger.mirror(folder)
    counts = again.put("pages", {"a.md": b"A2", "sub/b.md": b"B"})
    again.remove_undeclared()
    assert (counts.written, counts.reused) == (["a.md"], ["sub/b.md"])
    assert sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")) == ["a.md", "sub", "sub/b.md"]


def test_files_are_world_readable_whatever_the_umask(tmp_path: Path):
    old = os.umask(0o077)
    try:
        write_atomic(tmp_path / "new/folder/report.json", b"{}")
        ledger = cache(tmp_path)
        ledger.run("video", [Renders().output("video/x/x.vtt", "k")])
        finished = tmp_path / "made-by-ffmpeg.mp4"
        finished.write_bytes(b"mp4")
        ledger.declare("video", "video/x/x.mp4", "k")
        ledger.write("video", "video/x/x.mp4", finished, "k")
    finally:
        os.umask(old)
    for path in [tmp_path / "new/folder/report.json", tmp_path / "media/video/x/x.vtt",
                 tmp_path / "media/video/x/x.mp4"]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    for folder in [tmp_path / "new", tmp_path / "new/folder", tmp_path / "media/video/x"]:
        assert stat.S_IMODE(folder.stat().st_mode) == 0o755, folder


# --------------------------------------------------------------------------------------
# The stages and the report
# --------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The sample catalogue with one procedure (as in test_build)."""
    import re
    import shutil

    root = copy_project(tmp_path / "project", procedures=False)
    shutil.copytree(REPO / "procedures" / "_catalog", root / "procedures" / "_catalog")
    birth = (REPO / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").read_text(encoding="utf-8")
    (root / "procedures" / "ho-tich").mkdir()
    (root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").write_text(
        re.sub(r"\nrelated:\n(  .*\n)+", "\n", birth), encoding="utf-8")
    return root


def read_report(root: Path) -> dict:
    return json.loads((root / "site" / "build-report.json").read_text(encoding="utf-8"))


def test_the_report_is_written_last_with_true_counts_times_and_warnings(project: Path):
    settings = Settings.for_project(project)
    extra = project / "docs" / "bao-tri" / "tam.md"
    extra.write_text("# Trang tạm\n", encoding="utf-8")
    returned = build(settings, stages=("site",))
    data = read_report(project)
    stages = {s["name"]: s for s in data["stages"]}
    assert list(stages) == ["load", *STAGE_NAMES]
    # Warnings are in the file, the same as printed.
    assert data["warnings"] == returned.warnings
    assert any("thủ tục chưa đối chiếu với văn bản chính thức (1): 1.001193" in w for w in data["warnings"])
    # Times: every stage that ran took some, the site stage included; they add up to the total.
    assert all(stages[name]["seconds"] > 0 for name in ("load", "pages", "troubleshooting", "site"))
    assert data["seconds"] == pytest.approx(sum(s["seconds"] for s in data["stages"]), abs=0.01)
    # True counts: the troubleshooting pages are counted by their own stage, nothing is negative.
    assert stages["troubleshooting"]["rebuilt"] and stages["pages"]["rebuilt"]
    assert all(s["reused"] >= 0 for s in data["stages"])
    first_pages = len(stages["pages"]["rebuilt"]) + len(stages["troubleshooting"]["rebuilt"])

    # Nothing changed: the build stops at the up-to-date check, and the published report is
    # still the one of the build that made this site.
    skipped = build(settings, stages=("site",))
    assert "không đổi" in skipped.stages["site"].note and not skipped.stages["pages"].rebuilt
    assert read_report(project) == data
    # Without that record the stages run, and the ledger counts every page as reused.
    LastBuild.forget(settings)
    build(settings, stages=("site",))
    again = {s["name"]: s for s in read_report(project)["stages"]}
    assert again["pages"]["rebuilt"] == [] and again["troubleshooting"]["rebuilt"] == []
    assert again["pages"]["reused"] + again["troubleshooting"]["reused"] == first_pages

    # A removed hand-written page is counted as removed, not as a negative reuse.
    extra.unlink()
    build(settings, stages=("site",))
    last = {s["name"]: s for s in read_report(project)["stages"]}
    assert last["site"]["removed"] == ["bao-tri/tam.md"]
    assert all(s["reused"] >= 0 for s in last.values())
    assert not (project / "site" / "bao-tri" / "tam.html").exists()


def test_no_stage_named_means_no_stage_run(project: Path):
    report = build(Settings.for_project(project), stages=())
    assert [name for name, stage in report.stages.items() if stage.ran] == ["load"]
    assert not (project / "site").exists() and not (project / "media").exists()


def test_site_brings_the_page_stages_in_the_fixed_order():
    assert select_stages(["site", "pdf"]) == ("pdf", "pages", "troubleshooting", "site")
    assert select_stages([]) == ()
