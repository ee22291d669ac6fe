"""Incremental site builds (generators/incremental.py) and the up-to-date check
(generators/uptodate.py): after every kind of edit, the site an incremental build publishes is
byte for byte the site a cold build of the same sources publishes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import copy_project, yaml_text
from generators.build import build
from generators.incremental import MANIFEST
from generators.settings import Settings

PROCEDURE = "procedures/ho-tich/dang-ky-khai-sinh.yaml"
REPORT = "build-report.json"


def _tree(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*") if p.is_file() and p.name != REPORT}


def _build(root: Path):
    return build(Settings.for_project(root), stages=("site",))


def _site_line(report) -> str:
    stage = report.stages["site"]
    return stage.rebuilt[0]["why"] if stage.rebuilt else stage.note


def _assert_same_as_cold(project: Path, tmp_path: Path) -> None:
    """A copy of the sources, built with no cache, publishes the same bytes."""
    cold = tmp_path / "cold"
    if cold.exists():
        shutil.rmtree(cold)
    cold.mkdir()
    for name in ("mkdocs.yml", "overrides", "docs", "procedures"):
        source = project / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, cold / name)
    report = _build(cold)
    assert "toàn bộ" in _site_line(report)
    incremental, fresh = _tree(project / "site"), _tree(cold / "site")
    differing = sorted(k for k in incremental.keys() | fresh.keys() if incremental.get(k) != fresh.get(k))
    assert not differing, f"{len(differing)} tệp khác bản dựng mới: {differing[:10]}"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("incremental") / "project")
    assert "toàn bộ" in _site_line(_build(root))
    return root


def test_nothing_changed_is_recognised_without_loading(project, tmp_path, monkeypatch):
    import generators.build

    def no_load(*args, **kwargs):
        raise AssertionError("the sources were loaded although nothing changed")

    monkeypatch.setattr(generators.build, "load_catalog", no_load)
    report = _build(project)
    assert "không đổi" in _site_line(report)
    assert report.warnings, "the last build's warnings are repeated"
    monkeypatch.undo()
    _assert_same_as_cold(project, tmp_path)


def test_a_changed_published_file_makes_the_build_run(project):
    page = project / "site" / "index.html"
    page.write_text("sửa tay", encoding="utf-8")
    report = _build(project)
    assert "dựng lại" in _site_line(report) or "toàn bộ" in _site_line(report)
    assert "sửa tay" not in page.read_text(encoding="utf-8")


def test_body_edit_renders_only_what_changed(project, tmp_path):
    _edit(project / PROCEDURE, "summary: >-\n  ", "summary: >-\n  Bản tóm tắt đã sửa. ")
    report = _build(project)
    line = _site_line(report)
    assert "chỉ dựng trang đã đổi" in line, line
    rendered = int(line.split(": ")[2].split(" ")[0])
    assert 1 <= rendered <= 5, line
    assert report.stages["site"].reused > 90
    _assert_same_as_cold(project, tmp_path)


def test_the_published_site_never_changes_in_place(project, tmp_path):
    """Unchanged pages are hard links into the cache: a page rendered again must replace the
    published file, never write through the shared inode."""
    published = project / "site" / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.html"
    keep = tmp_path / "before.html"
    os.link(published, keep)
    before = keep.read_bytes()
    _edit(project / PROCEDURE, "summary: >-\n  ", "summary: >-\n  Sửa lần nữa. ")
    _build(project)
    assert keep.read_bytes() == before
    assert "Sửa lần nữa" in published.read_text(encoding="utf-8")


def test_renaming_a_procedure_in_the_menu_renders_every_page(project, tmp_path):
    _edit(project / PROCEDURE, "\nname: ", "\nname: (Sửa tên) ")
    line = _site_line(_build(project))
    assert "menu đã đổi" in line, line
    _assert_same_as_cold(project, tmp_path)


def test_new_and_removed_procedures(project, tmp_path):
    source = project / PROCEDURE
    copy = source.with_name("dang-ky-khai-sinh-ban-thu.yaml")
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data.update(code="9.999991", name=f"Bản thử {data['name']}")
    # A second procedure may neither replace the same old code nor record the same walkthrough.
    for key in ("slug", "replaces", "walkthrough"):
        data.pop(key, None)
    copy.write_text(yaml_text(data), encoding="utf-8")
    report = _build(project)
    assert report.stages["site"].rebuilt, _site_line(report)
    _assert_same_as_cold(project, tmp_path)
    copy.unlink()
    _build(project)
    assert not any("9.999991" in p.read_text(encoding="utf-8", errors="replace")
                   for p in (project / "site").rglob("*.html"))
    _assert_same_as_cold(project, tmp_path)


def test_template_and_config_changes_build_cold(project, tmp_path):
    _edit(project / "overrides" / "main.html", "{% extends", "{#- đã sửa -#}\n{% extends")
    assert "toàn bộ" in _site_line(_build(project))
    _assert_same_as_cold(project, tmp_path)
    _edit(project / "mkdocs.yml", "site_description: ", "site_description: Bản sửa. ")
    assert "toàn bộ" in _site_line(_build(project))
    _assert_same_as_cold(project, tmp_path)


def test_handwritten_page_and_asset_edits(project, tmp_path):
    _edit(project / "docs" / "bao-tri" / "them-thu-tuc.md", "\n", "\n\nMột đoạn mới viết tay.\n")
    line = _site_line(_build(project))
    assert "chỉ dựng trang đã đổi" in line, line
    _assert_same_as_cold(project, tmp_path)
    css = project / "docs" / "assets" / "stylesheets" / "portal.css"
    css.write_text(css.read_text(encoding="utf-8") + "\n/* sửa */\n", encoding="utf-8")
    _build(project)
    _assert_same_as_cold(project, tmp_path)


def test_a_damaged_cache_means_a_cold_build(project, tmp_path):
    settings = Settings.for_project(project)
    (settings.work / "site-cache" / MANIFEST).write_text("{không phải json", encoding="utf-8")
    _edit(project / PROCEDURE, "summary: >-\n  ", "summary: >-\n  Sau khi hỏng bộ đệm. ")
    assert "toàn bộ" in _site_line(_build(project))
    _assert_same_as_cold(project, tmp_path)


def test_edits_that_reach_other_procedures_pages(project, tmp_path):
    """A procedure page kept from the last build (generators/memo.py) is made again when a
    shared record it shows, or a procedure it links to, changes."""
    _edit(project / "procedures" / "_catalog" / "agencies.yaml", "name: Ủy ban nhân dân cấp xã\n",
          "name: Ủy ban nhân dân cấp xã (tên đã sửa)\n")
    report = _build(project)
    assert "tên đã sửa" in (project / "site" / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.html").read_text(
        encoding="utf-8")
    assert "0 trang thủ tục lấy lại" in report.stages["pages"].note, report.stages["pages"].note
    _assert_same_as_cold(project, tmp_path)
    # The birth page links to the bundle 3.000722 by its name.
    bundle = next(p for p in (project / "procedures").rglob("*.yaml") if '\ncode: "3.000722"' in p.read_text("utf-8"))
    _edit(bundle, "\nname: ", "\nname: (Tên liên thông đã sửa) ")
    report = _build(project)
    assert "Tên liên thông đã sửa" in (project / "site" / "thu-tuc" / "ho-tich" / "dang-ky-khai-sinh.html").read_text(
        encoding="utf-8")
    _assert_same_as_cold(project, tmp_path)
    # A body edit: the pages of procedures not linked with this one are kept.
    _edit(project / PROCEDURE, "summary: >-\n  ", "summary: >-\n  Lần sửa cuối. ")
    report = _build(project)
    kept = int(report.stages["pages"].note.split(" ")[0])
    assert 30 <= kept < 45, report.stages["pages"].note
    _assert_same_as_cold(project, tmp_path)
