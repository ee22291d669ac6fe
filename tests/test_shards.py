"""Recording on many machines: shards by slug hash, bundles, `thutuc media merge`, and the
example CI workflows.

The end-to-end part records a test project's four short walkthroughs twice against the sandbox
(once in one run, once as three shards in three copies of the project, as three CI runners
would), merges the bundles into a fourth copy and compares it with the single run."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
import yaml
from test_video import ffprobe

from conftest import REPO, copy_project, without_walkthrough
from generators.cli import main
from generators.load import load_catalog
from generators.media import MANIFEST
from generators.video.record import shard_of

SHARDS = 3


def thutuc(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# --------------------------------------------------------------------------------------
# Without a browser: shard assignment, bad bundles, the CI workflows
# --------------------------------------------------------------------------------------


def test_a_walkthroughs_shard_depends_only_on_its_slug() -> None:
    slugs = [f"thu-tuc-{n}" for n in range(3000)]
    for parts in (1, 3, 8):
        shards = [shard_of(slug, parts) for slug in slugs]
        assert set(shards) == set(range(1, parts + 1))
        # About even: no shard has more than 15 % above its share.
        assert max(shards.count(k) for k in range(1, parts + 1)) < len(slugs) / parts * 1.15
    # The same slug, the same shard, whatever else the catalogue holds (a hash, not a position);
    # and not Python's hash(), which changes from one process to the next.
    assert shard_of("dang-ky-khai-sinh", 4) == 1 + int(
        hashlib.sha256(b"dang-ky-khai-sinh").hexdigest()[:16], 16) % 4


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "du-an")


@pytest.mark.parametrize("kind", ["missing", "folder", "text", "empty", "truncated-gzip"])
def test_a_bad_bundle_is_one_line_naming_the_file(project: Path, tmp_path: Path, capsys, kind: str) -> None:
    bundle = tmp_path / "phan-1.tar"
    if kind == "folder":
        bundle.mkdir()
    elif kind == "text":
        bundle.write_text("không phải gói\n", encoding="utf-8")
    elif kind == "empty":
        bundle.write_bytes(b"")
    elif kind == "truncated-gzip":
        bundle = tmp_path / "phan-1.tar.gz"
        with tarfile.open(bundle, "w:gz") as archive:
            archive.add(REPO / "README.md", "thutuc-bundle.json")
        bundle.write_bytes(bundle.read_bytes()[:200])
    code, out, err = thutuc(capsys, "--project", str(project), "media", "merge", str(bundle))
    assert code == 1 and out == ""
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith(f"BadBundle: {bundle}: ")
    assert "Traceback" not in err
    assert not (project / "media" / MANIFEST).exists()


def test_an_archive_that_is_not_a_bundle_is_refused(project: Path, tmp_path: Path, capsys) -> None:
    bundle = tmp_path / "khac.zip"
    shutil.make_archive(str(bundle.with_suffix("")), "zip", REPO / "docs")
    code, _, err = thutuc(capsys, "--project", str(project), "media", "merge", str(bundle))
    assert code == 1
    assert err == f"BadBundle: {bundle}: không phải gói video của thutuc (không có thutuc-bundle.json)\n"


def _schema_check(schema: str, path: Path) -> subprocess.CompletedProcess:
    # check-jsonschema ships its built-in schemas: no download is needed.
    checker = Path(sys.executable).with_name("check-jsonschema")
    return subprocess.run([str(checker), "--builtin-schema", schema, str(path)], capture_output=True, text=True,
                          timeout=120)


@pytest.mark.parametrize(("schema", "path", "broken"), [
    ("vendor.github-workflows", ".github/workflows/record.yml", ("runs-on:", "runs_on:")),
    ("vendor.gitlab-ci", "ci/gitlab-record.yml", ("parallel: 4", "parallel: four")),
])
def test_the_ci_workflows_pass_their_schema(schema: str, path: str, broken: tuple[str, str],
                                            tmp_path: Path) -> None:
    result = _schema_check(schema, REPO / path)
    assert result.returncode == 0, result.stdout + result.stderr
    # The check can fail: the same file with a mistake does not pass.
    wrong = tmp_path / Path(path).name
    wrong.write_text((REPO / path).read_text(encoding="utf-8").replace(*broken, 1), encoding="utf-8")
    assert _schema_check(schema, wrong).returncode != 0


def test_the_github_workflow_records_every_shard_then_merges_and_builds() -> None:
    flow = yaml.safe_load((REPO / ".github/workflows/record.yml").read_text(encoding="utf-8"))
    record, merge = flow["jobs"]["record"], flow["jobs"]["merge-and-build"]
    shards = record["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    assert record["strategy"]["fail-fast"] is False
    runs = [step.get("run", "") for step in record["steps"]]
    [command] = [r for r in runs if r.startswith("thutuc record")]
    assert "--shard ${{ matrix.shard }}/${{ strategy.job-total }}" in command
    assert "--bundle bundles/shard-${{ matrix.shard }}.tar" in command
    uses = [step.get("uses", "").split("@")[0] for step in record["steps"]]
    assert uses.index("actions/cache/restore") < runs.index(command)
    assert "actions/cache/save" not in uses, "only the merged media/ is saved"
    assert merge["needs"] == "record"
    steps = [step.get("run") or step.get("uses", "").split("@")[0] for step in merge["steps"]]
    order = ["actions/cache/restore", "actions/download-artifact", "thutuc media merge bundles/*.tar",
             "thutuc build", "actions/cache/save"]
    assert [s for s in steps if s in order] == order
    [restore] = [s for s in record["steps"] if s.get("uses", "").startswith("actions/cache/restore")]
    [save] = [s for s in merge["steps"] if s.get("uses", "").startswith("actions/cache/save")]
    assert restore["with"]["path"] == save["with"]["path"] == "media"
    # A run restores the newest cache saved by an earlier run (keys are never overwritten).
    assert save["with"]["key"].startswith(restore["with"]["restore-keys"].split()[0])


def test_the_gitlab_pipeline_records_every_shard_then_merges_and_builds() -> None:
    flow = yaml.safe_load((REPO / "ci/gitlab-record.yml").read_text(encoding="utf-8"))
    record, merge = flow["record-videos"], flow["merge-and-build"]
    assert flow["stages"] == ["record", "publish"]
    assert (record["stage"], merge["stage"]) == ("record", "publish")
    assert isinstance(record["parallel"], int) and record["parallel"] > 1
    [command] = record["script"]
    assert '--shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"' in command and "--bundle" in command
    assert "bundles/" in record["artifacts"]["paths"]
    assert merge["needs"] == [{"job": "record-videos", "artifacts": True}]
    assert merge["script"] == ["thutuc media merge bundles/*.tar", "thutuc build"]
    media_cache = [c for c in record["cache"] if c["paths"] == ["media/"]]
    merged_cache = [c for c in merge["cache"] if c["paths"] == ["media/"]]
    assert [c["policy"] for c in media_cache] == ["pull"] and [c["policy"] for c in merged_cache] == ["pull-push"]
    assert media_cache[0]["key"] == merged_cache[0]["key"]


# --------------------------------------------------------------------------------------
# Three shards recorded, bundled and merged, against one run
# --------------------------------------------------------------------------------------


def _walkthrough(name: str) -> str:
    word = name.split()[-1]
    return f"""
walkthrough:
  steps:
    - open: "#/"
      caption: Mở trang chủ của cổng dịch vụ công thực hành.
    - fill: {{role: searchbox, name: Tìm thủ tục, value: {word}}}
      caption: Gõ “{word}” vào ô tìm thủ tục.
"""


def _test_project(root: Path) -> list[str]:
    """A copy of the project where four procedures have a short walkthrough, at least one in
    each of the three shards; their slugs."""
    copy_project(root)
    # Only this test's walkthroughs are recorded: the training modules, which name procedures
    # with a video, are left out.
    shutil.rmtree(root / "procedures" / "_modules")
    catalog = load_catalog(root / "procedures", root)
    for path in (root / "procedures").rglob("*.yaml"):  # only the walkthroughs of this test
        text = path.read_text(encoding="utf-8")
        if "\nwalkthrough:" in text:
            path.write_text(without_walkthrough(text), encoding="utf-8")
    chosen: list[str] = []
    for slug in sorted(catalog.procedures):
        shard = shard_of(slug, SHARDS)
        if len(chosen) < 4 and (shard not in {shard_of(s, SHARDS) for s in chosen} or len(chosen) == SHARDS):
            chosen.append(slug)
    for slug in chosen:
        [path] = (root / "procedures").rglob(f"{slug}.yaml")
        text = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
        path.write_text(text + _walkthrough(catalog.procedures[slug].name), encoding="utf-8")
    # Every step held 8 s: longer than recording it takes even on a busy machine, so the two
    # recordings have the same timeline (a step slower than its hold keeps its recorded length).
    # 5 frames a second keeps composing cheap.
    (root / "thutuc.toml").write_text("[video]\ntimeout_seconds = 5\nmin_step_seconds = 8\ntitle_seconds = 8\n"
                                      "fps = 5\n", encoding="utf-8")
    return chosen


@pytest.fixture(scope="module")
def sharded(tmp_path_factory):
    """The single run, three shard runs with their bundles, and the merged copy."""
    import io
    from contextlib import redirect_stderr, redirect_stdout

    base = tmp_path_factory.mktemp("shards")
    template = base / "mau"
    slugs = _test_project(template)
    copies = {name: base / name for name in ("mot-lan", "phan-1", "phan-2", "phan-3", "gop")}
    for copy in copies.values():
        shutil.copytree(template, copy)

    def run(*args: str) -> int:
        err = io.StringIO()
        with redirect_stdout(io.StringIO()), redirect_stderr(err):
            code = main(list(args))
        assert code == 0, err.getvalue()
        return code

    assert run("--project", str(copies["mot-lan"]), "record") == 0
    bundles = []
    for k in range(1, SHARDS + 1):
        bundle = base / "goi" / f"phan-{k}.tar"
        assert run("--project", str(copies[f"phan-{k}"]), "record", "--shard", f"{k}/{SHARDS}",
                   "--bundle", str(bundle)) == 0
        bundles.append(bundle)
    assert run("--project", str(copies["gop"]), "media", "merge", *map(str, bundles)) == 0
    return slugs, copies, bundles


def _manifest(root: Path) -> dict:
    return json.loads((root / "media" / MANIFEST).read_bytes())["outputs"]


def _files(root: Path) -> list[str]:
    media = root / "media"
    return sorted(p.relative_to(media).as_posix() for p in media.rglob("*") if p.is_file() and p.name != MANIFEST)


@pytest.mark.browser
def test_three_merged_shards_equal_one_run(sharded) -> None:
    slugs, copies, bundles = sharded
    single, merged = copies["mot-lan"], copies["gop"]
    assert {p.split("/")[1] for p in _files(single)} == set(slugs)
    # Each bundle holds exactly its shard's walkthroughs, and the shards cover them all.
    in_bundles = []
    for k, bundle in enumerate(bundles, 1):
        with tarfile.open(bundle) as archive:
            listed = json.loads(archive.extractfile("thutuc-bundle.json").read())
        assert listed["shard"] == [k, SHARDS]
        assert set(listed["walkthroughs"]) == {s for s in slugs if shard_of(s, SHARDS) == k}
        in_bundles += listed["walkthroughs"]
    assert sorted(in_bundles) == sorted(slugs)
    # Same files, same manifest entries (writer, key); captions and pictures byte for byte.
    assert _files(merged) == _files(single)
    one, many = _manifest(single), _manifest(merged)
    assert {p: (e["writer"], e["key"]) for p, e in many.items()} == {p: (e["writer"], e["key"]) for p, e in one.items()}
    exact = [p for p in one if p.endswith((".vtt", ".webp"))]
    assert len(exact) == len(slugs) * 4  # captions, chapters, two step pictures
    for path in exact:
        assert (merged / "media" / path).read_bytes() == (single / "media" / path).read_bytes(), path
        assert many[path]["sha256"] == one[path]["sha256"]
    for path in many:  # the merged manifest describes the merged files
        data = (merged / "media" / path).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (many[path]["size"], many[path]["sha256"])
    for slug in slugs:
        mp4 = f"video/{slug}/{slug}.mp4"
        a, b = (ffprobe(root / "media" / mp4, "-show_format", "-show_chapters") for root in (single, merged))
        assert float(a["format"]["duration"]) == pytest.approx(float(b["format"]["duration"]), abs=0.05)
        assert [(c["tags"]["title"], c["start_time"]) for c in a["chapters"]] == [
            (c["tags"]["title"], c["start_time"]) for c in b["chapters"]]
        # The reports agree but for how long recording took.
        reports = [_without_timings(json.loads((root / "media" / f"video/{slug}/{slug}.json").read_bytes()))
                   for root in (single, merged)]
        assert reports[0] == reports[1]


def _without_timings(report: dict) -> dict:
    timings = {"recorded_seconds", "held_seconds"}
    return {**{k: v for k, v in report.items() if k != "timing"},
            "steps": [{k: v for k, v in step.items() if k not in timings} for step in report["steps"]]}


@pytest.mark.browser
def test_merged_videos_are_reused_by_the_next_build(sharded, monkeypatch) -> None:
    from generators.settings import Settings
    from generators.video import record as record_module
    from generators.video import record_walkthroughs

    slugs, copies, _ = sharded

    def no_browser(*args, **kwargs):
        raise AssertionError("a merged walkthrough was recorded again")

    monkeypatch.setattr(record_module, "_record_all", no_browser)
    settings = Settings.for_project(copies["gop"])
    results = record_walkthroughs(load_catalog(settings.procedures, settings.root), settings)
    assert sorted(r.slug for r in results) == sorted(slugs)
    assert {r.status for r in results} == {"reused"}


def _merge_fails(capsys, project: Path, *bundles: Path, extra: tuple[str, ...] = ()) -> str:
    before = (project / "media" / MANIFEST).read_bytes() if (project / "media" / MANIFEST).exists() else None
    files = _files(project) if (project / "media").exists() else []
    code, out, err = thutuc(capsys, "--project", str(project), "media", "merge", *map(str, bundles), *extra)
    assert code == 1 and out == "" and "Traceback" not in err
    # Nothing merged: the manifest and the files are as before.
    after = (project / "media" / MANIFEST).read_bytes() if (project / "media" / MANIFEST).exists() else None
    assert after == before and (_files(project) if (project / "media").exists() else []) == files
    return err


@pytest.mark.browser
def test_a_corrupt_bundle_is_refused_and_nothing_is_merged(sharded, tmp_path: Path, capsys) -> None:
    slugs, copies, bundles = sharded
    project = shutil.copytree(copies["mot-lan"], tmp_path / "du-an", ignore=shutil.ignore_patterns("media"))
    damaged = tmp_path / "phan-2.tar"
    data = bytearray(bundles[1].read_bytes())
    with tarfile.open(bundles[1]) as archive:
        member = next(m for m in archive.getmembers() if m.name.endswith(".mp4"))
    data[member.offset_data + member.size // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    name = member.name.removeprefix("media/")
    err = _merge_fails(capsys, project, bundles[0], damaged, bundles[2])
    assert err == (f"BadBundle: {damaged}: {name}: hỏng (kích thước hoặc SHA-256 khác danh sách của gói)\n")
    # A bundle cut short is refused too, naming the file it lacks.
    short = tmp_path / "phan-3.tar"
    short.write_bytes(bundles[2].read_bytes()[:4096])
    err = _merge_fails(capsys, project, bundles[0], short)
    assert err.startswith(f"BadBundle: {short}: ") and len(err.splitlines()) == 1


@pytest.mark.browser
def test_a_bundle_from_another_portal_is_refused(sharded, tmp_path: Path, capsys) -> None:
    slugs, copies, bundles = sharded
    project = shutil.copytree(copies["mot-lan"], tmp_path / "du-an", ignore=shutil.ignore_patterns("media"))
    # This checkout records on another portal than the bundles were recorded on.
    err = _merge_fails(capsys, project, *bundles, extra=("--portal", "https://cong-khac.example/"))
    lines = err.splitlines()
    assert lines[0] == "BadBundle: không gộp gói nào:"
    assert len(lines) == 1 + SHARDS
    for bundle, line in zip(bundles, lines[1:], strict=True):
        with tarfile.open(bundle) as archive:
            listed = json.loads(archive.extractfile("thutuc-bundle.json").read())
        named = ", ".join(listed["walkthroughs"])
        fingerprint = listed["inputs"]["portal"]
        assert line == (f"{bundle}: {named}: ghi từ cổng khác (gói: {fingerprint[:len('sandbox:') + 12]}, "
                        "bản hiện tại: url:https://cong-khac.example/); ghi lại phần này từ bản hiện tại rồi gộp")


@pytest.mark.browser
def test_a_changed_walkthrough_makes_its_shard_stale(sharded, tmp_path: Path, capsys) -> None:
    slugs, copies, bundles = sharded
    project = shutil.copytree(copies["mot-lan"], tmp_path / "du-an", ignore=shutil.ignore_patterns("media"))
    changed = slugs[0]
    [path] = (project / "procedures").rglob(f"{changed}.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("Mở trang chủ của cổng", "Mở trang đầu của cổng"),
                    encoding="utf-8")
    err = _merge_fails(capsys, project, *bundles)
    [line] = [line for line in err.splitlines() if changed in line]
    assert line.endswith(f": {changed}: ghi từ kịch bản hoặc thông tin thủ tục khác; "
                         "ghi lại phần này từ bản hiện tại rồi gộp")


@pytest.mark.browser
def test_a_walkthrough_in_two_bundles_must_be_identical(sharded, tmp_path: Path, capsys) -> None:
    slugs, copies, bundles = sharded
    # The same shard twice: accepted (both copies identical).
    project = shutil.copytree(copies["mot-lan"], tmp_path / "du-an", ignore=shutil.ignore_patterns("media"))
    code, out, err = thutuc(capsys, "--project", str(project), "media", "merge", str(bundles[0]), str(bundles[0]))
    assert code == 0, err
    # The single run's video of a walkthrough (its own recording) beside the shard that has it: refused.
    slug = next(s for s in slugs if shard_of(s, SHARDS) == 2)
    other = tmp_path / "mot-lan.zip"
    code, out, err = thutuc(capsys, "--project", str(copies["mot-lan"]), "record", slug, "--bundle", str(other))
    assert code == 0, err
    assert f"Đã ghi gói {other}: 1 walkthrough" in out
    project = shutil.copytree(copies["mot-lan"], tmp_path / "du-an-2", ignore=shutil.ignore_patterns("media"))
    err = _merge_fails(capsys, project, bundles[1], other)
    assert err == (f"BadBundle: không gộp gói nào:\n{slug}: có trong cả {bundles[1]} và {other} nhưng hai bản "
                   "khác nhau; chỉ gộp một bản (ghi lại phần đó)\n")
