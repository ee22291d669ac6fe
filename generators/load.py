"""YAML sources -> a validated, cross-referenced :class:`~generators.catalog.Catalog`.

Every problem of the run is collected (never stop at the first) and raised together as
:class:`InvalidSources`, each with ``file:line:col: field: message (hint)``.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import model, yamlsource
from .cache import digest, write_atomic
from .catalog import Catalog
from .problems import InvalidSources, Problem, display_path
from .root_causes import PROCEDURES, Unloaded, summarise
from .yamlsource import Loc, YamlDoc, read_yaml

CATALOG_DIR = "_catalog"
MODULES_DIR = "_modules"
#: A project may have no troubleshooting catalogue, contacts or search lexicon yet.
OPTIONAL_CATALOG_FILES = {"errors", "contacts", "lexicon"}
#: Marks text a person must still write (drafts made by `thutuc import`): a warning, not an error.
PLACEHOLDER = "[CẦN VIẾT]"


# --------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------


def load_catalog(procedures_dir: Path, project_root: Path | None = None) -> Catalog:
    """Load and validate every YAML under ``procedures_dir``; raise if anything is wrong."""
    project_root = project_root or procedures_dir.parent
    catalog = Catalog(root=procedures_dir)
    problems: list[Problem] = []
    unloaded = Unloaded()

    def show(path: Path) -> str:
        return display_path(path, project_root)

    if not procedures_dir.is_dir():
        raise InvalidSources([Problem(show(procedures_dir), 1, 1, "", "không tìm thấy thư mục thủ tục",
                                      "chạy lệnh trong thư mục dự án hoặc dùng --procedures")])

    # Shared records first: procedures refer to them.
    catalog_docs: dict[str, dict[str, YamlDoc]] = {}
    for name, record_model in model.CATALOG_FILES.items():
        path = procedures_dir / CATALOG_DIR / f"{name}.yaml"
        records, where = _load_records(path, show(path), record_model, problems, unloaded)
        setattr(catalog, name, records)
        catalog_docs[name] = where

    docs: dict[str, YamlDoc] = {}
    first_of_slug: dict[str, tuple[YamlDoc, Loc]] = {}
    first_of_code: dict[str, YamlDoc] = {}
    loaded: list[model.Procedure] = []
    digests: dict[str, str] = {}
    parsed = ParseCache(project_root / ".thutuc" / "cache" / "load.json")
    for path in sorted(_procedure_files(procedures_dir)):
        raw = path.read_bytes()
        hit = parsed.get(show(path), raw)
        if hit:
            procedure, slug_written = hit
            doc = LazyYamlDoc(path, show(path))
        else:
            doc, file_problems = read_yaml(path, show(path))
            problems += file_problems
            if file_problems:
                unloaded.note_procedure_file(path)
                continue
            if not isinstance(doc.data, dict):
                problems.append(doc.problem((), "nội dung phải là một bảng (mapping) các trường",
                                            "mỗi dòng dạng `trường: giá trị`, xem `thutuc new`"))
                unloaded.note_procedure_file(path)
                continue
            procedure = _validate(model.Procedure, doc.data, doc, (), problems)
            if procedure is None:
                unloaded.note_procedure_file(path)
                continue
            slug_written = "slug" in doc.data
            if procedure.slug is None:
                procedure.slug = path.stem
                if not _valid_id(path.stem):
                    problems.append(doc.problem((), f"tên tệp '{path.name}' không dùng được làm đường dẫn",
                                                "đặt tên tệp chữ thường không dấu nối bằng '-', "
                                                "ví dụ dang-ky-khai-sinh.yaml, hoặc thêm trường slug"))
                    unloaded.note_procedure_file(path)
                    continue
            parsed.put(show(path), raw, procedure, slug_written)
        slug_loc: Loc = ("slug",) if slug_written else ()
        if procedure.slug in first_of_slug:
            other, other_loc = first_of_slug[procedure.slug]
            problems.append(doc.problem(slug_loc, f"đường dẫn '{procedure.slug}' trùng với "
                                        f"{other.path}:{other.where(other_loc)[0]}",
                                        "đổi tên tệp hoặc trường slug"))
            continue
        if procedure.code in first_of_code:
            other = first_of_code[procedure.code]
            problems.append(doc.problem(("code",), f"mã thủ tục {procedure.code} trùng với "
                                        f"{other.path}:{other.where(('code',))[0]}",
                                        "mỗi mã thủ tục chỉ có một tệp"))
            continue
        problems += _placeholder_warnings(procedure, doc)
        first_of_slug[procedure.slug] = (doc, slug_loc)
        first_of_code[procedure.code] = doc
        docs[procedure.slug] = doc
        digests[procedure.slug] = hashlib.sha256(raw).hexdigest()
        loaded.append(procedure)
    parsed.save()

    loaded.sort(key=lambda p: (p.domain, p.code))
    catalog.procedures = {p.slug: p for p in loaded}
    catalog.sources = {slug: doc.path for slug, doc in docs.items()}
    catalog.digests = digests

    module_docs = _load_modules(procedures_dir / MODULES_DIR, show, catalog, problems)
    problems += _check_references(catalog, docs, catalog_docs, unloaded)
    problems += _check_modules(catalog, module_docs, unloaded)
    problems = summarise(problems)
    errors = [p for p in problems if not p.warning]
    catalog.warnings = sorted(p for p in problems if p.warning)
    if errors:
        raise InvalidSources(problems)
    return catalog


def _load_modules(folder: Path, show, catalog: Catalog, problems: list[Problem]) -> dict[str, YamlDoc]:
    docs: dict[str, YamlDoc] = {}
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        doc, file_problems = read_yaml(path, show(path))
        problems += file_problems
        if file_problems:
            continue
        if not isinstance(doc.data, dict):
            problems.append(doc.problem((), "nội dung phải là một bảng (mapping) các trường",
                                        "mỗi dòng dạng `trường: giá trị`"))
            continue
        if not _valid_id(path.stem):
            problems.append(doc.problem((), f"tên tệp '{path.name}' không dùng được làm đường dẫn",
                                        "đặt tên tệp chữ thường không dấu nối bằng '-'"))
            continue
        module = _validate(model.TrainingModule, doc.data, doc, (), problems)
        if module is not None:
            catalog.modules[path.stem] = module
            docs[path.stem] = doc
    return docs


# --------------------------------------------------------------------------------------
# Parse cache: a procedure file whose bytes did not change is not parsed again
# --------------------------------------------------------------------------------------


class ParseCache:
    """Validated procedures by file, keyed by the file's bytes and the model's source.

    Parsing YAML is most of the load time of a large catalogue; an unchanged file is taken
    from here. Marks (line, column) are only needed to report a problem, and are then read
    from the file again (:class:`LazyYamlDoc`). Deleting the cache is always safe.
    """

    #: Procedures this process already validated, by (model, file, bytes): a long-running
    #: process (`thutuc serve`) turns it on, so a rebuild after one edit validates one file.
    #: The same objects go to every build; no stage changes a procedure after it is loaded.
    in_memory: dict[tuple[str, str, str], tuple[model.Procedure, bool]] | None = None

    def __init__(self, path: Path):
        self.path = path
        # How YAML is read decides what validates, as much as the model does.
        self.model_key = digest(Path(model.__file__), Path(yamlsource.__file__))
        self.changed = False
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            files = data["files"] if data.get("model") == self.model_key else {}
            self.entries = files if isinstance(files, dict) else {}  # a damaged cache means "parse again"
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            self.entries = {}

    def get(self, shown: str, raw: bytes) -> tuple[model.Procedure, bool] | None:
        sha = hashlib.sha256(raw).hexdigest()
        if self.in_memory is not None and (self.model_key, shown, sha) in self.in_memory:
            return self.in_memory[(self.model_key, shown, sha)]
        entry = self.entries.get(shown)
        if not isinstance(entry, dict) or entry.get("sha") != sha:
            return None
        try:
            found = model.Procedure.model_validate_json(entry["procedure"]), bool(entry["slug_written"])
        except (ValueError, KeyError, TypeError):
            return None
        self._remember(shown, sha, found)
        return found

    def put(self, shown: str, raw: bytes, procedure: model.Procedure, slug_written: bool) -> None:
        sha = hashlib.sha256(raw).hexdigest()
        self.entries[shown] = {"sha": sha, "slug_written": slug_written, "procedure": procedure.model_dump_json()}
        self.changed = True
        self._remember(shown, sha, (procedure, slug_written))

    def _remember(self, shown: str, sha: str, found: tuple[model.Procedure, bool]) -> None:
        if self.in_memory is not None:
            self.in_memory[(self.model_key, shown, sha)] = found

    def save(self) -> None:
        if self.changed:
            try:
                write_atomic(self.path, json.dumps({"model": self.model_key, "files": self.entries}).encode())
            except OSError:
                pass  # a read-only project still loads, only slower


class LazyYamlDoc:
    """A YamlDoc read from its file only when a problem must be placed in it."""

    def __init__(self, file: Path, shown: str):
        self.path, self._file, self._doc = shown, file, None

    def _load(self) -> YamlDoc:
        if self._doc is None:
            self._doc, _ = read_yaml(self._file, self.path)
        return self._doc

    def where(self, *args, **kwargs):
        return self._load().where(*args, **kwargs)

    def problem(self, *args, **kwargs):
        return self._load().problem(*args, **kwargs)


def _placeholder_warnings(procedure: model.Procedure, doc) -> list[Problem]:
    """Fields of an imported draft that still hold the placeholder a person must replace."""
    marked = [(("summary",), procedure.summary)]
    marked += [(("keywords", i), text) for i, text in enumerate(procedure.keywords)]
    marked += [(("tips", i), text) for i, text in enumerate(procedure.tips)]
    return [doc.problem(loc, f"chưa viết: {text}", f"thay chỗ đánh dấu {PLACEHOLDER} bằng nội dung thật",
                        warning=True) for loc, text in marked if text.startswith(PLACEHOLDER)]


def _procedure_files(procedures_dir: Path):
    for path in procedures_dir.rglob("*"):
        if path.suffix.lower() in {".yaml", ".yml"} and path.is_file():
            relative = path.relative_to(procedures_dir)
            if relative.parts[0] not in {CATALOG_DIR, MODULES_DIR} and not any(
                    p.startswith(".") for p in relative.parts):
                yield path


def _valid_id(text: str) -> bool:
    import re

    return re.fullmatch(model.ID_PATTERN, text) is not None


# --------------------------------------------------------------------------------------
# Catalogue files: a list of records, each with a unique id
# --------------------------------------------------------------------------------------


def _load_records(path: Path, shown: str, record_model: type[BaseModel], problems: list[Problem],
                  unloaded: Unloaded):
    records: dict[str, BaseModel] = {}
    where: dict[str, YamlDoc] = {}
    if not path.is_file():
        if path.stem in OPTIONAL_CATALOG_FILES:
            return records, where
        problems.append(Problem(shown, 1, 1, "", "thiếu tệp danh mục dùng chung",
                                "tạo tệp với danh sách bản ghi, mỗi bản ghi có `id`"))
        return records, where
    doc, file_problems = read_yaml(path, shown)
    problems += file_problems
    if file_problems:
        unloaded.note_catalog_file(path.stem)
        return records, where
    key_field = getattr(record_model, "KEY_FIELD", "id")
    if not isinstance(doc.data, list):
        problems.append(doc.problem((), "nội dung phải là một danh sách bản ghi",
                                    f"mỗi bản ghi bắt đầu bằng `- {key_field}: ...`"))
        unloaded.note_catalog_file(path.stem)
        return records, where
    first_index: dict[str, int] = {}
    for index, raw in enumerate(doc.data):
        record = _validate(record_model, raw, doc, (index,), problems)
        if record is None:
            unloaded.note_record(path.stem, raw)
            continue
        if record.id in records:
            first = doc.where((first_index[record.id], key_field))[0]
            if key_field == "id":
                message, hint = f"id '{record.id}' bị lặp (đã có ở dòng {first})", "mỗi bản ghi một id riêng"
            else:
                earlier = getattr(records[record.id], key_field)
                message = f"'{getattr(record, key_field)}' trùng với '{earlier}' ở dòng {first}"
                hint = "gộp các mục means vào một bản ghi, xóa bản ghi còn lại"
            problems.append(doc.problem((index, key_field), message, hint))
            continue
        records[record.id] = record
        where[record.id] = doc
        first_index[record.id] = index
    return records, where


def _record_loc(doc: YamlDoc, record_id: str) -> Loc:
    for index, raw in enumerate(doc.data):
        if isinstance(raw, dict) and raw.get("id") == record_id:
            return (index, "id")
    return ()


# --------------------------------------------------------------------------------------
# Model validation: pydantic errors -> problems with file:line:col
# --------------------------------------------------------------------------------------

_MESSAGES = {
    "missing": ("thiếu trường bắt buộc", "thêm trường này"),
    "extra_forbidden": ("trường không có trong lược đồ", ""),
    "string_type": ("phải là văn bản", "viết trong dấu nháy nếu cần"),
    "list_type": ("phải là một danh sách", "mỗi mục một dòng bắt đầu bằng `- `"),
    "model_type": ("phải là một bảng (mapping) các trường", "mỗi dòng dạng `trường: giá trị`"),
    "model_attributes_type": ("phải là một bảng (mapping) các trường", "mỗi dòng dạng `trường: giá trị`"),
    "int_parsing": ("phải là số nguyên", "ví dụ 1"),
    "int_type": ("phải là số nguyên", "ví dụ 1"),
    "bool_parsing": ("phải là true hoặc false", ""),
    "bool_type": ("phải là true hoặc false", ""),
    "string_too_short": ("không được để trống", "điền nội dung hoặc bỏ trường"),
}


def _validate(record_model: type[BaseModel], data: object, doc: YamlDoc, base: Loc,
              problems: list[Problem]) -> BaseModel | None:
    try:
        return record_model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors(include_url=False):
            problems.append(_problem_from_error(record_model, error, doc, base))
        return None


def _problem_from_error(record_model: type[BaseModel], error: dict, doc: YamlDoc, base: Loc) -> Problem:
    kind = error["type"]
    loc = _written_loc(base + tuple(error["loc"]), doc)
    message, hint = _MESSAGES.get(kind, (None, ""))
    ctx = error.get("ctx") or {}
    field_name = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        known = _field_names_at(record_model, error["loc"][:-1])
        close = difflib.get_close_matches(field_name, known, n=1)
        if field_name in model.RETIRED_FIELDS and "editor_notes" in known:
            hint = model.RETIRED_FIELDS[field_name]
        elif close:
            hint = f"có phải ý bạn là '{close[0]}'?"
        elif len(known) <= 8:
            hint = f"các trường hợp lệ: {', '.join(known)}"
        else:
            hint = "xóa trường này; các trường hợp lệ ở trang Bảo trì nội dung › Lược đồ dữ liệu"
        return doc.problem(loc, message, hint, key=True)
    if kind == "missing":
        return doc.problem(loc, message, hint)
    if kind == "string_pattern_mismatch":
        if ctx.get("pattern") == model.CODE_PATTERN:
            message, hint = "mã thủ tục không đúng dạng N.NNNNNN", "ví dụ 1.001193 hoặc 1.011441.H38"
        elif ctx.get("pattern") == model.ID_PATTERN:
            message, hint = "id không hợp lệ", "chữ thường không dấu, số và '-', ví dụ ubnd-xa"
        elif ctx.get("pattern") == model.DATE_PATTERN:
            message, hint = "ngày không đúng dạng YYYY-MM-DD", "ví dụ 2025-07-01"
        elif ctx.get("pattern") == model.ISSUED_PATTERN:
            message, hint = "ngày ban hành không đúng dạng", "YYYY-MM-DD, ví dụ 2025-06-09, hoặc chỉ năm"
        elif ctx.get("pattern") == model.PHONE_PATTERN:
            message, hint = "số điện thoại không đúng dạng", "các nhóm chữ số cách nhau bằng dấu cách hoặc dấu chấm"
        else:
            message, hint = "không đúng định dạng", f"mẫu: {ctx.get('pattern')}"
    elif kind == "enum":
        allowed = str(ctx.get("expected", "")).replace("'", "").replace(" or ", ", ")
        message, hint = "giá trị không hợp lệ", f"chọn một trong: {allowed}"
    elif kind == "string_type" and error.get("input") is None:
        message, hint = "không được để trống", "điền nội dung hoặc bỏ trường"
    elif kind == "string_type" and loc in doc.typed_plain:
        # YAML 1.2 (and so every editor) reads it as a number or a boolean: quoting keeps the text.
        written = doc.typed_plain[loc]
        kind_read = "true/false" if isinstance(error.get("input"), bool) else "số"
        message = f"YAML đọc `{written}` là {kind_read}, không phải văn bản"
        hint = f'đặt trong dấu nháy kép: "{written}"'
    elif kind == "too_short":
        message, hint = f"cần ít nhất {ctx.get('min_length', 1)} mục", "thêm mục vào danh sách"
    elif kind == "greater_than_equal":
        message, hint = f"phải lớn hơn hoặc bằng {ctx.get('ge')}", ""
    elif kind == "value_error":
        cause = ctx.get("error")
        message, hint = str(cause or error["msg"]), ""
        if isinstance(cause, model.FieldError):
            # A rule across fields: point at the field it names, and at its key line.
            return doc.problem(loc + (cause.field,), message, hint, key=True)
    elif kind == "union_tag_invalid":
        actions = ", ".join(model.WALKTHROUGH_ACTIONS)
        close = difflib.get_close_matches(str(ctx.get("tag")), model.WALKTHROUGH_ACTIONS, n=1)
        message = f"hành động '{ctx.get('tag')}' không hợp lệ"
        hint = f"có phải ý bạn là '{close[0]}'?" if close else f"chọn một trong: {actions}"
        return doc.problem(loc + ("action",), message, hint)
    elif kind == "union_tag_not_found":
        message = "thiếu hành động"
        hint = (f"thêm `action:` ({', '.join(model.WALKTHROUGH_ACTIONS)}) "
                "hoặc viết dạng rút gọn, ví dụ `- click: Tiếp tục`")
    elif message is None:
        message = error["msg"]
    return doc.problem(loc, message, hint)


def _written_loc(loc: Loc, doc: YamlDoc) -> Loc:
    """``loc`` as written in the YAML: pydantic adds the tag of a walkthrough step's action
    (``steps.2.click.text``); drop it, unless the step was written in shorthand under that key
    (``- click: Tiếp tục`` or ``- fill: {label: ..., value: ...}``)."""
    for index, part in enumerate(loc):
        if not (index and isinstance(loc[index - 1], int) and part in model.STEP_MODELS):
            continue
        node = doc.data
        for key in loc[:index]:
            if isinstance(node, dict):
                node = node.get(key)
            elif isinstance(node, list) and isinstance(key, int) and key < len(node):
                node = node[key]
            else:
                node = None
        written = node.get(part) if isinstance(node, dict) else None
        rest = loc[index + 1:]
        if isinstance(written, dict) and rest and rest[0] in written:
            return loc
        if written is not None and not isinstance(written, dict) and rest[:1] in ((), (model.SHORTHAND_FIELD[part],)):
            return loc[:index + 1]
        return loc[:index] + rest
    return loc


def _field_names_at(record_model: type[BaseModel], loc: tuple) -> list[str]:
    """Field names of the model found by walking ``loc`` (list indexes are skipped)."""
    current: type[BaseModel] = record_model
    for part in loc:
        if isinstance(part, int):
            continue
        if part in model.STEP_MODELS:
            current = model.STEP_MODELS[part]
            continue
        info = current.model_fields.get(part)
        inner = _model_in(info.annotation) if info else None
        if inner is None:
            break
        current = inner
    return list(current.model_fields)


def _model_in(annotation) -> type[BaseModel] | None:
    import typing

    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


# --------------------------------------------------------------------------------------
# Cross-references between procedures and the shared catalogue
# --------------------------------------------------------------------------------------


def _check_references(catalog: Catalog, docs: dict[str, YamlDoc],
                      catalog_docs: dict[str, dict[str, YamlDoc]], unloaded: Unloaded) -> list[Problem]:
    problems: list[Problem] = []

    def unknown(doc: YamlDoc, loc: Loc, value: str, table: str, known: dict) -> None:
        close = difflib.get_close_matches(value, list(known), n=1)
        hint = f"có phải ý bạn là '{close[0]}'?" if close else f"thêm bản ghi vào _catalog/{table}.yaml"
        problems.append(unloaded.tag(doc.problem(loc, f"'{value}' không có trong _catalog/{table}.yaml", hint),
                                     table, value))

    for form in catalog.forms.values():
        if form.legal and form.legal not in catalog.legal:
            doc = catalog_docs["forms"][form.id]
            unknown(doc, _record_loc(doc, form.id)[:1] + ("legal",), form.legal, "legal", catalog.legal)

    problems += _check_errors(catalog, catalog_docs["errors"])
    used_errors: set[str] = set()

    codes = {p.code for p in catalog.procedures.values()}
    replaced: dict[str, model.Procedure] = {}
    for p in catalog.procedures.values():
        for old in p.replaces:
            replaced.setdefault(old.code, p)
    for slug, p in catalog.procedures.items():
        doc = docs[slug]
        if p.domain not in catalog.domains:
            unknown(doc, ("domain",), p.domain, "domains", catalog.domains)
        agency_refs: list[tuple[Loc, str]] = [(("executing_agency",), p.executing_agency)]
        if p.competent_authority:
            agency_refs.append((("competent_authority",), p.competent_authority))
        for field_name in ("delegated_agencies", "coordinating_agencies"):
            agency_refs += [((field_name, i), a) for i, a in enumerate(getattr(p, field_name))]
        for loc, agency in agency_refs:
            if agency not in catalog.agencies:
                unknown(doc, loc, agency, "agencies", catalog.agencies)
        for i, ref in enumerate(p.legal_basis):
            if ref.doc not in catalog.legal:
                unknown(doc, ("legal_basis", i, "doc"), ref.doc, "legal", catalog.legal)
        for c, case in enumerate(p.documents):
            for i, item in enumerate(case.items):
                if item.form and item.form not in catalog.forms:
                    unknown(doc, ("documents", c, "items", i, "form"), item.form, "forms", catalog.forms)
        for i, error_id in enumerate(p.common_errors):
            used_errors.add(error_id)
            if error_id not in catalog.errors:
                unknown(doc, ("common_errors", i), error_id, "errors", catalog.errors)
        for i, rel in enumerate(p.related):
            if rel.code == p.code:
                problems.append(doc.problem(("related", i, "code"), "thủ tục không thể liên quan đến chính nó",
                                            "bỏ mục này"))
            elif rel.code in replaced:
                problems.append(doc.problem(("related", i, "code"), f"mã {rel.code} đã được thay bằng "
                                            f"{replaced[rel.code].code}", f"ghi mã mới {replaced[rel.code].code}"))
            elif rel.code not in codes and not rel.name:
                close = difflib.get_close_matches(rel.code, sorted(codes), n=1, cutoff=0.85)
                hint = (f"có phải ý bạn là '{close[0]}'? Nếu đúng là thủ tục ngoài danh mục, thêm `name`" if close
                        else "thủ tục ngoài danh mục: thêm `name` (tên thủ tục) cạnh `code`")
                problems.append(unloaded.tag(doc.problem(("related", i, "code"),
                                                         f"không có thủ tục mã {rel.code} trong danh mục", hint),
                                             PROCEDURES, rel.code))
        for i, old in enumerate(p.replaces):
            if old.code in codes:
                problems.append(doc.problem(("replaces", i, "code"), f"mã {old.code} đã được thay thế nhưng vẫn "
                                            f"có tệp thủ tục {catalog.sources[catalog.by_code(old.code).slug]}",
                                            "xóa tệp của mã cũ, hoặc bỏ mục này khỏi replaces"))
            elif replaced[old.code] is not p:
                problems.append(doc.problem(("replaces", i, "code"), f"mã {old.code} đã được thủ tục "
                                            f"{replaced[old.code].code} thay thế", "mỗi mã cũ chỉ do một thủ tục thay"))

    for error_id in catalog.errors.keys() - used_errors:
        doc = catalog_docs["errors"][error_id]
        problems.append(doc.problem(_record_loc(doc, error_id), "lỗi này chưa được thủ tục nào nhắc đến",
                                    f"thêm '{error_id}' vào common_errors của thủ tục hay gặp lỗi này",
                                    warning=True))
    return problems


def _check_errors(catalog: Catalog, docs: dict[str, YamlDoc]) -> list[Problem]:
    """Related errors exist; no on-screen message belongs to two records."""
    problems: list[Problem] = []
    first_seen: dict[str, str] = {}
    for error in catalog.errors.values():
        doc = docs[error.id]
        index = _record_loc(doc, error.id)[0]
        for i, related in enumerate(error.related):
            if related == error.id:
                problems.append(doc.problem((index, "related", i), "lỗi không thể liên quan đến chính nó",
                                            "bỏ mục này"))
            elif related not in catalog.errors:
                close = difflib.get_close_matches(related, list(catalog.errors), n=1)
                hint = f"có phải ý bạn là '{close[0]}'?" if close else "thêm bản ghi vào _catalog/errors.yaml"
                problems.append(doc.problem((index, "related", i),
                                            f"'{related}' không có trong _catalog/errors.yaml", hint))
        contacts = [(("escalate", "contact"), error.escalate.contact)]
        contacts += [(("escalate", "also", i), c) for i, c in enumerate(error.escalate.also)]
        for loc, contact in contacts:
            if contact not in catalog.contacts:
                close = difflib.get_close_matches(contact, list(catalog.contacts), n=1)
                hint = f"có phải ý bạn là '{close[0]}'?" if close else "thêm bản ghi vào _catalog/contacts.yaml"
                problems.append(doc.problem((index, *loc), f"'{contact}' không có trong _catalog/contacts.yaml",
                                            hint))
        for i, message in enumerate(error.messages):
            key = " ".join(message.casefold().split())
            here = f"{error.id} (dòng {doc.where((index, 'messages', i))[0]})"
            if key in first_seen:
                problems.append(doc.problem((index, "messages", i),
                                            f"thông báo này đã có ở lỗi {first_seen[key]}",
                                            "mỗi thông báo trên màn hình chỉ thuộc một lỗi; gộp hai bản ghi "
                                            "hoặc dùng related"))
            else:
                first_seen[key] = here
    return problems


def _check_modules(catalog: Catalog, docs: dict[str, YamlDoc], unloaded: Unloaded) -> list[Problem]:
    """Every procedure, error, video chapter and scenario a module names must exist."""
    problems: list[Problem] = []
    codes = {p.code: p for p in catalog.procedures.values()}

    def need_procedure(doc: YamlDoc, loc: Loc, code: str) -> model.Procedure | None:
        newer = catalog.replaced_by(code)
        if newer is not None:
            problems.append(doc.problem(loc, f"mã {code} đã được thay bằng {newer.code}", f"ghi mã mới {newer.code}"))
        elif code not in codes:
            problems.append(unloaded.tag(doc.problem(loc, f"không có thủ tục mã {code} trong danh mục",
                                                     "kiểm tra mã trong procedures/"), PROCEDURES, code))
        return codes.get(code)

    def need_error(doc: YamlDoc, loc: Loc, error_id: str) -> None:
        if error_id not in catalog.errors:
            close = difflib.get_close_matches(error_id, list(catalog.errors), n=1)
            hint = f"có phải ý bạn là '{close[0]}'?" if close else "thêm bản ghi vào _catalog/errors.yaml"
            problems.append(unloaded.tag(doc.problem(loc, f"'{error_id}' không có trong _catalog/errors.yaml", hint),
                                         "errors", error_id))

    first_scenario: dict[str, str] = {}
    for module_id, module in catalog.modules.items():
        doc = docs[module_id]
        # The practice portal opens a scenario by id alone: ids are unique across modules.
        for i, scenario in enumerate(module.scenarios):
            if scenario.id in first_scenario:
                problems.append(doc.problem(("scenarios", i, "id"), f"bài thực hành '{scenario.id}' trùng với "
                                            f"{first_scenario[scenario.id]}", "đặt id khác"))
            else:
                first_scenario[scenario.id] = f"{doc.path}:{doc.where(('scenarios', i, 'id'))[0]}"
        for i, code in enumerate(module.procedures):
            need_procedure(doc, ("procedures", i), code)
        for i, error_id in enumerate(module.errors):
            need_error(doc, ("errors", i), error_id)
        scenario_ids = {s.id for s in module.scenarios}
        for i, scenario in enumerate(module.scenarios):
            need_procedure(doc, ("scenarios", i, "procedure"), scenario.procedure)
            for j, error_id in enumerate(scenario.errors):
                need_error(doc, ("scenarios", i, "errors", j), error_id)
        for i, segment in enumerate(module.agenda):
            if segment.scenario and segment.scenario not in scenario_ids:
                problems.append(doc.problem(("agenda", i, "scenario"),
                                            f"không có bài thực hành '{segment.scenario}' trong scenarios",
                                            "thêm vào scenarios của học phần"))
            if not segment.procedure:
                continue
            procedure = need_procedure(doc, ("agenda", i, "procedure"), segment.procedure)
            if procedure is None or segment.kind is not model.SegmentKind.video:
                continue
            if procedure.walkthrough is None:
                problems.append(doc.problem(("agenda", i, "procedure"),
                                            f"thủ tục {procedure.code} chưa có video (walkthrough)",
                                            "chọn thủ tục có walkthrough hoặc viết walkthrough cho nó"))
                continue
            steps = len(procedure.walkthrough.steps)
            for field_name in ("from_chapter", "to_chapter"):
                chapter = getattr(segment, field_name)
                if chapter and chapter > steps:
                    problems.append(doc.problem(("agenda", i, field_name),
                                                f"video của {procedure.code} chỉ có {steps} chương",
                                                f"chọn từ 1 đến {steps}"))
        for i, question in enumerate(module.quiz):
            if question.procedure:
                need_procedure(doc, ("quiz", i, "procedure"), question.procedure)
            if question.error:
                need_error(doc, ("quiz", i, "error"), question.error)
    return problems
