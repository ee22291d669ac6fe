"""Editors and ``thutuc validate`` give the same verdict on a YAML file.

Editors check the YAML sources against ``procedures/schema.json`` (yaml-language-server, YAML
1.2); the build checks them with the model. check-jsonschema reads YAML as 1.2 too, so it
stands in for the editor: every committed file, and a table of typical mistakes, must get the
same verdict from both.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generators.load import load_catalog
from generators.problems import InvalidSources

REPO = Path(__file__).resolve().parents[1]
PROCEDURES = REPO / "procedures"
SCHEMA = PROCEDURES / "schema.json"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
MODELINE = "# yaml-language-server: $schema=../schema.json"


def fragment_of(path: Path) -> str:
    """The ``#/$defs/...`` part of a file's modeline ("" for the whole schema: a procedure)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), f"{path}: no schema modeline"
    return first[len(MODELINE):].strip()


def editor_verdicts(files: list[Path], tmp_path: Path) -> dict[Path, list[str]]:
    """Schema errors of each file, as check-jsonschema (offline, YAML 1.2) reports them."""
    by_fragment: dict[str, list[Path]] = {}
    for file in files:
        by_fragment.setdefault(fragment_of(file), []).append(file)
    verdicts: dict[Path, list[str]] = {file: [] for file in files}
    for index, (fragment, group) in enumerate(sorted(by_fragment.items())):
        # check-jsonschema ignores a fragment in --schemafile: point at it from a one-line schema.
        schema_file = SCHEMA
        if fragment:
            schema_file = tmp_path / f"schema-{index}.json"
            schema_file.write_text(json.dumps({"$ref": f"{SCHEMA.as_uri()}{fragment}"}), encoding="utf-8")
        run = subprocess.run([str(CHECK_JSONSCHEMA), "--no-cache", "-o", "json", "--schemafile", str(schema_file),
                              *map(str, group)], capture_output=True, text=True, timeout=120)
        report = json.loads(run.stdout)
        assert not report.get("parse_errors"), report["parse_errors"]
        for error in report["errors"]:
            verdicts[Path(error["filename"])].append(f"{error['path']}: {error['message']}")
    return verdicts


def loader_problems(procedures: Path) -> list[str]:
    try:
        load_catalog(procedures, procedures.parent)
    except InvalidSources as exc:
        return [str(problem) for problem in exc.problems]
    return []


def test_check_jsonschema_is_installed() -> None:
    assert CHECK_JSONSCHEMA.is_file(), "pip install -e '.[test]' installs check-jsonschema"


def test_every_committed_yaml_file_gets_the_same_verdict(tmp_path: Path) -> None:
    files = sorted(PROCEDURES.rglob("*.yaml"))
    assert len(files) > 20
    loader = loader_problems(PROCEDURES)
    editor = editor_verdicts(files, tmp_path)
    for file in files:
        shown = str(file.relative_to(REPO))
        loader_rejects = any(problem.startswith(shown + ":") for problem in loader)
        assert bool(editor[file]) == loader_rejects, (shown, editor[file], loader)


# --------------------------------------------------------------------------------------
# Typical mistakes: one small valid project, one edit each
# --------------------------------------------------------------------------------------

PROCEDURE = "procedures/ho-tich/dang-ky-khai-sinh.yaml"
LEGAL = "procedures/_catalog/legal.yaml"

#: A valid procedure with a walkthrough in every form a step may take.
VALID = f"""\
{MODELINE}
code: "1.001193"
name: Đăng ký khai sinh
level: xa
domain: ho-tich
online_level: toan-trinh
popular: true
summary: Tóm tắt ngắn cho công chức Bộ phận Một cửa.
applicants:
  - Công dân Việt Nam
executing_agency: ubnd-xa
channels:
  - kind: truc-tiep
    time: Trong ngày
    fee: Miễn lệ phí
steps:
  - title: Nộp hồ sơ
documents:
  - case: Trường hợp thông thường
    items:
      - name: Tờ khai đăng ký khai sinh
        originals: 1
result:
  - Giấy khai sinh
legal_basis:
  - doc: luat-ho-tich-2014
walkthrough:
  start: "?co-dinh=1#/thu-tuc/dang-ky-khai-sinh"
  steps:
    - click: Nộp trực tuyến
      caption: Bấm “Nộp trực tuyến”.
    - fill: {{label: Họ và tên, value: Nguyễn Văn A}}
      caption: Gõ họ và tên.
    - fill: {{label: Số điện thoại, value: "0912345678", caption: Gõ số điện thoại.}}
    - action: click
      role: button
      name: Tiếp tục
      caption: Bấm “Tiếp tục”.
    - open: "#/trang-chu"
      caption: Về trang chủ.
"""

LEGAL_RECORD = """\
- id: nd-mau-2025
  number: 01/2025/NĐ-CP
  title: Nghị định mẫu
  issued: "2025"
  issuer: Chính phủ
"""


def edit(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, old
    return text.replace(old, new)


def add_legal(old: str = "", new: str = "") -> str:
    legal = (PROCEDURES / "_catalog" / "legal.yaml").read_text(encoding="utf-8")
    return legal + (edit(old, new, LEGAL_RECORD) if old else LEGAL_RECORD)


#: (id, file, its new text, valid?). Left out because the schema cannot say them (the loader
#: alone does): text made only of invisible characters (U+200B, U+3164) or bidi controls; a
#: line break inside a one-line field written as a block scalar; calendar dates (2025-02-30) and
#: dates in the future; padding around a code or an id (the loader strips it); every rule across
#: fields (a target found one way only, `name` without `role`, counts against `handling`, changes
#: newest first, agenda minutes adding up) and across files (ids that must exist in the catalogue).
MUTATIONS = [
    ("valid-as-written", PROCEDURE, VALID, True),
    ("unknown-field", PROCEDURE, edit("popular: true", "popular: true\nnam: 2025"), False),
    ("missing-required-field", PROCEDURE, edit("summary: Tóm tắt ngắn cho công chức Bộ phận Một cửa.\n", ""),
     False),
    ("wrong-enum", PROCEDURE, edit("level: xa", "level: huyen"), False),
    ("whitespace-only-name", PROCEDURE, edit("name: Đăng ký khai sinh", 'name: "   "'), False),
    ("bad-code", PROCEDURE, edit('code: "1.001193"', 'code: "1.00119"'), False),
    ("unquoted-code-is-a-number", PROCEDURE, edit('code: "1.001193"', "code: 1.001190"), False),
    ("yes-is-not-a-boolean", PROCEDURE, edit("popular: true", "popular: yes"), False),
    ("quoted-count-is-text", PROCEDURE, edit("originals: 1", 'originals: "1"'), False),
    ("text-instead-of-list", PROCEDURE, edit("applicants:\n  - Công dân Việt Nam", "applicants: Công dân"), False),
    ("empty-required-list", PROCEDURE, edit("result:\n  - Giấy khai sinh", "result: []"), False),
    ("empty-optional-field", PROCEDURE, edit("popular: true", "popular: true\ndescription:"), True),
    ("shorthand-without-caption", PROCEDURE, edit("      caption: Bấm “Nộp trực tuyến”.\n", ""), False),
    ("shorthand-caption-inside", PROCEDURE,
     edit("    - click: Nộp trực tuyến\n      caption: Bấm “Nộp trực tuyến”.",
          "    - click: {text: Nộp trực tuyến, caption: Bấm “Nộp trực tuyến”.}"), True),
    ("shorthand-caption-twice", PROCEDURE,
     edit("value: Nguyễn Văn A}", "value: Nguyễn Văn A, caption: Gõ tên.}"), False),
    ("shorthand-value-and-main-field-twice", PROCEDURE,
     edit("    - click: Nộp trực tuyến\n", "    - click: Nộp trực tuyến\n      text: Nộp\n"), False),
    ("shorthand-missing-required", PROCEDURE, edit(", value: Nguyễn Văn A}", "}"), False),
    ("shorthand-unknown-field", PROCEDURE, edit("label: Họ và tên,", "label: Họ và tên, nhan: x,"), False),
    ("two-actions-in-one-step", PROCEDURE,
     edit("    - click: Nộp trực tuyến\n", "    - click: Nộp trực tuyến\n      open: '#/'\n"), False),
    ("unknown-action", PROCEDURE, edit("    - click: Nộp trực tuyến", "    - tap: Nộp trực tuyến"), False),
    ("long-form-unknown-action", PROCEDURE, edit("action: click", "action: tap"), False),
    ("long-form-missing-caption", PROCEDURE, edit("      caption: Bấm “Tiếp tục”.\n", ""), False),
    ("open-shorthand-empty", PROCEDURE, edit('    - open: "#/trang-chu"', "    - open:"), False),
    ("year-only-quoted", LEGAL, add_legal(), True),
    ("year-only-unquoted", LEGAL, add_legal('issued: "2025"', "issued: 2025"), False),
    ("bad-id", LEGAL, add_legal("id: nd-mau-2025", "id: ND mau"), False),
    ("blank-issuer", LEGAL, add_legal("issuer: Chính phủ", "issuer: ' '"), False),
]


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], list[str]]]:
    """For each row: (loader problems, editor errors)."""
    base = tmp_path_factory.mktemp("mutations")
    written: dict[str, Path] = {}
    loader: dict[str, list[str]] = {}
    for name, relative, text, _ in MUTATIONS:
        project = base / name
        shutil.copytree(PROCEDURES / "_catalog", project / "procedures" / "_catalog")
        # No common errors: the sample ones would each warn that this procedure does not use them.
        (project / "procedures" / "_catalog" / "errors.yaml").write_text("[]\n", encoding="utf-8")
        (project / PROCEDURE).parent.mkdir(parents=True)
        (project / PROCEDURE).write_text(VALID, encoding="utf-8")
        (project / relative).write_text(text, encoding="utf-8")
        written[name] = project / relative
        loader[name] = loader_problems(project / "procedures")
    editor = editor_verdicts(list(written.values()), base)
    return {name: (loader[name], editor[written[name]]) for name in written}


@pytest.mark.parametrize(("name", "valid"), [(row[0], row[3]) for row in MUTATIONS])
def test_a_mistake_gets_the_same_verdict(verdicts: dict, name: str, valid: bool) -> None:
    loader, editor = verdicts[name]
    assert (not loader) == valid, loader
    assert (not editor) == valid, editor


def test_the_loader_says_to_quote_a_number_written_for_text(verdicts: dict) -> None:
    loader, _ = verdicts["year-only-unquoted"]
    assert any('YAML đọc `2025` là số, không phải văn bản (đặt trong dấu nháy kép: "2025")' in p for p in loader)
    loader, _ = verdicts["unquoted-code-is-a-number"]
    assert any('đặt trong dấu nháy kép: "1.001190"' in p for p in loader), loader
