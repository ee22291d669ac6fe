"""Validation of the YAML sources: tables of bad YAML with the exact error each must give.

Every case starts from a small valid project (the repository's shared catalogue plus one
minimal procedure written below), overwrites or adds files, and checks the exact list of
``path:line:col: field: message (hint)`` lines that ``load_catalog`` reports.
"""

from __future__ import annotations

import shutil
import time
import tracemalloc
import unicodedata
from pathlib import Path

import pytest

from generators.cli import main
from generators.load import load_catalog
from generators.model import UnknownFact
from generators.problems import InvalidSources

CATALOG = Path(__file__).resolve().parents[1] / "procedures" / "_catalog"

#: The one procedure of the valid project. Line numbers below refer to this layout.
VALID = """\
code: "1.001193"
name: Đăng ký khai sinh
level: xa
domain: ho-tich
online_level: toan-trinh
summary: Tóm tắt ngắn cho cán bộ một cửa.
applicants:
  - Công dân Việt Nam
executing_agency: ubnd-xa
channels:
  - kind: truc-tiep
    time: Trong ngày
    fee: Miễn lệ phí
steps:
  - title: Nộp hồ sơ
documents:
  - case: Trường hợp thông thường
    items:
      - name: Tờ khai đăng ký khai sinh
        form: to-khai-khai-sinh
        originals: 1
result:
  - Giấy khai sinh
legal_basis:
  - doc: luat-ho-tich-2014
"""
assert VALID.splitlines()[19] == "        form: to-khai-khai-sinh"  # line 20
assert len(VALID.splitlines()) == 25

MAIN = "procedures/ho-tich/dang-ky-khai-sinh.yaml"
OTHER = "procedures/cu-tru/dang-ky-thuong-tru.yaml"

# Hints, written once.
MAP_HINT = "mỗi dòng dạng `trường: giá trị`"
TAB = "lỗi cú pháp YAML: có ký tự tab (YAML chỉ dùng dấu cách để thụt lề; thay tab bằng dấu cách)"
MISSING = "thiếu trường bắt buộc (thêm trường này)"
EXTRA = "trường không có trong lược đồ"
LIST = "phải là một danh sách (mỗi mục một dòng bắt đầu bằng `- `)"
TEXT = "phải là văn bản (viết trong dấu nháy nếu cần)"
BAD_CODE = "mã thủ tục không đúng dạng N.NNNNNN (ví dụ 1.001193 hoặc 1.011441.H38)"
BAD_ID = "id không hợp lệ (chữ thường không dấu, số và '-', ví dụ ubnd-xa)"
ALIAS_BOMB = (
    "dữ liệu bung ra quá 100,000 giá trị khi mở các bí danh (alias) "
    "(bỏ các anchor (&) và alias (*) lồng nhau; viết thẳng giá trị)"
)


def follows(record: str, table: str, where: str = MAIN, count: int = 1) -> str:
    """The one line that sums up the references to a catalogue record that failed to load."""
    return (f"{count} tham chiếu đến '{record}' trong _catalog/{table}.yaml chưa kiểm tra được vì bản ghi đó "
            f"không nạp được (lỗi ở trên): {where} ({count} chỗ) (sửa lỗi đó trước; các tham chiếu này sẽ tự hết lỗi)")


def edit(old: str, new: str, text: str = VALID) -> str:
    """``text`` with the one occurrence of ``old`` replaced."""
    assert text.count(old) == 1, old
    return text.replace(old, new)


def other_procedure(code: str = "1.001195", name: str = "Đăng ký thường trú") -> str:
    """A second valid procedure (same layout as VALID)."""
    return edit("Đăng ký khai sinh\n", f"{name}\n", edit('"1.001193"', f'"{code}"'))


def alias_bomb(levels: int = 10) -> str:
    """The "billion laughs": each level repeats the previous one ten times (10**levels values)."""
    lines = ["l0: &l0 [" + ", ".join(["lol"] * 10) + "]"]
    for i in range(1, levels):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A small valid project: the shared catalogue and one minimal procedure."""
    shutil.copytree(CATALOG, tmp_path / "procedures" / "_catalog")
    # No common errors: the sample ones would each warn that this procedure does not use them.
    write(tmp_path, "procedures/_catalog/errors.yaml", "[]\n")
    write(tmp_path, MAIN, VALID)
    return tmp_path


def write(root: Path, relative: str, content: str | bytes) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")


def problems_of(root: Path) -> list[str]:
    with pytest.raises(InvalidSources) as info:
        load_catalog(root / "procedures", root)
    return [str(p) for p in info.value.problems]


# --------------------------------------------------------------------------------------
# The valid project
# --------------------------------------------------------------------------------------


def test_valid_project_loads(project: Path) -> None:
    catalog = load_catalog(project / "procedures", project)
    assert list(catalog.procedures) == ["dang-ky-khai-sinh"]
    assert catalog.sources == {"dang-ky-khai-sinh": MAIN}
    assert catalog.warnings == []


def test_unquoted_code_keeps_its_trailing_zero(project: Path) -> None:
    write(project, MAIN, edit('code: "1.001193"', "code: 1.001190"))
    catalog = load_catalog(project / "procedures", project)
    assert catalog.procedures["dang-ky-khai-sinh"].code == "1.001190"


def test_plain_scalars_stay_text(project: Path) -> None:
    write(project, MAIN, edit("name: Đăng ký khai sinh", "name: yes"))
    catalog = load_catalog(project / "procedures", project)
    assert catalog.procedures["dang-ky-khai-sinh"].name == "yes"


def test_nfd_text_is_loaded_as_nfc(project: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Đăng ký khai sinh")
    assert nfd != "Đăng ký khai sinh"
    write(project, MAIN, edit("name: Đăng ký khai sinh", f"name: {nfd}"))
    catalog = load_catalog(project / "procedures", project)
    assert catalog.procedures["dang-ky-khai-sinh"].name == "Đăng ký khai sinh"


def test_explicit_slug_overrides_an_unusable_file_name(project: Path) -> None:
    write(project, "procedures/ho-tich/Dang Ky.yaml",
          "slug: dang-ky-thuong-tru\n" + other_procedure())
    catalog = load_catalog(project / "procedures", project)
    assert sorted(catalog.procedures) == ["dang-ky-khai-sinh", "dang-ky-thuong-tru"]


# --------------------------------------------------------------------------------------
# The table: files to write -> the exact problems, in order
# --------------------------------------------------------------------------------------

CASES = [
    # ---- YAML itself ----------------------------------------------------------------
    pytest.param(
        {MAIN: edit("level: xa", "level: xa: tinh")},
        [f"{MAIN}:3:10: lỗi cú pháp YAML: mapping values are not allowed here"],
        id="yaml-syntax-error",
    ),
    pytest.param(
        {MAIN: edit("  - Công dân Việt Nam", "\t- Công dân Việt Nam")},
        [f"{MAIN}:8:1: {TAB}"],
        id="tab-indentation",
    ),
    pytest.param(
        {MAIN: edit("    fee: Miễn lệ phí", "\t\tfee: Miễn lệ phí")},
        [f"{MAIN}:13:1: {TAB}"],
        id="tab-indentation-nested",
    ),
    pytest.param(
        {MAIN: ""},
        [f"{MAIN}:1:1: tệp rỗng (viết nội dung thủ tục, hoặc xóa tệp; dùng `thutuc new` để tạo mẫu)"],
        id="empty-file",
    ),
    pytest.param(
        {MAIN: "# chỉ có chú thích\n\n"},
        [f"{MAIN}:1:1: tệp rỗng (viết nội dung thủ tục, hoặc xóa tệp; dùng `thutuc new` để tạo mẫu)"],
        id="only-comments",
    ),
    pytest.param(
        {MAIN: "# danh sách\n- code: '1.001193'\n- name: Đăng ký khai sinh\n"},
        [f"{MAIN}:2:1: nội dung phải là một bảng (mapping) các trường ({MAP_HINT}, xem `thutuc new`)"],
        id="top-level-list",
    ),
    pytest.param(
        {MAIN: "# chỉ một dòng chữ\n\nĐăng ký khai sinh\n"},
        [f"{MAIN}:3:1: nội dung phải là một bảng (mapping) các trường ({MAP_HINT}, xem `thutuc new`)"],
        id="top-level-scalar",
    ),
    pytest.param(
        {MAIN: VALID + "---\n" + VALID},
        [f"{MAIN}:26:1: lỗi cú pháp YAML: tệp có nhiều tài liệu YAML "
         "(bỏ dòng `---` thứ hai; mỗi tệp một thủ tục)"],
        id="two-documents",
    ),
    pytest.param(
        {MAIN: VALID + "name: Đăng ký lại\n"},
        [f"{MAIN}:26:1: khóa 'name' bị lặp (đã có ở dòng 2) (xóa một trong hai)"],
        id="duplicate-key",
    ),
    pytest.param(
        {MAIN: edit("    fee: Miễn lệ phí\n", "    fee: Miễn lệ phí\n    fee: 20.000 đồng\n")},
        [f"{MAIN}:14:5: khóa 'fee' bị lặp (đã có ở dòng 13) (xóa một trong hai)"],
        id="duplicate-key-nested",
    ),
    pytest.param(
        {MAIN: b'code: "1.001193"\nname: \xff\xfe khai sinh\n'},
        [f"{MAIN}:2:7: tệp không phải mã hóa UTF-8 (mở bằng trình soạn thảo và lưu lại với mã hóa UTF-8)"],
        id="not-utf8",
    ),
    pytest.param(
        # The column counts characters, not bytes: "Đăng " is 5 characters but 7 bytes.
        {MAIN: "code: \"1.001193\"\nname: Đăng ".encode() + b"\xff\n"},
        [f"{MAIN}:2:12: tệp không phải mã hóa UTF-8 (mở bằng trình soạn thảo và lưu lại với mã hóa UTF-8)"],
        id="not-utf8-after-accents",
    ),
    pytest.param(
        # A byte-order mark is accepted, and does not shift the position of the bad byte.
        {MAIN: b'\xef\xbb\xbfcode: "1.001193"\nname: \xff\n'},
        [f"{MAIN}:2:7: tệp không phải mã hóa UTF-8 (mở bằng trình soạn thảo và lưu lại với mã hóa UTF-8)"],
        id="not-utf8-after-bom",
    ),
    pytest.param(
        # Not a MarkedYAMLError: the position must still be turned into line and column.
        {MAIN: VALID + "tips: [Dán từ Word\x07]\n"},
        [f"{MAIN}:26:19: lỗi cú pháp YAML: có ký tự không được phép (U+0007) "
         "(xóa ký tự điều khiển này, thường có khi dán từ Word hoặc PDF)"],
        id="control-character",
    ),
    pytest.param(
        {MAIN: VALID + "faq: &x [*x]\n"},
        [f"{MAIN}:26:6: bí danh (alias) tự tham chiếu chính nó (bỏ anchor/alias vòng tròn)"],
        id="recursive-alias",
    ),
    pytest.param(
        {MAIN: alias_bomb(10)},
        [f"{MAIN}:5:5: {ALIAS_BOMB}"],  # l4 is the first level past 100,000 values
        id="alias-bomb",
    ),
    pytest.param(
        {MAIN: VALID + "tips: !!python/object:os.system [echo]\n"},
        [f"{MAIN}:26:7: thẻ YAML không được hỗ trợ: tag:yaml.org,2002:python/object:os.system "
         "(bỏ thẻ bắt đầu bằng `!`)"],
        id="unsupported-tag",
    ),
    pytest.param(
        {MAIN: "base: &base\n  kind: truc-tiep\nchannels:\n  - <<: *base\n"},
        [f"{MAIN}:4:5: khóa gộp `<<` không được hỗ trợ (viết thẳng các trường)"],
        id="merge-key",
    ),
    pytest.param(
        {MAIN: VALID + "tips: " + "[" * 3000 + "]" * 3000 + "\n"},
        [f"{MAIN}:1:1: cấu trúc lồng nhau quá sâu (giảm số tầng lồng nhau)"],
        id="nesting-too-deep",
    ),
    pytest.param(
        {MAIN: b"#" * 1_000_001},
        [f"{MAIN}:1:1: tệp quá lớn (1,000,001 byte, tối đa 1,000,000) "
         "(một thủ tục chỉ vài KB; kiểm tra xem có dán nhầm dữ liệu không)"],
        id="file-too-large",
    ),
    # ---- Schema ---------------------------------------------------------------------
    pytest.param(
        {MAIN: edit("name: Đăng", "nmae: Đăng")},
        [f"{MAIN}:1:1: name: {MISSING}",
         f"{MAIN}:2:1: nmae: {EXTRA} (có phải ý bạn là 'name'?)"],
        id="unknown-field-typo",
    ),
    pytest.param(
        {MAIN: edit("        originals: 1", "        origin: 1")},
        [f"{MAIN}:21:9: documents.0.items.0.origin: {EXTRA} (có phải ý bạn là 'originals'?)"],
        id="unknown-nested-field-documents",
    ),
    pytest.param(
        {MAIN: edit("    fee: Miễn lệ phí\n", "    fee: Miễn lệ phí\n    price: 0\n")},
        [f"{MAIN}:14:5: channels.0.price: {EXTRA} (các trường hợp lệ: kind, time, fee, description)"],
        id="unknown-nested-field-channels",
    ),
    pytest.param(
        {MAIN: edit("name: Đăng ký khai sinh\n", "")},
        [f"{MAIN}:1:1: name: {MISSING}"],
        id="missing-required-field",
    ),
    pytest.param(
        {MAIN: edit("    fee: Miễn lệ phí\n", "")},
        [f"{MAIN}:11:5: channels.0.fee: {MISSING}"],
        id="missing-nested-field",
    ),
    pytest.param(
        {MAIN: edit("applicants:\n  - Công dân Việt Nam\n", "applicants: Công dân Việt Nam\n#\n")},
        [f"{MAIN}:7:13: applicants: {LIST}"],
        id="string-instead-of-list",
    ),
    pytest.param(
        {MAIN: edit("name: Đăng ký khai sinh\n", "name:\n  vi: Đăng ký khai sinh\n")},
        [f"{MAIN}:3:3: name: {TEXT}"],
        id="mapping-instead-of-string",
    ),
    pytest.param(
        {MAIN: edit("name: Đăng ký khai sinh\n", "name:\n")},
        [f"{MAIN}:2:6: name: không được để trống (điền nội dung hoặc bỏ trường)"],
        id="left-empty",
    ),
    pytest.param(
        {MAIN: edit("name: Đăng ký khai sinh", 'name: ""')},
        [f"{MAIN}:2:7: name: không được để trống (điền nội dung hoặc bỏ trường)"],
        id="empty-string",
    ),
    pytest.param(
        {MAIN: edit("  - kind: truc-tiep\n    time: Trong ngày\n    fee: Miễn lệ phí\n",
                    "  - truc-tiep\n#\n#\n")},
        [f"{MAIN}:11:5: channels.0: phải là một bảng (mapping) các trường ({MAP_HINT})"],
        id="string-instead-of-mapping",
    ),
    pytest.param(
        {MAIN: edit("level: xa", "level: huyen")},
        [f"{MAIN}:3:8: level: giá trị không hợp lệ (chọn một trong: xa, tinh, trung-uong)"],
        id="invalid-enum",
    ),
    pytest.param(
        {MAIN: edit("        originals: 1", "        originals: -1")},
        [f"{MAIN}:21:20: documents.0.items.0.originals: phải lớn hơn hoặc bằng 0"],
        id="negative-count",
    ),
    pytest.param(
        {MAIN: edit("        originals: 1", "        originals: một")},
        [f"{MAIN}:21:20: documents.0.items.0.originals: phải là số nguyên (ví dụ 1)"],
        id="count-not-a-number",
    ),
    pytest.param(
        {MAIN: edit("        originals: 1", "        copies: 0")},
        [f"{MAIN}:19:9: documents.0.items.0.originals: giấy tờ nộp cần ít nhất một bản chính hoặc bản sao "
         "(originals/copies); giấy tờ chỉ xuất trình thì ghi handling: xuat-trinh"],
        id="no-copies",
    ),
    pytest.param(
        {MAIN: edit("result:\n  - Giấy khai sinh\n", "result: []\n#\n")},
        [f"{MAIN}:22:9: result: cần ít nhất 1 mục (thêm mục vào danh sách)"],
        id="empty-list",
    ),
    pytest.param(
        {MAIN: VALID + "popular: có\n"},
        [f"{MAIN}:26:10: popular: phải là true hoặc false"],
        id="not-a-bool",
    ),
    pytest.param(
        {MAIN: edit("  - kind: truc-tiep\n", "  - kind: truc-tiep\n    time: Trong ngày\n    fee: Miễn lệ phí\n"
                    "  - kind: truc-tiep\n")},
        [f"{MAIN}:10:1: channels: cách thức 'truc-tiep' xuất hiện nhiều lần trong channels"],
        id="channel-twice",
    ),
    pytest.param(
        {MAIN: VALID + "sample: true\n"},
        [f"{MAIN}:26:1: sample: {EXTRA} (đã bỏ: bản ghi chưa đối chiếu thì không ghi gì; đã đối chiếu thì "
         "ghi `verification` (by, date, source))"],
        id="sample-is-gone",
    ),
    pytest.param(
        {MAIN: edit('"1.001193"', '"1.1193"')},
        [f"{MAIN}:1:7: code: {BAD_CODE}"],
        id="malformed-code",
    ),
    pytest.param(
        {MAIN: edit('"1.001193"', '"1.001193.h38"')},
        [f"{MAIN}:1:7: code: {BAD_CODE}"],
        id="malformed-code-suffix",
    ),
    pytest.param(
        {MAIN: edit("executing_agency: ubnd-xa", "executing_agency: UBND xã")},
        [f"{MAIN}:9:19: executing_agency: {BAD_ID}"],
        id="malformed-id",
    ),
    # ---- Files, slugs and codes -----------------------------------------------------
    pytest.param(
        # cu-tru/ sorts before ho-tich/, so the ho-tich file is the duplicate.
        {OTHER: "# bản sao\n# của thủ tục khai sinh\n" + other_procedure(code="1.001193")},
        [f"{MAIN}:1:7: code: mã thủ tục 1.001193 trùng với {OTHER}:3 (mỗi mã thủ tục chỉ có một tệp)"],
        id="duplicate-code",
    ),
    pytest.param(
        {"procedures/cu-tru/dang-ky-khai-sinh.yaml": other_procedure()},
        [f"{MAIN}:1:1: đường dẫn 'dang-ky-khai-sinh' trùng với procedures/cu-tru/dang-ky-khai-sinh.yaml:1 "
         "(đổi tên tệp hoặc trường slug)"],
        id="duplicate-slug-same-stem",
    ),
    pytest.param(
        {"procedures/ho-tich/zz-ban-sao.yaml": "# chú thích\nslug: dang-ky-khai-sinh\n" + other_procedure()},
        ["procedures/ho-tich/zz-ban-sao.yaml:2:7: slug: đường dẫn 'dang-ky-khai-sinh' trùng với "
         f"{MAIN}:1 (đổi tên tệp hoặc trường slug)"],
        id="duplicate-slug-field",
    ),
    pytest.param(
        {"procedures/ho-tich/Dang Ky.yaml": other_procedure()},
        ["procedures/ho-tich/Dang Ky.yaml:1:1: tên tệp 'Dang Ky.yaml' không dùng được làm đường dẫn "
         "(đặt tên tệp chữ thường không dấu nối bằng '-', ví dụ dang-ky-khai-sinh.yaml, "
         "hoặc thêm trường slug)"],
        id="file-name-not-a-slug",
    ),
    # ---- References to the catalogue and to other procedures ------------------------
    pytest.param(
        {MAIN: edit("domain: ho-tich", "domain: ho-tch")},
        [f"{MAIN}:4:9: domain: 'ho-tch' không có trong _catalog/domains.yaml (có phải ý bạn là 'ho-tich'?)"],
        id="unknown-domain",
    ),
    pytest.param(
        {MAIN: edit("executing_agency: ubnd-xa", "executing_agency: toa-an")},
        [f"{MAIN}:9:19: executing_agency: 'toa-an' không có trong _catalog/agencies.yaml "
         "(thêm bản ghi vào _catalog/agencies.yaml)"],
        id="unknown-executing-agency",
    ),
    pytest.param(
        {MAIN: VALID + "delegated_agencies: [ubnd-xa, cong-an-xaa]\n"},
        [f"{MAIN}:26:31: delegated_agencies.1: 'cong-an-xaa' không có trong _catalog/agencies.yaml "
         "(có phải ý bạn là 'cong-an-xa'?)"],
        id="unknown-delegated-agency",
    ),
    pytest.param(
        {MAIN: edit("  - doc: luat-ho-tich-2014", "  - doc: luat-ho-tich-2041")},
        [f"{MAIN}:25:10: legal_basis.0.doc: 'luat-ho-tich-2041' không có trong _catalog/legal.yaml "
         "(có phải ý bạn là 'luat-ho-tich-2014'?)"],
        id="unknown-legal-doc-close",
    ),
    pytest.param(
        {MAIN: edit("  - doc: luat-ho-tich-2014", "  - doc: qd-999")},
        [f"{MAIN}:25:10: legal_basis.0.doc: 'qd-999' không có trong _catalog/legal.yaml "
         "(thêm bản ghi vào _catalog/legal.yaml)"],
        id="unknown-legal-doc",
    ),
    pytest.param(
        {MAIN: edit("form: to-khai-khai-sinh", "form: to-khai-khai-sinhh")},
        [f"{MAIN}:20:15: documents.0.items.0.form: 'to-khai-khai-sinhh' không có trong "
         "_catalog/forms.yaml (có phải ý bạn là 'to-khai-khai-sinh'?)"],
        id="unknown-form",
    ),
    pytest.param(
        {MAIN: VALID + "related:\n  - code: \"1.999999\"\n"},
        [f"{MAIN}:27:11: related.0.code: không có thủ tục mã 1.999999 trong danh mục "
         "(thủ tục ngoài danh mục: thêm `name` (tên thủ tục) cạnh `code`)"],
        id="unknown-related-code",
    ),
    pytest.param(
        {MAIN: VALID + "related:\n  - code: \"1.001195\"\n",
         OTHER: other_procedure(code="1.001196")},
        [f"{MAIN}:27:11: related.0.code: không có thủ tục mã 1.001195 trong danh mục "
         "(có phải ý bạn là '1.001196'? Nếu đúng là thủ tục ngoài danh mục, thêm `name`)"],
        id="unknown-related-code-close",
    ),
    pytest.param(
        {MAIN: VALID + "related:\n  - code: \"1.001193\"\n    note: chính nó\n"},
        [f"{MAIN}:27:11: related.0.code: thủ tục không thể liên quan đến chính nó (bỏ mục này)"],
        id="related-to-itself",
    ),
    # ---- The shared catalogue -------------------------------------------------------
    pytest.param(
        {"procedures/_catalog/domains.yaml":
            "- id: ho-tich\n  name: Hộ tịch\n- id: cu-tru\n  name: Cư trú\n- id: ho-tich\n  name: Hộ tịch 2\n"},
        ["procedures/_catalog/domains.yaml:5:7: 2.id: id 'ho-tich' bị lặp (đã có ở dòng 1) "
         "(mỗi bản ghi một id riêng)"],
        id="duplicate-catalogue-id",
    ),
    pytest.param(
        {"procedures/_catalog/domains.yaml": "# lĩnh vực\nho-tich: Hộ tịch\n"},
        ["procedures/_catalog/domains.yaml:2:1: nội dung phải là một danh sách bản ghi "
         "(mỗi bản ghi bắt đầu bằng `- id: ...`)",
         f"{MAIN}:4:9: {follows('ho-tich', 'domains')}"],
        id="catalogue-not-a-list",
    ),
    pytest.param(
        {"procedures/_catalog/domains.yaml": "- id: ho-tich\n  nam: Hộ tịch\n"},
        ["procedures/_catalog/domains.yaml:1:3: 0.name: thiếu trường bắt buộc (thêm trường này)",
         f"procedures/_catalog/domains.yaml:2:3: 0.nam: {EXTRA} (có phải ý bạn là 'name'?)",
         f"{MAIN}:4:9: {follows('ho-tich', 'domains')}"],
        id="catalogue-record-invalid",
    ),
    pytest.param(
        {"procedures/_catalog/forms.yaml":
            "- id: to-khai-khai-sinh\n  code: TK\n  name: Tờ khai\n  legal: nd-khong-co\n"},
        ["procedures/_catalog/forms.yaml:4:10: 0.legal: 'nd-khong-co' không có trong _catalog/legal.yaml "
         "(thêm bản ghi vào _catalog/legal.yaml)"],
        id="catalogue-form-unknown-legal",
    ),
]


# --------------------------------------------------------------------------------------
# The common-error catalogue and its links with procedures, both ways
# --------------------------------------------------------------------------------------

ERRORS = "procedures/_catalog/errors.yaml"


def error_record(error_id: str, message: str, related: str = "[]") -> str:
    """One record of errors.yaml (11 lines, the id on the first)."""
    return f"""\
- id: {error_id}
  title: Lỗi {error_id}
  messages: ["{message}"]
  system: vneid
  stage: dang-nhap
  who: [can-bo]
  causes: [Nguyên nhân]
  fix_steps: [Bước xử lý]
  tell_citizen: Lời nói với công dân
  escalate: {{when: Khi vẫn lỗi, contact: tong-dai-ha-noi}}
  related: {related}
"""


USES_A = edit("legal_basis:\n", "common_errors: [loi-a]\nlegal_basis:\n")

CASES += [
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao không khớp"),
         MAIN: edit("legal_basis:\n", "common_errors: [loi-a, loi-b]\nlegal_basis:\n")},
        [f"{MAIN}:24:24: common_errors.1: 'loi-b' không có trong _catalog/errors.yaml "
         "(có phải ý bạn là 'loi-a'?)"],
        id="procedure-names-unknown-error",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao không khớp") + error_record("loi-b", "  thuê bao KHÔNG khớp"),
         MAIN: USES_A},
        [f"{ERRORS}:12:7: cảnh báo: 1.id: lỗi này chưa được thủ tục nào nhắc đến "
         "(thêm 'loi-b' vào common_errors của thủ tục hay gặp lỗi này)",
         f"{ERRORS}:14:14: 1.messages.0: thông báo này đã có ở lỗi loi-a (dòng 3) "
         "(mỗi thông báo trên màn hình chỉ thuộc một lỗi; gộp hai bản ghi hoặc dùng related)"],
        id="same-on-screen-message-in-two-errors",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao không khớp", related="[loi-a, loi-z]"), MAIN: USES_A},
        [f"{ERRORS}:11:13: 0.related.0: lỗi không thể liên quan đến chính nó (bỏ mục này)",
         f"{ERRORS}:11:20: 0.related.1: 'loi-z' không có trong _catalog/errors.yaml "
         "(có phải ý bạn là 'loi-a'?)"],
        id="error-related-to-itself-or-unknown",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao không khớp").replace("system: vneid", "system: zalo"),
         MAIN: USES_A},
        [f"{ERRORS}:4:11: 0.system: giá trị không hợp lệ "
         "(chọn một trong: cong-dvc, vneid, thanh-toan, tai-lieu, mot-cua, ho-tich)",
         f"{MAIN}:24:17: {follows('loi-a', 'errors')}"],
        id="error-unknown-system",
    ),
]


# --------------------------------------------------------------------------------------
# Documents to submit and to show, exemptions, replaced codes, related outside the
# catalogue, support lines, verification and dates
# --------------------------------------------------------------------------------------

LEGAL = "procedures/_catalog/legal.yaml"
CONTACTS = "procedures/_catalog/contacts.yaml"
LEGAL_AS_SHIPPED = (CATALOG / "legal.yaml").read_text(encoding="utf-8")
LEGAL_LINES = len(LEGAL_AS_SHIPPED.splitlines())
NEW_LEGAL_INDEX = sum(line.startswith("- id:") for line in LEGAL_AS_SHIPPED.splitlines())
REPLACES_OLD = 'replaces:\n  - code: "2.000986"\n    name: Liên thông khai sinh (mã cũ)\n'
VERIFIED_BY = "verification:\n  by: Nguyễn Văn A\n"
SOURCE = "  source: Cơ sở dữ liệu quốc gia về thủ tục hành chính, mã 1.001193\n"


def legal_record(issued: str) -> str:
    return f"- id: nd-moi\n  number: 1/2025/NĐ-CP\n  title: Nghị định\n  issued: {issued}\n  issuer: Chính phủ\n"


CASES += [
    pytest.param(
        {MAIN: edit("        originals: 1", "        handling: xuat-trinh\n        originals: 1")},
        [f"{MAIN}:22:9: documents.0.items.0.originals: giấy tờ xuất trình (handling: xuat-trinh) không nộp nên "
         "không ghi số bản; bỏ originals/copies, hoặc đổi handling thành nop"],
        id="shown-document-with-a-count",
    ),
    pytest.param(
        {MAIN: edit("        originals: 1", "        handling: nop-ban-sao")},
        [f"{MAIN}:21:19: documents.0.items.0.handling: giá trị không hợp lệ (chọn một trong: nop, xuat-trinh)"],
        id="unknown-handling",
    ),
    pytest.param(
        {MAIN: VALID + "fee_exemptions: Hộ nghèo\n"},
        [f"{MAIN}:26:17: fee_exemptions: {LIST}"],
        id="exemptions-as-prose",
    ),
    pytest.param(
        {MAIN: VALID + 'replaces:\n  - code: "1.001193"\n    name: Chính nó\n'},
        [f"{MAIN}:26:1: replaces: thủ tục không thể thay thế chính mã của nó (1.001193)"],
        id="replaces-itself",
    ),
    pytest.param(
        {MAIN: VALID + 'replaces:\n  - code: "2.000986"\n'},
        [f"{MAIN}:27:5: replaces.0.name: {MISSING}"],
        id="replaces-without-name",
    ),
    pytest.param(
        {MAIN: VALID + 'replaces:\n  - code: "1.001195"\n    name: Mã cũ\n', OTHER: other_procedure()},
        [f"{MAIN}:27:11: replaces.0.code: mã 1.001195 đã được thay thế nhưng vẫn có tệp thủ tục {OTHER} "
         "(xóa tệp của mã cũ, hoặc bỏ mục này khỏi replaces)"],
        id="replaced-code-still-has-a-file",
    ),
    pytest.param(
        {MAIN: VALID + REPLACES_OLD, OTHER: other_procedure() + REPLACES_OLD},
        [f"{OTHER}:27:11: replaces.0.code: mã 2.000986 đã được thủ tục 1.001193 thay thế "
         "(mỗi mã cũ chỉ do một thủ tục thay)"],
        id="two-procedures-replace-one-code",
    ),
    pytest.param(
        {MAIN: VALID + REPLACES_OLD,
         OTHER: other_procedure() + 'related:\n  - code: "2.000986"\n    name: Liên thông khai sinh\n'},
        [f"{OTHER}:27:11: related.0.code: mã 2.000986 đã được thay bằng 1.001193 (ghi mã mới 1.001193)"],
        id="related-names-a-replaced-code",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao").replace("tong-dai-ha-noi", "tong-dai-hn"), MAIN: USES_A},
        [f"{ERRORS}:10:42: 0.escalate.contact: 'tong-dai-hn' không có trong _catalog/contacts.yaml "
         "(có phải ý bạn là 'tong-dai-ha-noi'?)"],
        id="error-unknown-contact",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao").replace("contact: tong-dai-ha-noi", "contact: vneid, also: [zalo]"),
         MAIN: USES_A},
        [f"{ERRORS}:10:56: 0.escalate.also.0: 'zalo' không có trong _catalog/contacts.yaml "
         "(thêm bản ghi vào _catalog/contacts.yaml)"],
        id="error-unknown-second-contact",
    ),
    pytest.param(
        {ERRORS: error_record("loi-a", "Thuê bao").replace("contact: tong-dai-ha-noi", "contact: Tổng đài 1900 1009"),
         MAIN: USES_A},
        [f"{ERRORS}:10:42: 0.escalate.contact: {BAD_ID}",
         f"{MAIN}:24:17: {follows('loi-a', 'errors')}"],
        id="error-phone-written-in-place",
    ),
    pytest.param(
        {CONTACTS: '- id: tong-dai-ha-noi\n  name: Tổng đài\n  phone: "19001009 máy lẻ 2"\n'},
        [f"{CONTACTS}:3:10: 0.phone: số điện thoại không đúng dạng "
         "(các nhóm chữ số cách nhau bằng dấu cách hoặc dấu chấm)"],
        id="contact-phone-malformed",
    ),
    pytest.param(
        {MAIN: VALID + VERIFIED_BY + "  date: 2025-07-01\n"},
        [f"{MAIN}:27:3: verification.source: {MISSING}"],
        id="verification-without-source",
    ),
    pytest.param(
        {MAIN: VALID + VERIFIED_BY + "  date: 2025-02-30\n" + SOURCE},
        [f"{MAIN}:28:9: verification.date: ngày 2025-02-30 không có trên lịch"],
        id="verification-date-not-on-the-calendar",
    ),
    pytest.param(
        {MAIN: VALID + VERIFIED_BY + "  date: 2999-01-01\n" + SOURCE},
        [f"{MAIN}:28:9: verification.date: ngày đối chiếu 2999-01-01 chưa tới; ghi ngày đã thực sự đối chiếu"],
        id="verification-date-in-the-future",
    ),
    pytest.param(
        {MAIN: VALID + VERIFIED_BY + "  date: 2025\n" + SOURCE},
        [f"{MAIN}:28:9: verification.date: ngày không đúng dạng YYYY-MM-DD (ví dụ 2025-07-01)"],
        id="verification-date-year-only",
    ),
    pytest.param(
        {LEGAL: LEGAL_AS_SHIPPED + legal_record("2025-06-31")},
        [f"{LEGAL}:{LEGAL_LINES + 4}:11: {NEW_LEGAL_INDEX}.issued: ngày 2025-06-31 không có trên lịch"],
        id="legal-issued-not-on-the-calendar",
    ),
    pytest.param(
        {LEGAL: LEGAL_AS_SHIPPED + legal_record("2025-06")},
        [f"{LEGAL}:{LEGAL_LINES + 4}:11: {NEW_LEGAL_INDEX}.issued: ngày ban hành không đúng dạng "
         "(YYYY-MM-DD, ví dụ 2025-06-09, hoặc chỉ năm)"],
        id="legal-issued-year-and-month",
    ),
    pytest.param(
        {MAIN: VALID + "unknown: [fee, phi]\n"},
        [f"{MAIN}:26:16: unknown.1: giá trị không hợp lệ (chọn một trong: " + ", ".join(
            f.value for f in UnknownFact) + ")"],
        id="unknown-fact-not-a-field",
    ),
    pytest.param(
        {MAIN: VALID + "unknown: [fee, fee]\n"},
        [f"{MAIN}:26:1: unknown: một trường ghi hai lần trong unknown"],
        id="unknown-fact-twice",
    ),
    pytest.param(
        {MAIN: VALID + "source_note: Nguồn\n"},
        [f"{MAIN}:26:1: source_note: {EXTRA} (đã đổi thành `editor_notes` (danh sách việc cần làm, "
         "không hiện cho công chức))"],
        id="source-note-is-now-editor-notes",
    ),
    pytest.param(
        {MAIN: VALID + "changes:\n  - date: 2025-13-01\n    summary: Sửa\n"},
        [f"{MAIN}:27:11: changes.0.date: ngày 2025-13-01 không có trên lịch"],
        id="change-date-not-on-the-calendar",
    ),
]


def test_new_fields_load_as_written(project: Path) -> None:
    """A shown document needs no count; a related procedure outside the catalogue keeps its name."""
    write(project, MAIN, edit("      - name: Tờ khai đăng ký khai sinh\n",
                              "      - name: Căn cước của người đi đăng ký\n        handling: xuat-trinh\n"
                              "      - name: Tờ khai đăng ký khai sinh\n")
          + "fee_exemptions: [Đăng ký đúng hạn, Hộ nghèo]\n" + REPLACES_OLD
          + 'related:\n  - code: "1.011442"\n    name: Đăng ký thay đổi biện pháp bảo đảm\n'
          + "unknown: [fee]\neditor_notes: [Tra mức phí]\n"
          + VERIFIED_BY + "  date: 2025-07-01\n" + SOURCE)
    p = load_catalog(project / "procedures", project).procedures["dang-ky-khai-sinh"]
    shown, submitted = p.documents[0].items
    assert shown.shown_only and (shown.originals, shown.copies) == (0, 0)
    assert not submitted.shown_only and submitted.originals == 1
    assert p.fee_exemptions == ["Đăng ký đúng hạn", "Hộ nghèo"]
    assert [(r.code, r.name) for r in p.replaces] == [("2.000986", "Liên thông khai sinh (mã cũ)")]
    assert p.related[0].name == "Đăng ký thay đổi biện pháp bảo đảm"
    assert p.is_unknown("fee") and not p.is_unknown("time")
    assert p.verified and p.verification.date == "2025-07-01"


# --------------------------------------------------------------------------------------
# Training modules (procedures/_modules/)
# --------------------------------------------------------------------------------------

MODULE = "procedures/_modules/ho-tich.yaml"
#: A valid module over the one procedure of the valid project (which has no walkthrough).
MODULE_OK = """\
title: Hộ tịch tại một cửa
audience: Cán bộ một cửa
minutes: 30
objectives: [Tiếp nhận hồ sơ khai sinh]
procedures: ["1.001193"]
agenda:
  - kind: gioi-thieu
    title: Mở đầu
    minutes: 10
    say: Chào các anh chị.
  - kind: thuc-hanh
    title: Thực hành
    minutes: 20
    say: Mở bài thực hành.
    scenario: khai-sinh
scenarios:
  - id: khai-sinh
    title: Khai sinh cho bé An
    goal: Nộp hồ sơ khai sinh
    procedure: "1.001193"
quiz:
  - q: Hạn đăng ký khai sinh?
    options:
      - text: 60 ngày
        correct: true
      - text: 90 ngày
    explanation: Trong 60 ngày kể từ ngày sinh.
    procedure: "1.001193"
"""

CASES += [
    pytest.param(
        {MODULE: edit("minutes: 30", "minutes: 45", MODULE_OK)},
        [f"{MODULE}:3:1: minutes: các phần trong agenda cộng lại 30 phút, khác thời lượng học phần 45 phút"],
        id="module-agenda-does-not-add-up",
    ),
    pytest.param(
        {MODULE: edit('procedures: ["1.001193"]', 'procedures: ["1.009999"]', MODULE_OK)},
        [f"{MODULE}:5:14: procedures.0: không có thủ tục mã 1.009999 trong danh mục (kiểm tra mã trong procedures/)"],
        id="module-unknown-procedure",
    ),
    pytest.param(
        {MODULE: edit("  - kind: gioi-thieu\n    title: Mở đầu\n",
                      "  - kind: video\n    procedure: \"1.001193\"\n    to_chapter: 3\n    title: Mở đầu\n",
                      MODULE_OK)},
        [f"{MODULE}:8:16: agenda.0.procedure: thủ tục 1.001193 chưa có video (walkthrough) "
         "(chọn thủ tục có walkthrough hoặc viết walkthrough cho nó)"],
        id="module-video-of-a-procedure-without-walkthrough",
    ),
    pytest.param(
        {MODULE: edit("    scenario: khai-sinh", "    scenario: ket-hon", MODULE_OK)},
        [f"{MODULE}:15:15: agenda.1.scenario: không có bài thực hành 'ket-hon' trong scenarios "
         "(thêm vào scenarios của học phần)"],
        id="module-unknown-scenario",
    ),
    pytest.param(
        {MODULE: edit("        correct: true\n", "", MODULE_OK)},
        [f"{MODULE}:23:5: quiz.0.options: câu hỏi chưa có phương án đúng (correct: true)"],
        id="quiz-without-a-correct-answer",
    ),
    pytest.param(
        {MODULE: edit("      - text: 90 ngày", "      - text: 60  Ngày", MODULE_OK)},
        [f"{MODULE}:23:5: quiz.0.options: hai phương án trả lời trùng nhau"],
        id="quiz-duplicate-options",
    ),
    pytest.param(
        {MODULE: edit("      - text: 90 ngày", "      - text: 90 ngày\n        correct: true", MODULE_OK)},
        [f"{MODULE}:23:5: quiz.0.options: câu hỏi một lựa chọn chỉ được có một phương án đúng; "
         "đặt multiple: true nếu cần"],
        id="single-choice-with-two-right-answers",
    ),
]


def test_scenario_ids_are_unique_across_modules(project: Path) -> None:
    write(project, MODULE, MODULE_OK)
    write(project, "procedures/_modules/lan-hai.yaml", MODULE_OK)
    assert problems_of(project) == [
        "procedures/_modules/lan-hai.yaml:17:9: scenarios.0.id: bài thực hành 'khai-sinh' trùng với "
        f"{MODULE}:17 (đặt id khác)"
    ]


def test_a_valid_module_loads(project: Path) -> None:
    write(project, MODULE, MODULE_OK)
    catalog = load_catalog(project / "procedures", project)
    assert list(catalog.modules) == ["ho-tich"]
    assert catalog.modules["ho-tich"].minutes == 30


def test_an_error_no_procedure_uses_is_only_a_warning(project: Path) -> None:
    write(project, ERRORS, error_record("loi-a", "Thuê bao không khớp"))
    catalog = load_catalog(project / "procedures", project)
    assert [str(w) for w in catalog.warnings] == [
        f"{ERRORS}:1:7: cảnh báo: 0.id: lỗi này chưa được thủ tục nào nhắc đến "
        "(thêm 'loi-a' vào common_errors của thủ tục hay gặp lỗi này)"
    ]
    write(project, MAIN, USES_A)
    catalog = load_catalog(project / "procedures", project)
    assert catalog.warnings == []
    assert [p.code for p in catalog.procedures_hitting("loi-a")] == ["1.001193"]


# --------------------------------------------------------------------------------------
# Text fields: visible, no bidi controls, one line where a line is expected; real dates
# --------------------------------------------------------------------------------------

BLANK = "không được để trống (chỉ có khoảng trắng hoặc ký tự vô hình)"
BIDI = "có ký tự điều khiển hướng chữ (U+202A–U+202E, U+2066–U+2069); xóa ký tự đó"
ONE_LINE = "chỉ được viết trên một dòng (không xuống dòng)"

CASES += [
    *[pytest.param({MAIN: edit("name: Đăng ký khai sinh", f'name: "{written}"')},
                   [f"{MAIN}:2:7: name: {message}"], id=f"text-name-{name}")
      for name, written, message in [
          ("zero-width-only", "\\u200b\\u200c\\u200d", BLANK),
          ("bom-and-spaces", "\\ufeff \\u00a0 \\u3000", BLANK),
          ("word-joiner-only", "\\u2060\\u2063", BLANK),
          ("hangul-filler", "\\u3164", BLANK),
          ("rlo", "Đăng ký \\u202ekhai sinh", BIDI),
          ("lre", "\\u202aĐăng ký", BIDI),
          ("isolate", "Đăng ký \\u2067khai\\u2069 sinh", BIDI),
          ("newline", "Đăng ký\\nkhai sinh", ONE_LINE),
          ("carriage-return", "Đăng ký\\rkhai sinh", ONE_LINE),
          ("line-separator", "Đăng ký\\u2028khai sinh", ONE_LINE),
          ("paragraph-separator", "Đăng ký\\u2029khai sinh", ONE_LINE),
      ]],
    pytest.param(
        {MAIN: edit("summary: Tóm tắt ngắn cho cán bộ một cửa.", 'summary: "Tóm tắt \\u202e ngắn."')},
        [f"{MAIN}:6:10: summary: {BIDI}"],
        id="text-summary-bidi",
    ),
    pytest.param(
        {MAIN: edit("  - title: Nộp hồ sơ", "  - title: |\n      Nộp hồ sơ\n      <script>")},
        [f"{MAIN}:15:12: steps.0.title: {ONE_LINE}"],
        id="text-step-title-block",
    ),
    *[pytest.param({MAIN: VALID + f"changes:\n  - date: {written}\n    summary: Sửa đổi.\n"},
                   [f"{MAIN}:27:11: changes.0.date: ngày {written} không có trên lịch"], id=f"date-{written}")
      for written in ["2025-02-30", "2014-99-99", "2025-00-10", "2023-02-29"]],
]


# --------------------------------------------------------------------------------------
# Walkthroughs (video scripts): the step after the first, valid one starts on line 30
# --------------------------------------------------------------------------------------


def walkthrough(steps: str, head: str = "") -> str:
    """VALID with a walkthrough whose first step (lines 28-29) is valid; ``steps`` follow."""
    return (VALID + "walkthrough:\n" + head + "  steps:\n"
            "    - open: index.html\n      caption: Mở trang chủ cổng.\n" + steps)


ACTIONS = "open, click, fill, select, upload, wait_for, expect"
ONE_WAY = "cần đúng một cách tìm phần tử: role (kèm name), label hoặc text"
OUTSIDE_PORTAL = ("phải là đường dẫn trong cổng, tính từ gốc cổng (ví dụ `dich-vu/khai-sinh.html`), "
                  "không phải địa chỉ đầy đủ hay địa chỉ của máy khác")
UP_AND_OUT = "không được dùng `..` để ra ngoài thư mục của cổng"

CASES += [
    pytest.param(
        {MAIN: walkthrough("    - action: klick\n      text: Nộp hồ sơ\n      caption: Bấm nút.\n")},
        [f"{MAIN}:30:15: walkthrough.steps.1.action: hành động 'klick' không hợp lệ (có phải ý bạn là 'click'?)"],
        id="walkthrough-unknown-action-close",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: nhap\n      caption: Gõ tên.\n")},
        [f"{MAIN}:30:15: walkthrough.steps.1.action: hành động 'nhap' không hợp lệ (chọn một trong: {ACTIONS})"],
        id="walkthrough-unknown-action",
    ),
    pytest.param(
        {MAIN: walkthrough("    - text: Nộp hồ sơ\n      caption: Bấm nút.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1: thiếu hành động (thêm `action:` ({ACTIONS}) "
         "hoặc viết dạng rút gọn, ví dụ `- click: Tiếp tục`)"],
        id="walkthrough-missing-action",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: fill\n      label: Họ và tên\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1.caption: {MISSING}",
         f"{MAIN}:30:7: walkthrough.steps.1.value: {MISSING}"],
        id="walkthrough-missing-fields",
    ),
    pytest.param(
        {MAIN: walkthrough("    - fill: Họ và tên\n      caption: Gõ họ tên.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1.value: {MISSING}"],
        id="walkthrough-shorthand-missing-value",
    ),
    pytest.param(
        {MAIN: walkthrough("    - fill: {label: Họ và tên, valeu: An}\n      caption: Gõ họ tên.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1.value: {MISSING}",
         f"{MAIN}:30:32: walkthrough.steps.1.fill.valeu: {EXTRA} (có phải ý bạn là 'value'?)"],
        id="walkthrough-shorthand-mapping-typo",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: click\n      role: button\n      text: Nộp\n      caption: Bấm.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1: {ONE_WAY} (đang có: role, text)"],
        id="walkthrough-two-ways-to-find",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: click\n      caption: Bấm.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1: {ONE_WAY}"],
        id="walkthrough-nothing-to-find",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: click\n      name: Nộp\n      caption: Bấm.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1: name chỉ dùng kèm role, ví dụ role: button và name: Tiếp tục"],
        id="walkthrough-name-without-role",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: click\n      role: nut\n      name: Nộp\n      caption: Bấm.\n")},
        [f"{MAIN}:31:13: walkthrough.steps.1.role: giá trị không hợp lệ (chọn một trong: button, link, textbox, "
         "searchbox, combobox, listbox, option, checkbox, radio, switch, spinbutton, tab, tabpanel, menuitem, "
         "heading, dialog, alert, status, navigation, region, form, table, row, cell, listitem, img)"],
        id="walkthrough-unknown-role",
    ),
    pytest.param(
        {MAIN: walkthrough("    - open: https://dichvucong.gov.vn/\n      caption: Mở cổng.\n")},
        [f"{MAIN}:30:13: walkthrough.steps.1.open: {OUTSIDE_PORTAL}"],
        id="walkthrough-absolute-url",
    ),
    *[pytest.param({MAIN: walkthrough(f"    - open: {written}\n      caption: Mở.\n")},
                   [f"{MAIN}:30:13: walkthrough.steps.1.open: {message}"], id=f"walkthrough-url-{name}")
      for name, written, message in [
          # A browser drops tab, CR and LF anywhere and reads \ as /, so these are not relative.
          ("tab-in-scheme", '"fi\\tle:///etc/passwd"', OUTSIDE_PORTAL),
          ("newline-in-scheme", '"java\\nscript:alert(1)"', OUTSIDE_PORTAL),
          ("cr-in-scheme", '"ht\\rtp://127.0.0.1:22/"', OUTSIDE_PORTAL),
          ("leading-control", '"\\x01 file:///etc/passwd"', OUTSIDE_PORTAL),
          ("upper-case", "FILE:///etc/passwd", OUTSIDE_PORTAL),
          ("backslashes", '"\\\\\\\\evil.example/x"', OUTSIDE_PORTAL),
          ("slash-backslash", '"/\\\\evil.example/x"', OUTSIDE_PORTAL),
          ("protocol-relative", "//evil.example/", OUTSIDE_PORTAL),
          ("data", '"data:text/html,<script>alert(1)</script>"', OUTSIDE_PORTAL),
          ("dot-dot", "../../etc/passwd", UP_AND_OUT),
          ("encoded-dot-dot", "dich-vu/%2e%2E/%2e./x.html", UP_AND_OUT),
          ("dot-dot-backslash", '"a\\\\..\\\\..\\\\x"', UP_AND_OUT),
      ]],
    pytest.param(
        {MAIN: walkthrough("    - action: upload\n      label: Giấy chứng sinh\n      file: ../../etc/passwd\n"
                           "      caption: Đính kèm.\n")},
        [f"{MAIN}:32:13: walkthrough.steps.1.file: chỉ ghi tên tệp trong sandbox/mau/ "
         "(chữ không dấu, số, '.', '-', '_'), không ghi thư mục"],
        id="walkthrough-upload-path",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: expect\n      caption: Kiểm tra.\n")},
        [f"{MAIN}:30:7: walkthrough.steps.1: cần text (chữ phải hiện) hoặc state (trạng thái phải có)"],
        id="walkthrough-expect-nothing",
    ),
    pytest.param(
        {MAIN: walkthrough("    - action: fill\n      label: Họ và tên\n      value: An\n      masked: true\n"
                           "      caption: Gõ họ tên.\n")},
        [f"{MAIN}:33:7: walkthrough.steps.1.masked: {EXTRA} (có phải ý bạn là 'mask'?)"],
        id="walkthrough-field-typo",
    ),
    pytest.param(
        {MAIN: walkthrough("", head="  steps: []\n").replace("  steps:\n    - open: index.html\n"
                                                            "      caption: Mở trang chủ cổng.\n", "")},
        [f"{MAIN}:27:10: walkthrough.steps: cần ít nhất 1 mục (thêm mục vào danh sách)"],
        id="walkthrough-no-steps",
    ),
    pytest.param(
        {MAIN: VALID + "walkthrough:\n  steps:\n    - click: Nộp hồ sơ\n      caption: Bấm nút.\n"},
        [f"{MAIN}:27:3: walkthrough: bước đầu tiên phải là open, hoặc khai báo start (trang mở trước bước 1)"],
        id="walkthrough-does-not-start-on-a-page",
    ),
]


CASES += [
    pytest.param(
        {MAIN: walkthrough("    - click: Tiếp tục\n"
                           "      caption: \"Bấm.\\n\\n00:00:01.000 --> 00:00:09.000\\nGiả mạo\"\n")},
        [f"{MAIN}:31:16: walkthrough.steps.1.caption: {ONE_LINE}"],
        id="text-caption-forges-a-cue",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_bad_sources(project: Path, files: dict[str, str | bytes], expected: list[str]) -> None:
    for relative, content in files.items():
        write(project, relative, content)
    assert problems_of(project) == expected


def test_missing_catalogue_file(project: Path) -> None:
    (project / "procedures" / "_catalog" / "forms.yaml").unlink()
    assert problems_of(project) == [
        "procedures/_catalog/forms.yaml:1:1: thiếu tệp danh mục dùng chung "
        "(tạo tệp với danh sách bản ghi, mỗi bản ghi có `id`)",
        f"{MAIN}:20:15: documents.0.items.0.form: 'to-khai-khai-sinh' không có trong _catalog/forms.yaml "
        "(thêm bản ghi vào _catalog/forms.yaml)",
    ]


def test_alias_bomb_fails_fast_and_small(project: Path) -> None:
    write(project, MAIN, alias_bomb(10))  # 10**10 values once expanded
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(InvalidSources) as info:
            load_catalog(project / "procedures", project)
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [str(p) for p in info.value.problems] == [f"{MAIN}:5:5: {ALIAS_BOMB}"]
    assert elapsed < 5
    assert peak < 50_000_000


def test_every_problem_of_every_file_is_reported(project: Path) -> None:
    write(project, MAIN, edit("level: xa", "level: huyen", edit("name: Đăng", "nmae: Đăng")))
    write(project, OTHER, edit("online_level: toan-trinh", "online_level: [toan-trinh"))
    write(project, "procedures/cu-tru/xac-nhan-cu-tru.yaml",
          other_procedure(code="1.001197", name="Xác nhận cư trú") + "popular: có\nfoo: 1\n")
    problems = problems_of(project)
    assert len(problems) == 6
    assert {p.split(":")[0] for p in problems} == {MAIN, OTHER, "procedures/cu-tru/xac-nhan-cu-tru.yaml"}
    assert problems == [
        f"{OTHER}:6:8: lỗi cú pháp YAML: expected ',' or ']', but got ':'",
        "procedures/cu-tru/xac-nhan-cu-tru.yaml:26:10: popular: phải là true hoặc false",
        "procedures/cu-tru/xac-nhan-cu-tru.yaml:27:1: foo: trường không có trong lược đồ "
        "(xóa trường này; các trường hợp lệ ở trang Bảo trì nội dung › Lược đồ dữ liệu)",
        f"{MAIN}:1:1: name: {MISSING}",
        f"{MAIN}:2:1: nmae: {EXTRA} (có phải ý bạn là 'name'?)",
        f"{MAIN}:3:8: level: giá trị không hợp lệ (chọn một trong: xa, tinh, trung-uong)",
    ]


def test_a_record_that_fails_is_reported_once_and_what_refers_to_it_in_one_line(project: Path) -> None:
    # One typo in the birth registration; another procedure names it twice, a module three times.
    # The typo is the cause: it comes first; the references are summed up after it.
    write(project, MAIN, edit("level: xa", "levle: xa"))
    related = ('related:\n  - code: "1.001193"\n    note: Khai sinh trước.\n'
               '  - code: "1.001193"\n    note: Lại khai sinh.\n')
    write(project, OTHER, other_procedure() + related)
    write(project, MODULE, MODULE_OK)
    problems = problems_of(project)
    assert problems[:2] == [f"{MAIN}:1:1: level: {MISSING}",
                            f"{MAIN}:3:1: levle: {EXTRA} (có phải ý bạn là 'level'?)"]
    assert len(problems) == 3
    assert problems[2].endswith(
        "tham chiếu đến thủ tục 1.001193 chưa kiểm tra được vì bản ghi đó không nạp được (lỗi ở trên): "
        f"{MODULE} (3 chỗ), {OTHER} (2 chỗ) "
        "(sửa lỗi đó trước; các tham chiếu này sẽ tự hết lỗi)")


def test_a_catalogue_record_that_fails_is_the_only_cause_reported(project: Path) -> None:
    legal = (CATALOG / "legal.yaml").read_text(encoding="utf-8")
    assert legal.count("issuer: Quốc hội") >= 1
    write(project, "procedures/_catalog/legal.yaml",
          legal.replace("  number: 60/2014/QH13", "  numbr: 60/2014/QH13", 1))
    problems = problems_of(project)
    assert [p.split(": ", 1)[1] for p in problems[:2]] == [
        f"0.number: {MISSING}", "0.numbr: trường không có trong lược đồ (có phải ý bạn là 'number'?)"]
    assert len(problems) == 3 and "1 tham chiếu đến 'luat-ho-tich-2014' trong _catalog/legal.yaml" in problems[2]


# --------------------------------------------------------------------------------------
# The command line
# --------------------------------------------------------------------------------------


def test_cli_validate_valid_project(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--project", str(project), "validate"]) == 0
    out, err = capsys.readouterr()
    assert out.startswith("Hợp lệ: 1 thủ tục, ")
    assert err == ""


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(edit("level: xa", "level: huyen"), id="schema"),
        pytest.param(b"name: \xff\xfe\n", id="not-utf8"),
        pytest.param(alias_bomb(10), id="alias-bomb"),
        pytest.param(VALID + "faq: &x [*x]\n", id="recursive-alias"),
        pytest.param("- a\n- b\n", id="list"),
        pytest.param(VALID + "tips: [\x07]\n", id="control-character"),
        pytest.param("", id="empty"),
    ],
)
def test_cli_validate_reports_problems(project: Path, capsys: pytest.CaptureFixture[str],
                                       content: str | bytes) -> None:
    write(project, MAIN, content)
    with pytest.raises(InvalidSources) as info:
        load_catalog(project / "procedures", project)
    expected = [str(p) for p in info.value.problems]

    assert main(["--project", str(project), "validate"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "Traceback" not in err
    assert err.splitlines() == expected + [f"InvalidSources: {len(expected)} lỗi trong dữ liệu nguồn"]


def test_unchanged_files_come_from_the_parse_cache_and_problems_still_name_their_line(
        project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import generators.load as load

    load_catalog(project / "procedures", project)  # fills the cache
    parses: list[str] = []
    real = load.read_yaml
    monkeypatch.setattr(load, "read_yaml", lambda path, shown: (parses.append(shown), real(path, shown))[1])
    load_catalog(project / "procedures", project)
    assert MAIN not in parses, "an unchanged procedure is not parsed again"
    # A catalogue change breaks the cached procedure: the problem still points at its line.
    agencies = project / "procedures" / "_catalog" / "agencies.yaml"
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("id: ubnd-xa", "id: ubnd-phuong"),
                        encoding="utf-8")
    assert problems_of(project) == [
        f"{MAIN}:9:19: executing_agency: 'ubnd-xa' không có trong _catalog/agencies.yaml "
        "(thêm bản ghi vào _catalog/agencies.yaml)"
    ]
    # A corrupt cache is ignored, never a crash.
    (project / ".thutuc" / "cache" / "load.json").write_text("{not json", encoding="utf-8")
    agencies.write_text(agencies.read_text(encoding="utf-8").replace("id: ubnd-phuong", "id: ubnd-xa"),
                        encoding="utf-8")
    assert load_catalog(project / "procedures", project).procedures
