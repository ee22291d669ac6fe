"""HTML pages (a portal's procedure page) -> blocks.

Only text is taken: markup, links and scripts never travel further. Block elements that
hold no other block element become paragraphs; ``<br>`` splits a paragraph into lines;
tables become rows of cell texts.
"""

from __future__ import annotations

import re
from pathlib import Path

from .neutral import Block, SourceDoc, Unreadable, clean

_BLOCK_TAGS = {"p", "div", "li", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "section", "article",
               "ul", "ol", "dl", "blockquote", "pre", "main", "header", "footer", "body", "td", "th",
               "tr", "table", "tbody", "thead", "form", "fieldset", "nav", "aside", "figure"}
_SKIP_TAGS = {"script", "style", "noscript", "template", "head", "nav", "iframe", "button", "select"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def read_html_file(path: Path, name: str) -> list[SourceDoc]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Older portals declare another encoding (windows-1258, ...) in a <meta> tag.
        declared = re.search(rb"charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", raw[:4096])
        try:
            text = raw.decode(declared.group(1).decode("ascii")) if declared else None
        except (LookupError, UnicodeDecodeError):
            text = None
        if text is None:
            raise Unreadable("tệp HTML không phải mã hóa UTF-8 và không khai báo mã hóa nào đọc được: "
                             "lưu lại với mã hóa UTF-8") from None
    return [SourceDoc(name, html_blocks(text))]


def html_blocks(markup: str, where_prefix: str = "") -> list[Block]:
    import lxml.html
    from lxml import etree

    if not markup.strip():
        return []
    try:
        root = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise Unreadable(f"không đọc được HTML ({exc})") from None
    walker = _Walker(where_prefix)
    body = root.find("body")
    walker.walk(body if body is not None else root)
    walker.flush()
    return walker.blocks


class _Walker:
    def __init__(self, prefix: str):
        self.prefix, self.blocks = prefix, []
        self.paragraphs = self.tables = 0
        self.pending: list[str] = []
        self.pending_heading = False

    def flush(self) -> None:
        text = "".join(self.pending)
        self.pending = []
        if not text.strip():
            return
        self.paragraphs += 1
        for line in text.split("\n"):
            line = clean(re.sub(r"[ \t\r\f\v]+", " ", line))
            if line:
                self.blocks.append(Block(f"{self.prefix}đoạn {self.paragraphs}", line,
                                         heading=self.pending_heading))
        self.pending_heading = False

    def walk(self, element) -> None:
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "table":
            self.flush()
            self.table(element)
            return
        if tag in _BLOCK_TAGS:
            self.flush()
            self.pending_heading = tag in _HEADINGS
        elif tag == "br":
            self.pending.append("\n")
        if element.text and tag:
            self.pending.append(element.text)
        for child in element:
            self.walk(child)
            if child.tail:
                self.pending.append(child.tail)
        if tag in _BLOCK_TAGS:
            self.flush()

    def table(self, element) -> None:
        self.tables += 1
        where = f"{self.prefix}bảng {self.tables}"
        rows, cells_blocks = [], []
        for tr in element.iter("tr"):
            if _closest_table(tr) is not element:
                continue
            texts, blocks = [], []
            for cell in tr:
                if cell.tag in {"td", "th"}:
                    texts.append(clean(_cell_text(cell)))
                    # The cell's own paragraphs and nested tables, for a label | value table.
                    inner = _Walker(f"{where}, dòng {len(rows) + 1}, ")
                    inner.walk(cell)
                    inner.flush()
                    blocks.append(tuple(inner.blocks))
            rows.append(tuple(texts))
            cells_blocks.append(tuple(blocks))
        if any(any(c for c in row) for row in rows):
            self.blocks.append(Block(where, rows=tuple(rows), cells=tuple(cells_blocks)))


def _closest_table(element):
    parent = element.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent


def _cell_text(cell) -> str:
    """Text of a table cell; block children and <br> become line breaks."""
    parts: list[str] = []

    def walk(element):
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag in _SKIP_TAGS:
            return
        if tag == "br" or (tag in _BLOCK_TAGS and parts and not parts[-1].endswith("\n")):
            parts.append("\n")
        if element.text and tag:
            parts.append(element.text)
        for child in element:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if tag in _BLOCK_TAGS and tag not in {"td", "th"}:
            parts.append("\n")

    walk(cell)
    lines = (re.sub(r"[ \t\r\f\v]+", " ", line).strip() for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)
