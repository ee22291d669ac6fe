"""The catalogue: every record of a project, typed and cross-referenced.

:func:`generators.load.load_catalog` builds it from the YAML sources; every stage reads it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from . import model
from .problems import Problem


@dataclass
class Catalog:
    """Everything the stages need, typed and cross-checked. Stages never read YAML."""

    root: Path
    domains: dict[str, model.Domain] = field(default_factory=dict)
    agencies: dict[str, model.Agency] = field(default_factory=dict)
    legal: dict[str, model.LegalDocument] = field(default_factory=dict)
    forms: dict[str, model.Form] = field(default_factory=dict)
    contacts: dict[str, model.Contact] = field(default_factory=dict)
    errors: dict[str, model.CommonError] = field(default_factory=dict)
    #: Everyday terms by their folded form (what search compares).
    lexicon: dict[str, model.LexiconEntry] = field(default_factory=dict)
    #: Training modules by id (the file name without .yaml), in file-name order.
    modules: dict[str, model.TrainingModule] = field(default_factory=dict)
    #: Procedures by slug, in a stable order (domain, then code).
    procedures: dict[str, model.Procedure] = field(default_factory=dict)
    #: Where each procedure was written, relative to the project (for messages and links).
    sources: dict[str, str] = field(default_factory=dict)
    #: SHA-256 of each procedure's source file, by slug: caches keyed by what a page is made from.
    digests: dict[str, str] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    # Lookups are indexed once (pages ask them for every procedure; 2,000 x 2,000 adds up).
    # The catalogue is complete when stages see it, so the indexes never go stale.

    @cached_property
    def _codes(self) -> dict[str, model.Procedure]:
        return {p.code: p for p in self.procedures.values()}

    @cached_property
    def _domains(self) -> dict[str, list[model.Procedure]]:
        index: dict[str, list[model.Procedure]] = {}
        for p in self.procedures.values():
            index.setdefault(p.domain, []).append(p)
        return index

    @cached_property
    def _errors_hit(self) -> dict[str, list[model.Procedure]]:
        index: dict[str, list[model.Procedure]] = {}
        for p in self.procedures.values():
            for error_id in p.common_errors:
                index.setdefault(error_id, []).append(p)
        return index

    @cached_property
    def _pointing(self) -> dict[str, list[model.Procedure]]:
        index: dict[str, list[model.Procedure]] = {}
        for p in self.procedures.values():
            for ref in p.related:
                index.setdefault(ref.code, []).append(p)
        return index

    @cached_property
    def _replaced(self) -> dict[str, model.Procedure]:
        return {old.code: p for p in self.procedures.values() for old in p.replaces}

    def by_code(self, code: str) -> model.Procedure | None:
        return self._codes.get(code)

    def replaced_by(self, code: str) -> model.Procedure | None:
        """The procedure whose `replaces` names this (superseded) code."""
        return self._replaced.get(code)

    def in_domain(self, domain_id: str) -> list[model.Procedure]:
        return self._domains.get(domain_id, [])

    def procedures_hitting(self, error_id: str) -> list[model.Procedure]:
        """Procedures that list this common error."""
        return self._errors_hit.get(error_id, [])

    def pointing_to(self, code: str) -> list[model.Procedure]:
        """Procedures whose `related` names this code."""
        return self._pointing.get(code, [])
