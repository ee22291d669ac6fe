"""Resolving names and numbers to catalogue records, and naming the new records an import adds.

Legal documents are matched by number (``123/2015/NĐ-CP``), forms by code or name, agencies
and domains by name; matching ignores case and diacritics. What is not found becomes a new
record, added once per run however many procedures cite it, and named in the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..catalog import Catalog
from ..text import fold, slugify
from .neutral import one_line

#: Issuers that a document number's suffix names without doubt.
_ISSUER_BY_SUFFIX = {
    "NĐ-CP": "Chính phủ", "QH": "Quốc hội", "TT-BTP": "Bộ Tư pháp", "TT-BCA": "Bộ Công an",
    "TT-BTC": "Bộ Tài chính", "TT-VPCP": "Văn phòng Chính phủ", "TT-BYT": "Bộ Y tế",
    "TT-BTNMT": "Bộ Tài nguyên và Môi trường", "TT-BNNMT": "Bộ Nông nghiệp và Môi trường",
    "TT-BLĐTBXH": "Bộ Lao động - Thương binh và Xã hội", "TT-BNV": "Bộ Nội vụ",
}
_KIND_BY_SUFFIX = {"NĐ": "nd", "TT": "tt", "QĐ": "qd", "NQ": "nq", "QH": "luat"}
UNKNOWN_ISSUER = "Chưa xác định (xem văn bản gốc)"


def key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(text)).strip()


@dataclass
class NewRecord:
    table: str  # legal, forms, agencies, domains
    data: dict
    #: Where the import found it: "file, đoạn 12".
    found: str


@dataclass
class Resolver:
    catalog: Catalog
    added: dict[tuple[str, str], NewRecord] = field(default_factory=dict)

    def __post_init__(self):
        c = self.catalog
        self._legal = {key(d.number): d.id for d in c.legal.values()}
        self._forms_code = {key(f.code): f.id for f in reversed(list(c.forms.values()))}
        self._forms_name = {key(f.name): f.id for f in reversed(list(c.forms.values()))}
        self._agencies = {key(a.name): a.id for a in c.agencies.values()} | {a: a for a in c.agencies}
        self._domains = {key(d.name): d.id for d in c.domains.values()} | {d: d for d in c.domains}

    _INDEXES = ("added", "_legal", "_forms_code", "_forms_name", "_agencies", "_domains")

    def checkpoint(self) -> dict:
        return {name: dict(getattr(self, name)) for name in self._INDEXES}

    def rollback(self, checkpoint: dict) -> None:
        """Forget the records added since the checkpoint (a procedure that was not written)."""
        for name, saved in checkpoint.items():
            setattr(self, name, saved)

    def _taken(self, table: str, record_id: str) -> bool:
        return record_id in getattr(self.catalog, table) or (table, record_id) in self.added

    def _new(self, table: str, base: str, data: dict, found: str) -> str:
        record_id, n = base, 2
        while self._taken(table, record_id):
            record_id, n = f"{base}-{n}", n + 1
        self.added[(table, record_id)] = NewRecord(table, {"id": record_id, **data}, found)
        return record_id

    # -- lookups ---------------------------------------------------------------------------

    def known_legal(self, number: str) -> str | None:
        return self._legal.get(key(number))

    def legal(self, number: str, title: str, issued: str | None, issuer: str | None, found: str) -> str:
        k = key(number)
        if k in self._legal:
            return self._legal[k]
        issuer = issuer or next((name for suffix, name in _ISSUER_BY_SUFFIX.items()
                                 if number.endswith(suffix) or re.search(rf"/{suffix}[0-9]*$", number)), None)
        data = {"number": one_line(number), "title": one_line(title or number), "issued": issued,
                "issuer": one_line(issuer or UNKNOWN_ISSUER)}
        record_id = self._new("legal", legal_id(number), {k2: v for k2, v in data.items() if v}, found)
        self._legal[k] = record_id
        return record_id

    def form(self, text: str, found: str, listed: dict[str, tuple[str, str]] | None = None) -> str:
        text = one_line(text)
        k = key(text)
        for index in (self._forms_code, self._forms_name):
            if k in index:
                return index[k]
        code, name = (listed or {}).get(k, (text, text))
        record_id = self._new("forms", slugify(code)[:60].strip("-") or "mau", {"code": code, "name": name}, found)
        self._forms_code[key(code)] = self._forms_name[key(name)] = self._forms_code[k] = record_id
        return record_id

    def agency(self, name: str, found: str) -> str:
        name = one_line(name)
        k = key(name)
        if k not in self._agencies:
            self._agencies[k] = self._new("agencies", slugify(name)[:60].strip("-") or "co-quan", {"name": name},
                                          found)
        return self._agencies[k]

    def domain(self, name: str, found: str) -> str:
        name = one_line(name)
        k = key(name)
        if k not in self._domains:
            self._domains[k] = self._new("domains", slugify(name)[:60].strip("-") or "linh-vuc", {"name": name},
                                         found)
        return self._domains[k]


def legal_id(number: str) -> str:
    """``123/2015/NĐ-CP`` -> ``nd-123-2015``; ``1234/QĐ-UBND`` -> ``qd-1234-ubnd``."""
    parts = number.split("/")
    digits = parts[0]
    year = next((p for p in parts[1:] if re.fullmatch(r"[0-9]{4}", p)), "")
    suffix = parts[-1]
    head = suffix.split("-")[0]
    kind = next((v for k, v in _KIND_BY_SUFFIX.items() if head.startswith(k)), slugify(head) or "vb")
    tail = "" if year else slugify(suffix.split("-", 1)[-1]) if "-" in suffix else ""
    return "-".join(p for p in (kind, digits, year or tail) if p)
