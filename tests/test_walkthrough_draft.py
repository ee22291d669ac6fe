"""Walkthrough drafts: every procedure that can be filed online gets a script that signs in,
uploads exactly the documents the practice portal requires, pays when there is an online fee,
submits and checks the dossier code screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from generators import model
from generators.load import load_catalog
from generators.sandbox import document_required, fee_amount
from generators.walkthrough_draft import can_file_online, draft, draft_yaml, online_channel

REPO = Path(__file__).resolve().parents[1]
CATALOG = load_catalog(REPO / "procedures", REPO)
ONLINE = [p for p in CATALOG.procedures.values() if can_file_online(p)]


@pytest.mark.parametrize("procedure", ONLINE, ids=[p.slug for p in ONLINE])
def test_the_draft_files_the_procedure_to_the_end(procedure) -> None:
    script = model.Walkthrough.model_validate(draft(procedure))
    uploads = [s.label for s in script.steps if s.action == "upload"]
    assert uploads == [i.name for i in procedure.documents[0].items if document_required(i)]
    saves = [s.name for s in script.steps if s.action == "click" and (s.name or "").startswith("Lưu tệp: ")]
    assert saves == [f"Lưu tệp: {name}" for name in uploads]
    paid = any(s.action == "click" and s.name == "Xác nhận thanh toán" for s in script.steps)
    assert paid == bool(fee_amount(online_channel(procedure).fee))
    last = script.steps[-1]
    assert (last.action, last.role, last.name) == ("expect", model.Role.heading, "Nộp hồ sơ thành công")
    # Written as YAML, the draft reads back as the same script.
    import yaml

    assert model.Walkthrough.model_validate(yaml.safe_load(draft_yaml(procedure))["walkthrough"]) == script


def test_a_procedure_that_cannot_be_filed_online_has_no_draft() -> None:
    some = ONLINE[0]
    offline = some.model_copy(update={"channels": [c for c in some.channels
                                                   if c.kind is not model.ChannelKind.truc_tuyen]})
    assert not can_file_online(offline)
    with pytest.raises(ValueError, match="không có cách thức nộp trực tuyến"):
        draft(offline)


def test_most_online_procedures_have_a_walkthrough() -> None:
    without = sorted(p.code for p in ONLINE if p.walkthrough is None)
    assert len(ONLINE) - len(without) >= 0.8 * len(ONLINE), f"no walkthrough: {', '.join(without)}"


def test_write_appends_the_draft_to_a_file_without_one_and_leaves_others(tmp_path: Path) -> None:
    from conftest import copy_project, without_walkthrough
    from generators.walkthrough_draft import drafts

    root = copy_project(tmp_path / "project")
    source = root / "procedures" / "ho-tich" / "dang-ky-ket-hon.yaml"
    source.write_text(without_walkthrough(source.read_text(encoding="utf-8")), encoding="utf-8")
    other = root / "procedures" / "ho-tich" / "dang-ky-khai-tu.yaml"
    before = other.read_bytes()
    catalog = load_catalog(root / "procedures", root)
    assert drafts(catalog, root, [], write=True) == ["Đã ghi kịch bản vào procedures/ho-tich/dang-ky-ket-hon.yaml"]
    assert other.read_bytes() == before
    written = load_catalog(root / "procedures", root).procedures["dang-ky-ket-hon"]
    assert written.walkthrough == model.Walkthrough.model_validate(draft(catalog.procedures["dang-ky-ket-hon"]))
    assert drafts(load_catalog(root / "procedures", root), root, [], write=True) == [
        "Mọi thủ tục nộp trực tuyến đã có kịch bản video (walkthrough)."]
