"""`thutuc export`: procedures -> .docx in the official layout (the labels the importer reads,
in the official order), for sending a draft to the legal department; importing the file
back gives no difference."""

from __future__ import annotations

import io
from pathlib import Path

from .. import model
from ..catalog import Catalog
from ..load import load_catalog
from ..problems import UserError, display_path
from ..settings import Settings
from .layout import CASE_LABEL, EXEMPTIONS_LABEL, LABELS, WHO_LABEL

FORMATS = ("docx",)
APPENDIX_TITLE = "NỘI DUNG CỤ THỂ CỦA TỪNG THỦ TỤC HÀNH CHÍNH"


class CannotExport(UserError):
    exit_code = 2


def export_command(settings: Settings, wanted: list[str], fmt: str, out: Path) -> int:
    written = export_procedures(settings, wanted, fmt, out)
    for path in written:
        print(f"Đã ghi {display_path(path, settings.root)}")
    print(f"Đã xuất {len(written)} thủ tục.")
    return 0


def export_procedures(settings: Settings, wanted: list[str], fmt: str, out: Path) -> list[Path]:
    if fmt not in FORMATS:
        raise CannotExport(f"--format {fmt}: chỉ hỗ trợ {', '.join(FORMATS)}")
    catalog = load_catalog(settings.procedures, settings.root)
    chosen = []
    for name in wanted:
        procedure = catalog.by_code(name) or catalog.procedures.get(name)
        if procedure is None:
            raise CannotExport(f"không có thủ tục mã hoặc đường dẫn '{name}' trong procedures/")
        chosen.append(procedure)
    chosen = chosen or list(catalog.procedures.values())
    written = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        for procedure in chosen:
            target = out / f"{procedure.slug}.docx"
            write_docx(catalog, [procedure], target)
            written.append(target)
    except OSError as exc:
        raise CannotExport(f"không ghi được vào {out}: {exc.strerror or exc}") from None
    return written


def write_docx(catalog: Catalog, procedures: list[model.Procedure], target: Path) -> None:
    from docx import Document

    from ..cache import write_atomic

    document = Document()
    document.core_properties.title = APPENDIX_TITLE
    document.add_heading(APPENDIX_TITLE, level=1)
    # python-docx inserts each paragraph before the section properties at the end of the body,
    # searching the body from its start every time: quadratic for a long appendix. So each
    # procedure is written into a scratch document (short, and without section properties)
    # and its elements are moved to the end of the real body, before the section properties.
    scratch = Document()
    width = scratch._block_width
    scratch.element.body.remove(scratch.element.body.sectPr)
    scratch.add_table = lambda rows, cols: scratch._body.add_table(rows, cols, width)
    body = document.element.body
    end = body.sectPr
    for number, procedure in enumerate(procedures, start=1):
        _procedure(scratch, catalog, procedure, number)
        for element in list(scratch.element.body):
            end.addprevious(element)
    buffer = io.BytesIO()
    document.save(buffer)
    write_atomic(target, buffer.getvalue())


def _label(document, key: str, value: str | None = None) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{LABELS[key]}:").bold = True
    if value:
        lines = value.split("\n")
        paragraph.add_run(f" {lines[0]}")
        for line in lines[1:]:
            document.add_paragraph(line)


def _items(document, key: str, items: list[str]) -> None:
    if items:
        _label(document, key)
        for item in items:
            document.add_paragraph(f"- {item}")


def _table(document, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table._tbl.tblPr.style = "TableGrid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(text).bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            lines = text.split("\n") if text else [""]
            cell.text = lines[0]
            for line in lines[1:]:
                cell.add_paragraph(line)


def _procedure(document, catalog: Catalog, p: model.Procedure, number: int) -> None:
    heading = document.add_paragraph(f"{number}. {p.name}")
    # By id: python-docx finds a style by name by scanning them all, for every call.
    heading._p.style = "Heading2"
    _label(document, "code", p.code)
    if p.decision:
        _label(document, "decision", p.decision)
    _label(document, "name", p.name)
    _label(document, "level", p.level.label)
    if p.kind:
        _label(document, "kind", p.kind)
    _label(document, "domain", catalog.domains[p.domain].name)
    if p.description:
        _label(document, "description", p.description)

    _label(document, "steps")
    for n, step in enumerate(p.steps, start=1):
        document.add_paragraph(f"Bước {n}: {step.title}")
        for line in (step.detail or "").split("\n"):
            if line:
                document.add_paragraph(line)
        if step.who:
            document.add_paragraph(f"{WHO_LABEL}: {step.who}")

    _label(document, "channels")
    _table(document, ["Hình thức nộp", "Thời hạn giải quyết", "Phí, lệ phí", "Mô tả"],
           [[c.kind.label, c.time, c.fee, c.description or ""] for c in p.channels])

    _label(document, "documents")
    for case in p.documents:
        document.add_paragraph(f"{CASE_LABEL}: {case.case}")
        _table(document, ["Tên giấy tờ", "Mẫu đơn, tờ khai", "Số lượng", "Ghi chú"],
               [[i.name, catalog.forms[i.form].code if i.form else "", _count(i), i.note or ""]
                for i in case.items])

    _per_channel(document, "time", [(c.kind.label, c.time) for c in p.channels])
    _items(document, "applicants", p.applicants)
    _label(document, "executing_agency", catalog.agencies[p.executing_agency].name)
    if p.competent_authority:
        _label(document, "competent_authority", catalog.agencies[p.competent_authority].name)
    _items(document, "delegated_agencies", [catalog.agencies[a].name for a in p.delegated_agencies])
    _items(document, "coordinating_agencies", [catalog.agencies[a].name for a in p.coordinating_agencies])
    if p.receiving_address:
        _label(document, "receiving_address", p.receiving_address)
    _items(document, "result", p.result)
    _per_channel(document, "fee", [(c.kind.label, c.fee) for c in p.channels])
    if p.fee_exemptions:
        document.add_paragraph(f"{EXEMPTIONS_LABEL}:")
        for item in p.fee_exemptions:
            document.add_paragraph(f"- {item}")
    forms = [catalog.forms[f] for f in dict.fromkeys(p.forms_used)]
    _items(document, "forms", [f.name if f.code == f.name else f"{f.code}: {f.name}" for f in forms])
    _items(document, "conditions", p.conditions)
    _label(document, "legal_basis")
    rows = []
    for ref in p.legal_basis:
        doc = catalog.legal[ref.doc]
        rows.append([doc.number, doc.title, _date(doc.issued), doc.issuer, ref.articles or ""])
    _table(document, ["Số ký hiệu", "Trích yếu", "Ngày ban hành", "Cơ quan ban hành", "Điều, khoản áp dụng"], rows)
    _label(document, "online_level", p.online_level.label)


def _per_channel(document, key: str, values: list[tuple[str, str]]) -> None:
    """Time or fee: one line when every channel has the same, else one line per channel."""
    if len({v for _, v in values}) == 1:
        _label(document, key, values[0][1])
    else:
        _label(document, key)
        for kind, value in values:
            document.add_paragraph(f"- {kind}: {value}")


def _count(item: model.DocumentItem) -> str:
    if item.handling == model.Handling.xuat_trinh:
        return "Xuất trình"
    return f"Bản chính: {item.originals} - Bản sao: {item.copies}"


def _date(issued: str | None) -> str:
    if issued and len(issued) == 10:
        y, m, d = issued.split("-")
        return f"{d}/{m}/{y}"
    return issued or ""
