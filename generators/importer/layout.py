"""The official layout: find each procedure in a list of blocks, and its labelled parts.

Publishers write the same labels a little differently ("Trình tự thực hiện:", "a) Trình tự
thực hiện", "- Trình tự thực hiện", "2.1. TRÌNH TỰ THỰC HIỆN", "Cơ quan phối hợp (nếu có)"):
a paragraph is a label when, without its numbering, bullet and case, the words before the
first colon (or the whole paragraph) are one of the variants below.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field, replace

from ..text import fold
from .neutral import Block, SourceDoc

#: Part key -> label as printed by the exporter (the official wording, in the official order).
LABELS: dict[str, str] = {
    "code": "Mã thủ tục",
    "decision": "Số quyết định",
    "name": "Tên thủ tục",
    "level": "Cấp thực hiện",
    "kind": "Loại thủ tục",
    "domain": "Lĩnh vực",
    "description": "Mô tả",
    "steps": "Trình tự thực hiện",
    "channels": "Cách thức thực hiện",
    "documents": "Thành phần, số lượng hồ sơ",
    "time": "Thời hạn giải quyết",
    "applicants": "Đối tượng thực hiện",
    "executing_agency": "Cơ quan thực hiện",
    "competent_authority": "Cơ quan có thẩm quyền",
    "delegated_agencies": "Cơ quan được ủy quyền",
    "coordinating_agencies": "Cơ quan phối hợp",
    "receiving_address": "Địa chỉ tiếp nhận hồ sơ",
    "result": "Kết quả thực hiện",
    "fee": "Lệ phí",
    "forms": "Tên mẫu đơn, mẫu tờ khai",
    "conditions": "Yêu cầu, điều kiện thực hiện",
    "legal_basis": "Căn cứ pháp lý",
    "online_level": "Mức độ dịch vụ công trực tuyến",
}

#: Labels inside parts: who does a step, the case a list of documents is for, fee exemptions.
WHO_LABEL = "Người thực hiện"
CASE_LABEL = "Trường hợp"
EXEMPTIONS_LABEL = "Đối tượng được miễn lệ phí"

#: Other wordings seen in decisions and portals (folded, punctuation removed).
_VARIANTS: dict[str, tuple[str, ...]] = {
    "code": ("ma so thu tuc", "ma tthc", "ma so"),
    "decision": ("quyet dinh cong bo", "so quyet dinh cong bo"),
    "name": ("ten tthc",),
    "kind": ("loai tthc",),
    "level": ("cap thuc hien thu tuc", "cap"),
    "domain": ("linh vuc thuc hien",),
    "channels": ("cach thuc nop ho so",),
    "documents": ("thanh phan ho so", "thanh phan so luong ho so", "ho so"),
    "time": ("thoi han", "thoi gian giai quyet"),
    "applicants": ("doi tuong",),
    "executing_agency": ("co quan giai quyet", "co quan truc tiep thuc hien"),
    "competent_authority": ("co quan co tham quyen quyet dinh",),
    "receiving_address": ("dia chi tiep nhan hs", "noi tiep nhan ho so"),
    "result": ("ket qua", "ket qua giai quyet"),
    "fee": ("phi", "phi le phi", "le phi phi", "phi va le phi"),
    "forms": ("mau don mau to khai", "ten mau don to khai", "mau don to khai", "ten mau don"),
    "conditions": ("yeu cau dieu kien", "dieu kien thuc hien", "yeu cau dieu kien de thuc hien"),
    "legal_basis": ("co so phap ly",),
    "online_level": ("muc do dvc truc tuyen", "dich vu cong truc tuyen", "muc do dich vu cong"),
}

_ALL: dict[str, str] = {}
for _key, _label in LABELS.items():
    for _variant in (_label, *_VARIANTS.get(_key, ())):
        _ALL[re.sub(r"[^a-z0-9]+", " ", fold(_variant)).strip()] = _key

#: Numbering and bullets in front of a label: "1.", "2.1.", "a)", "(b)", "IV.", "-", "•", "+".
_PREFIX = re.compile(r"^\s*(?:[-–—•+*▪●]\s*|\(?[0-9]+(?:\.[0-9]+)*[.)]\s*|\(?[a-zđ][.)]\s+|"
                     r"\(?[IVXL]+[.)]\s+)*", re.IGNORECASE)
_TRAILING = re.compile(r"\s*(\((neu co|neu can)\)|thu tuc hanh chinh|tthc)\s*$")
#: A numbered paragraph that names a procedure in an appendix ("1. Thủ tục đăng ký khai sinh").
_NUMBERED = re.compile(r"^\s*[0-9]+(\.[0-9]+)*[.)]?\s+\S")

#: Parts that make a run of labels a procedure (a stray "Lệ phí:" in a preamble is not one).
_CORE = {"code", "steps", "channels", "documents", "applicants", "executing_agency", "result",
         "legal_basis", "time"}


def strip_prefix(text: str) -> str:
    return _PREFIX.sub("", text, count=1)


def label_of(block: Block) -> tuple[str, str] | None:
    """``(part key, inline value)`` when the block is a label, else None."""
    if block.is_table:
        return None
    body = strip_prefix(block.text)
    head, colon, rest = body.partition(":")
    key = _key(head)
    if key and colon:
        return key, rest.strip()
    if not colon:
        key = _key(body)
        if key:
            return key, ""
    return None


def _key(text: str) -> str | None:
    folded = re.sub(r"[^a-z0-9()]+", " ", fold(text)).strip()
    folded = _TRAILING.sub("", folded).strip()
    if len(folded) > 60:
        return None
    return _ALL.get(re.sub(r"[^a-z0-9]+", " ", folded).strip())


@dataclass
class Part:
    key: str
    label: Block
    inline: str = ""
    blocks: list[Block] = field(default_factory=list)

    def lines(self) -> list[tuple[Block, str]]:
        """The inline value, then each paragraph, with the block each came from."""
        out = [(self.label, self.inline)] if self.inline else []
        return out + [(b, b.text) for b in self.blocks if not b.is_table]

    def tables(self) -> list[Block]:
        return [b for b in self.blocks if b.is_table]


@dataclass
class Decision:
    """The publishing decision, as far as the document says."""

    number: str | None = None
    date: str | None = None  # YYYY-MM-DD
    issuer: str | None = None
    title: str | None = None

    def cite(self) -> str | None:
        if not self.number:
            return None
        if not self.date:
            return self.number
        y, m, d = self.date.split("-")
        return f"{self.number} ngày {d}/{m}/{y}"


@dataclass
class RawProcedure:
    source: SourceDoc
    heading: Block | None
    parts: dict[str, Part] = field(default_factory=dict)
    #: Headings above it: "I. Lĩnh vực Hộ tịch", "A. THỦ TỤC HÀNH CHÍNH CẤP XÃ".
    context: list[str] = field(default_factory=list)
    #: Labels seen twice: the later one is appended to the first part, and reported.
    repeated: list[Block] = field(default_factory=list)

    @property
    def where(self) -> str:
        first = self.heading or next(iter(self.parts.values())).label
        return first.where

    @property
    def is_procedure(self) -> bool:
        return len(_CORE & self.parts.keys()) >= 2


def split_procedures(doc: SourceDoc) -> tuple[Decision, list[RawProcedure]]:
    """The procedures of one document, in order, and the decision its preamble names."""
    found: list[RawProcedure] = []
    preamble: list[Block] = []
    current: RawProcedure | None = None
    last: Part | None = None
    pending: Block | None = None
    context: list[str] = []

    def close():
        nonlocal current, last
        if current is not None and current.is_procedure:
            found.append(current)
        elif current is not None:
            preamble.extend([p.label for p in current.parts.values()])
        current, last = None, None

    for block in _expand_label_tables(doc.blocks):
        label = label_of(block)
        if label:
            key, inline = label
            starts_new = current is None or (key in {"code", "name"} and key in current.parts
                                             and last is not None and last.key != key)
            if starts_new:
                heading = pending or (_take_numbered_name(last) if last else None)
                if heading is None and current is None and preamble and _NUMBERED.match(preamble[-1].text or ""):
                    heading = preamble.pop()
                close()
                current = RawProcedure(doc, heading, context=list(context))
                pending = None
            if key in current.parts:
                if last is None or last.key != key:
                    current.repeated.append(block)
                last = current.parts[key]
                if inline:
                    last.blocks.append(Block(block.where, inline))
            else:
                last = current.parts[key] = Part(key, block, inline)
            continue
        if block.heading:
            close()
            if pending is not None:
                context.append(pending.text)
            pending = block
            continue
        if last is not None:
            last.blocks.append(block)
        else:
            if pending is not None and not block.is_table and _NUMBERED.match(block.text):
                context.append(pending.text)
                pending = None
            preamble.append(block)
    close()
    return read_decision(preamble), found


def _expand_label_tables(blocks: list[Block]):
    """Portals often print a record as a two-column table, label | value: read it as paragraphs."""
    for block in blocks:
        rows = block.rows
        labelled = [r for r in rows if len(r) >= 2 and _key(r[0].rstrip(":"))]
        if not block.is_table or len(labelled) < 2 or len(labelled) < len(rows) / 2:
            yield block
            continue
        for n, row in enumerate(rows, start=1):
            where = f"{block.where}, dòng {n}"
            labelled_row = len(row) >= 2 and _key(row[0].rstrip(":"))
            if labelled_row:
                yield Block(where, row[0].rstrip(":").strip() + ":")
            first_value = 1 if labelled_row else 0
            if block.cells and n - 1 < len(block.cells):
                for cell in block.cells[n - 1][first_value:]:
                    # Bold text in a value cell is emphasis, not the next procedure's name.
                    yield from (replace(b, heading=False) for b in cell)
                continue
            for line in "\n".join(row[first_value:]).split("\n"):
                if line.strip():
                    yield Block(where, line.strip())


def _take_numbered_name(part: Part) -> Block | None:
    """In appendices the next procedure's name is often a plain numbered paragraph, read as
    the end of the previous procedure's last part: take it back."""
    if part.blocks and not part.blocks[-1].is_table and _NUMBERED.match(part.blocks[-1].text):
        return part.blocks.pop()
    return None


# --------------------------------------------------------------------------------------
# The decision: "Số: 1234/QĐ-UBND", "Hà Nội, ngày 05 tháng 11 năm 2026", issuer, subject
# --------------------------------------------------------------------------------------

NUMBER = re.compile(r"\b([0-9]+/(?:[0-9]{4}/)?[A-ZĐ][A-ZĐ0-9]*(?:-[A-ZĐ0-9]+)*)")
_DATE_WORDS = re.compile(r"ngày\s+([0-9]{1,2})\s+tháng\s+([0-9]{1,2})\s+năm\s+([0-9]{4})", re.IGNORECASE)
_DATE_SLASH = re.compile(r"\b([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b")


def find_date(text: str) -> str | None:
    for pattern in (_DATE_WORDS, _DATE_SLASH):
        match = pattern.search(text)
        if match:
            d, m, y = (int(g) for g in match.groups())
            try:
                return datetime.date(y, m, d).isoformat()
            except ValueError:  # "31/02/2026": not a day on the calendar, so not a date at all
                return None
    return None


def read_decision(preamble: list[Block]) -> Decision:
    decision = Decision()
    texts: list[str] = []
    for block in preamble:
        if block.is_table:
            texts += [line for row in block.rows for cell in row for line in cell.split("\n")]
        else:
            texts.append(block.text)
    for text in texts:
        folded = fold(text)
        if decision.number is None and re.match(r"^so\s*:", folded):
            match = NUMBER.search(text)
            if match:
                decision.number = match.group(1)
        if decision.date is None and _DATE_WORDS.search(text):
            decision.date = find_date(text)
        if decision.issuer is None and folded.startswith(("uy ban nhan dan", "ubnd ", "bo ", "chu tich")):
            decision.issuer = _sentence_case(text)
        if decision.title is None and folded.startswith(("ve viec", "v/v")):
            decision.title = text
    return decision


def _sentence_case(text: str) -> str:
    """"ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI" -> "Ủy ban nhân dân thành phố Hà Nội"."""
    words = " ".join(text.split()).lower().split(" ")
    out, proper = [], False
    for i, word in enumerate(words):
        out.append(word[:1].upper() + word[1:] if i == 0 or proper else word)
        if fold(" ".join(words[max(0, i - 1): i + 1])) in {"thanh pho", "tinh"}:
            proper = True
    return " ".join(out)
