"""Catalog -> the practice portal ("sandbox"): a self-contained copy of the online
public-service portal that trainees practise on and walkthrough videos are recorded against.

The portal itself is static (``sandbox/`` at the repository root: ``index.html``, the scripts
in ``js/``, ``styles.css``, the logo, sample upload files). This stage copies it, copies the
bundled fonts from ``docs/assets/fonts/`` (one source), and writes ``du-lieu.js``: the
procedures, common errors and practice scenarios (``scenarios`` of the training modules) the
portal needs, taken from the catalogue, loaded as a script so the portal also works opened from
``file://``. State lives only in the browser's storage.

Everything the portal shows that comes from the catalogue (names, fees, documents, the exact
on-screen messages of ``errors.yaml``) is in ``du-lieu.js``; the scripts never repeat it.
The output is deterministic: the same catalogue gives the same bytes, so the parts of
:func:`portal_print` (what walkthrough videos are keyed on) change only when the portal really did.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from .cache import digest
from .catalog import Catalog
from .memo import RecordMemo
from .model import ChannelKind, DocumentItem, OnlineLevel, Procedure, Scenario
from .outputs import Ledger
from .pages import error_page, html_path
from .problems import UserError
from .resources import resource
from .text import fold, search_key

#: The static portal (hand-written, no build step) and the fonts it shares with the site come
#: from the project when it has them, else from the package (generators/resources.py).

#: Only these files of ``sandbox/`` are published (not its README, nor the script that made
#: the sample files).
PUBLISHED_SUFFIXES = {".html", ".css", ".js", ".svg", ".pdf", ".png", ".jpg"}
DATA_SCRIPT = "du-lieu.js"
#: How ``du-lieu.js`` hands its data to the scripts.
DATA_GLOBAL = "window.DU_LIEU_THUC_HANH = "
#: One script per screen, ``js/man-hinh/<screen>.js``, named as the router's table names the
#: screen (sandbox/README.md); every other file is the core that all screens need.
SCREENS_DIR = "js/man-hinh"
FONTS_SUBDIR = "fonts"

#: The portal is published at ``<site>/sandbox/``: links to the troubleshooting pages go up one.
SITE_ROOT_FROM_SANDBOX = "../"

# --------------------------------------------------------------------------------------
# Practice settings (sample values, documented in sandbox/README.md)
# --------------------------------------------------------------------------------------

#: Upload limits of the practice portal (sample values, as in the error catalogue).
MAX_FILE_MB = 10
FILE_FORMATS = ("PDF", "JPG", "PNG")
FILE_EXTENSIONS = ("pdf", "jpg", "jpeg", "png")
#: Minutes without activity before the session ends (natural "phiên hết hạn").
SESSION_MINUTES = 20
#: Seconds the simulated payment gateway waits for confirmation (natural payment timeout).
PAYMENT_SECONDS = 180
#: OTP resends allowed before the "too many resends" message.
OTP_RESENDS = 3

#: Sample citizens for the simulated VNeID sign-in. The second has a level-1 account only.
ACCOUNTS = [
    {"so_dinh_danh": "001090012345", "ho_ten": "Nguyễn Văn An", "ngay_sinh": "12/05/1990",
     "dien_thoai": "0912345678", "mat_khau": "Thuchanh@2025", "muc": 2,
     "dia_chi": "Số 12 phố Hàng Bạc, phường Hoàn Kiếm, thành phố Hà Nội"},
    {"so_dinh_danh": "001195054321", "ho_ten": "Trần Thị Bình", "ngay_sinh": "03/09/1995",
     "dien_thoai": "0987654321", "mat_khau": "Thuchanh@2025", "muc": 1,
     "dia_chi": "Thôn Đông, xã Sóc Sơn, thành phố Hà Nội"},
]

#: With ``?co-dinh=1`` the captcha and the OTP are these, so a recorded script can type them.
FIXED_CAPTCHA = "hn2025"
FIXED_OTP = "123456"

#: Communes and wards offered as the receiving place (sample list of Hanoi's new units).
COMMUNES = [
    "Phường Hoàn Kiếm", "Phường Ba Đình", "Phường Cầu Giấy", "Phường Đống Đa", "Phường Hà Đông",
    "Phường Long Biên", "Xã Sóc Sơn", "Xã Ba Vì", "Xã Thanh Trì", "Xã Gia Lâm",
]

#: How the result is received.
RESULT_CHANNELS = ["Nhận trực tuyến", "Nhận tại bộ phận một cửa", "Nhận qua bưu chính"]

#: The applicant section of every online form. ``nguon`` fills the field from the signed-in
#: account; ``chi_doc`` fields come from the population database and cannot be edited.
APPLICANT_FIELDS = [
    {"id": "ho_ten", "nhan": "Họ và tên", "kieu": "text", "bat_buoc": True, "chi_doc": True,
     "nguon": "ho_ten", "tu_dong": "name"},
    {"id": "so_dinh_danh", "nhan": "Số định danh cá nhân", "kieu": "text", "bat_buoc": True,
     "chi_doc": True, "nguon": "so_dinh_danh"},
    {"id": "ngay_sinh", "nhan": "Ngày sinh", "kieu": "text", "bat_buoc": True, "chi_doc": True,
     "nguon": "ngay_sinh"},
    {"id": "dien_thoai", "nhan": "Số điện thoại", "kieu": "tel", "bat_buoc": True, "nguon": "dien_thoai",
     "tu_dong": "tel", "mau": r"^0[0-9]{9}$",
     "loi_trong": "Vui lòng nhập số điện thoại",
     "loi_mau": "Số điện thoại phải gồm 10 chữ số, bắt đầu bằng số 0"},
    {"id": "email", "nhan": "Thư điện tử", "kieu": "email", "bat_buoc": False, "tu_dong": "email",
     "mau": r"^[^@\s]+@[^@\s]+\.[^@\s]+$", "goi_y": "Không bắt buộc; ví dụ: ten@example.com",
     "loi_mau": "Thư điện tử không đúng định dạng, ví dụ: ten@example.com"},
    {"id": "dia_chi", "nhan": "Địa chỉ liên hệ", "kieu": "text", "bat_buoc": True, "nguon": "dia_chi",
     "tu_dong": "street-address", "loi_trong": "Vui lòng nhập địa chỉ liên hệ"},
]

#: Which common errors the portal can show, where, and which message of the record.
#: ``diem`` is the point in the portal where the error happens (see sandbox/README.md);
#: ``thong_bao`` is the index of the message in ``errors.yaml`` shown there.
SIMULATED_ERRORS = {
    "captcha-chu-thuong": {"diem": "dang-nhap", "thong_bao": 0},
    "vneid-doi-dien-thoai": {"diem": "dang-nhap", "thong_bao": 0},
    "thue-bao-khong-khop": {"diem": "dang-nhap", "thong_bao": 0},
    "otp-khong-nhan-duoc": {"diem": "otp", "thong_bao": 0},
    "chua-dinh-danh-muc-2": {"diem": "bat-dau-nop", "thong_bao": 1},
    "sai-thong-tin-dinh-danh": {"diem": "thong-tin", "thong_bao": 0},
    "giay-chung-sinh-khong-tim-thay": {"diem": "thong-tin", "thong_bao": 0},
    "phien-het-han": {"diem": "thong-tin", "thong_bao": 0},
    "tep-qua-lon": {"diem": "chon-tep", "thong_bao": 0},
    "tep-sai-dinh-dang": {"diem": "chon-tep", "thong_bao": 0},
    "tep-dinh-kem-chua-luu": {"diem": "dinh-kem", "thong_bao": 0},
    "thanh-toan-qua-han": {"diem": "thanh-toan", "thong_bao": 1},
    "thanh-toan-da-tru-tien": {"diem": "thanh-toan", "thong_bao": 1},
    "mot-cua-chua-dong-bo": {"diem": "tra-cuu", "thong_bao": 0},
}

# --------------------------------------------------------------------------------------
# Entry points
# --------------------------------------------------------------------------------------


def write_sandbox(catalog: Catalog, dest: Path, project: Path | None = None, memo: RecordMemo | None = None) -> None:
    """Write the practice portal into ``dest`` (``index.html`` at its root); the portal and the
    fonts of the ``project`` folder when it has them, else the package's.

    Files already there with the same content are left alone; files the portal no longer
    has are removed. ``dest`` must be empty, missing, or a practice portal written before.
    """
    files = sandbox_files(catalog, project, memo)
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()) and not (dest / DATA_SCRIPT).is_file():
        raise UserError(f"{dest} đã có nội dung không phải cổng thực hành; chọn thư mục trống")
    portal = Ledger.mirror(dest, label=dest.name)
    portal.put("sandbox", files)
    portal.remove_undeclared()


def screen_of(path: str) -> str | None:
    """The screen a file of the portal (its path in the portal) draws, or None for the core."""
    folder, _, name = path.rpartition("/")
    return name.removesuffix(".js") if folder == SCREENS_DIR and name.endswith(".js") else None


@dataclass(frozen=True)
class PortalPrint:
    """A written portal in the parts that walkthrough videos are keyed on: a digest of the core
    (every file but the screens' scripts and ``du-lieu.js``), a digest of each screen's script,
    and the data of ``du-lieu.js``."""

    core: str
    screens: dict[str, str]
    data: dict

    def seen(self, screens: Iterable[str] | None, procedures: Iterable[str] | None) -> str:
        """Digest of what a recording showed: its screens' scripts and its part of the data
        (:func:`data_shown`); ``None`` stands for every screen, or every procedure."""
        if screens is None:
            scripts = sorted(self.screens.items())
        else:  # a screen without a script any more is None: the key changes
            scripts = [(name, self.screens.get(name)) for name in sorted(set(screens))]
        return digest(scripts, data_shown(self.data, procedures))


def portal_print(dest: Path) -> PortalPrint:
    """The parts of a portal written by :func:`write_sandbox` (paths and contents, not dates)."""
    root = Path(dest)
    core: list[tuple[str, str]] = []
    screens: dict[str, str] = {}
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        relative = path.relative_to(root).as_posix()
        if relative == DATA_SCRIPT:
            continue
        content = hashlib.sha256(path.read_bytes()).hexdigest()
        screen = screen_of(relative)
        if screen is None:
            core.append((relative, content))
        else:
            screens[screen] = content
    script = (root / DATA_SCRIPT).read_text(encoding="utf-8")
    start = script.find(DATA_GLOBAL)
    if start < 0:
        raise UserError(f"{root / DATA_SCRIPT}: không phải tệp dữ liệu của cổng thực hành; ghi lại cổng")
    data = json.loads(script[start + len(DATA_GLOBAL):].strip().removesuffix(";"))
    return PortalPrint(digest(core), screens, data)


def data_shown(data: dict, procedures: Iterable[str] | None) -> dict:
    """The part of ``du-lieu.js`` a recording could see: every list shared by all screens
    (accounts, communes, errors, scenarios, domains, limits…) and the records of the procedures
    it showed, by slug (every record, in order, when ``procedures`` is None)."""
    shared = {key: value for key, value in data.items() if key != "thu_tuc"}
    if procedures is None:
        return {**shared, "thu_tuc": data["thu_tuc"]}
    records = {record["slug"]: record for record in data["thu_tuc"]}
    return {**shared, "thu_tuc": {slug: records.get(slug) for slug in sorted(set(procedures))}}


def sandbox_files(catalog: Catalog, project: Path | None = None, memo: RecordMemo | None = None) -> dict[str, bytes]:
    """Every file of the portal, by path relative to its root, in a stable order."""
    SANDBOX_DIR, FONTS_DIR = resource("sandbox", project), resource("fonts", project)  # noqa: N806
    if not (SANDBOX_DIR / "index.html").is_file():
        raise UserError(f"không tìm thấy cổng thực hành ở {SANDBOX_DIR}")
    if not FONTS_DIR.is_dir():
        raise UserError(f"không tìm thấy phông chữ ở {FONTS_DIR}")
    files: dict[str, bytes] = {}
    for path in sorted(SANDBOX_DIR.rglob("*")):
        relative = path.relative_to(SANDBOX_DIR)
        if (path.is_file() and path.suffix.lower() in PUBLISHED_SUFFIXES
                and not any(part.startswith(".") for part in relative.parts)):
            files[relative.as_posix()] = path.read_bytes()
    for path in sorted(FONTS_DIR.iterdir()):
        if path.is_file():
            files[f"{FONTS_SUBDIR}/{path.name}"] = path.read_bytes()
    files[DATA_SCRIPT] = data_script(catalog, memo).encode("utf-8")
    return files


# --------------------------------------------------------------------------------------
# du-lieu.js
# --------------------------------------------------------------------------------------


def data_script(catalog: Catalog, memo: RecordMemo | None = None) -> str:
    """``du-lieu.js``: the portal's data as a script (works from ``file://``, no fetch)."""
    payload = json.dumps(portal_data(catalog, memo), ensure_ascii=False, separators=(",", ":"))
    return ("/* Sinh tự động bởi generators/sandbox.py từ thư mục procedures/; không sửa tay. */\n"
            f"{DATA_GLOBAL}{payload};\n")


def portal_data(catalog: Catalog, memo: RecordMemo | None = None) -> dict:
    return {
        "phien_ban": 1,
        "gioi_han_tep": {
            "toi_da_byte": MAX_FILE_MB * 1024 * 1024,
            "toi_da_chu": f"{MAX_FILE_MB} MB",
            "dinh_dang": ", ".join(FILE_FORMATS),
            "duoi": list(FILE_EXTENSIONS),
        },
        "phien_phut": SESSION_MINUTES,
        "thanh_toan_giay": PAYMENT_SECONDS,
        "otp_gui_lai": OTP_RESENDS,
        "co_dinh": {"ma_xac_thuc": FIXED_CAPTCHA, "otp": FIXED_OTP},
        "tai_khoan": ACCOUNTS,
        "xa_phuong": COMMUNES,
        "nhan_ket_qua": RESULT_CHANNELS,
        "truong_nguoi_nop": APPLICANT_FIELDS,
        "linh_vuc": [{"id": d.id, "ten": d.name} for d in catalog.domains.values() if catalog.in_domain(d.id)],
        # With ``memo``, a record is made again only when its procedure or the shared records changed.
        "thu_tuc": [memo.value(catalog, p, lambda q: _procedure(catalog, q)) if memo else _procedure(catalog, p)
                    for p in catalog.procedures.values()],
        "loi": [
            {"id": e.id, "tieu_de": e.title, "thong_bao": list(e.messages),
             "trang": SITE_ROOT_FROM_SANDBOX + html_path(error_page(e.id))}
            for e in catalog.errors.values()
        ],
        "mo_phong": {k: v for k, v in SIMULATED_ERRORS.items() if k in catalog.errors},
        "kich_ban": practice_scenarios(catalog),
    }


def _procedure(catalog: Catalog, p: Procedure) -> dict:
    online = next((c for c in p.channels if c.kind == ChannelKind.truc_tuyen), None)
    agency = catalog.agencies.get(p.executing_agency)
    return {
        "ma": p.code,
        "slug": p.slug,
        "ten": p.name,
        "linh_vuc": catalog.domains[p.domain].name,
        "linh_vuc_id": p.domain,
        "cap": p.level.label,
        "muc_do": p.online_level.value,
        "muc_do_ten": p.online_level.label,
        "nop_truc_tuyen": p.online_level != OnlineLevel.thong_tin,
        "noi_bat": p.popular,
        "tim": search_key(f"{p.name} {p.code}"),
        "co_quan": agency.name if agency else "",
        "doi_tuong": list(p.applicants),
        "ket_qua": list(p.result),
        "truc_tuyen": None if online is None else {
            "thoi_han": online.time,
            "phi": online.fee,
            "so_tien": fee_amount(online.fee),
            "mo_ta": online.description or "",
        },
        "truong_hop": [
            {"ten": case.case, "giay_to": [_document(catalog, item) for item in case.items]}
            for case in p.documents
        ],
    }


def _document(catalog: Catalog, item: DocumentItem) -> dict:
    form = catalog.forms.get(item.form) if item.form else None
    return {
        "ten": item.name,
        "mau": form.code if form else "",
        "ban_chinh": item.originals,
        "ban_sao": item.copies,
        "xuat_trinh": item.shown_only,
        "ghi_chu": item.note or "",
        "bat_buoc": document_required(item),
    }


def practice_scenarios(catalog: Catalog) -> list[dict]:
    """The scenarios of every training module, opened in the portal with ``?kich-ban=<id>``.

    In a stable order: module id, then the order of ``scenarios`` in the module. A scenario
    whose procedure is not in the catalogue is left out (the loader reports it).
    """
    found = []
    for module_id, module in sorted(catalog.modules.items()):
        for scenario in module.scenarios:
            procedure = catalog.by_code(scenario.procedure)
            if procedure is not None:
                found.append(_scenario(module_id, module.title, scenario, procedure))
    return found


def _scenario(module_id: str, module_title: str, s: Scenario, p: Procedure) -> dict:
    return {
        "id": s.id,
        "hoc_phan": module_id,
        "hoc_phan_ten": module_title,
        "ten": s.title,
        "muc_tieu": s.goal,
        "thu_tuc": {"slug": p.slug, "ma": p.code, "ten": p.name},
        "du_lieu": [{"nhan": label, "gia_tri": value} for label, value in s.data.items()],
        "loi": list(s.errors),
    }


_AMOUNT = re.compile(r"(\d{1,3}(?:\.\d{3})+|\d+)\s*đồng")


def fee_amount(fee: str) -> int:
    """The amount to pay online, in đồng: the first amount written in the fee text, else 0.

    ``"10.000 đồng/lần đăng ký"`` -> 10000; ``"Miễn lệ phí khi đăng ký đúng hạn."`` -> 0.
    """
    match = _AMOUNT.search(fee)
    return int(match.group(1).replace(".", "")) if match else 0


def document_required(item: DocumentItem) -> bool:
    """Whether the online form requires a file for this document.

    Not required: documents only shown for comparison (``handling: xuat-trinh``), needed
    only in some situations (note starting "Chỉ cần" or "Không cần", name with "(khi ...)"),
    or optional ("nếu có").
    """
    if item.shown_only:
        return False
    name, note = fold(item.name), fold(item.note or "")
    if "neu co" in name or "neu co" in note or "(khi " in name:
        return False
    return not note.startswith(("xuat trinh", "chi can", "khong can"))
