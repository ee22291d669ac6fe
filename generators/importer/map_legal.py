"""Legal basis: a table (number, summary, date, issuer, articles) or one line per document,
each resolved to a catalogue record by its number."""

from __future__ import annotations

import re

from .catalogue import Resolver
from .layout import NUMBER, Part, find_date
from .mapped import Mapped, cells, column, item_text


def map_legal_basis(m: Mapped, part: Part | None, resolver: Resolver, found: str) -> None:
    refs: list[dict] = []
    if part is None:
        m.fail(m.raw.heading, "thiếu phần “Căn cứ pháp lý”")
        return
    for table in part.tables():
        header = table.rows[0]
        number_col = column(header, "so ky hieu", "so hieu", "so van ban", "ky hieu")
        title_col = column(header, "trich yeu", "ten van ban")
        date_col = column(header, "ngay ban hanh", "ngay")
        issuer_col = column(header, "co quan ban hanh", "co quan")
        articles_col = column(header, "dieu khoan", "dieu")
        if number_col is None:
            m.skip(table, "bảng không có cột “Số ký hiệu”")
            continue
        for row in table.rows[1:]:
            cell = cells(row)
            # A catalogue record is found by its number as written, even one still to be looked up
            # ("Luật Đất đai năm 2024 (số hiệu cần tra)"); a new one needs a real number.
            known = resolver.known_legal(cell(number_col))
            number = NUMBER.search(cell(number_col))
            if not known and not number:
                m.skip(table, "không đọc được số ký hiệu văn bản", " | ".join(row))
                continue
            date = cell(date_col)
            issued = find_date(date) or (date if re.fullmatch(r"[0-9]{4}", date) else None)
            ref = {"doc": known or resolver.legal(number.group(1), cell(title_col), issued, cell(issuer_col) or None,
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
