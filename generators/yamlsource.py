"""Read one YAML file into plain Python data plus the line and column of every value.

PyYAML's composer gives nodes with marks; we build the Python values ourselves so that:

- every string is NFC-normalised;
- plain (unquoted) scalars are typed as YAML 1.2 types them, as editors do (yaml-language-server
  reads ``issued: 2025`` as a number and ``name: yes`` as text): ``true``/``false`` are booleans,
  ``30`` an integer, ``1.5`` a number; everything else stays text. A text field given a number is
  then an error that says to quote it (``code: "1.001190"`` keeps its trailing zero), so the loader
  and the editors give the same verdict (tests/test_schema_agreement.py);
- duplicate keys, unknown tags, and aliases that expand to a huge tree (alias bombs) are
  reported instead of silently accepted or blowing up memory;
- each problem carries ``file:line:col``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import Problem

#: A procedure file is a few kilobytes; anything past this is not a hand-written procedure.
MAX_BYTES = 1_000_000
#: Values after expanding aliases. Real files have a few hundred; an alias bomb has billions.
MAX_EXPANDED_NODES = 100_000

_NULL = "tag:yaml.org,2002:null"
_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:timestamp",
    _NULL,
}
_SEQ = "tag:yaml.org,2002:seq"
#: Plain scalars that YAML 1.2's core schema reads as booleans, integers and numbers.
_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_INT_12 = re.compile(r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT_12 = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)")
_MAP = "tag:yaml.org,2002:map"

Loc = tuple[str | int, ...]


@dataclass
class YamlDoc:
    """The data of one file and where each part of it was written."""

    path: str
    data: object = None
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    #: Unquoted scalars read as a boolean or a number, as written (for "write it in quotes").
    typed_plain: dict[Loc, str] = field(default_factory=dict)

    def where(self, loc: Loc, *, key: bool = False) -> tuple[int, int]:
        """Line and column of ``loc`` or of its nearest ancestor that was written."""
        loc = tuple(loc)
        if key and loc in self.key_marks:
            return self.key_marks[loc]
        while loc:
            if loc in self.value_marks:
                return self.value_marks[loc]
            loc = loc[:-1]
        return self.value_marks.get((), (1, 1))

    def problem(self, loc: Loc, message: str, hint: str = "", *, key: bool = False,
                warning: bool = False) -> Problem:
        line, col = self.where(loc, key=key)
        return Problem(self.path, line, col, dotted(loc), message, hint, warning)


def dotted(loc: Loc) -> str:
    return ".".join(str(part) for part in loc)


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _mark(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Rejected(Exception):
    def __init__(self, node: yaml.Node | None, message: str, hint: str = ""):
        self.node, self.message, self.hint = node, message, hint


# --------------------------------------------------------------------------------------
# Reading the file
# --------------------------------------------------------------------------------------


def read_yaml(file: Path, display: str) -> tuple[YamlDoc, list[Problem]]:
    """Parse ``file``; on failure the doc's data is None and the problems say why."""
    doc = YamlDoc(display)

    def fail(line: int, col: int, message: str, hint: str = "") -> tuple[YamlDoc, list[Problem]]:
        return doc, [Problem(display, line, col, "", message, hint)]

    raw = file.read_bytes()
    if len(raw) > MAX_BYTES:
        return fail(1, 1, f"tệp quá lớn ({len(raw):,} byte, tối đa {MAX_BYTES:,})",
                    "một thủ tục chỉ vài KB; kiểm tra xem có dán nhầm dữ liệu không")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        # exc.object is the input without its BOM; count characters, not bytes, as editors do.
        before = exc.object[: exc.start].decode("utf-8")
        line = before.count("\n") + 1
        col = len(before) - (before.rfind("\n") + 1) + 1
        return fail(line, col, "tệp không phải mã hóa UTF-8",
                    "mở bằng trình soạn thảo và lưu lại với mã hóa UTF-8")

    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or str(exc)
        hint = ""
        if "\t" in problem or "'\\t'" in problem or _line_has_tab(text, line):
            problem, hint = "có ký tự tab", "YAML chỉ dùng dấu cách để thụt lề; thay tab bằng dấu cách"
        elif "expected a single document" in (exc.context or ""):
            problem, hint = "tệp có nhiều tài liệu YAML", "bỏ dòng `---` thứ hai; mỗi tệp một thủ tục"
        return fail(line, col, f"lỗi cú pháp YAML: {problem}", hint)
    except yaml.reader.ReaderError as exc:
        # Not a MarkedYAMLError: it has a character offset instead of a mark.
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - before.rfind("\n")
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return fail(line, col, f"lỗi cú pháp YAML: có ký tự không được phép ({char})",
                    "xóa ký tự điều khiển này, thường có khi dán từ Word hoặc PDF")
    except yaml.YAMLError as exc:
        return fail(1, 1, f"lỗi cú pháp YAML: {exc}")
    except RecursionError:
        return fail(1, 1, "cấu trúc lồng nhau quá sâu", "giảm số tầng lồng nhau")

    if root is None:
        return fail(1, 1, "tệp rỗng", "viết nội dung thủ tục, hoặc xóa tệp; dùng `thutuc new` để tạo mẫu")

    try:
        _check_size(root)
        doc.data = _to_python(root, (), doc, set())
    except _Rejected as exc:
        line, col = _mark(exc.node) if exc.node is not None else (1, 1)
        return fail(line, col, exc.message, exc.hint)
    except RecursionError:
        return fail(1, 1, "cấu trúc lồng nhau quá sâu", "giảm số tầng lồng nhau")
    return doc, []


def _compose(text: str) -> yaml.Node | None:
    """Compose with libyaml when available (20x faster: thousands of files load in a
    second); on any error compose again in pure Python, whose messages we know."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _line_has_tab(text: str, line: int) -> bool:
    lines = text.splitlines()
    return 0 < line <= len(lines) and "\t" in lines[line - 1]


# --------------------------------------------------------------------------------------
# Guarding against alias bombs: count the values the tree expands to, sharing work
# --------------------------------------------------------------------------------------


def _check_size(root: yaml.Node) -> None:
    sizes: dict[int, int] = {}
    visiting: set[int] = set()

    def size(node: yaml.Node) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in visiting:
            raise _Rejected(node, "bí danh (alias) tự tham chiếu chính nó", "bỏ anchor/alias vòng tròn")
        visiting.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        visiting.discard(key)
        if total > MAX_EXPANDED_NODES:
            raise _Rejected(
                node,
                f"dữ liệu bung ra quá {MAX_EXPANDED_NODES:,} giá trị khi mở các bí danh (alias)",
                "bỏ các anchor (&) và alias (*) lồng nhau; viết thẳng giá trị",
            )
        sizes[key] = total
        return total

    size(root)


# --------------------------------------------------------------------------------------
# Nodes -> Python values, recording marks
# --------------------------------------------------------------------------------------


def _to_python(node: yaml.Node, loc: Loc, doc: YamlDoc, seen: set[int]) -> object:
    doc.value_marks.setdefault(loc, _mark(node))
    # A node seen before is an alias: its value was recorded at its anchor; don't walk it
    # again (sizes were already checked), just rebuild the value without marks.
    record = id(node) not in seen
    seen.add(id(node))

    if isinstance(node, yaml.ScalarNode):
        if node.tag not in _PLAIN_TAGS:
            raise _Rejected(node, f"thẻ YAML không được hỗ trợ: {node.tag}", "bỏ thẻ bắt đầu bằng `!`")
        if node.tag == _NULL and _is_plain(node):
            return None
        value = _scalar_12(node)
        if not isinstance(value, str) and record:
            doc.typed_plain[loc] = node.value
        return value

    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise _Rejected(node, f"thẻ YAML không được hỗ trợ: {node.tag}", "bỏ thẻ bắt đầu bằng `!`")
        return [
            _to_python(child, loc + (i,), doc, seen) if record else _plain(child)
            for i, child in enumerate(node.value)
        ]

    if node.tag != _MAP:
        raise _Rejected(node, f"thẻ YAML không được hỗ trợ: {node.tag}", "bỏ thẻ bắt đầu bằng `!`")
    result: dict[str, object] = {}
    for key_node, value_node in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise _Rejected(key_node, "khóa gộp `<<` không được hỗ trợ", "viết thẳng các trường")
        if not isinstance(key_node, yaml.ScalarNode):
            raise _Rejected(key_node, "khóa phải là một chuỗi đơn giản")
        key = nfc(key_node.value)
        if key in result:
            first = doc.key_marks.get(loc + (key,), (0, 0))[0]
            raise _Rejected(key_node, f"khóa '{key}' bị lặp (đã có ở dòng {first})", "xóa một trong hai")
        if record:
            doc.key_marks[loc + (key,)] = _mark(key_node)
            result[key] = _to_python(value_node, loc + (key,), doc, seen)
        else:
            result[key] = _plain(value_node)
    return result


def _is_plain(node: yaml.ScalarNode) -> bool:
    """Unquoted, not a block: libyaml marks such a scalar with style '', pure-Python PyYAML with None."""
    return not node.style


def _scalar_12(node: yaml.ScalarNode) -> str | bool | int | float:
    """The value of a scalar as YAML 1.2's core schema reads it: quoted scalars are text."""
    return plain_value(node.value) if _is_plain(node) else nfc(node.value)


def plain_value(text: str) -> str | bool | int | float:
    """What ``text`` written unquoted is to YAML 1.2 (and editors): a boolean, a number, or text."""
    if text in _BOOL_12:
        return _BOOL_12[text]
    if _INT_12.fullmatch(text):
        return int(text, 0) if text[:2] in ("0o", "0x") else int(text)
    if _FLOAT_12.fullmatch(text):
        return float(text.replace(".inf", "inf").replace(".Inf", "inf").replace(".INF", "inf")
                     .replace(".nan", "nan").replace(".NaN", "nan").replace(".NAN", "nan"))
    return nfc(text)


def _plain(node: yaml.Node) -> object:
    """The value of an aliased node, without marks (its size was already checked)."""
    if isinstance(node, yaml.ScalarNode):
        return None if node.tag == _NULL and _is_plain(node) else _scalar_12(node)
    if isinstance(node, yaml.SequenceNode):
        return [_plain(child) for child in node.value]
    return {nfc(k.value): _plain(v) for k, v in node.value}
