"""The neutral structure every reader produces: a file as a list of labelled-free blocks.

A block is a paragraph or a table, with where it was found (``đoạn 12``, ``bảng 3``) so
that every message and every line of the report can point the maintainer at it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


class Unreadable(Exception):
    """A file (or an item in it) that cannot be read at all: one line for the report."""


@dataclass(frozen=True)
class Block:
    where: str
    text: str = ""
    rows: tuple[tuple[str, ...], ...] = ()
    #: A heading: a heading style, a whole-bold paragraph or an HTML <h1>–<h6>.
    heading: bool = False
    #: For a table: each cell's own blocks (paragraphs and nested tables, in order), when the
    #: reader knows them; ``rows`` holds the cells' paragraph text.
    cells: tuple[tuple[tuple[Block, ...], ...], ...] = ()

    @property
    def is_table(self) -> bool:
        return bool(self.rows)

    def excerpt(self, limit: int = 80) -> str:
        text = self.text if not self.is_table else " | ".join(self.rows[0])
        text = " ".join(text.split())
        return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass
class SourceDoc:
    """One document to look for procedures in: a file, or one item of a portal export."""

    #: How messages name it: ``quyet-dinh.docx`` or ``cong.json, mục 2 (/thu-tuc/khai-sinh)``.
    name: str
    blocks: list[Block] = field(default_factory=list)


def clean(text: str) -> str:
    """NFC, one kind of line break, no control or direction characters, no non-breaking
    spaces, trimmed: as YAML will hold it (Word and web pages are full of them)."""
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    text = re.sub("\r\n|[\r\v\f\x85\u2028\u2029]", "\n", text)
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return text.strip()


def one_line(text: str) -> str:
    """For names and titles, which the model keeps on one line: line breaks become spaces."""
    return re.sub(r"[ \t]*\n[ \t]*", " ", text).strip()
