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
    return [SourceDoc(name, list(_blocks(document)))]


def _blocks(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    paragraphs = tables = 0
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraphs += 1
            paragraph = Paragraph(element, document)
            for line in paragraph.text.split("\n"):
                text = clean(line)
                if text:
                    yield Block(f"đoạn {paragraphs}", text, heading=_is_heading(paragraph))
        elif tag == "tbl":
            tables += 1
            rows = []
            for row in Table(element, document).rows:
                cells, seen = [], set()
                for cell in row.cells:
                    if id(cell._tc) in seen:  # a merged cell is returned once per grid column
                        continue
                    seen.add(id(cell._tc))
                    cells.append("\n".join(t for t in (clean(p.text) for p in cell.paragraphs) if t))
                rows.append(tuple(cells))
            if any(any(c for c in row) for row in rows):
                yield Block(f"bảng {tables}", rows=tuple(rows))


def _is_heading(paragraph) -> bool:
    style = (paragraph.style.name if paragraph.style is not None else "") or ""
    if style.lower().startswith(("heading", "title")):
        return True
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)
