"""The lexicon of everyday terms (procedures/_catalog/lexicon.yaml): loading and exact-message validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_validation import problems_of, project, write  # noqa: F401  (project is a fixture)

from generators.load import load_catalog

LEXICON = "procedures/_catalog/lexicon.yaml"
REPO = Path(__file__).resolve().parents[1]

#: Every domain of the catalogue, and those arriving with the new procedures, is spoken of.
DOMAIN_TERMS = {
    "hộ tịch": ["giấy khai sinh", "báo tử", "giấy xác nhận độc thân"],
    "cư trú": ["hộ khẩu", "nhập khẩu", "cắt khẩu", "tách khẩu", "KT3"],
    "lý lịch tư pháp": ["phiếu tư pháp"],
    "biện pháp bảo đảm": ["sổ đỏ", "sổ hồng", "thế chấp"],
    "bảo hiểm y tế": ["thẻ BHYT"],
    "căn cước": ["CMND", "CCCD"],
    "chứng thực": ["công chứng", "photo công chứng"],
    "hộ kinh doanh": ["giấy phép kinh doanh", "đăng ký kinh doanh"],
    "bảo trợ xã hội": ["trợ cấp"],
    "giảm nghèo": ["hộ nghèo"],
    "nuôi con nuôi": ["nhận con nuôi"],
}


def test_the_project_lexicon_loads_and_covers_every_domain() -> None:
    lexicon = load_catalog(REPO / "procedures", REPO).lexicon
    assert len(lexicon) >= 60
    terms = {entry.term for entry in lexicon.values()}
    missing = [t for group in DOMAIN_TERMS.values() for t in group if t not in terms]
    assert not missing
    # Keyed by the folded term, as search compares it.
    assert lexicon["ho khau"].means == ["thường trú", "cư trú"]


def test_a_project_without_a_lexicon_loads(project: Path) -> None:  # noqa: F811
    (project / LEXICON).unlink()
    assert load_catalog(project / "procedures", project).lexicon == {}


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param(
        "- term: hộ khẩu\n  means: [cư trú]\n  meaning: [thường trú]\n",
        [f"{LEXICON}:3:3: 0.meaning: trường không có trong lược đồ (có phải ý bạn là 'means'?)"],
        id="unknown-field",
    ),
    pytest.param(
        "- term:\n  means: [cư trú]\n- term: '  '\n  means: [cư trú]\n- term: '!!'\n  means: [cư trú]\n",
        [f"{LEXICON}:1:8: 0.term: không được để trống (điền nội dung hoặc bỏ trường)",
         f"{LEXICON}:3:9: 1.term: không được để trống (điền nội dung hoặc bỏ trường)",
         f"{LEXICON}:5:9: 2.term: từ thường gọi phải có chữ hoặc số"],
        id="empty-terms",
    ),
    pytest.param(
        "- term: hộ khẩu\n  means: [cư trú]\n- term: sổ đỏ\n  means: [quyền sử dụng đất]\n"
        "- term: Ho khau\n  means: [thường trú]\n",
        [f"{LEXICON}:5:9: 2.term: 'Ho khau' trùng với 'hộ khẩu' ở dòng 1 "
         "(gộp các mục means vào một bản ghi, xóa bản ghi còn lại)"],
        id="term-defined-twice",
    ),
    pytest.param(
        "- term: hộ khẩu\n  means: []\n- term: sổ đỏ\n  means: [quyền sử dụng đất, '']\n- term: KT3\n",
        [f"{LEXICON}:2:10: 0.means: cần ít nhất 1 mục (thêm mục vào danh sách)",
         f"{LEXICON}:4:30: 1.means.1: không được để trống (điền nội dung hoặc bỏ trường)",
         f"{LEXICON}:5:3: 2.means: thiếu trường bắt buộc (thêm trường này)"],
        id="means-missing-or-empty",
    ),
    pytest.param(
        "hộ khẩu: cư trú\n",
        [f"{LEXICON}:1:1: nội dung phải là một danh sách bản ghi (mỗi bản ghi bắt đầu bằng `- term: ...`)"],
        id="not-a-list",
    ),
])
def test_bad_lexicon(project: Path, text: str, expected: list[str]) -> None:  # noqa: F811
    write(project, LEXICON, text)
    assert problems_of(project) == expected
