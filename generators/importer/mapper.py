"""Labelled parts of one procedure -> data for the procedure model.

Whatever cannot be placed is reported with the paragraph it came from (nothing is dropped
silently); a part the model needs and the text does not give is an error for that
procedure (nothing is written); a fact the text does not give and a default cannot stand
in for (fee, time) is written as "not known" and listed in ``unknown``, never invented.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..load import PLACEHOLDER
from ..text import fold
from .catalogue import Resolver, key
from .layout import LABELS, NUMBER, Decision, Part, RawProcedure, find_date, strip_prefix
from .neutral import Block

UNKNOWN_TEXT = "Chưa xác định (chưa có nguồn chính thức)"
DEFAULT_CASE = "Trường hợp thông thường"
EXEMPTIONS_LABEL = "Đối tượng được miễn lệ phí"
WHO_LABEL = "Người thực hiện"
CASE_LABEL = "Trường hợp"
#: The fields an official record gives; the others (summary, tips, FAQ, walkthrough, keywords,
#: two-tier notes, related, errors, changes, ...) are written by people and kept on update.
OFFICIAL_FIELDS = ("code", "name", "decision", "level", "kind", "domain", "online_level", "description",
                   "applicants", "executing_agency", "competent_authority", "delegated_agencies",
                   "coordinating_agencies", "receiving_address", "channels", "steps", "documents",
                   "conditions", "result", "fee_exemptions", "legal_basis")
#: Placeholders for what only a person can write; validation warns until they are replaced.
PLACEHOLDERS = {
    "summary": f"{PLACEHOLDER} Tóm tắt 2–3 câu bằng lời dễ hiểu cho cán bộ một cửa.",
    "keywords": [f"{PLACEHOLDER} tên gọi khác, từ viết tắt mà người dân hay dùng"],
    "tips": [f"{PLACEHOLDER} lưu ý khi tiếp nhận hồ sơ"],
}
_KINDS = (("truc-tuyen", ("truc tuyen", "dien tu", "cong dich vu cong")), ("buu-chinh", ("buu chinh",)),
          ("truc-tiep", ("truc tiep",)))
_LEVELS = (("trung-uong", ("trung uong",)), ("tinh", ("tinh", "thanh pho")), ("xa", ("xa", "phuong")))
_ONLINE = (("toan-trinh", ("toan trinh", "muc do 4")), ("mot-phan", ("mot phan", "muc do 3")),
           ("thong-tin", ("thong tin", "muc do 2", "muc do 1")))
#: Facts the model lets a record mark as not known yet (``unknown:``).
_UNKNOWABLE = {"online_level", "time", "fee"}
_BULLET = re.compile(r"^\s*(?:[-–—•+*▪●]\s+|[0-9]{1,2}[.)]\s+|[a-zđ]\)\s+)")
_STEP = re.compile(r"^\s*(?:[-–—•+*]\s*)?bước\s+([0-9]+)\s*[:.)–-]?\s*(.*)$", re.IGNORECASE | re.DOTALL)


@dataclass
class Unmapped:
    where: str
    text: str
    why: str


@dataclass
class Mapped:
    raw: RawProcedure
    decision: Decision
    data: dict = field(default_factory=dict)
    unmapped: list[Unmapped] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        code, name = self.data.get("code"), self.data.get("name")
        return " ".join(str(x) for x in (code, name) if x) or self.raw.where

    def skip(self, block: Block, why: str, text: str | None = None) -> None:
        self.unmapped.append(Unmapped(block.where, text if text is not None else block.excerpt(), why))

    def fail(self, block: Block | None, message: str) -> None:
        self.errors.append(f"{block.where if block else self.raw.where}: {message}")


def item_text(text: str) -> str:
    """A list item without its bullet or number, and without the ';' lists end lines with."""
    text = _BULLET.sub("", text, count=1).strip()
    return re.sub(r"\s*;\s*$", "", text).strip()


def map_procedure(raw: RawProcedure, decision: Decision, resolver: Resolver, *, draft: bool = True) -> Mapped:
    m = Mapped(raw, _own_decision(raw, decision))
    parts = raw.parts
    for block in raw.repeated:
        m.skip(block, "nhãn xuất hiện lần nữa; nội dung được gộp vào phần đã có")
    found = raw.source.name

    # Identity
    code = _scalar(m, parts.get("code"))
    match = re.search(r"[0-9]\.[0-9]{6}(\.[A-Z0-9]+)?", code or "")
    if not match:
        m.fail(parts["code"].label if "code" in parts else raw.heading,
               "thủ tục không có mã (Mã thủ tục dạng N.NNNNNN)" if not code else f"mã thủ tục '{code}' không đúng dạng "
               "N.NNNNNN")
    else:
        m.data["code"] = match.group(0)
    name = _scalar(m, parts.get("name"))
    if not name and raw.heading is not None:
        name = _name_from_heading(raw.heading.text)
    if not name:
        m.fail(raw.heading, "thủ tục không có tên (Tên thủ tục hoặc tiêu đề đánh số)")
    else:
        m.data["name"] = name
    if "decision" in parts:
        m.data["decision"] = _scalar(m, parts["decision"])
    elif m.decision.cite():
        m.data["decision"] = m.decision.cite()
    m.data["level"] = _choice(m, parts.get("level"), _LEVELS, raw.context, "level", "xa")
    kind = _scalar(m, parts.get("kind"))
    if kind:
        m.data["kind"] = kind
    domain = _scalar(m, parts.get("domain")) or _domain_from_context(raw.context)
    if domain:
        m.data["domain"] = resolver.domain(domain, f"{found}, {_where(parts.get('domain'), raw)}")
    else:
        m.fail(raw.heading, "không rõ lĩnh vực (thiếu Lĩnh vực và không có tiêu đề lĩnh vực phía trên)")
    m.data["online_level"] = _choice(m, parts.get("online_level"), _ONLINE, [], "online_level", "thong-tin")
    if draft:
        m.data["summary"] = PLACEHOLDERS["summary"]
    description = _scalar(m, parts.get("description"))
    if description:
        m.data["description"] = description
    if draft:
        m.data["keywords"] = list(PLACEHOLDERS["keywords"])

    # Who and where
    _list(m, parts, "applicants", required=True)
    _agencies(m, parts, resolver, found)
    address = _scalar(m, parts.get("receiving_address"))
    if address:
        m.data["receiving_address"] = address

    # How
    _channels(m, parts)
    _steps(m, parts.get("steps"))
    _documents(m, parts, resolver, found)
    _list(m, parts, "conditions")
    _list(m, parts, "result", required=True)
    _legal_basis(m, parts.get("legal_basis"), resolver, found)
    if draft:
        m.data["tips"] = list(PLACEHOLDERS["tips"])
        if m.unknown:
            m.data["unknown"] = m.unknown
        cite = m.decision.cite()
        m.data["editor_notes"] = [
            f"Nhập từ {Path(found).name}" + (f" (Quyết định {cite})" if cite else "") + "; chưa đối chiếu với bản gốc.",
            *m.notes,
        ]
    return m


# --------------------------------------------------------------------------------------
# Scalars, lists, choices
# --------------------------------------------------------------------------------------


def _own_decision(raw: RawProcedure, decision: Decision) -> Decision:
    """The decision a change is dated from and cites: the document's own (an amending decision
    that reprints a procedure), else the one the procedure's "Số quyết định" names."""
    part = raw.parts.get("decision")
    if part is None or (decision.number and decision.date):
        return decision
    text = " ".join(t for _, t in part.lines())
    number = NUMBER.search(text)
    if decision.number:
        return Decision(decision.number, decision.date or None, decision.issuer, decision.title)
    return Decision(number.group(1) if number else None, find_date(text), decision.issuer, decision.title)


def _scalar(m: Mapped, part: Part | None) -> str | None:
    if part is None:
        return None
    for table in part.tables():
        m.skip(table, f"bảng trong phần “{LABELS[part.key]}” không được đọc")
    lines = [text for _, text in part.lines()]
    return "\n".join(lines) if lines else None


def _list(m: Mapped, parts: dict[str, Part], name: str, required: bool = False) -> None:
    part = parts.get(name)
    items = []
    if part is not None:
        items = [item_text(text) for _, text in part.lines()]
        # "Không" / "Không có": the official way of saying the list is empty.
        items = [i for i in items if i and key(i) not in {"khong", "khong co"}]
        for table in part.tables():
            rows = [item_text(" ".join(c for c in row if c)) for row in table.rows]
            items += [r for r in rows if r]
    if items:
        m.data[name] = items
    elif required:
        m.fail(part.label if part else m.raw.heading, f"thiếu phần “{LABELS[name]}”")


def _choice(m: Mapped, part: Part | None, table, context: list[str], name: str, default: str) -> str:
    text = _scalar(m, part) or ""
    folded = key(text) if text else ""
    for value, words in table:
        if any(re.search(rf"\b{w}\b", folded) for w in words):
            return value
    if part is not None and text:
        m.skip(part.label, f"không hiểu giá trị “{text}”; ghi tạm “{default}”")
    for heading in context:
        for value, words in table:
            if any(re.search(rf"\bcap {w}\b", key(heading)) for w in words):
                return value
    if name in _UNKNOWABLE:
        m.unknown.append(name)
    m.notes.append(f"Tra {LABELS[name].lower()} trong bản ghi chính thức (tạm ghi “{default}”).")
    return default


def _name_from_heading(text: str) -> str:
    name = strip_prefix(text).strip()
    name = re.sub(r"^(thủ tục|TTHC)\s*:?\s+", "", name, flags=re.IGNORECASE)
    return name[:1].upper() + name[1:]


def _domain_from_context(context: list[str]) -> str | None:
    for heading in reversed(context):
        body = strip_prefix(heading)
        if fold(body).startswith("linh vuc "):
            rest = body.split(" ", 2)[2].strip(" :")
            return rest[:1].upper() + rest[1:]
    return None


def _where(part: Part | None, raw: RawProcedure) -> str:
    return part.label.where if part else raw.where


# --------------------------------------------------------------------------------------
# Agencies
# --------------------------------------------------------------------------------------


def _agencies(m: Mapped, parts: dict[str, Part], resolver: Resolver, found: str) -> None:
    for name, single in (("executing_agency", True), ("competent_authority", True),
                         ("delegated_agencies", False), ("coordinating_agencies", False)):
        part = parts.get(name)
        if part is None:
            continue
        names = [item_text(t) for _, t in part.lines()]
        names = [n for n in names if n]
        for table in part.tables():
            m.skip(table, f"bảng trong phần “{LABELS[name]}” không được đọc")
        ids = [resolver.agency(n, f"{found}, {part.label.where}") for n in names]
        if single and ids:
            m.data[name] = ids[0]
            for extra in part.lines()[1:]:
                m.skip(extra[0], "chỉ ghi được một cơ quan ở phần này")
        elif ids:
            m.data[name] = ids
    if "executing_agency" not in m.data:
        m.fail(parts["executing_agency"].label if "executing_agency" in parts else m.raw.heading,
               "thiếu phần “Cơ quan thực hiện”")


# --------------------------------------------------------------------------------------
# Channels: a table per procedure (or per channel), or paragraphs naming the channel
# --------------------------------------------------------------------------------------


def _kind_of(text: str) -> str | None:
    folded = key(text)
    for kind, words in _KINDS:
        if any(w in folded for w in words):
            return kind
    return None


def _kinds_in(text: str) -> list[str]:
    folded = key(text)
    return [kind for kind, words in _KINDS if any(w in folded for w in words)]


def _column(header: tuple[str, ...], *words: str) -> int | None:
    for i, cell in enumerate(header):
        if any(key(cell).startswith(w) for w in words):
            return i
    return None


def _cells(row: tuple[str, ...]):
    """``cell(col)``: the text of a column of this row, "" when the column is absent."""
    return lambda col: row[col].strip() if col is not None and col < len(row) else ""


def _channels(m: Mapped, parts: dict[str, Part]) -> None:
    part = parts.get("channels")
    channels: dict[str, dict] = {}
    if part is not None:
        for table in part.tables():
            header = table.rows[0]
            kind_col = _column(header, "hinh thuc", "cach thuc", "kenh")
            time_col = _column(header, "thoi han", "thoi gian")
            fee_col = _column(header, "phi", "le phi")
            text_col = _column(header, "mo ta")
            if kind_col is None:
                m.skip(table, "bảng không có cột “Hình thức nộp”")
                continue
            for row in table.rows[1:]:
                cell = _cells(row)
                kind = _kind_of(cell(kind_col))
                if kind is None:
                    m.skip(table, "không nhận ra hình thức nộp", cell(kind_col) or " | ".join(row))
                    continue
                if kind in channels:
                    m.skip(table, "hình thức nộp lặp lại; chỉ giữ dòng đầu", " | ".join(row))
                    continue
                channel = {"kind": kind, "time": cell(time_col), "fee": cell(fee_col)}
                if cell(text_col):
                    channel["description"] = cell(text_col)
                channels[kind] = channel
        for block, text in part.lines():
            # "Trực tiếp tại ...; trực tuyến trên ...; qua bưu chính": one channel per piece.
            pieces = [item_text(p) for p in text.split(";")] if len(_kinds_in(text)) > 1 else [item_text(text)]
            for piece in pieces:
                kinds = _kinds_in(piece)
                if not kinds:
                    m.skip(block, "không nhận ra hình thức nộp", piece)
                for kind in kinds:
                    if kind in channels:
                        m.skip(block, "hình thức nộp lặp lại", piece)
                        continue
                    channels[kind] = {"kind": kind, "time": "", "fee": "",
                                      "description": piece if len(kinds) == 1 else ""}
    time_by_kind, time_all = _per_kind(m, parts.get("time"))
    fee_by_kind, fee_all, exemptions = _fees(m, parts.get("fee"))
    if not channels:
        m.fail(part.label if part else m.raw.heading,
               "phần “Cách thức thực hiện” không nêu hình thức nộp nào (trực tiếp, trực tuyến, bưu chính)" if part
               else "thiếu phần “Cách thức thực hiện”")
        return
    for channel in channels.values():
        for name, by_kind, general in (("time", time_by_kind, time_all), ("fee", fee_by_kind, fee_all)):
            if not channel[name]:
                channel[name] = by_kind.get(channel["kind"]) or general or UNKNOWN_TEXT
            if channel[name] == UNKNOWN_TEXT and name not in m.unknown:
                m.unknown.append(name)
                m.notes.append(f"Tra {'thời hạn giải quyết' if name == 'time' else 'phí, lệ phí'} "
                               "trong bản ghi chính thức.")
    m.data["channels"] = [{k: v for k, v in c.items() if v} for c in channels.values()]
    if exemptions:
        m.data["fee_exemptions"] = exemptions


def _per_kind(m: Mapped, part: Part | None) -> tuple[dict[str, str], str]:
    """"Trực tiếp: 03 ngày" lines by channel, and the text meant for every channel."""
    by_kind, general = {}, []
    if part is None:
        return by_kind, ""
    for table in part.tables():
        m.skip(table, f"bảng trong phần “{LABELS[part.key]}” không được đọc")
    for _, text in part.lines():
        body = item_text(text)
        head, colon, rest = body.partition(":")
        kind = _kind_of(head) if colon and len(head) < 40 else None
        if kind:
            by_kind[kind] = rest.strip()
        else:
            general.append(body)
    return by_kind, "\n".join(general)


def _fees(m: Mapped, part: Part | None) -> tuple[dict[str, str], str, list[str]]:
    if part is None:
        return {}, "", []
    exemptions: list[str] = []
    fee_lines = Part(part.key, part.label, part.inline, [])
    in_exemptions = False
    for block in part.blocks:
        if not block.is_table and key(block.text).startswith(key(EXEMPTIONS_LABEL)):
            in_exemptions = True
            continue
        if in_exemptions and not block.is_table:
            exemptions.append(item_text(block.text))
        else:
            fee_lines.blocks.append(block)
    by_kind, general = _per_kind(m, fee_lines)
    return by_kind, general, [e for e in exemptions if e]


# --------------------------------------------------------------------------------------
# Steps: "Bước N: title", then detail paragraphs, then "Người thực hiện: who"
# --------------------------------------------------------------------------------------


def _steps(m: Mapped, part: Part | None) -> None:
    if part is None:
        m.fail(m.raw.heading, "thiếu phần “Trình tự thực hiện”")
        return
    lines = part.lines()
    numbered = any(_STEP.match(text) for _, text in lines)
    steps: list[dict] = []
    for block, text in lines:
        match = _STEP.match(text)
        if match or not numbered:
            title = match.group(2).strip() if match else item_text(text)
            steps.append({"title": title})
            continue
        if not steps:
            m.skip(block, "đoạn trước “Bước 1”")
            continue
        head, colon, rest = text.partition(":")
        if colon and key(head) == key(WHO_LABEL):
            steps[-1]["who"] = rest.strip()
        elif not steps[-1]["title"]:
            steps[-1]["title"] = text
        else:
            detail = steps[-1].get("detail")
            steps[-1]["detail"] = f"{detail}\n{text}" if detail else text
    for table in part.tables():
        m.skip(table, "bảng trong “Trình tự thực hiện” (quy trình nội bộ?) không được đọc")
    steps = [s for s in steps if s["title"]]
    if not steps:
        m.fail(part.label, "phần “Trình tự thực hiện” không có bước nào")
        return
    m.data["steps"] = [{k: s[k] for k in ("title", "detail", "who") if k in s} for s in steps]


# --------------------------------------------------------------------------------------
# Documents: cases ("Trường hợp: ..."), each a table or a list of items
# --------------------------------------------------------------------------------------


def _documents(m: Mapped, parts: dict[str, Part], resolver: Resolver, found: str) -> None:
    part = parts.get("documents")
    listed = _listed_forms(m, parts.get("forms"), resolver, found)
    if part is None:
        m.fail(m.raw.heading, "thiếu phần “Thành phần, số lượng hồ sơ”")
        return
    cases: list[dict] = []

    def current() -> dict:
        if not cases:
            cases.append({"case": DEFAULT_CASE, "items": []})
        return cases[-1]

    for block in ([Block(part.label.where, part.inline)] if part.inline else []) + part.blocks:
        if block.is_table:
            _document_table(m, block, current()["items"], resolver, found, listed)
            continue
        case = _case_of(block.text)
        if case:
            cases.append({"case": case, "items": []})
            continue
        if key(block.text).startswith(("so luong ho so", "so bo ho so")):
            m.skip(block, "số lượng bộ hồ sơ không có chỗ trong mô hình")
            continue
        item = _item_from_text(m, block, item_text(block.text))
        if item:
            form = _form_named_in(item["name"], listed)
            if form:
                item = {"name": item["name"], "form": resolver.form(form, f"{found}, {block.where}", listed),
                        **{k: v for k, v in item.items() if k != "name"}}
            current()["items"].append(item)
    cases = [c for c in cases if c["items"]]
    if not cases:
        m.fail(part.label, "phần “Thành phần, số lượng hồ sơ” không có giấy tờ nào")
        return
    m.data["documents"] = cases


def _case_of(text: str) -> str | None:
    body = _BULLET.sub("", text, count=1).strip()
    if not fold(body).startswith(("truong hop", "th ")):
        return None
    head, colon, rest = body.partition(":")
    if colon and key(head) == key(CASE_LABEL):
        return rest.strip()
    if len(body) > 200:
        return None
    return body.rstrip(":").strip()


def _form_named_in(text: str, listed: dict[str, tuple[str, str]]) -> str | None:
    """The code of a listed form that a document's line names ("Tờ khai theo Mẫu TK-01")."""
    words = f" {key(text)} "
    for code, _name in dict.fromkeys(listed.values()):
        if len(key(code)) >= 3 and f" {key(code)} " in words:
            return code
    return None


def _counts(text: str) -> dict:
    folded = key(text)
    item: dict = {}
    if "xuat trinh" in folded:
        return {"handling": "xuat-trinh"}  # shown for checking, not kept: no counts
    for name, words in (("originals", "ban chinh"), ("copies", "ban sao")):
        # "Bản chính: 1" (the national record) before "01 bản chính" (decisions' prose).
        number = re.search(rf"{words}\s*([0-9]+)", folded) or re.search(rf"([0-9]+)\s*{words}", folded)
        if number:
            item[name] = int(number.group(1))
        elif words in folded:
            item[name] = 1
    return item


def _item_from_text(m: Mapped, block: Block, text: str) -> dict | None:
    if not text:
        return None
    item = {"name": text, **_counts(text)}
    if not item.get("originals") and not item.get("copies") and "handling" not in item:
        item["originals"] = 1
        m.skip(block, "không ghi số bản; tạm ghi 1 bản chính, cần kiểm tra", text)
    return item


def _document_table(m, table: Block, items: list, resolver: Resolver, found: str, listed) -> None:
    header = table.rows[0]
    name_col = _column(header, "ten giay to", "ten ho so", "thanh phan", "ten")
    form_col = _column(header, "mau don", "mau")
    count_col = _column(header, "so luong")
    note_col = _column(header, "ghi chu")
    if name_col is None:
        m.skip(table, "bảng không có cột “Tên giấy tờ”")
        return
    for row in table.rows[1:]:
        cell = _cells(row)
        if not cell(name_col):
            continue
        item: dict = {"name": cell(name_col)}
        if cell(form_col):
            item["form"] = resolver.form(cell(form_col), f"{found}, {table.where}", listed)
        counts = _counts(cell(count_col))
        if not counts.get("originals") and not counts.get("copies") and "handling" not in counts:
            counts["originals"] = 1
            m.skip(table, "không ghi số bản; tạm ghi 1 bản chính, cần kiểm tra", cell(name_col))
        item.update({k: v for k, v in counts.items() if v})
        if cell(note_col):
            item["note"] = cell(note_col)
        items.append({k: item[k] for k in ("name", "form", "handling", "originals", "copies", "note") if k in item})


def _listed_forms(m: Mapped, part: Part | None, resolver: Resolver, found: str) -> dict[str, tuple[str, str]]:
    """Forms named in "Tên mẫu đơn, mẫu tờ khai": code and name, by the key of each.
    Those not in the catalogue are added to it."""
    listed: dict[str, tuple[str, str]] = {}
    if part is None:
        return listed
    entries = [(b, item_text(t)) for b, t in part.lines()]
    for table in part.tables():
        entries += [(table, row[0].strip()) for row in table.rows[1:] if row and row[0].strip()]
    for block, text in entries:
        if not text or fold(text).startswith(("khong", "khong co")):
            continue
        head, colon, rest = text.partition(": ")
        code, name = (head.strip(), rest.strip()) if colon and len(head) <= 40 else (text, text)
        listed[key(text)] = listed[key(code)] = listed[key(name)] = (code, name)
        resolver.form(code, f"{found}, {block.where}", listed)
    return listed


# --------------------------------------------------------------------------------------
# Legal basis: a table (number, summary, date, issuer, articles) or one line per document
# --------------------------------------------------------------------------------------


def _legal_basis(m: Mapped, part: Part | None, resolver: Resolver, found: str) -> None:
    refs: list[dict] = []
    if part is None:
        m.fail(m.raw.heading, "thiếu phần “Căn cứ pháp lý”")
        return
    for table in part.tables():
        header = table.rows[0]
        number_col = _column(header, "so ky hieu", "so hieu", "so van ban", "ky hieu")
        title_col = _column(header, "trich yeu", "ten van ban")
        date_col = _column(header, "ngay ban hanh", "ngay")
        issuer_col = _column(header, "co quan ban hanh", "co quan")
        articles_col = _column(header, "dieu khoan", "dieu")
        if number_col is None:
            m.skip(table, "bảng không có cột “Số ký hiệu”")
            continue
        for row in table.rows[1:]:
            cell = _cells(row)
            number = NUMBER.search(cell(number_col))
            if not number:
                m.skip(table, "không đọc được số ký hiệu văn bản", " | ".join(row))
                continue
            date = cell(date_col)
            issued = find_date(date) or (date if re.fullmatch(r"[0-9]{4}", date) else None)
            ref = {"doc": resolver.legal(number.group(1), cell(title_col), issued, cell(issuer_col) or None,
                                         f"{found}, {table.where}")}
            if cell(articles_col):
                ref["articles"] = cell(articles_col)
            refs.append(ref)
    for block, text in part.lines():
        number = NUMBER.search(text)
        if not number:
            m.skip(block, "không có số ký hiệu văn bản")
            continue
        title = item_text(text)
        refs.append({"doc": resolver.legal(number.group(1), title, find_date(text), None,
                                           f"{found}, {block.where}")})
    if not refs:
        m.fail(part.label, "phần “Căn cứ pháp lý” không có văn bản nào có số ký hiệu")
        return
    m.data["legal_basis"] = refs
