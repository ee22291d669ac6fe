"""`thutuc verification`: which records nobody compared with the official text, and which
were compared before a document of their legal basis was issued.

This report is for maintainers: it prints the editors' notes, which pages never show.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import Catalog
from .model import LegalDocument, Procedure


@dataclass(frozen=True)
class Finding:
    """One record to look at: what it is, where it is written, why, and the editors' notes."""

    record: str
    source: str
    reason: str
    notes: tuple[str, ...]


def issued_after(doc: LegalDocument, day: str) -> bool:
    """Whether ``doc`` was issued after ``day`` (``YYYY-MM-DD``). A year alone counts as
    after only when the year is later: the same year cannot be told apart."""
    if not doc.issued:
        return False
    if len(doc.issued) == 4:
        return doc.issued > day[:4]
    return doc.issued > day


def newer_legal_basis(p: Procedure, catalog: Catalog) -> list[LegalDocument]:
    """Documents of its legal basis issued after its verification date."""
    if p.verification is None:
        return []
    docs = [catalog.legal[ref.doc] for ref in p.legal_basis if ref.doc in catalog.legal]
    return [d for d in docs if issued_after(d, p.verification.date)]


def findings(catalog: Catalog) -> list[Finding]:
    """Procedures, then common errors, then training modules, each in catalogue order."""
    found: list[Finding] = []
    for p in catalog.procedures.values():
        where = catalog.sources[p.slug]
        if p.verification is None:
            found.append(Finding(p.code, where, "chưa đối chiếu", tuple(p.editor_notes)))
            continue
        for doc in newer_legal_basis(p, catalog):
            found.append(Finding(p.code, where, f"đối chiếu ngày {p.verification.date}, trước khi ban hành "
                                 f"{doc.number} ({doc.issued})", tuple(p.editor_notes)))
    for e in catalog.errors.values():
        if e.verification is None:
            found.append(Finding(f"lỗi {e.id}", "procedures/_catalog/errors.yaml", "chưa đối chiếu",
                                 tuple(e.editor_notes)))
    for module_id, m in catalog.modules.items():
        if m.verification is None:
            found.append(Finding(f"học phần {module_id}", f"procedures/_modules/{module_id}.yaml",
                                 "chưa đối chiếu", tuple(m.editor_notes)))
    return found


def report(catalog: Catalog) -> str:
    found = findings(catalog)
    lines = []
    for f in found:
        lines.append(f"{f.record}  {f.source}: {f.reason}")
        lines += [f"    việc cần làm: {note}" for note in f.notes]
    stale = sum(1 for f in found if f.reason != "chưa đối chiếu")
    unverified = len(found) - stale
    lines.append(f"{unverified} bản ghi chưa đối chiếu, {stale} bản ghi có căn cứ pháp lý mới hơn ngày đối chiếu.")
    return "\n".join(lines)
