"""A catalogue of real, confusable procedure names for the search tests.

Names share most of their words (đăng ký khai sinh / đăng ký lại khai sinh / … có yếu tố
nước ngoài / … lưu động) as they do in the national database. Codes are the ones in the
domain facts where known; ``9.xxxxxx`` codes are placeholders of this test only. Every
procedure gets the same neutral summary, steps and result, so only names rank them.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

#: (domain id, domain name) added when the repository's catalogue does not have them yet.
DOMAINS = [
    ("ho-tich", "Hộ tịch"), ("cu-tru", "Cư trú"), ("ly-lich-tu-phap", "Lý lịch tư pháp"),
    ("dang-ky-bien-phap-bao-dam", "Đăng ký biện pháp bảo đảm"), ("bao-hiem-y-te", "Bảo hiểm y tế"),
    ("can-cuoc", "Căn cước"), ("chung-thuc", "Chứng thực"), ("ho-kinh-doanh", "Hộ kinh doanh"),
    ("bao-tro-xa-hoi", "Bảo trợ xã hội"), ("giam-ngheo", "Giảm nghèo"), ("nuoi-con-nuoi", "Nuôi con nuôi"),
]

#: (domain id, code, name)
PROCEDURES = [
    ("ho-tich", "1.001193", "Đăng ký khai sinh"),
    ("ho-tich", "1.004884", "Đăng ký lại khai sinh"),
    ("ho-tich", "2.000528", "Đăng ký khai sinh có yếu tố nước ngoài"),
    ("ho-tich", "9.100001", "Đăng ký khai sinh lưu động"),
    ("ho-tich", "1.004772", "Đăng ký khai sinh cho người đã có hồ sơ, giấy tờ cá nhân"),
    ("ho-tich", "1.000689", "Đăng ký khai sinh kết hợp nhận cha, mẹ, con"),
    ("ho-tich", "2.000986", "Liên thông thủ tục đăng ký khai sinh, đăng ký thường trú, cấp thẻ bảo hiểm y tế "
                            "cho trẻ em dưới 6 tuổi"),
    ("ho-tich", "1.000894", "Đăng ký kết hôn"),
    ("ho-tich", "1.004746", "Đăng ký lại kết hôn"),
    ("ho-tich", "2.000806", "Đăng ký kết hôn có yếu tố nước ngoài"),
    ("ho-tich", "9.100002", "Đăng ký kết hôn lưu động"),
    ("ho-tich", "1.000656", "Đăng ký khai tử"),
    ("ho-tich", "1.005461", "Đăng ký lại khai tử"),
    ("ho-tich", "9.100003", "Đăng ký khai tử lưu động"),
    ("ho-tich", "2.002913", "Liên thông thủ tục đăng ký khai tử, xóa đăng ký thường trú, hỗ trợ chi phí mai táng"),
    ("ho-tich", "1.004873", "Xác nhận tình trạng hôn nhân"),
    ("ho-tich", "1.004859", "Thay đổi, cải chính, bổ sung thông tin hộ tịch"),
    ("ho-tich", "1.001022", "Đăng ký nhận cha, mẹ, con"),
    ("ho-tich", "1.004837", "Đăng ký giám hộ"),
    ("ho-tich", "1.004845", "Đăng ký chấm dứt giám hộ"),
    ("ho-tich", "2.000635", "Cấp bản sao trích lục hộ tịch"),
    ("cu-tru", "1.004222", "Đăng ký thường trú"),
    ("cu-tru", "1.004194", "Đăng ký tạm trú"),
    ("cu-tru", "1.002755", "Gia hạn tạm trú"),
    ("cu-tru", "1.003197", "Xóa đăng ký thường trú"),
    ("cu-tru", "1.010028", "Xóa đăng ký tạm trú"),
    ("cu-tru", "1.010038", "Tách hộ"),
    ("cu-tru", "1.010039", "Điều chỉnh thông tin trong Cơ sở dữ liệu về cư trú"),
    ("cu-tru", "1.003677", "Khai báo tạm vắng"),
    ("cu-tru", "2.001159", "Thông báo lưu trú"),
    ("cu-tru", "1.010041", "Xác nhận thông tin về cư trú"),
    ("can-cuoc", "9.200001", "Cấp thẻ căn cước cho người dưới 14 tuổi"),
    ("can-cuoc", "9.200002", "Cấp đổi thẻ căn cước"),
    ("can-cuoc", "9.200003", "Cấp lại thẻ căn cước"),
    ("ly-lich-tu-phap", "3.000333", "Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang "
                                    "cư trú tại Việt Nam"),
    ("dang-ky-bien-phap-bao-dam", "1.011441", "Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn "
                                              "liền với đất"),
    ("dang-ky-bien-phap-bao-dam", "1.011442", "Đăng ký thay đổi nội dung biện pháp bảo đảm bằng quyền sử dụng "
                                              "đất, tài sản gắn liền với đất"),
    ("dang-ky-bien-phap-bao-dam", "1.011443", "Xóa đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản "
                                              "gắn liền với đất"),
    ("bao-hiem-y-te", "9.400000", "Cấp thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi"),
    ("bao-hiem-y-te", "9.400001", "Cấp lại thẻ bảo hiểm y tế"),
    ("chung-thuc", "2.000815", "Chứng thực bản sao từ bản chính"),
    ("chung-thuc", "2.000884", "Chứng thực chữ ký"),
    ("chung-thuc", "2.000992", "Chứng thực chữ ký người dịch"),
    ("chung-thuc", "2.000942", "Cấp bản sao có chứng thực từ bản chính hợp đồng, giao dịch đã được chứng thực"),
    ("chung-thuc", "9.500001", "Chứng thực hợp đồng, giao dịch liên quan đến tài sản là động sản"),
    ("chung-thuc", "9.500002", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ hợp đồng, giao dịch"),
    ("ho-kinh-doanh", "1.001612", "Đăng ký thành lập hộ kinh doanh"),
    ("ho-kinh-doanh", "2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh"),
    ("ho-kinh-doanh", "1.001570", "Tạm ngừng hoạt động hộ kinh doanh"),
    ("ho-kinh-doanh", "1.001266", "Chấm dứt hoạt động hộ kinh doanh"),
    ("bao-tro-xa-hoi", "1.001776", "Trợ cấp xã hội hằng tháng"),
    ("bao-tro-xa-hoi", "9.600001", "Thôi hưởng trợ cấp xã hội hằng tháng"),
    ("bao-tro-xa-hoi", "1.001731", "Hỗ trợ chi phí mai táng"),
    ("bao-tro-xa-hoi", "1.001699", "Xác định, xác định lại mức độ khuyết tật và cấp giấy xác nhận khuyết tật"),
    ("giam-ngheo", "1.011606", "Công nhận hộ nghèo, hộ cận nghèo phát sinh trong năm"),
    ("giam-ngheo", "9.700001", "Công nhận hộ thoát nghèo, hộ thoát cận nghèo trong năm"),
    ("nuoi-con-nuoi", "2.001263", "Đăng ký việc nuôi con nuôi trong nước"),
    ("nuoi-con-nuoi", "9.800001", "Đăng ký lại việc nuôi con nuôi trong nước"),
    ("nuoi-con-nuoi", "9.800002", "Đăng ký nuôi con nuôi có yếu tố nước ngoài"),
]

#: Data is never code: a hostile name and a hostile everyday term ride along in the catalogue.
HOSTILE_NAME = 'Cấp giấy <img src=x onerror="window.pwned=1"> thử nghiệm'
HOSTILE_TERM = '<img src=x onerror="window.pwned=2"> chào đời'

PROCEDURE = """\
code: "{code}"
name: '{name}'
level: xa
domain: {domain}
online_level: mot-phan
summary: Thủ tục hành chính tiếp nhận tại Bộ phận Một cửa cấp xã.
applicants:
  - Công dân Việt Nam
executing_agency: ubnd-xa
channels:
  - kind: truc-tiep
    time: Chưa rõ
    fee: Chưa rõ
steps:
  - title: Nộp hồ sơ
documents:
  - case: Trường hợp thông thường
    items:
      - name: Tờ khai
        originals: 1
result:
  - Kết quả giải quyết thủ tục
legal_basis:
  - doc: luat-ho-tich-2014
"""


def write_catalogue(root: Path) -> Path:
    """A project at ``root`` with the repository's config, docs, shared catalogue and lexicon,
    and the procedures above instead of the repository's."""
    for name in ("mkdocs.yml", "overrides", "docs"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, root / name)
    catalog = root / "procedures" / "_catalog"
    shutil.copytree(REPO / "procedures" / "_catalog", catalog)
    (catalog / "errors.yaml").write_text("[]\n", encoding="utf-8")
    domains = catalog / "domains.yaml"
    text = domains.read_text(encoding="utf-8")
    for domain_id, name in DOMAINS + [("kiem-tra-du-lieu", "Kiểm tra dữ liệu")]:
        if f"- id: {domain_id}\n" not in text:
            text += f"- id: {domain_id}\n  name: {name}\n"
    domains.write_text(text, encoding="utf-8")
    with (catalog / "lexicon.yaml").open("a", encoding="utf-8") as lexicon:
        lexicon.write(f"- term: '{HOSTILE_TERM}'\n  means: [khai sinh]\n")
    for index, (domain, code, name) in enumerate(PROCEDURES + [("kiem-tra-du-lieu", "9.900001", HOSTILE_NAME)]):
        folder = root / "procedures" / domain
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"thu-tuc-{index:02d}.yaml").write_text(
            PROCEDURE.format(code=code, name=name, domain=domain), encoding="utf-8")
    return root
