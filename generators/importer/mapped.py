"""What mapping one procedure produces, and helpers every part's mapper shares."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .catalogue import key
from .layout import Decision, RawProcedure
from .neutral import Block

UNKNOWN_TEXT = "Chưa xác định (chưa có nguồn chính thức)"
#: Facts the model lets a record mark as not known yet (``unknown:``).
UNKNOWABLE = {"online_level", "time", "fee"}
BULLET = re.compile(r"^\s*(?:[-–—•+*▪●]\s+|[0-9]{1,2}[.)]\s+|[a-zđ]\)\s+)")


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
    text = BULLET.sub("", text, count=1).strip()
    return re.sub(r"\s*;\s*$", "", text).strip()

def column(header: tuple[str, ...], *words: str) -> int | None:
    for i, cell in enumerate(header):
        if any(key(cell).startswith(w) for w in words):
            return i
    return None

def cells(row: tuple[str, ...]):
    """``cell(col)``: the text of a column of this row, "" when the column is absent."""
    return lambda col: row[col].strip() if col is not None and col < len(row) else ""
