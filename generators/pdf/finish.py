"""What Chromium does not write into a PDF, added with pypdf as an incremental update.

Chromium already writes the title (from <title>), /Lang from ``<html lang>``, the tags,
the outline and DisplayDocTitle. We add the author, the subject (edition and source
version), keywords (procedure codes), our creator name, and open the bookmarks panel.

The update is appended to Chromium's bytes (PDF 32000-1, 7.5.6): a new version of the
catalogue and of the information dictionary, an xref section for those two and a trailer
pointing back to the original one. pypdf parses and serialises the two dictionaries; its
own incremental writer would first hash every object of the file (seconds for a
thousand-page handbook), which this avoids.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from ..pages import vi_date
from .handbooks import Spec

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
        "/Subject": f"Ấn bản {vi_date(edition)}; phiên bản dữ liệu {spec.source_version}",
        "/Keywords": ", ".join(["thủ tục hành chính", "một cửa", *codes[:MAX_CODES]]),
        "/Creator": CREATOR,
    }.items():
        info[NameObject(key)] = TextStringObject(value)

    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    offsets = {}
    for number, obj in sorted({root_ref.idnum: root, info_number: info}.items()):
        offsets[number] = out.tell()
        out.write(f"{number} 0 obj\n".encode())
        obj.write_to_stream(out)
        out.write(b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n")
    for number, offset in offsets.items():
        out.write(f"{number} 1\n{offset:010d} 00000 n \n".encode())  # entries are 20 bytes
    trailer = DictionaryObject({
        NameObject("/Size"): NumberObject(max(size, info_number + 1)),
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


def _startxref(pdf: bytes) -> int:
    match = _STARTXREF.search(pdf[-1024:])
    if not match:
        raise ValueError("PDF của Chromium không có startxref")
    return int(match.group(1))
