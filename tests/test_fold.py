"""One fold: Python's search_key, the site's search script and the practice portal fold alike."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest

from generators.text import search_key

REPO = Path(__file__).resolve().parents[1]
SCRIPTS = ["docs/assets/javascripts/tim-kiem.js", "sandbox/js/00-nen.js"]

#: Input -> the key every implementation must give.
TABLE = [
    ("Đăng ký khai sinh", "dang ki khai sinh"),
    ("ĐĂNG KÝ KẾT HÔN", "dang ki ket hon"),
    ("dang ki khai sinh", "dang ki khai sinh"),
    ("Lý lịch tư pháp", "li lich tu phap"),
    ("lí lịch", "li lich"),
    ("kỹ sư, sỹ quan, tỷ lệ, Mỹ", "ki su si quan ti le mi"),
    ("Quý, thủy, Tây, y tế, Nguyễn, khuyết tật", "quy thuy tay y te nguyen khuyet tat"),
    ("Ủy ban, hóa đơn, xóa đăng ký", "uy ban hoa don xoa dang ki"),
    ("Mã 1.011441.H38, (Hà Nội)", "ma 1.011441.h38 ha noi"),
    ("1.001193", "1.001193"),
    ("ky.", "ki."),
    ("  nhiều   dấu\tcách\n", "nhieu dau cach"),
    (unicodedata.normalize("NFD", "Hộ khẩu thường trú"), "ho khau thuong tru"),
    ("CCCD/CMND", "cccd cmnd"),
    ("đ Đ", "d d"),
    ("Phiếu số 1—2", "phieu so 1 2"),
    ("<script>alert(1)</script>", "script alert 1 script"),
    ("🏠 nhà", "nha"),
    ("", ""),
]


@pytest.mark.parametrize(("text", "key"), TABLE)
def test_python_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


def fold_source(path: str) -> str:
    """The ``fold`` function exactly as the script ships it."""
    source = (REPO / path).read_text(encoding="utf-8")
    found = re.findall(r"^  function fold\(text\) \{\n.*?^  \}$", source, flags=re.S | re.M)
    assert len(found) == 1, f"{path}: one fold function expected"
    return found[0]


@pytest.mark.browser
@pytest.mark.parametrize("script", SCRIPTS)
def test_scripts_fold_like_python(page, script: str) -> None:
    folded = page.evaluate(f"(inputs) => {{ {fold_source(script)}\n return inputs.map(fold); }}",
                           [text for text, _ in TABLE])
    assert folded == [key for _, key in TABLE]
