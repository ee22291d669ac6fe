"""Field-by-field difference between a procedure on file and the same procedure imported."""

from __future__ import annotations

from .. import model
from .mapper import OFFICIAL_FIELDS


def official(procedure: model.Procedure) -> dict:
    """The fields an official record gives, as plain data, defaults included on both sides."""
    return procedure.model_dump(mode="json", include=set(OFFICIAL_FIELDS))


def changed_fields(old: model.Procedure, new: model.Procedure) -> list[str]:
    a, b = official(old), official(new)
    return [name for name in OFFICIAL_FIELDS if a.get(name) != b.get(name)]


def diff_lines(old: model.Procedure, new: model.Procedure) -> list[str]:
    """``channels[0].fee: “8.000 đồng” → “10.000 đồng”``, one line per differing value."""
    a, b = official(old), official(new)
    lines: list[str] = []
    for name in OFFICIAL_FIELDS:
        _walk(name, a.get(name), b.get(name), lines)
    return lines


def _walk(path: str, old, new, lines: list[str]) -> None:
    if old == new:
        return
    if isinstance(old, dict) and isinstance(new, dict):
        for key in list(old) + [k for k in new if k not in old]:
            _walk(f"{path}.{key}", old.get(key), new.get(key), lines)
        return
    if isinstance(old, list) and isinstance(new, list):
        for i in range(max(len(old), len(new))):
            _walk(f"{path}[{i}]", old[i] if i < len(old) else None, new[i] if i < len(new) else None, lines)
        return
    lines.append(f"{path}: {_show(old)} → {_show(new)}")


def _show(value) -> str:
    if value is None:
        return "(không có)"
    if isinstance(value, dict | list):
        import json

        return json.dumps(value, ensure_ascii=False)
    return f"“{value}”"
