"""Word documents (.docx) -> blocks, in body order (paragraphs and tables interleaved)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from .neutral import Block, SourceDoc, Unreadable, clean

#: An OLE compound file: what Word writes for an encrypted (password-protected) document,
#: and for the old binary .doc format.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(path: Path, name: str) -> list[SourceDoc]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError

    head = path.read_bytes()[:8]
    if head == _OLE_MAGIC:
        raise Unreadable("tệp được bảo vệ bằng mật khẩu (hoặc là tệp .doc cũ): mở bằng Word, bỏ mật khẩu "
                         "và lưu lại dạng .docx")
    if not zipfile.is_zipfile(path):
        raise Unreadable("không phải tệp .docx (không mở được như tài liệu Word): lưu lại dạng .docx")
    try:
        document = Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise Unreadable(f"tệp .docx bị hỏng, không đọc được ({type(exc).__name__})") from None
    except Exception as exc:  # lxml errors on a corrupt part
        raise Unreadable(f"tệp .docx bị hỏng, không đọc được ({type(exc).__name__})") from None
    # Style names by id, read once: python-docx looks a paragraph's style up by scanning every
    # style of the document, which made reading a large appendix take minutes.
    styles = {style.style_id: style.name or "" for style in document.styles}
    return [SourceDoc(name, list(_blocks(document, styles)))]


def _blocks(document, styles: dict[str, str]):
    """Top-level paragraphs and tables, numbered as Word users count them."""
    counts = {"p": 0, "tbl": 0}
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag in counts:
            counts[tag] += 1
            where = f"đoạn {counts['p']}" if tag == "p" else f"bảng {counts['tbl']}"
            yield from _element_blocks(element, tag, where, document, styles)


def _element_blocks(element, tag: str, where: str, parent, styles: dict[str, str]):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    if tag == "p":
        paragraph = Paragraph(element, parent)
        for line in paragraph.text.split("\n"):
            text = clean(line)
            if text:
                yield Block(where, text, heading=_is_heading(paragraph, styles))
        return
    rows, cells_blocks = [], []
    for r, row in enumerate(Table(element, parent).rows, start=1):
        texts, blocks, seen = [], [], []
        for cell in row.cells:
            if any(cell._tc is done for done in seen):  # a merged cell comes once per grid column
                continue
            seen.append(cell._tc)
            inner = tuple(_cell_blocks(cell, f"{where}, dòng {r}", styles))
            texts.append("\n".join(b.text for b in inner if not b.is_table))
            blocks.append(inner)
        rows.append(tuple(texts))
        cells_blocks.append(tuple(blocks))
    if any(any(row) for row in rows) or any(b for row in cells_blocks for b in row):
        yield Block(where, rows=tuple(rows), cells=tuple(cells_blocks))


def _cell_blocks(cell, where: str, styles: dict[str, str]):
    """A cell's paragraphs and nested tables, in order (the national record nests the channel
    and document tables inside its label | value table)."""
    nested = 0
    for element in cell._tc.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "tbl":
            nested += 1
            yield from _element_blocks(element, tag, f"{where}, bảng con {nested}", cell, styles)
        elif tag == "p":
            yield from _element_blocks(element, tag, where, cell, styles)


def _is_heading(paragraph, styles: dict[str, str]) -> bool:
    style = styles.get(paragraph._p.style or "", "")
    if style.lower().startswith(("heading", "title")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)
