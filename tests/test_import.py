"""`thutuc import` and `thutuc export`: official layouts in, validated drafts and reviewed updates out."""

from __future__ import annotations

import difflib
import shutil
import unicodedata
from pathlib import Path

import pytest
from docx import Document

from conftest import REPO
from generators.cli import main
from generators.importer.export import write_docx
from generators.importer.run import import_paths
from generators.load import PLACEHOLDER, load_catalog
from generators.problems import display_path
from generators.settings import Settings
from generators.yamlsource import read_yaml

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    shutil.copytree(REPO / "procedures", root / "procedures", ignore=shutil.ignore_patterns(".*"))
    return root


def settings(root: Path) -> Settings:
    return Settings.for_project(root)


# --------------------------------------------------------------------------------------
# A decision's appendix, written the way publishers write it (not the way export does)
# --------------------------------------------------------------------------------------


def bold(document, text: str):
    document.add_paragraph().add_run(text).bold = True


def table(document, rows: list[list[str]]):
    t = document.add_table(rows=0, cols=len(rows[0]))
    for row in rows:
        for cell, text in zip(t.add_row().cells, row, strict=True):
            cell.text = text


def decision_appendix(path: Path, *, first_code: str = "0.000101", legal: list[str] | None = None) -> Path:
    d = Document()
    table(d, [["ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"],
              ["Số: 9999/QĐ-UBND", "Hà Nội, ngày 05 tháng 11 năm 2026"]])
    bold(d, "QUYẾT ĐỊNH")
    d.add_paragraph("Về việc công bố danh mục thủ tục hành chính thử nghiệm")
    bold(d, "PHỤ LỤC")
    bold(d, "NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH")
    bold(d, "A. THỦ TỤC HÀNH CHÍNH CẤP XÃ")
    bold(d, "I. LĨNH VỰC HỘ TỊCH")
    # First procedure: prose, lettered labels, items with counts in words.
    d.add_paragraph("1. Thủ tục thử nghiệm đăng ký A")
    if first_code:
        d.add_paragraph(f"a) Mã thủ tục: {first_code}")
    d.add_paragraph("b) Trình tự thực hiện:")
    d.add_paragraph("Bước 1: Người yêu cầu nộp hồ sơ tại Điểm phục vụ hành chính công cấp xã.")
    d.add_paragraph("Bước 2: Công chức tư pháp - hộ tịch kiểm tra hồ sơ, ghi vào sổ.")
    d.add_paragraph("- Cách thức thực hiện:")
    d.add_paragraph("- Nộp trực tiếp tại Điểm phục vụ hành chính công cấp xã.")
    d.add_paragraph("- Nộp trực tuyến trên Cổng Dịch vụ công quốc gia.")
    d.add_paragraph("c) Thành phần, số lượng hồ sơ:")
    d.add_paragraph("* Trường hợp thông thường:")
    d.add_paragraph("- Tờ khai theo Mẫu TK-01 (01 bản chính);")
    d.add_paragraph("- Giấy tờ tùy thân của người yêu cầu (xuất trình);")
    d.add_paragraph("* Trường hợp ủy quyền:")
    d.add_paragraph("- Văn bản ủy quyền: 01 bản chính, 01 bản sao;")
    d.add_paragraph("Số lượng hồ sơ: 01 bộ.")
    d.add_paragraph("d) Thời hạn giải quyết: 03 ngày làm việc")
    d.add_paragraph("đ) Đối tượng thực hiện: Cá nhân")
    d.add_paragraph("e) Cơ quan thực hiện: Ủy ban nhân dân cấp xã")
    d.add_paragraph("g) Kết quả thực hiện: Giấy xác nhận thử nghiệm")
    d.add_paragraph("h) Lệ phí: 8.000 đồng")
    d.add_paragraph("i) Tên mẫu đơn, mẫu tờ khai: Mẫu TK-01: Tờ khai thử nghiệm")
    d.add_paragraph("k) Yêu cầu, điều kiện thực hiện: Không")
    d.add_paragraph("l) Căn cứ pháp lý:")
    for line in legal or ["- Luật Hộ tịch số 60/2014/QH13 ngày 20/11/2014 của Quốc hội;",
                          "- Nghị định số 999/2026/NĐ-CP ngày 01/10/2026 của Chính phủ quy định thử nghiệm."]:
        d.add_paragraph(line)
    # Second procedure: the national record's style, with tables and upper-case numbered labels.
    bold(d, "II. LĨNH VỰC CƯ TRÚ")
    d.add_heading("2. Thủ tục thử nghiệm B", level=2)
    d.add_paragraph("Mã thủ tục: 0.000102")
    d.add_paragraph("Tên thủ tục: Thử nghiệm B")
    d.add_paragraph("Cấp thực hiện: Cấp xã")
    d.add_paragraph("2.1. TRÌNH TỰ THỰC HIỆN")
    d.add_paragraph("Bước 1. Công dân nộp hồ sơ.")
    d.add_paragraph("Công chức kiểm tra ngay khi nhận.")
    d.add_paragraph("2.2. Cách thức thực hiện")  # a table per channel, the channel named above it
    d.add_paragraph("a) Trực tiếp:")
    table(d, [["Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"], ["02 ngày làm việc", "Không thu phí", ""]])
    d.add_paragraph("b) Dịch vụ bưu chính:")
    table(d, [["Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"],
              ["02 ngày làm việc", "Không thu phí", "Cước do người gửi trả"]])
    d.add_paragraph("2.3. Thành phần hồ sơ")
    d.add_paragraph("Trường hợp: Người tự yêu cầu")
    table(d, [["Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng"],
              ["Tờ khai thay đổi thông tin cư trú", "CT01", "Bản chính: 1 - Bản sao: 0"],
              ["Giấy tờ tùy thân", "", "Xuất trình"]])
    d.add_paragraph("Đối tượng thực hiện:")
    d.add_paragraph("- Công dân Việt Nam")
    d.add_paragraph("Cơ quan thực hiện: Công an cấp xã")
    d.add_paragraph("Kết quả thực hiện: Văn bản xác nhận thử nghiệm")
    d.add_paragraph("Căn cứ pháp lý")
    table(d, [["Số ký hiệu", "Trích yếu", "Ngày ban hành", "Cơ quan ban hành"],
              ["68/2020/QH14", "Luật Cư trú", "13/11/2020", "Quốc hội"]])
    d.add_paragraph("Mức độ dịch vụ công trực tuyến: Toàn trình")
    d.save(path)
    return path


def test_decision_appendix_becomes_two_validated_drafts(project: Path, tmp_path: Path) -> None:
    source = decision_appendix(tmp_path / "quyet-dinh.docx")
    report = import_paths(settings(project), [source])
    assert report.problems == []
    assert [(o.mapped.data["code"], o.status, o.path) for o in report.outcomes] == [
        ("0.000101", "new", "procedures/ho-tich/thu-nghiem-dang-ky-a.yaml"),
        ("0.000102", "new", "procedures/cu-tru/thu-nghiem-b.yaml"),
    ]
    catalog = load_catalog(project / "procedures", project)  # `thutuc validate` accepts them
    a, b = catalog.by_code("0.000101"), catalog.by_code("0.000102")

    assert a.name == "Thử nghiệm đăng ký A" and a.level.value == "xa" and a.domain == "ho-tich"
    assert [s.title for s in a.steps] == ["Người yêu cầu nộp hồ sơ tại Điểm phục vụ hành chính công cấp xã.",
                                          "Công chức tư pháp - hộ tịch kiểm tra hồ sơ, ghi vào sổ."]
    assert [(c.kind.value, c.time, c.fee) for c in a.channels] == [
        ("truc-tiep", "03 ngày làm việc", "8.000 đồng"), ("truc-tuyen", "03 ngày làm việc", "8.000 đồng")]
    normal, proxy = a.documents
    assert normal.case == "Trường hợp thông thường" and proxy.case == "Trường hợp ủy quyền"
    form = catalog.forms[normal.items[0].form]
    assert (form.code, form.name) == ("Mẫu TK-01", "Tờ khai thử nghiệm")
    assert normal.items[0].originals == 1
    assert normal.items[1].handling == "xuat-trinh"
    assert (proxy.items[0].originals, proxy.items[0].copies) == (1, 1)
    assert a.conditions == []
    assert [r.doc for r in a.legal_basis] == ["luat-ho-tich-2014", "nd-999-2026"]
    assert catalog.legal["nd-999-2026"].issuer == "Chính phủ"
    assert a.decision == "9999/QĐ-UBND ngày 05/11/2026"
    assert "online_level" in a.unknown  # the appendix does not say; not invented
    assert a.verification is None and a.editor_notes

    assert b.name == "Thử nghiệm B" and b.domain == "cu-tru" and b.executing_agency == "cong-an-xa"
    assert [(s.title, s.detail) for s in b.steps] == [("Công dân nộp hồ sơ.", "Công chức kiểm tra ngay khi nhận.")]
    assert [(c.kind.value, c.time, c.fee, c.description) for c in b.channels] == [
        ("truc-tiep", "02 ngày làm việc", "Không thu phí", None),
        ("buu-chinh", "02 ngày làm việc", "Không thu phí", "Cước do người gửi trả")]
    assert report.outcomes[1].unmapped == []
    assert b.documents[0].items[0].form == "ct01" and b.online_level.value == "toan-trinh"

    # Human-only fields are placeholders that validation reports as warnings.
    warned = [str(w) for w in catalog.warnings if "thu-nghiem" in w.path]
    assert any("summary" in w and PLACEHOLDER in w for w in warned)
    assert any("keywords.0" in w for w in warned) and any("tips.0" in w for w in warned)
    # Nothing dropped silently: the line the model has no place for is reported with its paragraph.
    unmapped = [(u.where, u.text) for u in report.outcomes[0].unmapped]
    assert ("đoạn 21", "Số lượng hồ sơ: 01 bộ.") in unmapped
    names = {(r.table, r.data["id"]) for r in report.records}
    assert names == {("forms", "mau-tk-01"), ("legal", "nd-999-2026")}
    text = report.text()
    assert "2 thủ tục mới, 0 thay đổi, 0 không đổi, 0 lỗi" in text and "nd-999-2026" in text


def test_drafts_are_written_in_the_house_style(project: Path, tmp_path: Path) -> None:
    import_paths(settings(project), [decision_appendix(tmp_path / "qd.docx")])
    raw = (project / "procedures/ho-tich/thu-nghiem-dang-ky-a.yaml").read_text(encoding="utf-8")
    assert raw.startswith("# yaml-language-server: $schema=../schema.json\ncode: \"0.000101\"\n")
    assert raw == unicodedata.normalize("NFC", raw)
    assert "{" not in raw and "\n\nsteps:\n  - title:" in raw  # block style, grouped like the samples
    assert f'summary: "{PLACEHOLDER} ' in raw and "\n\ntips:\n" in raw and "\n\nunknown:\n" in raw


def national_record(path: Path) -> Path:
    """A download from the national database: one label | value table, tables nested in cells."""
    d = Document()
    record = d.add_table(rows=0, cols=2)

    def row(label: str, *values: str):
        label_cell, value_cell = record.add_row().cells
        label_cell.text = label
        value_cell.text = values[0] if values else ""
        for value in values[1:]:
            value_cell.add_paragraph(value)
        return value_cell

    def nested(cell, rows: list[list[str]]):
        inner = cell.add_table(rows=0, cols=len(rows[0]))
        for texts in rows:
            for target, text in zip(inner.add_row().cells, texts, strict=True):
                target.text = text

    row("Mã thủ tục:", "0.000106")
    row("Số quyết định", "9997/QĐ-UBND ngày 01/12/2026")
    row("Tên thủ tục", "Thử nghiệm F")
    row("Cấp thực hiện", "Cấp Xã")
    row("Lĩnh vực", "Hộ tịch")
    steps = row("Trình tự thực hiện")
    steps.paragraphs[0].add_run("Bước 1: Nộp hồ sơ.").bold = True
    steps.add_paragraph("Bước 2: Nhận kết quả.")
    nested(row("Cách thức thực hiện"), [["Hình thức nộp", "Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"],
                                        ["Trực tuyến", "Trong ngày", "Miễn lệ phí", ""]])
    documents = row("Thành phần hồ sơ", "Trường hợp: Người tự yêu cầu")
    nested(documents, [["Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng"],
                       ["Tờ khai đăng ký khai sinh", "Tờ khai đăng ký khai sinh", "Bản chính: 1 - Bản sao: 0"]])
    row("Đối tượng thực hiện", "Công dân Việt Nam")
    row("Cơ quan thực hiện", "Ủy ban nhân dân cấp xã")
    row("Kết quả thực hiện", "Trích lục thử nghiệm")
    nested(row("Căn cứ pháp lý"), [["Số ký hiệu", "Trích yếu", "Ngày ban hành", "Cơ quan ban hành"],
                                   ["60/2014/QH13", "Luật Hộ tịch", "20/11/2014", "Quốc hội"]])
    row("Mức độ dịch vụ công trực tuyến", "Toàn trình")
    d.save(path)
    return path


def test_national_record_download_with_nested_tables(project: Path, tmp_path: Path) -> None:
    report = import_paths(settings(project), [national_record(tmp_path / "1.docx")], dry_run=True)
    assert report.problems == []
    [outcome] = report.outcomes
    data = outcome.mapped.data
    assert (data["code"], data["name"], data["decision"]) == (
        "0.000106", "Thử nghiệm F", "9997/QĐ-UBND ngày 01/12/2026")
    assert data["steps"] == [{"title": "Nộp hồ sơ."}, {"title": "Nhận kết quả."}]
    assert data["channels"] == [{"kind": "truc-tuyen", "time": "Trong ngày", "fee": "Miễn lệ phí"}]
    assert data["documents"] == [{"case": "Người tự yêu cầu", "items": [
        {"name": "Tờ khai đăng ký khai sinh", "form": "to-khai-khai-sinh", "originals": 1}]}]
    assert data["legal_basis"] == [{"doc": "luat-ho-tich-2014"}] and outcome.unmapped == []


def test_portal_page_html(project: Path) -> None:
    report = import_paths(settings(project), [FIXTURES / "cong-thu-tuc.html"], dry_run=True)
    assert report.problems == []
    [outcome] = report.outcomes
    data = outcome.mapped.data
    assert (data["code"], data["name"], data["domain"], data["online_level"]) == (
        "0.000103", "Thử nghiệm C", "ho-tich", "mot-phan")
    assert data["steps"] == [
        {"title": "Người yêu cầu nộp tờ khai tại Điểm phục vụ hành chính công cấp xã."},
        {"title": "Công chức tư pháp - hộ tịch kiểm tra và ghi vào sổ.", "who": "Công chức tư pháp - hộ tịch"}]
    assert data["channels"][1] == {"kind": "truc-tuyen", "time": "Trong ngày", "fee": "Miễn lệ phí",
                                   "description": "Nộp trên Cổng Dịch vụ công quốc gia"}
    assert data["documents"][0]["items"][0]["form"] == "to-khai-khai-sinh"
    assert data["executing_agency"] == "ubnd-xa" and data["result"] == ["Trích lục thử nghiệm"]
    assert "không được đọc" not in repr(data)  # scripts are not text
    assert not (project / "procedures/ho-tich/thu-nghiem-c.yaml").exists()  # --dry-run


def cp1258(ch: str) -> bytes:
    """Windows-1258 has ư, ơ, â... but writes tone marks as combining characters."""
    try:
        return ch.encode("cp1258")
    except UnicodeEncodeError:
        parts = unicodedata.normalize("NFD", ch)
        tones = [mark for mark in parts[1:] if mark in "\u0300\u0301\u0303\u0309\u0323"]
        letter = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
        return (letter + "".join(tones)).encode("cp1258")


def test_portal_page_in_a_declared_legacy_encoding(project: Path, tmp_path: Path) -> None:
    page = (FIXTURES / "cong-thu-tuc.html").read_text(encoding="utf-8").replace('charset="utf-8"',
                                                                              'charset="windows-1258"')
    (tmp_path / "cu.html").write_bytes(b"".join(cp1258(ch) for ch in page))
    report = import_paths(settings(project), [tmp_path / "cu.html"], dry_run=True)
    assert report.problems == [] and report.outcomes[0].mapped.data["name"] == "Thử nghiệm C"


def test_plone_export_json(project: Path) -> None:
    report = import_paths(settings(project), [FIXTURES / "plone-export.json"])
    assert report.problems == []
    [outcome] = report.outcomes  # the folder and the news item hold no procedure
    assert outcome.status == "new" and outcome.path == "procedures/cu-tru/thu-nghiem-d.yaml"
    procedure = load_catalog(project / "procedures", project).by_code("0.000104")
    assert [(c.kind.value, c.time, c.fee, c.description) for c in procedure.channels] == [
        ("truc-tiep", "02 ngày làm việc", "Không thu", "Trực tiếp tại Công an cấp xã"),
        ("truc-tuyen", "02 ngày làm việc", "Không thu", "trực tuyến trên Cổng Dịch vụ công quốc gia.")]
    assert procedure.documents[0].items[0].originals == 1


@pytest.mark.parametrize(("text", "expected"), [
    ("Trình tự thực hiện:", ("steps", "")),
    ("a) Trình tự thực hiện", ("steps", "")),
    ("- Trình tự thực hiện", ("steps", "")),
    ("2.1. TRÌNH TỰ THỰC HIỆN", ("steps", "")),
    ("IV. Thành phần, số lượng hồ sơ:", ("documents", "")),
    ("Cơ quan phối hợp (nếu có): Công an cấp xã", ("coordinating_agencies", "Công an cấp xã")),
    ("Yêu cầu, điều kiện thực hiện thủ tục hành chính:", ("conditions", "")),
    ("đ) Phí, lệ phí: 10.000 đồng", ("fee", "10.000 đồng")),
    ("Trình tự thực hiện gồm các bước sau", None),
    ("Bước 1: Nộp hồ sơ", None),
    ("Lệ phí được miễn cho trẻ em", None),
])
def test_label_variants(text: str, expected) -> None:
    from generators.importer.layout import label_of
    from generators.importer.neutral import Block

    assert label_of(Block("đoạn 1", text)) == expected


# --------------------------------------------------------------------------------------
# Round trip: export every procedure, import it back, no difference
# --------------------------------------------------------------------------------------


def test_round_trip_over_every_procedure(project: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "export"
    assert main(["--project", str(project), "export", "--format", "docx", "--out", str(out)]) == 0
    count = len(load_catalog(project / "procedures", project).procedures)
    assert len(list(out.glob("*.docx"))) == count
    before = {p: p.read_bytes() for p in (project / "procedures").rglob("*.yaml")}
    report = import_paths(settings(project), [out])
    assert report.problems == [] and report.records == []
    assert [o.diff for o in report.outcomes if o.status != "unchanged"] == []
    assert report.count("unchanged") == count
    assert {p: p.read_bytes() for p in (project / "procedures").rglob("*.yaml")} == before

    # The same, all in one document, as a decision's appendix holds them.
    catalog = load_catalog(project / "procedures", project)
    write_docx(catalog, list(catalog.procedures.values()), tmp_path / "phu-luc.docx")
    report = import_paths(settings(project), [tmp_path / "phu-luc.docx"], dry_run=True)
    assert report.problems == [] and report.count("unchanged") == count


# --------------------------------------------------------------------------------------
# A changed decision: the diff, then the reviewed update
# --------------------------------------------------------------------------------------


def changed_fee_decision(project: Path, target: Path, new_fee: str) -> str:
    """Export 1.001193, put a decision's header on it and change the in-person fee."""
    main(["--project", str(project), "export", "1.001193", "--out", str(target.parent)])
    exported = target.parent / "dang-ky-khai-sinh.docx"
    d = Document(exported)
    body = d.element.body
    header = d.add_paragraph("Số: 9999/QĐ-UBND")
    date = d.add_paragraph("Hà Nội, ngày 05 tháng 11 năm 2026")
    body.insert(0, date._p)
    body.insert(0, header._p)
    channels = d.tables[0]
    old_fee = channels.rows[1].cells[2].text
    channels.rows[1].cells[2].text = new_fee
    d.save(target)
    return old_fee


def test_changed_fee_gives_exactly_that_diff_then_an_update(project: Path, tmp_path: Path) -> None:
    source = tmp_path / "in" / "qd-9999.docx"
    source.parent.mkdir()
    path = project / "procedures/ho-tich/dang-ky-khai-sinh.yaml"
    kept = read_yaml(path, "x")[0].data
    old_fee = changed_fee_decision(project, source, "Lệ phí thử nghiệm 1.000 đồng")
    original = path.read_bytes()

    review = import_paths(settings(project), [source])
    [outcome] = review.outcomes
    assert outcome.status == "changed"
    assert outcome.diff == [f"channels[0].fee: “{old_fee}” → “Lệ phí thử nghiệm 1.000 đồng”"]
    assert path.read_bytes() == original  # without --update nothing changes

    applied = import_paths(settings(project), [source], update=True)
    assert applied.problems == [] and applied.outcomes[0].note == "đã cập nhật"
    # Only the changed line and the new log entry differ; the rest stays as the maintainer wrote it.
    edits = [line for line in difflib.unified_diff(original.decode().splitlines(), path.read_text().splitlines(),
                                                   lineterm="", n=0) if line[:1] in "+-" and line[1:3] not in "++--"]
    assert [e[0] for e in edits] == ["-", "+", "+", "+", "+"]
    assert "Lệ phí thử nghiệm 1.000 đồng" in edits[1] and edits[2] == "+  - date: 2026-11-05"
    catalog = load_catalog(project / "procedures", project)
    procedure = catalog.by_code("1.001193")
    assert procedure.channels[0].fee == "Lệ phí thử nghiệm 1.000 đồng"
    [entry] = [c for c in procedure.changes if c.legal == "qd-9999-ubnd"]
    assert entry.date == "2026-11-05" and "9999/QĐ-UBND ngày 05/11/2026" in entry.summary
    assert [c.date for c in procedure.changes] == sorted((c.date for c in procedure.changes), reverse=True)
    assert catalog.legal["qd-9999-ubnd"].number == "9999/QĐ-UBND"
    now = read_yaml(path, "x")[0].data
    for field in ("summary", "tips", "faq", "walkthrough", "keywords", "two_tier_changes", "related"):
        assert now.get(field) == kept.get(field), field
    assert [c for c in now["changes"] if c.get("legal") != "qd-9999-ubnd"] == kept.get("changes", [])
    # And the decision, imported again, changes nothing more.
    assert import_paths(settings(project), [source]).outcomes[0].status == "unchanged"


# --------------------------------------------------------------------------------------
# Bad input: one line each, naming the file and the paragraph or table; nothing written
# --------------------------------------------------------------------------------------


def empty_docx(path: Path) -> None:
    d = Document()
    d.add_paragraph("Biên bản họp, không có thủ tục nào.")
    d.save(path)


BAD_INPUTS = [
    ("khoa.docx", lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
     ["bad/khoa.docx: tệp được bảo vệ bằng mật khẩu (hoặc là tệp .doc cũ): mở bằng Word, bỏ mật khẩu "
      "và lưu lại dạng .docx"]),
    ("hong.docx", lambda p: p.write_text("không phải docx"),
     ["bad/hong.docx: không phải tệp .docx (không mở được như tài liệu Word): lưu lại dạng .docx"]),
    ("trong.docx", empty_docx,
     ["bad/trong.docx: không tìm thấy thủ tục nào (không có các nhãn “Mã thủ tục”, “Trình tự thực hiện”, "
      "“Thành phần, số lượng hồ sơ”...)"]),
    ("khong-ma.docx", lambda p: decision_appendix(p, first_code=""),
     ["bad/khong-ma.docx, đoạn 7: thủ tục không có mã (Mã thủ tục dạng N.NNNNNN); không ghi thủ tục này"]),
    ("can-cu.docx", lambda p: decision_appendix(p, legal=["- Luật Hộ tịch năm 2014;", "- Các văn bản hướng dẫn."]),
     ["bad/can-cu.docx, đoạn 29: phần “Căn cứ pháp lý” không có văn bản nào có số ký hiệu; không ghi thủ tục này"]),
    ("thieu.html", lambda p: p.write_text("<h1>Thủ tục thử nghiệm E</h1><p>Mã thủ tục: 0.000105</p>"
                                          "<p>Lĩnh vực: Hộ tịch</p><p>Trình tự thực hiện:</p><p>Bước 1: Nộp hồ sơ</p>"
                                          "<p>Cách thức thực hiện: Trực tiếp</p><p>Thời hạn giải quyết: Trong ngày</p>"
                                          "<p>Đối tượng thực hiện: Cá nhân</p><p>Cơ quan thực hiện: Công an cấp xã</p>"
                                          "<p>Kết quả thực hiện: Văn bản</p><p>Căn cứ pháp lý: 68/2020/QH14</p>"),
     ["bad/thieu.html, đoạn 1: thiếu phần “Thành phần, số lượng hồ sơ”; không ghi thủ tục này"]),
    ("ma-hoa.html", lambda p: p.write_bytes(b"<p>M\xe3 th\xf1 t\xfcc</p>"),
     ["bad/ma-hoa.html: tệp HTML không phải mã hóa UTF-8 và không khai báo mã hóa nào đọc được: "
      "lưu lại với mã hóa UTF-8"]),
    ("hong.json", lambda p: p.write_text('[{"@type": "Document",'),
     ["bad/hong.json: JSON không hợp lệ ở dòng 1, cột 23: Expecting property name enclosed in double quotes"]),
    ("ban-scan.pdf", lambda p: p.write_bytes(b"%PDF-1.4"),
     ["bad/ban-scan.pdf: không đọc được loại tệp này (chỉ nhận .docx, .html, .json)"]),
]


@pytest.mark.parametrize(("name", "make", "expected"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input(project: Path, name: str, make, expected: list[str]) -> None:
    bad = project / "bad"
    bad.mkdir()
    make(bad / name)
    before = {p: p.read_bytes() for p in (project / "procedures").rglob("*")
              if p.is_file() and ".thutuc" not in p.parts}
    report = import_paths(settings(project), [bad / name])
    assert report.problems == expected
    written = {p: p.read_bytes() for p in (project / "procedures").rglob("*") if p.is_file()}
    # The good procedure of a two-procedure file is still written; the bad one is not.
    new = set(written) - set(before)
    assert all("thu-nghiem-b" in p.name for p in new if p.suffix == ".yaml" and "_catalog" not in p.parts)


def test_cli_import_prints_the_report_and_fails_on_bad_input(project: Path, capsys) -> None:
    (project / "x.pdf").write_bytes(b"%PDF")
    code = main(["--project", str(project), "import", str(project / "x.pdf"), str(FIXTURES / "plone-export.json"),
                 "--dry-run"])
    out = capsys.readouterr().out
    assert code == 1
    assert "Đã đọc 1 tệp: 1 thủ tục mới, 0 thay đổi, 0 không đổi, 1 lỗi." in out
    assert "x.pdf: không đọc được loại tệp này" in out and "Traceback" not in out


def test_update_needs_the_decision_it_cites(project: Path, tmp_path: Path) -> None:
    main(["--project", str(project), "export", "1.001193", "--out", str(tmp_path)])
    source = tmp_path / "dang-ky-khai-sinh.docx"
    d = Document(source)
    d.tables[0].rows[1].cells[2].text = "Lệ phí thử nghiệm"
    d.save(source)
    path = project / "procedures/ho-tich/dang-ky-khai-sinh.yaml"
    original = path.read_bytes()
    report = import_paths(settings(project), [source], update=True)
    assert report.problems == [
        f"{display_path(source, project)}, đoạn 2: --update cần số và ngày của quyết định công bố "
        "(trong phần đầu văn bản, hoặc “Số quyết định: 1234/QĐ-UBND ngày 05/11/2026”); không ghi thủ tục này"]
    assert path.read_bytes() == original
