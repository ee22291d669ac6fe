"""Data -> YAML text in the style of the hand-written files, and atomic writes.

Block style, the editor modeline first, a blank line between groups of fields, long text
folded at about 100 columns (``>-``), codes quoted. Every scalar is checked to read back
exactly as written; one that would not is written double-quoted instead.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from pathlib import Path

import yaml

from .. import model
from ..cache import write_atomic

MODELINE = "# yaml-language-server: $schema=../schema.json\n"
#: Folded text wraps at this column; a value that fits on one line up to LINE_MAX stays on it.
WIDTH = 100
LINE_MAX = 120
#: Groups of fields, a blank line between two groups, as in the hand-written files.
_GROUPS = [
    {"summary", "description", "keywords"},
    {"applicants", "executing_agency", "competent_authority", "delegated_agencies", "coordinating_agencies",
     "receiving_address"},
    {"channels"}, {"steps"}, {"documents"},
    {"fee_exemptions", "conditions", "result", "legal_basis"},
    {"tips", "two_tier_changes", "related", "common_errors", "walkthrough", "faq"},
    {"changes", "unknown", "verification", "editor_notes"},
]
_PROVENANCE = _GROUPS[-1]
#: The model's order, with provenance (where the record comes from, what it still lacks) last.
_FIELD_ORDER = [f for f in model.Procedure.model_fields if f not in _PROVENANCE] + [
    f for f in ("changes", "unknown", "verification", "editor_notes") if f in model.Procedure.model_fields]


def field_order(keys) -> list[str]:
    """Keys in the model's order; keys the model does not know (should not happen) last."""
    known = [k for k in _FIELD_ORDER if k in keys]
    return known + [k for k in keys if k not in known]


def _group(name: str) -> int:
    return next((n + 1 for n, members in enumerate(_GROUPS) if name in members), 0)


def procedure_yaml(data: dict, keys: list[str] | None = None) -> str:
    """A procedure file. ``keys`` keeps the order of an existing file's fields."""
    keys = keys or field_order(data)
    lines = [MODELINE.rstrip("\n")]
    group = 0
    for name in keys:
        if name not in data:
            continue
        here = _group(name) or group
        if here != group and len(lines) > 1:
            lines.append("")
        group = here
        lines += _entry(name, data[name], 0)
    text = "\n".join(lines) + "\n"
    return unicodedata.normalize("NFC", text)


def records_yaml(records: list[dict]) -> str:
    """Catalogue records to append at the end of a ``_catalog/*.yaml`` list."""
    lines: list[str] = []
    for record in records:
        lines += _list_item(record, 0)
    return unicodedata.normalize("NFC", "\n".join(lines) + "\n")


def write_text(path: Path, text: str) -> None:
    write_atomic(path, text.encode("utf-8"))


# --------------------------------------------------------------------------------------
# Emitting
# --------------------------------------------------------------------------------------


def _entry(name: str, value, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(value, dict):
        if not value:
            return [f"{pad}{name}: {{}}"]
        lines = [f"{pad}{name}:"]
        for k, v in value.items():
            lines += _entry(k, v, indent + 2)
        return lines
    if isinstance(value, list):
        if not value:
            return [f"{pad}{name}: []"]
        lines = [f"{pad}{name}:"]
        for item in value:
            lines += _list_item(item, indent + 2)
        return lines
    return _scalar_entry(f"{pad}{name}:", value, indent + 2)


def _list_item(item, indent: int) -> list[str]:
    pad = " " * indent
    if isinstance(item, dict) and item:
        lines: list[str] = []
        for n, (k, v) in enumerate(item.items()):
            sub = _entry(k, v, indent + 2)
            if n == 0:
                sub[0] = f"{pad}- " + sub[0].lstrip()
            lines += sub
        return lines
    if isinstance(item, list) and item:
        lines = []
        for n, sub_item in enumerate(item):
            sub = _list_item(sub_item, indent + 2)
            if n == 0:
                sub[0] = f"{pad}- " + sub[0].lstrip()
            lines += sub
        return lines
    return _scalar_entry(f"{pad}-", item, indent + 2)


def _scalar_entry(head: str, value, indent: int) -> list[str]:
    if value is None:
        return [f"{head} null"]
    if isinstance(value, bool):
        return [f"{head} {'true' if value else 'false'}"]
    if isinstance(value, int | float):
        return [f"{head} {value}"]
    text = str(value)
    fits = "\n" not in text and len(head) + 1 + len(text) <= LINE_MAX
    if fits and _plain_ok(text):
        return [f"{head} {text}"]
    block = None if fits else _block(text, indent)
    if block is not None:
        return [f"{head} {block[0]}", *block[1:]]
    return [f"{head} {json.dumps(text, ensure_ascii=False)}"]


def _plain_ok(text: str) -> bool:
    if not text or text != text.strip():
        return False
    try:
        loaded = yaml.safe_load(f"k: {text}")
    except yaml.YAMLError:
        return False
    if not isinstance(loaded, dict) or set(loaded) != {"k"}:
        return False
    value = loaded["k"]
    if isinstance(value, str):
        return value == text
    # Counts, flags and dates read back as the same text in this project (yamlsource keeps
    # plain scalars as text); a code such as 2.000635 does not look like one, so it is quoted.
    return isinstance(value, bool | int | datetime.date)


def _block(text: str, indent: int) -> list[str] | None:
    """``>-`` folded (one line of text) or ``|-`` literal (several), if it reads back exactly."""
    pad = " " * indent
    if not text or text != text.strip():
        return None
    if "\n" in text:
        if any(line != line.rstrip() or not line for line in text.split("\n")):
            return None
        lines = ["|-"] + [pad + line for line in text.split("\n")]
    else:
        if "  " in text or "\t" in text:
            return None
        lines, current = [">-"], ""
        for word in text.split(" "):
            if current and len(pad) + len(current) + 1 + len(word) > WIDTH:
                lines.append(pad + current)
                current = word
            else:
                current = f"{current} {word}" if current else word
        lines.append(pad + current)
    try:
        loaded = yaml.safe_load("k: " + "\n".join(lines))
    except yaml.YAMLError:
        return None
    return lines if isinstance(loaded, dict) and loaded.get("k") == text else None


# --------------------------------------------------------------------------------------
# Updating a hand-written file: only the changed fields are rewritten
# --------------------------------------------------------------------------------------


def replace_fields(text: str, top_keys: dict[str, int], new: dict[str, object], order: list[str]) -> str:
    """``text`` with the top-level fields in ``new`` rewritten (``None``: removed) and the rest
    untouched, comments, flow lists and line breaks included.

    ``top_keys`` gives the line (1-based) of each top-level key; a field runs to the line before
    the next one, less the blank and comment lines that introduce the next group.
    """
    lines = text.split("\n")
    starts = sorted(top_keys.items(), key=lambda kv: kv[1])
    spans: dict[str, tuple[int, int]] = {}
    for n, (name, line) in enumerate(starts):
        end = starts[n + 1][1] - 1 if n + 1 < len(starts) else len(lines)
        while end > line and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith("#")):
            end -= 1
        spans[name] = (line - 1, end)  # 0-based [start, end)
    edits: list[tuple[int, int, list[str]]] = []
    for name, value in new.items():
        body = [] if value is None else _entry(name, value, 0)
        if name in spans:
            edits.append((*spans[name], body))
        elif body:
            before = [k for k in order[: order.index(name)] if k in spans] if name in order else list(spans)
            at = spans[before[-1]][1] if before else len(lines)
            opens_group = not before or _group(before[-1]) != _group(name)
            edits.append((at, at, ["", *body] if opens_group else body))
    for start, end, body in sorted(edits, key=lambda e: (e[0], e[1]), reverse=True):
        lines[start:end] = body
    return unicodedata.normalize("NFC", "\n".join(lines))


def insert_list_item(text: str, before_line: int, item: dict, indent: int) -> str:
    """Insert ``item`` as a block list entry at ``indent``, before line ``before_line`` (0-based)."""
    lines = text.split("\n")
    lines[before_line:before_line] = _list_item(item, indent)
    return "\n".join(lines)
