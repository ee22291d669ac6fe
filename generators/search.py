"""Catalog -> the search index the browser loads (``assets/tim-kiem/index.js``).

The index is small on purpose (titles, codes, keywords, summaries; no full page text)
so that the first search downloads little even with thousands of procedures. Every
field is pre-folded (:func:`generators.text.search_key`) so the browser only folds the
query.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .load import Catalog
from .pages import PROCEDURES_DIR, domain_page, error_page, html_path, procedure_page
from .text import search_key

INDEX_PATH = "assets/tim-kiem/index.js"


def _entry(url: str, title: str, kind: str, section: str = "", code: str = "",
           keywords: list[str] | None = None, body: str = "", messages: list[str] | None = None) -> dict:
    entry = {
        "u": url, "t": title, "k": kind, "s": section, "c": code,
        "tf": search_key(title),
        "kf": " ".join(search_key(k) for k in keywords or []),
        "bf": search_key(body),
    }
    if messages:
        # On-screen messages, matched by any fragment: "|" keeps a phrase from spanning two.
        entry["mf"] = " | ".join(search_key(m) for m in messages)
    return entry


def index_entries(catalog: Catalog, docs_dir: Path) -> list[dict]:
    entries = []
    for p in catalog.procedures.values():
        domain = catalog.domains[p.domain].name
        body = " ".join([p.summary, *p.result, *(s.title for s in p.steps)])
        entries.append(_entry(html_path(procedure_page(p)), p.name, "p", domain, p.code,
                              [*p.keywords, domain], body))
    for domain in catalog.domains.values():
        if catalog.in_domain(domain.id):
            entries.append(_entry(html_path(domain_page(domain.id)), domain.name, "d",
                                  "Lĩnh vực", body=domain.description or ""))
    for error in catalog.errors.values():
        entries.append(_entry(html_path(error_page(error.id)), error.title, "e",
                              f"{error.system.label} · {error.stage.label}",
                              body=" ".join(error.causes), messages=error.messages))
    entries += _handwritten_pages(docs_dir)
    return entries


def _handwritten_pages(docs_dir: Path) -> list[dict]:
    """Hand-written pages by their first heading and section headings."""
    entries = []
    for path in sorted(docs_dir.rglob("*.md")):
        relative = path.relative_to(docs_dir).as_posix()
        if relative.startswith(f"{PROCEDURES_DIR}/"):
            continue
        text = path.read_text(encoding="utf-8")
        titles = re.findall(r"^#\s+(.+?)\s*$", text, flags=re.M)
        headings = re.findall(r"^#{2,3}\s+(.+?)\s*$", text, flags=re.M)
        if titles:
            entries.append(_entry(html_path(relative), titles[0], "g", "Hướng dẫn",
                                  body=" ".join(headings)))
    return entries


def index_script(entries: list[dict]) -> str:
    """The index as a script that hands itself to tim-kiem.js (works from file:// too)."""
    payload = json.dumps({"v": 1, "docs": entries}, ensure_ascii=False, separators=(",", ":"))
    return f"window.__ttSearchIndex({payload});\n"
