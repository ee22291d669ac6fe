"""What Chromium does not write into a PDF, added with pypdf as an incremental update.

Chromium already writes the title (from <title>), /Lang from ``<html lang>``, the tags,
the outline and DisplayDocTitle. We add the author, the subject (edition and source
version), keywords (procedure codes), our creator name, and open the bookmarks panel.

The update is appended to Chromium's bytes (PDF 32000-1, 7.5.6): a new version of the
catalogue and of the information dictionary, an xref section for those two and a trailer
pointing back to the original one. pypdf parses and serialises the two dictionaries; its
own incremental writer would first hash every object of the file (seconds for a
thousand-page handbook), which this avoids.

The same update carries what PDF/UA-1 (ISO 14289-1) asks for and Chromium leaves out
(:func:`accessibility_update`): XMP metadata with the PDF/UA identifier, title and
language; the page furniture (running header, page numbers, borders, backgrounds) marked
as artifacts; a description on every link annotation.
"""

from __future__ import annotations

import io
import re
from xml.sax.saxutils import escape

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from ..pages import vi_date
from .handbooks import Spec
from .toc import destinations

AUTHOR = "Cẩm nang thủ tục hành chính cấp xã"
CREATOR = "thutuc (Chromium)"
#: Keywords stay short: a thousand codes help no reader.
MAX_CODES = 40

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")


def finish(pdf: bytes, reader: PdfReader, spec: Spec, edition: str) -> bytes:
    """``pdf`` (as printed by Chromium, parsed as ``reader``) with our metadata appended."""
    root_ref = reader.trailer.raw_get("/Root")
    root = DictionaryObject(reader.trailer["/Root"])
    root[NameObject("/Lang")] = TextStringObject("vi")
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    prefs = DictionaryObject(root["/ViewerPreferences"] if "/ViewerPreferences" in root else {})
    prefs[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs

    size = int(reader.trailer["/Size"])
    info_ref = reader.trailer.raw_get("/Info") if "/Info" in reader.trailer else None
    info_number = info_ref.idnum if info_ref is not None else size
    info = DictionaryObject(reader.trailer["/Info"] if info_ref is not None else {})
    codes = [p.code for p in spec.procedures] if spec.kind != "errors" else []
    for key, value in {
        "/Title": spec.title,
        "/Author": AUTHOR,
        "/Subject": subject(spec, edition),
        "/Keywords": ", ".join(["thủ tục hành chính", "một cửa", *codes[:MAX_CODES]]),
        "/Creator": CREATOR,
    }.items():
        info[NameObject(key)] = TextStringObject(value)

    updated: dict[int, PdfObject] = {root_ref.idnum: root, info_number: info}
    size = max(size, info_number + 1)
    extra, size = accessibility_update(reader, root, spec, edition, size)
    updated.update(extra)

    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, obj in sorted(updated.items()):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n")
    for number, offset in offsets.items():
        out.write(f"{number} 1\n{offset:010d} 00000 n \n".encode())  # entries are 20 bytes
    trailer = DictionaryObject({
        NameObject("/Size"): NumberObject(size),
        NameObject("/Root"): root_ref,
        NameObject("/Info"): IndirectObject(info_number, 0, reader),
        NameObject("/Prev"): NumberObject(_startxref(pdf)),
    })
    if "/ID" in reader.trailer:
        trailer[NameObject("/ID")] = reader.trailer["/ID"]
    out.write(b"trailer\n")
    trailer.write_to_stream(out)
    out.write(f"\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def subject(spec: Spec, edition: str) -> str:
    """The edition (when the records it prints carry a date) and the data version."""
    if not edition:
        return f"Ấn bản chưa ghi ngày; phiên bản dữ liệu {spec.source_version}"
    return f"Ấn bản {vi_date(edition)}; phiên bản dữ liệu {spec.source_version}"


def _startxref(pdf: bytes) -> int:
    match = _STARTXREF.search(pdf[-1024:])
    if not match:
        raise ValueError("PDF của Chromium không có startxref")
    return int(match.group(1))


# --------------------------------------------------------------------------------------
# PDF/UA-1: metadata, artifacts, link descriptions
# --------------------------------------------------------------------------------------

#: Chromium writes one operator per line: a marked-content operator ends its line, and
#: every painting operator too (glyph runs are ``<hex> Tj``). Hex strings end with ">",
#: so no glyph run can look like an operator at the end of a line.
_MARK_BEGIN = re.compile(rb"(?:BDC|BMC)$")
_MARK_END = re.compile(rb"EMC$")
_PAINTS = re.compile(rb"(?:^|\s)(?:Tj|TJ|'|\"|f\*?|F|[SsBb]\*?|sh|Do)$")


def accessibility_update(reader: PdfReader, root: DictionaryObject, spec: Spec, edition: str,
                         size: int) -> tuple[dict[int, PdfObject], int]:
    """What PDF/UA-1 needs beyond Chromium's tags: the objects to add or replace, the new /Size.

    ``root`` (the new catalogue) gets /Metadata and /Version 1.7 (PDF/UA-1 is built on
    ISO 32000-1); pages' content streams come back with their untagged content marked as
    artifacts; link annotations get /Contents.
    """
    objects: dict[int, PdfObject] = {}
    metadata = DecodedStreamObject()
    metadata.set_data(xmp_metadata(spec, edition))
    metadata[NameObject("/Type")] = NameObject("/Metadata")
    metadata[NameObject("/Subtype")] = NameObject("/XML")
    objects[size] = metadata
    root[NameObject("/Metadata")] = IndirectObject(size, 0, reader)
    root[NameObject("/Version")] = NameObject("/1.7")
    size += 1

    pages = destinations(reader)
    for page in reader.pages:
        for ref in _content_refs(page):
            stream = ref.get_object()
            marked = mark_artifacts(stream.get_data())
            if marked is not None:
                new = DecodedStreamObject()
                new.set_data(marked)
                objects[ref.idnum] = new.flate_encode()
        for ref in page.get("/Annots") or []:
            annotation = ref.get_object() if isinstance(ref, IndirectObject) else None
            if annotation is None or annotation.get("/Subtype") != "/Link" or "/Contents" in annotation:
                continue
            described = DictionaryObject(annotation)
            described[NameObject("/Contents")] = TextStringObject(_link_description(annotation, pages))
            objects[ref.idnum] = described
    return objects, size


def xmp_metadata(spec: Spec, edition: str) -> bytes:
    """The XMP packet: PDF/UA part 1, title, language, author, subject, keywords."""
    values = {key: escape(value) for key, value in
              {"title": spec.title, "author": AUTHOR, "subject": subject(spec, edition), "creator": CREATOR}.items()}
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <pdfuaid:part>1</pdfuaid:part>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{values["title"]}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>vi</rdf:li></rdf:Bag></dc:language>
   <dc:creator><rdf:Seq><rdf:li>{values["author"]}</rdf:li></rdf:Seq></dc:creator>
   <dc:description><rdf:Alt><rdf:li xml:lang="x-default">{values["subject"]}</rdf:li></rdf:Alt></dc:description>
   <xmp:CreatorTool>{values["creator"]}</xmp:CreatorTool>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>""".encode()


def mark_artifacts(content: bytes) -> bytes | None:
    """A content stream of Chromium with every painting outside a tag wrapped as an artifact.

    Chromium tags the body but paints the page-margin boxes (running header, "Trang X/Y"),
    backgrounds and some borders outside any marked-content sequence; PDF/UA wants each
    of them marked ``/Artifact``. None when there is nothing to mark.
    """
    lines = content.split(b"\n")
    out: list[bytes] = []
    depth, run, changed = 0, [], False

    def flush() -> None:
        nonlocal changed
        if any(_PAINTS.search(line.rstrip()) for line in run):
            out.append(b"/Artifact BMC")
            out.extend(run)
            out.append(b"EMC")
            changed = True
        else:
            out.extend(run)
        run.clear()

    for line in lines:
        bare = line.rstrip()
        if _MARK_BEGIN.search(bare):
            if depth == 0:
                flush()
            depth += 1
            out.append(line)
        elif _MARK_END.search(bare) and depth > 0:
            depth -= 1
            out.append(line)
        elif depth == 0:
            run.append(line)
        else:
            out.append(line)
    flush()
    return b"\n".join(out) if changed else None


def _content_refs(page) -> list[IndirectObject]:
    raw = dict.get(page, "/Contents")
    if isinstance(raw, IndirectObject):
        target = raw.get_object()
        return [raw] if not isinstance(target, list) else [r for r in target if isinstance(r, IndirectObject)]
    return [r for r in raw or [] if isinstance(r, IndirectObject)]


def _link_description(annotation: DictionaryObject, pages: dict[str, int]) -> str:
    """What a link leads to, for screen readers: the address, or the page inside the document."""
    action = annotation.get("/A")
    if action is not None and "/URI" in action.get_object():
        return f"Liên kết tới {action.get_object()['/URI']}"
    page = pages.get(str(annotation.get("/Dest", "")).lstrip("/"))
    return f"Tới trang {page} của tài liệu" if page else "Liên kết trong tài liệu"
