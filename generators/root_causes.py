"""Root causes first: a record that failed to load is one error, not one per reference to it.

When a procedure (or a catalogue record) cannot be loaded, every module, related procedure
and quiz question naming it would otherwise be reported as well: one typo gave fourteen
lines, the real one lost in the middle. The loader notes what failed (:class:`Unloaded`),
tags the problems that only follow from it, and :func:`summarise` folds those into one line
per failed record, after the root errors.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from pathlib import Path

from .problems import Problem

_CODE_LINE = re.compile(r"""^code:\s*["']?([^"'\s#]+)""", re.M)
#: The catalogue table that holds procedures' codes (for :meth:`Unloaded.tag`).
PROCEDURES = "procedures"


class Unloaded:
    """Codes and ids written in records that failed to load."""

    def __init__(self) -> None:
        self.keys: dict[str, set[str]] = {}
        self.whole: set[str] = set()

    def note_procedure_file(self, path: Path) -> None:
        """The code written in a procedure file that did not load (read as text: the file
        may not even be valid YAML)."""
        match = _CODE_LINE.search(_text(path))
        if match:
            self.keys.setdefault(PROCEDURES, set()).add(match.group(1))

    def note_record(self, table: str, raw: object) -> None:
        if isinstance(raw, dict) and isinstance(raw.get("id"), str):
            self.keys.setdefault(table, set()).add(raw["id"].strip())

    def note_catalog_file(self, table: str) -> None:
        """A catalogue file that could not be read at all: every reference to it follows."""
        self.whole.add(table)

    def tag(self, problem: Problem, table: str, value: str) -> Problem:
        """``problem`` marked as a consequence when ``value`` names a record that failed."""
        if table not in self.whole and value not in self.keys.get(table, ()):
            return problem
        what = f"thủ tục {value}" if table == PROCEDURES else f"'{value}' trong _catalog/{table}.yaml"
        return dataclasses.replace(problem, caused_by=what)


def summarise(problems: list[Problem]) -> list[Problem]:
    """Root problems, then one line per failed record summarising what refers to it."""
    roots = [p for p in problems if not p.caused_by]
    by_cause: dict[str, list[Problem]] = {}
    for p in problems:
        if p.caused_by:
            by_cause.setdefault(p.caused_by, []).append(p)
    summaries = []
    for cause, consequences in by_cause.items():
        consequences.sort()
        first = consequences[0]
        files = Counter(p.path for p in consequences)
        where = ", ".join(f"{path} ({count} chỗ)" for path, count in sorted(files.items()))
        summaries.append(dataclasses.replace(
            first, field="", hint="sửa lỗi đó trước; các tham chiếu này sẽ tự hết lỗi",
            message=f"{len(consequences)} tham chiếu đến {cause} chưa kiểm tra được vì bản ghi đó "
                    f"không nạp được (lỗi ở trên): {where}"))
    return roots + summaries


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
