"""`thutuc import --update`: apply an imported procedure's changes to the file on disk.

Only the changed official fields are rewritten; everything else (comments, flow lists, line
breaks, all that was written for training) stays as the maintainer wrote it. A `changes`
entry, dated from the decision and citing it, is added newest first.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..yamlsource import read_yaml
from .catalogue import Resolver
from .layout import Decision
from .mapped import Mapped
from .mapper import OFFICIAL_FIELDS
from .writer import field_order, insert_list_item, procedure_yaml, replace_fields


def updated_file(m: Mapped, path: Path, changed: list[str], resolver: Resolver) -> str | None:
    """The file on disk with the changed official fields rewritten, everything else kept as the
    maintainer wrote it, and a `changes` entry dated from the decision and citing it."""
    decision: Decision = m.decision
    if not decision.number or not decision.date:
        m.fail(m.raw.heading, "--update cần số và ngày của quyết định công bố (trong phần đầu văn bản, "
               "hoặc “Số quyết định: 1234/QĐ-UBND ngày 05/11/2026”)")
        return None
    text = path.read_text(encoding="utf-8")
    doc, problems = read_yaml(path, str(path))
    if problems or not isinstance(doc.data, dict):
        m.fail(m.raw.heading, f"không đọc được {path.name} để cập nhật")
        return None
    legal_id = resolver.legal(decision.number, decision.title or "Quyết định công bố thủ tục hành chính",
                              decision.date, decision.issuer, m.raw.source.name)
    labels = ", ".join(_FIELD_LABELS.get(n, n) for n in changed)
    entry = {"date": decision.date, "summary": f"Cập nhật theo Quyết định {decision.cite()}: {labels}.",
             "legal": legal_id}
    wanted = dict(doc.data)
    for name in changed:
        if name in m.data:
            wanted[name] = m.data[name]
        else:
            wanted.pop(name, None)
    changes = list(doc.data.get("changes") or [])
    # Newest first: the entry goes before the first one that is not newer than the decision.
    at = next((i for i, c in enumerate(changes) if not isinstance(c, dict) or str(c.get("date", "")) <= decision.date),
              len(changes))
    wanted["changes"] = [*changes[:at], entry, *changes[at:]]

    top = {key[0]: line for key, (line, _col) in doc.key_marks.items() if len(key) == 1}
    rewrite = {name: m.data.get(name) for name in changed}
    if "changes" in top and at < len(changes):
        updated = replace_fields(text, top, rewrite, field_order(wanted))
        again, _ = _reread(updated)
        if again is not None and ("changes", at) in again.value_marks:
            line, col = again.value_marks[("changes", at)]
            # The item's mark is at its first key, after "- ".
            updated = insert_list_item(updated, line - 1, entry, indent=max(col - 3, 0))
    else:
        rewrite["changes"] = wanted["changes"]
        updated = replace_fields(text, top, rewrite, field_order(wanted))
    result, _ = _reread(updated)
    if result is None or result.data != _as_text(wanted):
        # The hand-written layout could not be edited in place: write the whole file anew.
        updated = procedure_yaml(wanted, _merge_order(list(doc.data), field_order(wanted)))
    return updated


def _reread(text: str):
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        doc, problems = read_yaml(Path(handle.name), handle.name)
        return (None if problems else doc), problems
    finally:
        Path(handle.name).unlink()


def _as_text(value):
    """Data as the project's YAML reader returns it: every scalar is text."""
    if isinstance(value, dict):
        return {k: _as_text(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_text(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if value is None or isinstance(value, str) else str(value)


def _merge_order(existing: list[str], canonical: list[str]) -> list[str]:
    out = list(existing)
    for key in canonical:
        if key not in out:
            before = canonical[: canonical.index(key)]
            anchor = max((out.index(k) for k in before if k in out), default=-1)
            out.insert(anchor + 1, key)
    return out


_FIELD_LABELS = {
    "name": "tên thủ tục", "decision": "số quyết định", "level": "cấp thực hiện", "kind": "loại thủ tục",
    "domain": "lĩnh vực", "online_level": "mức độ dịch vụ công trực tuyến", "description": "mô tả",
    "applicants": "đối tượng thực hiện", "executing_agency": "cơ quan thực hiện",
    "competent_authority": "cơ quan có thẩm quyền", "delegated_agencies": "cơ quan được ủy quyền",
    "coordinating_agencies": "cơ quan phối hợp", "receiving_address": "địa chỉ tiếp nhận hồ sơ",
    "channels": "cách thức thực hiện (thời hạn, phí, lệ phí)", "steps": "trình tự thực hiện",
    "documents": "thành phần hồ sơ", "conditions": "yêu cầu, điều kiện", "result": "kết quả thực hiện",
    "fee_exemptions": "đối tượng được miễn lệ phí", "legal_basis": "căn cứ pháp lý",
}
assert set(_FIELD_LABELS) == set(OFFICIAL_FIELDS) - {"code"}
