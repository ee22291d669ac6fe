"""The build pipeline: generated tree, search index, atomic publishing, CLI, scaffold, schema."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, copy_project, tree_digest
from generators.build import UnknownStage, build, parse_stages
from generators.cli import main
from generators.load import load_catalog
from generators.pages import vi_date
from generators.problems import InvalidSources, UserError
from generators.publish import BuildInProgress, UnsafeOutput, build_lock
from generators.schema import schema_text
from generators.settings import Settings
from generators.site import SiteBuildFailed
from generators.text import fold, search_key, slugify

#: The stages that make the site, without the media stages (tested in their own files).
SITE = ("site",)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The real catalogue and docs with one procedure (its related links removed)."""
    root = copy_project(tmp_path / "project", procedures=False)
    (root / "procedures").mkdir()
    import shutil

    shutil.copytree(REPO / "procedures" / "_catalog", root / "procedures" / "_catalog")
    birth = (REPO / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").read_text(encoding="utf-8")
    birth = re.sub(r"\nrelated:\n(  .*\n)+", "\n", birth)
    (root / "procedures" / "ho-tich").mkdir()
    (root / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml").write_text(birth, encoding="utf-8")
    return root


# --------------------------------------------------------------------------------------
# Text helpers and schema
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("ĐĂNG KÝ THƯỜNG TRÚ", "dang ky thuong tru"),
        ("Lý lịch  tư pháp", "ly lich tu phap"),
        ("Thuê bao không khớp", "thue bao khong khop"),
    ],
)
def test_fold_removes_diacritics_and_maps_d_with_stroke(text, folded):
    assert fold(text) == folded


def test_search_key_keeps_codes_whole_and_drops_punctuation():
    assert search_key("Mã 1.011441.H38, (Hà Nội)") == "ma 1.011441.h38 ha noi"
    assert slugify("Cấp thẻ BHYT cho trẻ em dưới 6 tuổi") == "cap-the-bhyt-cho-tre-em-duoi-6-tuoi"


def test_published_schema_matches_the_model():
    published = (REPO / "procedures" / "schema.json").read_text(encoding="utf-8")
    assert published == schema_text(), "procedures/schema.json is stale: run `thutuc schema`"


def test_every_yaml_file_points_editors_at_the_schema():
    for path in (REPO / "procedures").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=../schema.json"), path


# --------------------------------------------------------------------------------------
# Building
# --------------------------------------------------------------------------------------


def test_build_writes_every_page_and_a_folded_search_index(project: Path):
    report = build(Settings.for_project(project), stages=SITE)
    site = project / "site"
    assert report.procedures == 1
    for page in ["index.html", "tim-kiem.html", "thu-tuc/index.html", "thu-tuc/ho-tich/index.html",
                 "thu-tuc/ho-tich/dang-ky-khai-sinh.html", "bao-tri/luoc-do.html"]:
        assert (site / page).is_file(), page
    index_js = (site / "assets/tim-kiem/index.js").read_text(encoding="utf-8")
    payload = json.loads(index_js[index_js.index("(") + 1 : index_js.rindex(")")])
    birth = next(d for d in payload["docs"] if d["c"] == "1.001193")
    assert birth["t"] == "Đăng ký khai sinh" and birth["tf"] == "dang ki khai sinh"
    assert birth["u"] == "thu-tuc/ho-tich/dang-ky-khai-sinh.html"
    # Navigation section named with its diacritics, not after the folder.
    domain_page = (site / "thu-tuc/ho-tich/index.html").read_text(encoding="utf-8")
    assert "Hộ tịch" in domain_page and "Ho tich" not in domain_page
    # The schema reference is generated from the model's descriptions.
    schema_page = (site / "bao-tri/luoc-do.html").read_text(encoding="utf-8")
    assert "Mã thủ tục, ví dụ" in schema_page


def test_invalid_sources_leave_the_published_site_byte_identical(project: Path):
    settings = Settings.for_project(project)
    build(settings, stages=SITE)
    before = tree_digest(project / "site")
    source = project / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
    source.write_text(source.read_text(encoding="utf-8").replace("level: xa", "level: huyen"), encoding="utf-8")
    with pytest.raises(InvalidSources):
        build(settings, stages=SITE)
    assert tree_digest(project / "site") == before


def test_a_failing_site_stage_leaves_the_published_site_byte_identical(project: Path):
    settings = Settings.for_project(project)
    build(settings, stages=SITE)
    before = tree_digest(project / "site")
    (project / "docs" / "bao-tri" / "them-thu-tuc.md").write_text(
        "# Trang hỏng\n\n[liên kết hỏng](khong-co.md)\n", encoding="utf-8")
    with pytest.raises(SiteBuildFailed, match="khong-co.md"):
        build(settings, stages=SITE)
    assert tree_digest(project / "site") == before
    assert not list(project.glob(".site.*")), "no half-built folder is left beside the site"


def test_an_interrupted_swap_is_recovered_by_the_next_build(project: Path):
    settings = Settings.for_project(project)
    build(settings, stages=SITE)
    # Simulate a crash between the two renames of the swap.
    (project / "site").rename(project / ".site.old")
    build(settings, stages=SITE)
    assert (project / "site" / "index.html").is_file()
    assert not (project / ".site.old").exists()


def test_build_refuses_to_replace_a_folder_it_did_not_build(project: Path, tmp_path: Path):
    foreign = tmp_path / "documents"
    foreign.mkdir()
    (foreign / "important.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(UnsafeOutput):
        build(Settings.for_project(project), out=foreign, stages=SITE)
    assert (foreign / "important.txt").read_text(encoding="utf-8") == "keep me"
    with pytest.raises(UnsafeOutput):
        build(Settings.for_project(project), out=project, stages=SITE)


def test_a_hand_written_page_may_not_shadow_a_generated_one(project: Path):
    (project / "docs" / "index.md").write_text("# Trang chủ viết tay\n", encoding="utf-8")
    with pytest.raises(UserError, match="docs/index.md"):
        build(Settings.for_project(project), stages=SITE)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def test_cli_build_to_another_folder(project: Path, tmp_path: Path, capsys):
    out = tmp_path / "xuat-ban"
    assert main(["--project", str(project), "build", "--only", "site", "--out", str(out)]) == 0
    assert (out / "thu-tuc/ho-tich/dang-ky-khai-sinh.html").is_file()
    assert "Xong: 1 thủ tục" in capsys.readouterr().out


def test_cli_reports_user_errors_without_traceback(project: Path, capsys):
    (project / "procedures" / "ho-tich" / "hong.yaml").write_text("code: [\n", encoding="utf-8")
    assert main(["--project", str(project), "build", "--only", "site"]) == 1
    err = capsys.readouterr().err
    assert "procedures/ho-tich/hong.yaml:2:1: lỗi cú pháp YAML" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("command", [[], ["build"], ["validate"], ["serve"], ["new"], ["schema"], ["pdf"],
                                     ["record"]])
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([*command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: thutuc" in capsys.readouterr().out


def test_new_creates_a_procedure_that_validates(project: Path, capsys):
    assert main(["--project", str(project), "new", "ho-tich", "Đăng ký kết hôn", "--code", "1.000894"]) == 0
    created = project / "procedures" / "ho-tich" / "dang-ky-ket-hon.yaml"
    assert 'name: "Đăng ký kết hôn"' in created.read_text(encoding="utf-8")
    catalog = load_catalog(project / "procedures", project)
    assert catalog.procedures["dang-ky-ket-hon"].code == "1.000894"
    # Asking again for the same name is refused, not overwritten.
    assert main(["--project", str(project), "new", "ho-tich", "Đăng ký kết hôn"]) == 1
    assert "đã có thủ tục" in capsys.readouterr().err


# --------------------------------------------------------------------------------------
# Orchestration: stage selection, lock, report, what changed
# --------------------------------------------------------------------------------------


def test_only_selects_stages_in_the_fixed_order_and_site_brings_its_pages():
    assert parse_stages(None) == ("video", "pdf", "pages", "troubleshooting", "site")
    assert parse_stages("site,pdf") == ("pdf", "pages", "troubleshooting", "site")
    assert parse_stages("video") == ("video",)
    with pytest.raises(UnknownStage, match="không có công đoạn slides"):
        parse_stages("site,slides")


def test_a_second_build_started_while_one_runs_is_refused(project: Path):
    settings = Settings.for_project(project)
    with build_lock(settings):
        with pytest.raises(BuildInProgress, match="một lần dựng khác đang chạy"):
            build(settings, stages=SITE)
    build(settings, stages=SITE)  # the lock is released afterwards


def test_build_report_is_printed_and_written_into_the_output(project: Path):
    report = build(Settings.for_project(project), stages=SITE)
    data = json.loads((project / "site" / "build-report.json").read_text(encoding="utf-8"))
    assert [s["name"] for s in data["stages"]] == ["load", "video", "pdf", "pages", "troubleshooting", "site"]
    assert {s["name"]: s["ran"] for s in data["stages"]}["pdf"] is False
    summary = report.summary()
    assert "pdf              bỏ qua" in summary
    assert "thủ tục chưa đối chiếu với văn bản chính thức (1): 1.001193" in summary


def test_change_log_reaches_the_procedure_page_and_the_news_page(project: Path):
    source = project / "procedures" / "ho-tich" / "dang-ky-khai-sinh.yaml"
    text = source.read_text(encoding="utf-8")
    if "\nchanges:" not in text:
        text = text.replace("\neditor_notes:", "\nchanges:\n  - date: 2025-07-01\n"
                            "    summary: Thẩm quyền đăng ký hộ tịch chuyển về Ủy ban nhân dân cấp xã\n"
                            "    legal: nd-120-2025\neditor_notes:", 1)
        source.write_text(text, encoding="utf-8")
    build(Settings.for_project(project), stages=SITE)
    page = (project / "site/thu-tuc/ho-tich/dang-ky-khai-sinh.html").read_text(encoding="utf-8")
    news = (project / "site/co-gi-moi.html").read_text(encoding="utf-8")
    newest = load_catalog(project / "procedures", project).procedures["dang-ky-khai-sinh"].changes[0].date
    assert f"Cập nhật <time datetime=\"{newest}\">{vi_date(newest)}</time>" in page
    assert "120/2025/NĐ-CP" in news and "dang-ky-khai-sinh.html" in news


def test_a_killed_build_leaves_the_site_intact_and_the_next_build_recovers(project: Path):
    import signal
    import subprocess
    import sys
    import time

    settings = Settings.for_project(project)
    build(settings, stages=SITE)
    before = tree_digest(project / "site")
    building = project / ".site.building"
    child = subprocess.Popen([sys.executable, "-m", "generators.cli", "--project", str(project),
                              "build", "--only", "site"])
    try:
        deadline = time.monotonic() + 60
        while not building.exists() and child.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        assert building.exists(), "the build never started writing the new site"
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait()
    assert tree_digest(project / "site") == before
    build(settings, stages=SITE)  # no manual clean-up, no stale lock
    assert not building.exists()
    assert (project / "site" / "index.html").is_file()
