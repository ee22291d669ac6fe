"""The key of a walkthrough video recorded against the sandbox: the sandbox's core, the scripts of
the screens its recording showed and the part of the portal's data it showed (its procedures'
records and the shared lists), as the ledger keeps them with the video. Editing a screen's script
re-records only the videos that showed that screen; editing another procedure changes nothing;
editing the core re-records everything. Without a browser: the shown screens are given here, as
the ledger gives them (tests/test_video.py checks that a real recording captures them)."""

from __future__ import annotations

import copy
import re
import shutil
from pathlib import Path

import pytest

from conftest import REPO, copy_project
from generators.load import load_catalog
from generators.sandbox import SCREENS_DIR, portal_print, screen_of, write_sandbox
from generators.settings import Settings
from generators.video.config import VideoConfig
from generators.video.portal import Shown
from generators.video.record import RecordingInputs, shown_in

OWN = "dang-ky-khai-tu"
OTHER = "dang-ky-khai-sinh"
#: What a filing walkthrough of OWN shows: its procedure's page, the sign-in, the four steps.
FILING = Shown(("dang-nhap", "ket-qua", "nop-buoc-1", "nop-buoc-2", "nop-buoc-3", "nop-buoc-4", "thu-tuc", "vneid",
                "vneid-otp"), (OWN,), False)
#: What a walkthrough that searches from the home page shows: every procedure is listed there.
SEARCHING = Shown(("thu-tuc", "tim-kiem", "trang-chu"), (OWN,), True)
SHOWN = {"filing": FILING, "searching": SEARCHING, "unknown": None}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project with its own copy of the practice portal, to edit."""
    root = copy_project(tmp_path / "du-an")
    shutil.copytree(REPO / "sandbox", root / "sandbox")
    return root


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "procedures", REPO)


def keys(project: Path, catalog) -> dict[str, str]:
    """The key of OWN's video for each way of having recorded it."""
    inputs = RecordingInputs.prepare(catalog, Settings.for_project(project), VideoConfig(), burn_captions=False,
                                     narration=False)
    procedure = catalog.procedures[OWN]
    return {name: inputs.key(procedure, shown) for name, shown in SHOWN.items()}


def edit(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "// sửa\n", encoding="utf-8")


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {name for name in before if before[name] != after[name]}


def test_keys_do_not_change_by_themselves(project, catalog) -> None:
    first = keys(project, catalog)
    assert keys(project, catalog) == first
    assert len(set(first.values())) == 3


def test_editing_a_screens_script_changes_only_the_keys_of_videos_that_showed_it(project, catalog) -> None:
    before = keys(project, catalog)
    edit(project / "sandbox" / SCREENS_DIR / "tim-kiem.js")
    assert changed(before, keys(project, catalog)) == {"searching", "unknown"}
    before = keys(project, catalog)
    edit(project / "sandbox" / SCREENS_DIR / "nop-buoc-3.js")
    assert changed(before, keys(project, catalog)) == {"filing", "unknown"}
    before = keys(project, catalog)
    edit(project / "sandbox" / SCREENS_DIR / "huong-dan.js")  # shown by neither
    assert changed(before, keys(project, catalog)) == {"unknown"}
    before = keys(project, catalog)
    edit(project / "sandbox" / SCREENS_DIR / "thu-tuc.js")  # shown by both
    assert changed(before, keys(project, catalog)) == {"filing", "searching", "unknown"}


@pytest.mark.parametrize("core", ["index.html", "styles.css", "js/00-nen.js", "js/10-dinh-tuyen.js",
                                  "js/40-giao-dien.js", "js/60-kich-ban.js"])
def test_editing_the_core_changes_every_key(project, catalog, core: str) -> None:
    before = keys(project, catalog)
    edit(project / "sandbox" / core)
    assert changed(before, keys(project, catalog)) == set(SHOWN)


def test_another_procedures_record_changes_only_the_keys_of_videos_that_showed_every_procedure(
        project, catalog) -> None:
    before = keys(project, catalog)
    other = copy.deepcopy(catalog)
    other.procedures[OTHER].applicants = [*other.procedures[OTHER].applicants, "Người thử nghiệm"]
    assert changed(before, keys(project, other)) == {"searching", "unknown"}
    own = copy.deepcopy(catalog)
    own.procedures[OWN].applicants = [*own.procedures[OWN].applicants, "Người thử nghiệm"]
    assert changed(before, keys(project, own)) == set(SHOWN)


def test_a_shared_list_changes_every_key(project, catalog) -> None:
    before = keys(project, catalog)
    messages = copy.deepcopy(catalog)
    error = next(iter(messages.errors.values()))
    error.messages = [*error.messages[:-1], error.messages[-1] + " (đã sửa)"]
    assert changed(before, keys(project, messages)) == set(SHOWN)


def test_what_was_shown_goes_through_the_ledger_unchanged() -> None:
    for shown in (FILING, SEARCHING):
        assert shown_in({"shown": shown.to_json()}) == shown
    # The sandbox's own note, in any order, with repeats.
    assert Shown.parse({"man_hinh": ["tim-kiem", "trang-chu", "tim-kiem"], "thu_tuc": [], "ca_danh_muc": True}) == \
        Shown(("tim-kiem", "trang-chu"), (), True)
    # Anything else counts as "not known" (every screen and all the data), never as "nothing".
    for meta in (None, {}, {"shown": None}, {"shown": {"man_hinh": "tim-kiem", "thu_tuc": [], "ca_danh_muc": True}},
                 {"shown": {"man_hinh": [], "thu_tuc": [1], "ca_danh_muc": False}},
                 {"shown": {"man_hinh": [], "thu_tuc": []}}):
        assert shown_in(meta) is None


# --------------------------------------------------------------------------------------
# The screens: the router's table, the scripts and index.html agree
# --------------------------------------------------------------------------------------

SANDBOX = REPO / "sandbox"


def _scripts() -> dict[str, str]:
    return {p.relative_to(SANDBOX).as_posix(): p.read_text(encoding="utf-8") for p in sorted(SANDBOX.rglob("*.js"))}


def test_each_screen_of_the_router_has_its_script_and_nothing_else_is_a_screen() -> None:
    router = (SANDBOX / "js" / "10-dinh-tuyen.js").read_text(encoding="utf-8")
    table = router[router.index("var ROUTES = ["):router.index("];", router.index("var ROUTES = ["))]
    routed = set(re.findall(r', "([a-z0-9-]+)"\],', table))
    scripts = {screen_of(path): text for path, text in _scripts().items() if screen_of(path)}
    assert routed and routed == set(scripts)
    for name, text in scripts.items():
        # A screen's script hands over one view, under its own name, and puts nothing else in C.
        assert re.findall(r'\bC\.screen\("([a-z0-9-]+)"', text) == [name], name
        assert not re.search(r"\bC\.\w+\s*=[^=]|Object\.assign\(C\b", text), name


def test_index_html_loads_every_script_once_core_then_screens_then_start() -> None:
    loaded = re.findall(r'<script src="([^"]+)"></script>', (SANDBOX / "index.html").read_text(encoding="utf-8"))
    assert loaded[0] == "du-lieu.js"
    assert sorted(loaded[1:]) == sorted(_scripts())
    kinds = ["start" if path.startswith("js/9") else "screen" if screen_of(path) else "core" for path in loaded[1:]]
    assert kinds == sorted(kinds, key=["core", "screen", "start"].index) and kinds[-1] == "start"
    core = [path for path, kind in zip(loaded[1:], kinds, strict=True) if kind == "core"]
    assert core == sorted(core)


def test_procedure_records_are_reached_only_through_what_notes_them() -> None:
    """The scripts reach a procedure's record through C.procedure() or C.allProcedures(), which
    note what was shown: a video's key takes in only those records."""
    for path, text in _scripts().items():
        if path != "js/01-danh-muc.js":
            assert not re.search(r"\bD\.thu_tuc\b|\bBY_SLUG\b", text), path


def test_the_portal_print_splits_core_screens_and_data(catalog, tmp_path: Path) -> None:
    write_sandbox(catalog, tmp_path / "cong")
    parts = portal_print(tmp_path / "cong")
    assert set(parts.screens) == {screen_of(p) for p in _scripts() if screen_of(p)}
    assert [p["slug"] for p in parts.data["thu_tuc"]] == list(catalog.procedures)
    # The print is of what was written: a new screen script there is a new screen.
    (tmp_path / "cong" / SCREENS_DIR / "moi.js").write_text("", encoding="utf-8")
    again = portal_print(tmp_path / "cong")
    assert again.core == parts.core and set(again.screens) == {*parts.screens, "moi"}
