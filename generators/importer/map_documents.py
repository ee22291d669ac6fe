"""Documents: cases ("Trường hợp: ..."), each a table (name, form, counts, note) or a list of
lines whose counts are in words ("01 bản chính", "xuất trình"); and the forms the procedure names."""

from __future__ import annotations

import re

from ..text import fold
from .catalogue import Resolver, key
from .layout import CASE_LABEL, Part
from .mapped import BULLET, Mapped, cells, column, item_text
from .neutral import Block, one_line

DEFAULT_CASE = "Trường hợp thông thường"


def map_documents(m: Mapped, parts: dict[str, Part], resolver: Resolver, found: str) -> None:
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
            cases.append({"case": one_line(case), "items": []})
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
    body = BULLET.sub("", text, count=1).strip()
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
    name_col = column(header, "ten giay to", "ten ho so", "thanh phan", "ten")
    form_col = column(header, "mau don", "mau")
    count_col = column(header, "so luong")
    note_col = column(header, "ghi chu")
    if name_col is None:
        m.skip(table, "bảng không có cột “Tên giấy tờ”")
        return
    for row in table.rows[1:]:
        cell = cells(row)
        if not cell(name_col):
            continue
        item: dict = {"name": one_line(cell(name_col))}
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
