"""The procedure model: the one place where the YAML schema is defined.

Every field of the national procedure record (CSDL quốc gia về TTHC) has a home here,
plus what training needs. Field descriptions are in Vietnamese because they are shown
to maintainers: in editors (through ``procedures/schema.json``) and in the schema
reference page of the site.

Shared records (domains, agencies, legal documents, forms) live in
``procedures/_catalog/`` and are referenced by id; the loader checks those references.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
    model_validator,
)

from .portal_url import portal_path

# --------------------------------------------------------------------------------------
# Constrained strings
# --------------------------------------------------------------------------------------

#: Procedure code as in the national database, e.g. ``1.001193``; a province may add a
#: suffix, e.g. ``1.011441.H38``.
CODE_PATTERN = r"^[0-9]\.[0-9]{6}(\.[A-Z0-9]+)?$"
#: Ids of catalogue records and slugs of pages: lower-case ASCII words joined by hyphens.
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"

#: Characters that reorder text (bidi embeddings, overrides and isolates): they can make a
#: name read differently from what it is, so no text may hold them.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: Line breaks of every kind: none is allowed in a one-line field (names, titles, captions),
#: where one could forge a caption cue or break a heading.
LINE_BREAKS = frozenset("\n\r\v\f\x85\u2028\u2029")


#: The same sets as patterns: a search runs in C, without an object per character (a catalogue
#: of 2,000 procedures checks about 130,000 texts).
_BIDI_SEARCH = re.compile("[" + "".join(sorted(BIDI_CONTROLS)) + "]")
_LINE_BREAK_SEARCH = re.compile("[" + re.escape("".join(sorted(LINE_BREAKS))) + "]")


def _is_visible(ch: str) -> bool:
    return not ch.isspace() and unicodedata.category(ch) not in ("Cf", "Cc", "Zs") and ch not in "\u3164\u2800"


def _visible(value: str) -> str:
    """Text that is more than spaces and invisible characters, with no bidi controls."""
    if _BIDI_SEARCH.search(value):
        raise ValueError("có ký tự điều khiển hướng chữ (U+202A–U+202E, U+2066–U+2069); xóa ký tự đó")
    # The text is stripped: its first character is nearly always the visible one.
    if not (value and _is_visible(value[0])) and not any(_is_visible(ch) for ch in value):
        raise ValueError("không được để trống (chỉ có khoảng trắng hoặc ký tự vô hình)")
    return value


def _one_line(value: str) -> str:
    if _LINE_BREAK_SEARCH.search(value):
        raise ValueError("chỉ được viết trên một dòng (không xuống dòng)")
    return value


#: "Not blank" for editors: the JSON Schema cannot strip before counting, so it asks for a
#: character that is not a space (invisible-only text is caught by the loader alone).
NOT_BLANK_PATTERN = r"\S"
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_visible),
                 Field(json_schema_extra={"pattern": NOT_BLANK_PATTERN})]
#: A text on one line: names, titles, captions.
Line = Annotated[Text, AfterValidator(_one_line)]
ProcedureCode = Annotated[str, StringConstraints(strip_whitespace=True, pattern=CODE_PATTERN)]
RecordId = Annotated[str, StringConstraints(strip_whitespace=True, pattern=ID_PATTERN)]


class FieldError(ValueError):
    """A rule across fields, broken at one of them: the loader points at that field's line."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


class Strict(BaseModel):
    """Base of every model: unknown fields are errors, so a typo never goes unnoticed.

    Booleans and numbers are strict (``StrictBool``, ``StrictInt``): the loader types scalars as
    YAML 1.2 and editors do, so ``yes`` or ``"30"`` are text there and must be text here too.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --------------------------------------------------------------------------------------
# Provenance: who compared a record with which official source, and the editors' to-do list
# --------------------------------------------------------------------------------------


_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _real_date(value: Any) -> Any:
    """``YYYY-MM-DD`` that exists on the calendar (YAML may give a date or a string)."""
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str) and _DATE_SHAPE.fullmatch(value.strip()):
        try:
            datetime.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"ngày {value.strip()} không có trên lịch") from None
    return value


DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
#: A legal document's date of issue: a full date, or the year alone while the day is not known.
ISSUED_PATTERN = r"^[0-9]{4}(-[0-9]{2}-[0-9]{2})?$"


def _number_as_written(value: Any) -> Any:
    """``date: 2025`` is a number to YAML 1.2; no number is a full date, so say which form is wanted
    (rather than "quote it", which would not make it one)."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


#: A date written as ``YYYY-MM-DD`` that exists on the calendar.
CalendarDate = Annotated[str, BeforeValidator(_real_date), BeforeValidator(_number_as_written),
                         StringConstraints(strip_whitespace=True, pattern=DATE_PATTERN)]


class Verification(Strict):
    """Ai đã đối chiếu bản ghi với nguồn chính thức nào, vào ngày nào."""

    by: Text = Field(description="Người đối chiếu và đơn vị, ví dụ `Nguyễn Văn A (Trung tâm Phục vụ hành chính "
                     "công)`.")
    date: CalendarDate = Field(description="Ngày đối chiếu, dạng `YYYY-MM-DD`.")
    source: Text = Field(description="Nguồn chính thức đã đối chiếu: mã thủ tục trong Cơ sở dữ liệu quốc gia về "
                         "thủ tục hành chính, hoặc số và ngày quyết định công bố.")

    @field_validator("date")
    @classmethod
    def _not_in_the_future(cls, value: str) -> str:
        if datetime.date.fromisoformat(value) > datetime.date.today():
            raise ValueError(f"ngày đối chiếu {value} chưa tới; ghi ngày đã thực sự đối chiếu")
        return value


#: Fields that were replaced: what to write instead (the loader says so instead of guessing).
RETIRED_FIELDS = {
    "sample": "đã bỏ: bản ghi chưa đối chiếu thì không ghi gì; đã đối chiếu thì ghi `verification` (by, date, source)",
    "source_note": "đã đổi thành `editor_notes` (danh sách việc cần làm, không hiện cho công chức)",
}


class Verifiable(Strict):
    """A record readers must be told about: verified (when, against what) or not."""

    verification: Verification | None = Field(
        None, description="Lần đối chiếu với nguồn chính thức (ai, ngày nào, nguồn nào). Không có nghĩa là "
        "CHƯA đối chiếu: trang ghi rõ “Chưa đối chiếu với văn bản chính thức”.")
    editor_notes: list[Text] = Field(
        default_factory=list, description="Việc người biên tập cần làm (nguồn cần tra, điểm cần kiểm tra). Chỉ "
        "dành cho người bảo trì, KHÔNG hiện cho công chức.")

    @property
    def verified(self) -> bool:
        return self.verification is not None


# --------------------------------------------------------------------------------------
# Enumerations (value in YAML -> Vietnamese label shown to readers)
# --------------------------------------------------------------------------------------


class Level(StrEnum):
    """Cấp thực hiện."""

    xa = "xa"
    tinh = "tinh"
    trung_uong = "trung-uong"

    @property
    def label(self) -> str:
        return {"xa": "Cấp xã", "tinh": "Cấp tỉnh", "trung-uong": "Cấp trung ương"}[self.value]


class OnlineLevel(StrEnum):
    """Mức độ dịch vụ công trực tuyến."""

    thong_tin = "thong-tin"
    mot_phan = "mot-phan"
    toan_trinh = "toan-trinh"

    @property
    def label(self) -> str:
        return {
            "thong-tin": "Cung cấp thông tin",
            "mot-phan": "Trực tuyến một phần",
            "toan-trinh": "Trực tuyến toàn trình",
        }[self.value]


class ChannelKind(StrEnum):
    """Cách thức thực hiện."""

    truc_tiep = "truc-tiep"
    truc_tuyen = "truc-tuyen"
    buu_chinh = "buu-chinh"

    @property
    def label(self) -> str:
        return {"truc-tiep": "Trực tiếp", "truc-tuyen": "Trực tuyến", "buu-chinh": "Bưu chính"}[
            self.value
        ]


# --------------------------------------------------------------------------------------
# Shared catalogue records (procedures/_catalog/*.yaml)
# --------------------------------------------------------------------------------------


class Domain(Strict):
    """Lĩnh vực (bản ghi trong ``_catalog/domains.yaml``)."""

    id: RecordId = Field(description="Mã định danh, dùng làm tên thư mục và đường dẫn, ví dụ `ho-tich`.")
    name: Line = Field(description="Tên lĩnh vực, ví dụ `Hộ tịch`.")
    description: Text | None = Field(None, description="Giới thiệu ngắn về lĩnh vực.")


class Agency(Strict):
    """Cơ quan (bản ghi trong ``_catalog/agencies.yaml``)."""

    id: RecordId = Field(description="Mã định danh, ví dụ `ubnd-xa`.")
    name: Line = Field(description="Tên cơ quan, ví dụ `Ủy ban nhân dân cấp xã`.")
    address: Text | None = Field(None, description="Địa chỉ tiếp nhận hồ sơ, nếu cố định.")
    sample: StrictBool = Field(False, description="`true` khi thông tin chưa được đối chiếu.")


class LegalDocument(Strict):
    """Văn bản pháp luật (bản ghi trong ``_catalog/legal.yaml``)."""

    id: RecordId = Field(description="Mã định danh, ví dụ `nd-123-2015`.")
    number: Line = Field(description="Số, ký hiệu, ví dụ `123/2015/NĐ-CP`.")
    title: Line = Field(description="Trích yếu.")
    issued: Annotated[str, BeforeValidator(_real_date)] | None = Field(
        None,
        pattern=ISSUED_PATTERN,
        description="Ngày ban hành, dạng `YYYY-MM-DD` (ngày có trên lịch), hoặc chỉ năm khi chưa rõ ngày.",
    )
    issuer: Line = Field(description="Cơ quan ban hành, ví dụ `Chính phủ`.")
    sample: StrictBool = Field(False, description="`true` khi thông tin chưa được đối chiếu.")


class Form(Strict):
    """Mẫu đơn, tờ khai (bản ghi trong ``_catalog/forms.yaml``)."""

    id: RecordId = Field(description="Mã định danh, ví dụ `ct01`.")
    code: Line = Field(description="Ký hiệu mẫu, ví dụ `CT01`.")
    name: Line = Field(description="Tên mẫu.")
    legal: RecordId | None = Field(None, description="Văn bản ban hành mẫu (id trong `legal.yaml`).")
    sample: StrictBool = Field(False, description="`true` khi thông tin chưa được đối chiếu.")


class LexiconEntry(Strict):
    """Từ thường gọi (bản ghi trong ``_catalog/lexicon.yaml``): cách người dân, công chức gọi
    một việc, và những từ chính thức mà tìm kiếm dùng thay cho nó."""

    #: Records of this file are keyed by their term (folded), not by an ``id``.
    KEY_FIELD: ClassVar[str] = "term"

    term: Text = Field(description="Từ hoặc cụm từ thường gọi, ví dụ `hộ khẩu`, `sổ đỏ`, `CCCD`.")
    means: list[Text] = Field(
        min_length=1,
        description="Các từ chính thức mà từ này chỉ đến, ví dụ `[cư trú, thường trú]`; "
        "tìm kiếm coi từ thường gọi như bất kỳ từ nào trong danh sách.",
    )
    note: Text | None = Field(None, description="Ghi chú cho người bảo trì (không hiện cho người đọc).")

    @field_validator("term")
    @classmethod
    def _has_letters(cls, term: str) -> str:
        from .text import search_key

        if not search_key(term):
            raise ValueError("từ thường gọi phải có chữ hoặc số")
        return term

    @property
    def id(self) -> str:
        """The term as search compares it: ``Hộ khẩu`` and ``ho khau`` are the same term."""
        from .text import search_key

        return search_key(self.term)


#: A phone number as people write it: groups of digits separated by spaces or dots.
PHONE_PATTERN = r"^[0-9]{3,4}([ .][0-9]{2,4}){1,3}$"


class Contact(Strict):
    """Đường dây hỗ trợ hoặc nơi cần liên hệ (bản ghi trong ``_catalog/contacts.yaml``).

    Mỗi số điện thoại chỉ viết ở đây, một lần; lỗi và thủ tục tham chiếu bằng id."""

    id: RecordId = Field(description="Mã định danh, ví dụ `tong-dai-ha-noi`.")
    name: Text = Field(description="Tên đường dây hoặc nơi liên hệ, ví dụ `Tổng đài thông minh thành phố Hà Nội`.")
    phone: str | None = Field(None, pattern=PHONE_PATTERN,
                              description="Số điện thoại, viết như khi đọc, ví dụ `1900 1009`. Bỏ trống nếu là "
                              "nơi đến trực tiếp.")
    scope: Text | None = Field(None, description="Hỗ trợ việc gì, ví dụ `Dịch vụ công của thành phố`.")
    note: Text | None = Field(None, description="Cách liên hệ thêm, ví dụ phím cần bấm.")
    editor_notes: list[Text] = Field(default_factory=list, description="Điểm cần kiểm tra; chỉ dành cho người "
                                     "bảo trì, không hiện cho công chức.")

    @property
    def digits(self) -> str:
        """The number without separators, for comparing numbers however they are written."""
        return "".join(ch for ch in self.phone or "" if ch.isdigit())


# --------------------------------------------------------------------------------------
# Common errors (procedures/_catalog/errors.yaml)
# --------------------------------------------------------------------------------------


class System(StrEnum):
    """Hệ thống nơi lỗi hiện ra."""

    cong_dvc = "cong-dvc"
    vneid = "vneid"
    thanh_toan = "thanh-toan"
    tai_lieu = "tai-lieu"
    mot_cua = "mot-cua"
    ho_tich = "ho-tich"

    @property
    def label(self) -> str:
        return {
            "cong-dvc": "Cổng Dịch vụ công",
            "vneid": "VNeID",
            "thanh-toan": "Thanh toán trực tuyến",
            "tai-lieu": "Tải tệp đính kèm",
            "mot-cua": "Phần mềm một cửa (phía công chức)",
            "ho-tich": "Phần mềm đăng ký, quản lý hộ tịch",
        }[self.value]


class Stage(StrEnum):
    """Bước mà người dùng đang làm khi gặp lỗi."""

    dang_nhap = "dang-nhap"
    bieu_mau = "bieu-mau"
    tai_len = "tai-len"
    thanh_toan = "thanh-toan"
    nop_ho_so = "nop-ho-so"
    ket_qua = "ket-qua"

    @property
    def label(self) -> str:
        return {
            "dang-nhap": "Đăng nhập",
            "bieu-mau": "Điền biểu mẫu",
            "tai-len": "Tải giấy tờ lên",
            "thanh-toan": "Thanh toán",
            "nop-ho-so": "Nộp hồ sơ",
            "ket-qua": "Nhận kết quả",
        }[self.value]


class Audience(StrEnum):
    """Ai gặp lỗi."""

    can_bo = "can-bo"
    cong_dan = "cong-dan"

    @property
    def label(self) -> str:
        return {"can-bo": "Công chức tại Bộ phận Một cửa", "cong-dan": "Công dân"}[self.value]


class Escalation(Strict):
    """Khi nào và báo cho ai khi không tự xử lý được."""

    when: Text = Field(description="Khi nào cần báo lên, ví dụ `Đã làm đủ các bước mà vẫn lỗi`.")
    contact: RecordId = Field(description="Báo cho ai: id trong `contacts.yaml`, ví dụ `tong-dai-ha-noi` "
                              "(số điện thoại chỉ viết trong danh mục đó).")
    also: list[RecordId] = Field(default_factory=list, description="Nơi liên hệ thêm, nếu cần (id trong "
                                 "`contacts.yaml`).")
    note: Text | None = Field(None, description="Cần nói gì, gửi gì khi báo, ví dụ mã hồ sơ và ảnh chụp màn hình.")


class CommonError(Verifiable):
    """Một lỗi thường gặp (bản ghi trong ``_catalog/errors.yaml``)."""

    id: RecordId = Field(description="Mã định danh, dùng làm đường dẫn, ví dụ `thue-bao-khong-khop`.")
    title: Line = Field(description="Tên lỗi ngắn gọn, theo cách công chức gọi.")
    messages: list[Line] = Field(
        min_length=1, description="Thông báo hiện trên màn hình, chép nguyên văn (mỗi biến thể một mục)."
    )
    system: System = Field(description="Hệ thống: `cong-dvc`, `vneid`, `thanh-toan`, `tai-lieu`, `mot-cua`, "
                           "`ho-tich`.")
    stage: Stage = Field(
        description="Bước: `dang-nhap`, `bieu-mau`, `tai-len`, `thanh-toan`, `nop-ho-so`, `ket-qua`."
    )
    who: list[Audience] = Field(min_length=1, description="Ai gặp lỗi: `can-bo`, `cong-dan`.")
    causes: list[Text] = Field(min_length=1, description="Nguyên nhân.")
    fix_steps: list[Text] = Field(min_length=1, description="Các bước xử lý cho công chức, theo thứ tự.")
    tell_citizen: Text = Field(description="Nói gì với công dân, bằng lời dễ hiểu.")
    escalate: Escalation = Field(description="Khi nào và báo cho ai.")
    related: list[RecordId] = Field(default_factory=list, description="Lỗi liên quan (id trong `errors.yaml`).")


# --------------------------------------------------------------------------------------
# Walkthrough: the script a headless browser follows in the portal to record a video
# --------------------------------------------------------------------------------------

#: Actions of a walkthrough step, in the order they are documented.
WALKTHROUGH_ACTIONS = ("open", "click", "fill", "select", "upload", "wait_for", "expect")
#: The field a shorthand step (``- click: Tiếp tục``) fills with its value.
SHORTHAND_FIELD = {"open": "url", "click": "text", "fill": "label", "select": "label",
                   "upload": "label", "wait_for": "text", "expect": "text"}
#: ``${NAME}`` in a fill value: taken from the environment when recording (credentials).
ENV_REFERENCE = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")


class Role(StrEnum):
    """Vai trò của phần tử (ARIA), như trình đọc màn hình đọc lên."""

    button = "button"
    link = "link"
    textbox = "textbox"
    searchbox = "searchbox"
    combobox = "combobox"
    listbox = "listbox"
    option = "option"
    checkbox = "checkbox"
    radio = "radio"
    switch = "switch"
    spinbutton = "spinbutton"
    tab = "tab"
    tabpanel = "tabpanel"
    menuitem = "menuitem"
    heading = "heading"
    dialog = "dialog"
    alert = "alert"
    status = "status"
    navigation = "navigation"
    region = "region"
    form = "form"
    table = "table"
    row = "row"
    cell = "cell"
    listitem = "listitem"
    img = "img"


class WaitState(StrEnum):
    """Chờ phần tử hiện ra hay biến mất."""

    visible = "visible"
    hidden = "hidden"


class ExpectState(StrEnum):
    """Trạng thái phần tử phải có."""

    visible = "visible"
    hidden = "hidden"
    enabled = "enabled"
    disabled = "disabled"
    checked = "checked"
    unchecked = "unchecked"


def _portal_path(url: str | None) -> str | None:
    # Read as a browser reads it (generators/portal_url.py). None: no start page (a cached
    # procedure is validated again from JSON, where the empty field is written out).
    return None if url is None else portal_path(url)


class _StepBase(Strict):
    action: str = Field(description="Hành động: " + ", ".join(f"`{a}`" for a in WALKTHROUGH_ACTIONS) + ".")
    caption: Line = Field(description="Lời thuyết minh: điều người hướng dẫn nói ở bước này; hiện trên video "
                          "và trong phụ đề.")
    chapter: Line | None = Field(None, description="Tên chương trong video; mặc định là đầu lời thuyết minh.")
    timeout: StrictFloat | None = Field(None, gt=0, le=120, description="Chờ tối đa bao nhiêu giây (mặc định 10).")


class _Target(Strict):
    """Tìm phần tử như người dùng thấy: vai trò và tên, nhãn, hoặc chữ hiển thị (không dùng CSS)."""

    role: Role | None = Field(None, description="Vai trò của phần tử, ví dụ `button`, `link`, `textbox`.")
    name: Text | None = Field(None, description="Tên của phần tử có `role`, ví dụ chữ trên nút `Tiếp tục`.")
    label: Text | None = Field(None, description="Nhãn của ô nhập, ví dụ `Họ, chữ đệm và tên`.")
    text: Text | None = Field(None, description="Chữ hiển thị trên trang.")
    exact: StrictBool = Field(True, description="`true`: tên, nhãn, chữ phải khớp trọn vẹn; `false`: chỉ cần chứa.")

    @model_validator(mode="after")
    def _one_way_to_find(self) -> _Target:
        if self.name and not self.role:
            raise ValueError("name chỉ dùng kèm role, ví dụ role: button và name: Tiếp tục")
        ways = [key for key in ("role", "label", "text") if getattr(self, key)]
        if len(ways) != 1:
            found = f" (đang có: {', '.join(ways)})" if ways else ""
            raise ValueError(f"cần đúng một cách tìm phần tử: role (kèm name), label hoặc text{found}")
        return self

    @property
    def target(self) -> str:
        """How the step names its element in messages: ``button "Tiếp tục"``."""
        if self.role:
            return f'{self.role.value} "{self.name}"' if self.name else self.role.value
        if self.label:
            return f'label "{self.label}"'
        return f'text "{self.text}"' if self.text else ""


class OpenStep(_StepBase):
    """Mở một trang của cổng."""

    action: Literal["open"]
    url: Text = Field(description="Đường dẫn trong cổng, tính từ gốc cổng, ví dụ `dich-vu/khai-sinh.html`.")

    _relative = field_validator("url")(_portal_path)

    @property
    def target(self) -> str:
        return self.url


class ClickStep(_StepBase, _Target):
    """Bấm vào một nút, đường dẫn hoặc phần tử."""

    action: Literal["click"]


class FillStep(_StepBase, _Target):
    """Gõ dữ liệu mẫu vào một ô nhập."""

    action: Literal["fill"]
    value: str = Field(description="Dữ liệu MẪU (không dùng dữ liệu thật). `${TEN_BIEN}` lấy từ biến môi trường "
                       "khi quay (tài khoản, mật khẩu) và luôn được làm mờ.")
    mask: StrictBool = Field(False, description="`true` để làm mờ giá trị này trên video (số định danh, "
                             "số điện thoại).")

    @property
    def from_environment(self) -> list[str]:
        """Environment variables the value refers to."""
        return ENV_REFERENCE.findall(self.value)


class SelectStep(_StepBase, _Target):
    """Chọn một mục trong danh sách thả xuống."""

    action: Literal["select"]
    option: Text = Field(description="Mục cần chọn, đúng như chữ hiện trong danh sách.")


class UploadStep(_StepBase, _Target):
    """Đính kèm một tệp mẫu."""

    action: Literal["upload"]
    file: Text = Field(description="Tên tệp mẫu trong `sandbox/mau/`, ví dụ `giay-chung-sinh.pdf`.")

    @field_validator("file")
    @classmethod
    def _plain_file_name(cls, value: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value) or ".." in value:
            raise ValueError("chỉ ghi tên tệp trong sandbox/mau/ (chữ không dấu, số, '.', '-', '_'), "
                             "không ghi thư mục")
        return value


class WaitForStep(_StepBase, _Target):
    """Chờ một phần tử hiện ra (hoặc biến mất)."""

    action: Literal["wait_for"]
    state: WaitState = Field(WaitState.visible, description="`visible` (mặc định) hoặc `hidden`.")


class ExpectStep(_StepBase):
    """Kiểm tra trang hiển thị đúng: một dòng chữ, hoặc trạng thái của một phần tử."""

    action: Literal["expect"]
    role: Role | None = Field(None, description="Vai trò của phần tử cần kiểm tra.")
    name: Text | None = Field(None, description="Tên của phần tử có `role`.")
    label: Text | None = Field(None, description="Nhãn của ô nhập cần kiểm tra.")
    text: Text | None = Field(None, description="Chữ phải hiện trên trang (hoặc trong phần tử, khi có role/label).")
    state: ExpectState | None = Field(None, description="Trạng thái phải có: `visible`, `hidden`, `enabled`, "
                                      "`disabled`, `checked`, `unchecked`.")
    exact: StrictBool = Field(False, description="`true`: chữ (`text`) phải khớp trọn vẹn; `false` (mặc định): chỉ cần "
                        "chứa. Tên (`name`) và nhãn (`label`) luôn phải khớp trọn vẹn.")

    @model_validator(mode="after")
    def _something_to_check(self) -> ExpectStep:
        if self.name and not self.role:
            raise ValueError("name chỉ dùng kèm role, ví dụ role: heading và name: Kết quả")
        if self.role and self.label:
            raise ValueError("chỉ dùng một cách tìm phần tử: role (kèm name) hoặc label")
        if not self.text and not self.state:
            raise ValueError("cần text (chữ phải hiện) hoặc state (trạng thái phải có)")
        if not self.text and not (self.role or self.label):
            raise ValueError("state cần một phần tử: thêm role (kèm name) hoặc label")
        return self

    @property
    def target(self) -> str:
        if self.role:
            return f'{self.role.value} "{self.name}"' if self.name else self.role.value
        if self.label:
            return f'label "{self.label}"'
        return f'text "{self.text}"'


def _expand_shorthand(data: Any) -> Any:
    """``- click: Tiếp tục`` -> ``{action: click, text: Tiếp tục}``; a mapping value is merged."""
    if not isinstance(data, dict):
        return data
    keys = [key for key in WALKTHROUGH_ACTIONS if key in data]
    if not keys:
        return data
    if "action" in data or len(keys) > 1:
        written = (["action"] if "action" in data else []) + keys
        raise ValueError(f"mỗi bước chỉ một hành động (đang có: {', '.join(written)})")
    action, value = keys[0], data[keys[0]]
    rest = {key: item for key, item in data.items() if key != action}
    if isinstance(value, dict):
        twice = sorted(set(value) & set(rest))
        if twice:
            raise ValueError(f"trường {', '.join(twice)} được ghi hai lần")
        return {"action": action, **value, **rest}
    if value is None:
        return {"action": action, **rest}
    if SHORTHAND_FIELD[action] in rest:
        raise ValueError(f"trường {SHORTHAND_FIELD[action]} được ghi hai lần (`{action}: …` đã là "
                         f"{SHORTHAND_FIELD[action]})")
    return {"action": action, SHORTHAND_FIELD[action]: value, **rest}


WalkthroughStep = Annotated[
    OpenStep | ClickStep | FillStep | SelectStep | UploadStep | WaitForStep | ExpectStep,
    Field(discriminator="action"),
    BeforeValidator(_expand_shorthand),
]
#: The model of each action (the loader uses it to list the valid fields of a step).
STEP_MODELS: dict[str, type[Strict]] = {
    "open": OpenStep, "click": ClickStep, "fill": FillStep, "select": SelectStep,
    "upload": UploadStep, "wait_for": WaitForStep, "expect": ExpectStep,
}


class Viewport(Strict):
    """Kích thước cửa sổ trình duyệt khi quay (điểm ảnh CSS)."""

    width: StrictInt = Field(1280, ge=640, le=3840, description="Chiều rộng, mặc định 1280.")
    height: StrictInt = Field(720, ge=360, le=2160, description="Chiều cao, mặc định 720.")


class Walkthrough(Strict):
    """Kịch bản video hướng dẫn: các bước trình duyệt làm trên cổng (bản thực hành), mỗi bước một lời thuyết minh.

    Chỉ dùng dữ liệu mẫu. Phần tử được tìm như người dùng thấy (vai trò và tên, nhãn, chữ), không dùng CSS.
    """

    start: Text | None = Field(None, description="Trang mở trước bước 1 (đường dẫn trong cổng); bỏ trống thì bước 1 "
                               "phải là `open`.")
    viewport: Viewport | None = Field(None, description="Kích thước cửa sổ; mặc định 1280×720.")
    mask: list[Text] = Field(default_factory=list, description="Giá trị mẫu cần làm mờ ở mọi chỗ trên video, "
                             "kể cả khi cổng tự điền (ví dụ số định danh lấy từ tài khoản).")
    steps: list[WalkthroughStep] = Field(min_length=1, description="Các bước, theo thứ tự.")

    _relative = field_validator("start")(_portal_path)

    @model_validator(mode="after")
    def _starts_on_a_page(self) -> Walkthrough:
        if self.start is None and self.steps[0].action != "open":
            raise ValueError("bước đầu tiên phải là open, hoặc khai báo start (trang mở trước bước 1)")
        return self


# --------------------------------------------------------------------------------------
# Parts of a procedure
# --------------------------------------------------------------------------------------


class Channel(Strict):
    """Một cách thức thực hiện: thời hạn, phí, lệ phí và mô tả."""

    kind: ChannelKind = Field(description="`truc-tiep`, `truc-tuyen` hoặc `buu-chinh`.")
    time: Text = Field(description="Thời hạn giải quyết, ví dụ `Trong ngày`, `07 ngày làm việc`.")
    fee: Text = Field(description="Phí, lệ phí, ví dụ `Miễn lệ phí` hoặc `20.000 đồng`.")
    description: Text | None = Field(None, description="Mô tả thêm về cách thức này.")


class Step(Strict):
    """Một bước trong trình tự thực hiện."""

    title: Line = Field(description="Tên bước, ngắn gọn, bắt đầu bằng động từ.")
    detail: Text | None = Field(None, description="Giải thích chi tiết cho công chức.")
    who: Text | None = Field(None, description="Ai thực hiện bước này (công dân, công chức Bộ phận Một cửa, ...).")


class Handling(StrEnum):
    """Giấy tờ được nộp (cơ quan giữ lại) hay chỉ xuất trình để đối chiếu."""

    nop = "nop"
    xuat_trinh = "xuat-trinh"

    @property
    def label(self) -> str:
        return {"nop": "Nộp", "xuat-trinh": "Xuất trình để đối chiếu, không nộp"}[self.value]


class DocumentItem(Strict):
    """Một giấy tờ trong thành phần hồ sơ."""

    name: Line = Field(description="Tên giấy tờ.")
    form: RecordId | None = Field(None, description="Mẫu đơn, tờ khai (id trong `forms.yaml`).")
    handling: Handling = Field(Handling.nop, description="`nop` (mặc định): nộp, cần số bản chính hoặc bản sao; "
                               "`xuat-trinh`: chỉ xuất trình để đối chiếu, không nộp, không ghi số bản.")
    originals: StrictInt = Field(0, ge=0, description="Số bản chính (giấy tờ nộp).")
    copies: StrictInt = Field(0, ge=0, description="Số bản sao (giấy tờ nộp).")
    note: Text | None = Field(None, description="Ghi chú: khi nào cần, trường hợp được miễn, ...")

    @model_validator(mode="after")
    def _counts_match_handling(self) -> DocumentItem:
        if self.handling is Handling.nop and self.originals == 0 and self.copies == 0:
            raise FieldError("originals", "giấy tờ nộp cần ít nhất một bản chính hoặc bản sao (originals/copies); "
                             "giấy tờ chỉ xuất trình thì ghi handling: xuat-trinh")
        if self.handling is Handling.xuat_trinh and (self.originals or self.copies):
            field_name = "originals" if self.originals else "copies"
            raise FieldError(field_name, "giấy tờ xuất trình (handling: xuat-trinh) không nộp nên không ghi số bản; "
                             "bỏ originals/copies, hoặc đổi handling thành nop")
        return self

    @property
    def shown_only(self) -> bool:
        return self.handling is Handling.xuat_trinh


class DocumentCase(Strict):
    """Thành phần hồ sơ cho một trường hợp."""

    case: Line = Field(description="Trường hợp áp dụng, ví dụ `Trường hợp thông thường`.")
    items: list[DocumentItem] = Field(min_length=1, description="Các giấy tờ cần có.")


class LegalRef(Strict):
    """Một dòng của căn cứ pháp lý."""

    doc: RecordId = Field(description="Văn bản (id trong `legal.yaml`).")
    articles: Text | None = Field(None, description="Điều, khoản áp dụng, nếu cần chỉ rõ.")


class Related(Strict):
    """Thủ tục liên quan: trong danh mục (tên lấy từ danh mục) hoặc ngoài danh mục (cần `name`)."""

    code: ProcedureCode = Field(description="Mã thủ tục liên quan.")
    name: Text | None = Field(None, description="Tên thủ tục; bắt buộc khi mã chưa có trong danh mục.")
    note: Text | None = Field(None, description="Quan hệ với thủ tục này.")


class Replaced(Strict):
    """Một mã thủ tục cũ mà thủ tục này thay thế."""

    code: ProcedureCode = Field(description="Mã cũ, ví dụ `2.000986`.")
    name: Text = Field(description="Tên thủ tục cũ.")
    note: Text | None = Field(None, description="Văn bản bãi bỏ, thời điểm thay thế, ...")


class UnknownFact(StrEnum):
    """Điều bản ghi chưa biết (chưa có nguồn chính thức); trang ghi rõ “Chưa xác định”."""

    code = "code"
    decision = "decision"
    kind = "kind"
    online_level = "online_level"
    executing_agency = "executing_agency"
    competent_authority = "competent_authority"
    receiving_address = "receiving_address"
    time = "time"
    fee = "fee"
    fee_exemptions = "fee_exemptions"
    documents = "documents"
    forms = "forms"
    steps = "steps"
    conditions = "conditions"
    result = "result"
    legal_basis = "legal_basis"

    @property
    def label(self) -> str:
        return {
            "code": "Mã thủ tục",
            "decision": "Quyết định công bố",
            "kind": "Loại thủ tục",
            "online_level": "Mức độ trực tuyến",
            "executing_agency": "Cơ quan thực hiện",
            "competent_authority": "Cơ quan có thẩm quyền",
            "receiving_address": "Nơi tiếp nhận hồ sơ",
            "time": "Thời hạn giải quyết",
            "fee": "Phí, lệ phí",
            "fee_exemptions": "Đối tượng được miễn phí, lệ phí",
            "documents": "Thành phần hồ sơ",
            "forms": "Mẫu đơn, tờ khai",
            "steps": "Trình tự thực hiện",
            "conditions": "Yêu cầu, điều kiện",
            "result": "Kết quả thực hiện",
            "legal_basis": "Căn cứ pháp lý",
        }[self.value]


class Change(Strict):
    """Một dòng nhật ký thay đổi của thủ tục."""

    date: CalendarDate = Field(description="Ngày thay đổi, dạng `YYYY-MM-DD`.")
    summary: Text = Field(description="Thay đổi gì, viết cho công chức đọc.")
    legal: RecordId | None = Field(None, description="Văn bản gây ra thay đổi (id trong `legal.yaml`).")


class Question(Strict):
    """Một câu hỏi thường gặp."""

    q: Text = Field(description="Câu hỏi.")
    a: Text = Field(description="Trả lời.")


# --------------------------------------------------------------------------------------
# The procedure
# --------------------------------------------------------------------------------------


class Procedure(Verifiable):
    """Một thủ tục hành chính: một tệp YAML trong ``procedures/<lĩnh-vực>/``."""

    # Identity (Mã thủ tục, Số quyết định, Tên thủ tục, ...)
    code: ProcedureCode = Field(description="Mã thủ tục, ví dụ `1.001193` hoặc `1.011441.H38`.")
    slug: RecordId | None = Field(
        None, description="Tên đường dẫn của trang; mặc định là tên tệp (không có `.yaml`)."
    )
    name: Line = Field(description="Tên thủ tục.")
    replaces: list[Replaced] = Field(default_factory=list, description="Mã thủ tục cũ mà thủ tục này thay thế.")
    decision: Text | None = Field(None, description="Số quyết định công bố thủ tục.")
    level: Level = Field(description="Cấp thực hiện: `xa`, `tinh` hoặc `trung-uong`.")
    kind: Text | None = Field(None, description="Loại thủ tục.")
    domain: RecordId = Field(description="Lĩnh vực (id trong `domains.yaml`).")
    online_level: OnlineLevel = Field(
        description="Mức độ dịch vụ công trực tuyến: `thong-tin`, `mot-phan` hoặc `toan-trinh`."
    )
    popular: StrictBool = Field(False, description="`true` để đưa lên mục “Thủ tục hay dùng” ở trang chủ.")

    # For the clerk
    summary: Text = Field(description="Tóm tắt bằng lời dễ hiểu cho công chức Bộ phận Một cửa (2–3 câu).")
    description: Text | None = Field(None, description="Mô tả (như trong CSDL quốc gia).")
    keywords: list[Line] = Field(
        default_factory=list, description="Từ khóa giúp tìm kiếm (tên gọi khác, viết tắt)."
    )

    # Who and where
    applicants: list[Text] = Field(min_length=1, description="Đối tượng thực hiện.")
    executing_agency: RecordId = Field(description="Cơ quan thực hiện (id trong `agencies.yaml`).")
    competent_authority: RecordId | None = Field(
        None, description="Cơ quan có thẩm quyền (id trong `agencies.yaml`)."
    )
    delegated_agencies: list[RecordId] = Field(
        default_factory=list, description="Cơ quan được ủy quyền (id trong `agencies.yaml`)."
    )
    coordinating_agencies: list[RecordId] = Field(
        default_factory=list, description="Cơ quan phối hợp (id trong `agencies.yaml`)."
    )
    receiving_address: Text | None = Field(None, description="Địa chỉ tiếp nhận hồ sơ.")

    # How
    channels: list[Channel] = Field(min_length=1, description="Cách thức thực hiện.")
    steps: list[Step] = Field(min_length=1, description="Trình tự thực hiện, theo thứ tự.")
    documents: list[DocumentCase] = Field(min_length=1, description="Thành phần hồ sơ theo trường hợp.")
    fee_exemptions: list[Text] = Field(
        default_factory=list, description="Đối tượng được miễn phí, lệ phí: mỗi nhóm một mục.")
    conditions: list[Text] = Field(default_factory=list, description="Yêu cầu, điều kiện thực hiện.")
    result: list[Text] = Field(min_length=1, description="Kết quả thực hiện.")
    legal_basis: list[LegalRef] = Field(min_length=1, description="Căn cứ pháp lý.")

    # For training
    tips: list[Text] = Field(default_factory=list, description="Mẹo, lưu ý khi tiếp nhận hồ sơ.")
    two_tier_changes: list[Text] = Field(
        default_factory=list,
        description="Điểm thay đổi từ khi vận hành chính quyền địa phương hai cấp (01/7/2025).",
    )
    related: list[Related] = Field(default_factory=list, description="Thủ tục liên quan.")
    common_errors: list[RecordId] = Field(
        default_factory=list, description="Lỗi thường gặp khi làm thủ tục này (id trong `errors.yaml`)."
    )
    walkthrough: Walkthrough | None = Field(
        None, description="Kịch bản video hướng dẫn trên cổng (bản thực hành)."
    )
    faq: list[Question] = Field(default_factory=list, description="Câu hỏi thường gặp.")

    # Provenance (verification and editor_notes come from Verifiable)
    changes: list[Change] = Field(
        default_factory=list, description="Nhật ký thay đổi, mới nhất trước; hiện trên trang “Có gì mới”."
    )
    unknown: list[UnknownFact] = Field(
        default_factory=list, description="Điều bản ghi chưa biết, chưa có nguồn chính thức (tên trường, ví dụ "
        "`fee`, `code`); trang ghi rõ “Chưa xác định — chưa có nguồn chính thức”. Ghi thêm editor_notes nói cần "
        "tra ở đâu.")

    @model_validator(mode="after")
    def _replaces_other_codes(self) -> Procedure:
        codes = [r.code for r in self.replaces]
        if self.code in codes:
            raise FieldError("replaces", f"thủ tục không thể thay thế chính mã của nó ({self.code})")
        if len(set(codes)) != len(codes):
            raise FieldError("replaces", "một mã cũ ghi hai lần trong replaces")
        return self

    @model_validator(mode="after")
    def _unknown_once(self) -> Procedure:
        if len(set(self.unknown)) != len(self.unknown):
            raise FieldError("unknown", "một trường ghi hai lần trong unknown")
        return self

    @model_validator(mode="after")
    def _one_row_per_channel(self) -> Procedure:
        kinds = [c.kind for c in self.channels]
        for kind in set(kinds):
            if kinds.count(kind) > 1:
                raise FieldError("channels", f"cách thức '{kind.value}' xuất hiện nhiều lần trong channels")
        return self

    @model_validator(mode="after")
    def _changes_newest_first(self) -> Procedure:
        dates = [c.date for c in self.changes]
        if dates != sorted(dates, reverse=True):
            raise FieldError("changes", "nhật ký thay đổi (changes) phải xếp ngày mới nhất trước")
        return self

    @property
    def last_change(self) -> Change | None:
        return self.changes[0] if self.changes else None

    def is_unknown(self, fact: str) -> bool:
        return fact in {u.value for u in self.unknown}

    @property
    def forms_used(self) -> list[str]:
        """Ids of the forms its documents refer to, in order of appearance."""
        return [i.form for c in self.documents for i in c.items if i.form]


# --------------------------------------------------------------------------------------
# Training modules (procedures/_modules/*.yaml): session plans, slides, scenarios, quizzes
# --------------------------------------------------------------------------------------


class SegmentKind(StrEnum):
    """Loại phần trong chương trình buổi học."""

    gioi_thieu = "gioi-thieu"
    video = "video"
    trinh_dien = "trinh-dien"
    thuc_hanh = "thuc-hanh"
    kiem_tra = "kiem-tra"
    hoi_dap = "hoi-dap"

    @property
    def label(self) -> str:
        return {
            "gioi-thieu": "Giới thiệu",
            "video": "Xem video hướng dẫn",
            "trinh-dien": "Trình diễn trên cổng thực hành",
            "thuc-hanh": "Bài thực hành",
            "kiem-tra": "Tự kiểm tra",
            "hoi-dap": "Hỏi đáp",
        }[self.value]


class Segment(Strict):
    """Một phần của buổi học, theo thứ tự thời gian."""

    kind: SegmentKind = Field(description="`gioi-thieu`, `video`, `trinh-dien`, `thuc-hanh`, `kiem-tra`, `hoi-dap`.")
    title: Line = Field(description="Tên phần, ngắn gọn.")
    minutes: StrictInt = Field(ge=1, le=240, description="Thời lượng (phút).")
    say: Text = Field(description="Giảng viên nói gì (gợi ý lời dẫn).")
    share: Text | None = Field(None, description="Chia sẻ gì lên màn hình Zoom.")
    procedure: ProcedureCode | None = Field(
        None, description="Thủ tục có video hoặc kịch bản dùng trong phần này (mã thủ tục)."
    )
    from_chapter: StrictInt | None = Field(None, ge=1, description="Phát video từ chương (bước) số mấy.")
    to_chapter: StrictInt | None = Field(None, ge=1, description="Phát video đến hết chương (bước) số mấy.")
    scenario: RecordId | None = Field(None, description="Bài thực hành trên cổng thực hành (id trong `scenarios`).")

    @model_validator(mode="after")
    def _what_each_kind_needs(self) -> Segment:
        if self.kind is SegmentKind.video and not self.procedure:
            raise FieldError("kind", "phần video cần `procedure`: mã thủ tục có video hướng dẫn")
        if self.kind is SegmentKind.thuc_hanh and not self.scenario:
            raise FieldError("kind", "phần thực hành cần `scenario`: id bài thực hành")
        if self.from_chapter and self.to_chapter and self.from_chapter > self.to_chapter:
            raise FieldError("from_chapter", "from_chapter phải nhỏ hơn hoặc bằng to_chapter")
        return self


class Scenario(Strict):
    """Bài thực hành trên cổng thực hành: mục tiêu, dữ liệu mẫu, lỗi bật sẵn."""

    id: RecordId = Field(description="Mã định danh, dùng trong đường dẫn cổng thực hành.")
    title: Line = Field(description="Tên bài thực hành.")
    goal: Text = Field(description="Mục tiêu, ví dụ `Nộp hồ sơ đăng ký khai sinh cho bé ... với các giấy tờ sau`.")
    procedure: ProcedureCode = Field(description="Thủ tục cần nộp (mã thủ tục).")
    data: dict[str, Text] = Field(
        default_factory=dict, description="Dữ liệu mẫu học viên phải nhập: tên ô (nhãn trên cổng) -> giá trị."
    )
    errors: list[RecordId] = Field(
        default_factory=list, description="Lỗi bật sẵn để học viên tập xử lý (id trong `errors.yaml`)."
    )


class AnswerOption(Strict):
    """Một phương án trả lời."""

    text: Line = Field(description="Nội dung phương án.")
    correct: StrictBool = Field(False, description="`true` nếu là phương án đúng.")


class QuizQuestion(Strict):
    """Một câu hỏi tự kiểm tra."""

    q: Line = Field(description="Câu hỏi.")
    multiple: StrictBool = Field(False, description="`true` nếu được chọn nhiều phương án.")
    options: list[AnswerOption] = Field(min_length=2, description="Các phương án.")
    explanation: Text = Field(description="Giải thích đáp án đúng.")
    procedure: ProcedureCode | None = Field(None, description="Thủ tục có trang giải thích (mã thủ tục).")
    error: RecordId | None = Field(None, description="Lỗi có trang giải thích (id trong `errors.yaml`).")

    @model_validator(mode="after")
    def _well_formed(self) -> QuizQuestion:
        texts = [" ".join(o.text.casefold().split()) for o in self.options]
        if len(set(texts)) != len(texts):
            raise FieldError("options", "hai phương án trả lời trùng nhau")
        correct = sum(o.correct for o in self.options)
        if correct == 0:
            raise FieldError("options", "câu hỏi chưa có phương án đúng (correct: true)")
        if not self.multiple and correct > 1:
            raise FieldError("options", "câu hỏi một lựa chọn chỉ được có một phương án đúng; "
                             "đặt multiple: true nếu cần")
        return self


class TrainingModule(Verifiable):
    """Một học phần đào tạo: một tệp YAML trong ``procedures/_modules/``."""

    title: Line = Field(description="Tên học phần.")
    audience: Text = Field(description="Dành cho ai, ví dụ `Công chức Bộ phận Một cửa cấp xã mới nhận việc`.")
    minutes: StrictInt = Field(ge=5, le=480, description="Tổng thời lượng (phút); bằng tổng các phần trong `agenda`.")
    objectives: list[Text] = Field(min_length=1, description="Mục tiêu: học xong, học viên làm được gì.")
    procedures: list[ProcedureCode] = Field(default_factory=list, description="Các thủ tục trong học phần.")
    errors: list[RecordId] = Field(default_factory=list, description="Các lỗi thường gặp trong học phần.")
    checks: list[Text] = Field(default_factory=list, description="Việc cần kiểm tra trước buổi học.")
    agenda: list[Segment] = Field(min_length=1, description="Chương trình buổi học, theo thứ tự.")
    scenarios: list[Scenario] = Field(default_factory=list, description="Bài thực hành trên cổng thực hành.")
    quiz: list[QuizQuestion] = Field(default_factory=list, description="Câu hỏi tự kiểm tra sau buổi học.")

    @model_validator(mode="after")
    def _agenda_fills_the_session(self) -> TrainingModule:
        total = sum(s.minutes for s in self.agenda)
        if total != self.minutes:
            raise FieldError("minutes", f"các phần trong agenda cộng lại {total} phút, khác thời lượng "
                             f"học phần {self.minutes} phút")
        return self


# --------------------------------------------------------------------------------------
# Catalogue files: which model each file under _catalog/ holds
# --------------------------------------------------------------------------------------

CATALOG_FILES: dict[str, type[Strict]] = {
    "domains": Domain,
    "agencies": Agency,
    "legal": LegalDocument,
    "forms": Form,
    "contacts": Contact,
    "errors": CommonError,
    "lexicon": LexiconEntry,
}
