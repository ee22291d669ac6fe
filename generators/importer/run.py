"""`thutuc import`: files -> new drafts, diffs of existing procedures, updates, and the report."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .. import model
from ..load import CATALOG_DIR, load_catalog
from ..problems import InvalidSources, display_path
from ..settings import Settings
from ..text import slugify
from .catalogue import NewRecord, Resolver
from .diff import changed_fields, diff_lines
from .layout import LABELS, split_procedures
from .mapped import Mapped, Unmapped
from .mapper import PLACEHOLDERS, map_procedure
from .neutral import SourceDoc, Unreadable
from .read_docx import read_docx
from .read_html import read_html_file
from .read_plone import read_plone_json
from .update import updated_file
from .writer import procedure_yaml, records_yaml, write_text

READERS = {".docx": read_docx, ".html": read_html_file, ".htm": read_html_file, ".json": read_plone_json}
SKIPPED = "không ghi thủ tục này"
#: A decision's appendix with a few hundred procedures is a few megabytes.
MAX_BYTES = 50_000_000


@dataclass
class Outcome:
    """What happened to one procedure found in the input."""

    mapped: Mapped
    status: str  # new, changed, unchanged, failed
    path: str = ""
    diff: list[str] = field(default_factory=list)
    note: str = ""

    @property
    def unmapped(self) -> list[Unmapped]:
        return self.mapped.unmapped


@dataclass
class ImportReport:
    files: int = 0
    problems: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)
    records: list[NewRecord] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False
    update: bool = False

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)

    def text(self) -> str:
        out = [f"Đã đọc {self.files} tệp: {self.count('new')} thủ tục mới, {self.count('changed')} thay đổi, "
               f"{self.count('unchanged')} không đổi, {len(self.problems)} lỗi."]
        if self.problems:
            out += ["", "Lỗi (không ghi gì cho các thủ tục này):"] + [f"  {p}" for p in self.problems]
        for status, title in (("new", "Thủ tục mới"), ("changed", "Thủ tục thay đổi"),
                              ("unchanged", "Không đổi")):
            chosen = [o for o in self.outcomes if o.status == status]
            if status == "unchanged":  # thousands on a full re-import: only those with something to say
                chosen = [o for o in chosen if o.unmapped]
            if not chosen:
                continue
            out += ["", f"{title}:"]
            for o in chosen:
                out.append(f"  {o.mapped.title} — {o.path}" + (f" ({o.note})" if o.note else ""))
                if status == "new":
                    out.append(f"    cần người viết: {', '.join(PLACEHOLDERS)} (đang là chỗ đánh dấu)")
                    if o.mapped.unknown:
                        out.append(f"    chưa xác định (ghi trong unknown): {', '.join(o.mapped.unknown)}")
                out += [f"    {line}" for line in o.diff]
                if o.unmapped:
                    out.append("    không ánh xạ được:")
                    out += [f"      {u.where}: “{u.text}” — {u.why}" for u in o.unmapped]
        if self.records:
            out += ["", "Bản ghi mới trong danh mục (cần kiểm tra):"]
            out += [f"  {CATALOG_DIR}/{r.table}.yaml: {r.data['id']} — "
                    f"{r.data.get('number') or r.data.get('code') or r.data.get('name')} ({r.found})"
                    for r in self.records]
        if self.dry_run:
            out += ["", "--dry-run: không ghi tệp nào."]
        elif self.written:
            out += ["", "Đã ghi:"] + [f"  {path}" for path in self.written]
        if self.count("changed") and not self.update:
            out += ["", "Chạy lại với --update để áp dụng các thay đổi trên (giữ tóm tắt, mẹo, hỏi đáp, "
                    "video, từ khóa; thêm một mục changes)."]
        return "\n".join(out)


def import_command(settings: Settings, paths: list[Path], *, update: bool = False, dry_run: bool = False) -> int:
    report = import_paths(settings, paths, update=update, dry_run=dry_run)
    print(report.text())
    return 1 if report.problems else 0


def import_paths(settings: Settings, paths: list[Path], *, update: bool = False,
                 dry_run: bool = False) -> ImportReport:
    catalog = load_catalog(settings.procedures, settings.root)
    resolver = Resolver(catalog)
    report = ImportReport(dry_run=dry_run, update=update)
    seen_codes: dict[str, str] = {}
    taken_slugs = set(catalog.procedures)
    writes: dict[Path, str] = {}

    for path in _expand(paths, report, lambda p: display_path(p, settings.root)):
        report.files += 1
        name = display_path(path, settings.root)
        docs = _read(path, name, report)
        if docs is None:
            continue
        found_any = False
        for doc in docs:
            try:
                decision, raws = split_procedures(doc)
            except Exception as exc:  # never a traceback, whatever the layout
                report.problems.append(f"{name}: không tách được các thủ tục ({type(exc).__name__}: {exc})")
                found_any = True
                continue
            for raw in raws:
                found_any = True
                checkpoint = resolver.checkpoint()
                try:
                    mapped = map_procedure(raw, decision, resolver)
                    outcome = _place(mapped, catalog, resolver, settings, update, dry_run, seen_codes, taken_slugs,
                                     writes)
                except Exception as exc:  # a layout nobody foresaw: one line, never a traceback
                    mapped = Mapped(raw, decision)
                    mapped.fail(raw.heading, f"không đọc được thủ tục này ({type(exc).__name__}: {exc})")
                    outcome = Outcome(mapped, "failed")
                if outcome.status == "failed":
                    resolver.rollback(checkpoint)
                    report.problems += [f"{name}, {e}; {SKIPPED}" for e in mapped.errors]
                else:
                    seen_codes[mapped.data["code"]] = f"{name}, {raw.where}"
                report.outcomes.append(outcome)
        if not found_any:
            report.problems.append(f"{name}: không tìm thấy thủ tục nào (không có các nhãn “Mã thủ tục”, "
                                   "“Trình tự thực hiện”, “Thành phần, số lượng hồ sơ”...)")

    report.records = list(resolver.added.values())
    for table in ("domains", "agencies", "legal", "forms"):
        records = [r.data for r in report.records if r.table == table]
        if records:
            target = settings.procedures / CATALOG_DIR / f"{table}.yaml"
            text = target.read_text(encoding="utf-8") if target.is_file() else ""
            writes[target] = text + ("" if not text or text.endswith("\n") else "\n") + records_yaml(records)
    if writes and not _validates(settings, writes, report):
        writes = {}
    if not dry_run:
        # Catalogue first: a procedure file never refers to a record not yet written.
        for target in sorted(writes, key=lambda p: CATALOG_DIR not in p.parts):
            write_text(target, writes[target])
            report.written.append(display_path(target, settings.root))
    return report


# --------------------------------------------------------------------------------------
# Files
# --------------------------------------------------------------------------------------


def _expand(paths: list[Path], report: ImportReport, show):
    for path in paths:
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.suffix.lower() in READERS and p.is_file()
                              and not p.name.startswith((".", "~$")))
        elif not path.exists():
            report.problems.append(f"{show(path)}: không tìm thấy tệp")
        elif path.suffix.lower() not in READERS:
            report.problems.append(f"{show(path)}: không đọc được loại tệp này (chỉ nhận .docx, .html, .json)")
        else:
            yield path


def _read(path: Path, name: str, report: ImportReport) -> list[SourceDoc] | None:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise Unreadable(f"tệp quá lớn ({size:,} byte, tối đa {MAX_BYTES:,}): tách phụ lục thành nhiều tệp")
        return READERS[path.suffix.lower()](path, name)
    except Unreadable as exc:
        report.problems.append(f"{name}: {exc}")
    except OSError as exc:
        report.problems.append(f"{name}: không mở được tệp ({exc.strerror or exc})")
    except Exception as exc:  # a damaged file the libraries choke on: one line, never a traceback
        report.problems.append(f"{name}: không đọc được tệp ({type(exc).__name__}: {exc})")
    return None


# --------------------------------------------------------------------------------------
# One procedure: validate, then new draft, or diff (and update) of the existing one
# --------------------------------------------------------------------------------------


def _place(m: Mapped, catalog, resolver: Resolver, settings: Settings, update: bool, dry_run: bool,
           seen_codes: dict[str, str], taken_slugs: set[str], writes: dict[Path, str]) -> Outcome:
    if m.errors:
        return Outcome(m, "failed")
    code = m.data["code"]
    if code in seen_codes:
        m.fail(m.raw.parts["code"].label if "code" in m.raw.parts else m.raw.heading,
               f"mã {code} đã có ở {seen_codes[code]}")
        return Outcome(m, "failed")
    existing = catalog.by_code(code)
    if existing is not None and "decision" not in m.raw.parts:
        # The publishing decision of a changed procedure goes into `changes`; the record's own
        # decision field changes only when the text prints one for the procedure.
        m.data.pop("decision", None)
        if existing.decision:
            m.data["decision"] = existing.decision
    imported = _validated(m)
    if imported is None:
        return Outcome(m, "failed")
    if existing is None:
        slug = slugify(m.data["name"])[:80].strip("-") or code.replace(".", "-")
        target = settings.procedures / m.data["domain"] / f"{slug}.yaml"
        if slug in taken_slugs or target.exists():
            slug = f"{slug}-{code.replace('.', '-').lower()}"
            target = target.with_name(f"{slug}.yaml")
        taken_slugs.add(slug)
        writes[target] = procedure_yaml(m.data)
        return Outcome(m, "new", display_path(target, settings.root))
    path = settings.root / catalog.sources[existing.slug]
    shown = catalog.sources[existing.slug]
    changed = changed_fields(existing, imported)
    if not changed:
        return Outcome(m, "unchanged", shown)
    outcome = Outcome(m, "changed", shown, diff_lines(existing, imported))
    if update:
        text = updated_file(m, path, changed, resolver)
        if text is None:
            return Outcome(m, "failed")
        writes[path] = text
        outcome.note = "sẽ cập nhật" if dry_run else "đã cập nhật"
    return outcome


_PART_OF_FIELD = {"fee_exemptions": "fee"}


def _validated(m: Mapped) -> model.Procedure | None:
    try:
        return model.Procedure.model_validate(m.data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            field_name = str(error["loc"][0]) if error["loc"] else ""
            part = m.raw.parts.get(_PART_OF_FIELD.get(field_name, field_name))
            label = f"“{LABELS[part.key]}”" if part else field_name
            m.fail(part.label if part else m.raw.heading,
                   f"phần {label} không dùng được ({'.'.join(str(x) for x in error['loc'])}: {error['msg']})")
        return None


# --------------------------------------------------------------------------------------
# Nothing is written unless the whole project, with the writes, validates
# --------------------------------------------------------------------------------------


def _validates(settings: Settings, writes: dict[Path, str], report: ImportReport) -> bool:
    with tempfile.TemporaryDirectory(prefix="thutuc-import-") as tmp:
        root = Path(tmp)
        shutil.copytree(settings.procedures, root / "procedures",
                        ignore=shutil.ignore_patterns(".*"))
        for target, text in writes.items():
            copy = root / target.relative_to(settings.root)
            copy.parent.mkdir(parents=True, exist_ok=True)
            copy.write_text(text, encoding="utf-8")
        try:
            load_catalog(root / "procedures", root)
        except InvalidSources as exc:
            report.problems += [f"{p}" for p in exc.problems if not p.warning]
            report.problems.append("dữ liệu sau khi nhập không hợp lệ: không ghi tệp nào")
            return False
    return True
