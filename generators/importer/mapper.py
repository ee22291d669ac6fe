"""Labelled parts of one procedure -> data for the procedure model.

Whatever cannot be placed is reported with the paragraph it came from (nothing is dropped
silently); a part the model needs and the text does not give is an error for that
procedure (nothing is written); a fact the text does not give and a default cannot stand
in for (fee, time) is written as "not known" and listed in ``unknown``, never invented.
Channels, documents and the legal basis have a module each (``map_*.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..load import PLACEHOLDER
from ..text import fold
from .catalogue import Resolver, key
from .layout import LABELS, NUMBER, WHO_LABEL, Decision, Part, RawProcedure, find_date, strip_prefix
from .map_channels import map_channels
from .map_documents import map_documents
from .map_legal import map_legal_basis
from .mapped import UNKNOWABLE, Mapped, item_text
from .neutral import one_line

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
_LEVELS = (("trung-uong", ("trung uong",)), ("tinh", ("tinh", "thanh pho")), ("xa", ("xa", "phuong")))
_ONLINE = (("toan-trinh", ("toan trinh", "muc do 4")), ("mot-phan", ("mot phan", "muc do 3")),
           ("thong-tin", ("thong tin", "muc do 2", "muc do 1")))
_STEP = re.compile(r"^\s*(?:[-–—•+*]\s*)?bước\s+([0-9]+)\s*[:.)–-]?\s*(.*)$", re.IGNORECASE | re.DOTALL)


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
        m.data["name"] = one_line(name)
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
    map_channels(m, parts)
    _steps(m, parts.get("steps"))
    map_documents(m, parts, resolver, found)
    _list(m, parts, "conditions")
    _list(m, parts, "result", required=True)
    map_legal_basis(m, parts.get("legal_basis"), resolver, found)
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
    if name in UNKNOWABLE:
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
            steps.append({"title": one_line(title)})
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
