"""Catalog -> the search index the browser loads (``assets/tim-kiem/index.js``).

The index is small on purpose (titles, codes, keywords, summaries; no full page text)
so that the first search downloads little even with thousands of procedures. Every
field is pre-folded (:func:`generators.text.search_key`) so the browser only folds the
query.

The index also carries the lexicon of everyday terms (``_catalog/lexicon.yaml``: the
browser reads "nhập khẩu" as "đăng ký thường trú") and the filler words of spoken
queries ("làm", "xin", "cho con"), which the browser does not require to match.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .catalog import Catalog
from .memo import RecordMemo
from .model import Procedure
from .pages import PROCEDURES_DIR, domain_page, error_page, html_path, procedure_page
from .text import search_key

INDEX_PATH = "assets/tim-kiem/index.js"

#: Words people add around the name of a procedure ("làm CCCD cho con", "xin phiếu tư
#: pháp ở đâu"). A query needs them to match nothing; when they do match, they still count.
#: Phrases are matched whole ("ở đâu" is filler, "ở" alone is not: "ô tô" must not match "ở").
FILLER_PHRASES = [
    "làm", "xin", "cho", "con", "cháu", "bé", "của", "tôi", "mình", "em", "anh", "chị", "ông", "bà",
    "muốn", "cần", "giúp", "với", "thì", "là", "ạ", "nhé", "thủ tục", "ở đâu", "như thế nào", "thế nào",
    "cần gì", "những gì", "giấy tờ gì", "bao lâu", "mất bao lâu", "bao nhiêu", "hết bao nhiêu", "được không",
]


def _entry(url: str, title: str, kind: str, section: str = "", code: str = "",
           keywords: list[str] | None = None, body: list[str] | None = None,
           messages: list[str] | None = None) -> dict:
    # Keywords, sentences and messages are kept apart by "|" so a phrase never spans two.
    entry = {
        "u": url, "t": title, "k": kind, "s": section, "c": code,
        "tf": search_key(title),
        "kf": " | ".join(search_key(k) for k in keywords or []),
        "bf": " | ".join(search_key(b) for b in body or []),
    }
    if messages:
        # On-screen messages, matched by any fragment.
        entry["mf"] = " | ".join(search_key(m) for m in messages)
    return entry


def index_entries(catalog: Catalog, docs_dir: Path, memo: RecordMemo | None = None) -> list[dict]:
    """Every page's entry; with ``memo``, a procedure's entry is made again only when the
    procedure or the shared records changed."""

    def procedure_entry(p: Procedure) -> dict:
        domain = catalog.domains[p.domain].name
        body = [p.summary, *p.result, *(s.title for s in p.steps)]
        return _entry(html_path(procedure_page(p)), p.name, "p", domain, p.code, [*p.keywords, domain], body)

    entries = [memo.value(catalog, p, procedure_entry) if memo else procedure_entry(p)
               for p in catalog.procedures.values()]
    for domain in catalog.domains.values():
        if catalog.in_domain(domain.id):
            entries.append(_entry(html_path(domain_page(domain.id)), domain.name, "d",
                                  "Lĩnh vực", body=[domain.description or ""]))
    for error in catalog.errors.values():
        entries.append(_entry(html_path(error_page(error.id)), error.title, "e",
                              f"{error.system.label} · {error.stage.label}",
                              body=error.causes, messages=error.messages))
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
                                  body=headings))
    return entries


def lexicon_entries(catalog: Catalog) -> list[list]:
    """``[folded term, term as written, [folded meaning, ...], [meaning as written, ...]]``."""
    return [[key, entry.term, [search_key(m) for m in entry.means], entry.means]
            for key, entry in catalog.lexicon.items()]


def index_script(entries: list[dict], lexicon: list[list] | None = None) -> str:
    """The index as a script that hands itself to tim-kiem.js (works from file:// too)."""
    payload = json.dumps({"v": 2, "docs": entries, "lex": lexicon or [],
                          "filler": [search_key(f) for f in FILLER_PHRASES]},
                         ensure_ascii=False, separators=(",", ":"))
    # "</script>" or "<!--" inside a name must not end the script if it is ever inlined.
    payload = payload.replace("<", "\\u003c")
    return f"window.__ttSearchIndex({payload});\n"
