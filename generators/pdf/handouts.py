"""The trainee handout of a training module: the trainee-facing part of its run sheet
(objectives, the steps on the portal with their pictures when the recorder made them, the
practice data, the short addresses and QR codes of the practice and the quiz).

Pictures are the ones the video stage published (intact, by the media ledger), inlined as
data: URIs like everything else in the print HTML; their bytes are part of the handout's data,
so a new picture re-prints the handout.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

from ..catalog import Catalog
from ..deck import step_text
from ..media import MANIFEST, find_step_pictures, media_ledger
from ..settings import Settings

HANDOUT_DIR = "dao-tao"


def plan(catalog: Catalog, settings: Settings, spec) -> list:
    """One handout per module (``spec`` is the plan's Spec factory)."""
    pictures = published_pictures(settings)
    specs = []
    for module_id, m in catalog.modules.items():
        chosen = [p for p in (catalog.by_code(c) for c in m.procedures) if p is not None]
        shown = picture_digests(settings, pictures, {p.slug for p in chosen})
        specs.append(spec("module", module_id, f"Tài liệu học viên: {m.title}", f"{HANDOUT_DIR}/{module_id}.pdf",
                          chosen, extra=(m.model_dump(mode="json"), shown), records=(m,)))
    return specs


def context(spec, catalog: Catalog, settings: Settings) -> dict:
    """What the handout templates need beyond a handbook's context (nothing for other kinds)."""
    if spec.kind != "module":
        return {}
    from ..training import Addresses, practice_link, quiz_link

    return {"module": catalog.modules[spec.key], **picture_context(spec, catalog, settings), "step_text": step_text,
            "addresses": Addresses(settings.site_url), "quiz_link": quiz_link(spec.key),
            "practice_link": practice_link}


def picture_context(spec, catalog: Catalog, settings: Settings) -> dict:
    """The step pictures of the PDF's procedures, inlined: ``{(slug, step): data URI}``."""
    found = published_pictures(settings)
    return {"pictures": {(slug, n): _data_uri(settings.media / path)
                         for slug, steps in found.items() if slug in spec.slugs for n, path in steps.items()}}


def picture_digests(settings: Settings, pictures: dict[str, dict[int, str]], slugs: set[str]) -> list:
    """What the pictures of these procedures are, for a PDF's data (a new picture re-prints it)."""
    return sorted((slug, n, _file_digest(settings.media / path))
                  for slug, steps in pictures.items() if slug in slugs for n, path in steps.items())


_published: dict[tuple, dict[str, dict[int, str]]] = {}


def published_pictures(settings: Settings) -> dict[str, dict[int, str]]:
    """Step pictures the video stage published, read once per state of the media ledger (checking
    that its files are intact reads them all)."""
    manifest = settings.media / MANIFEST
    stamp = (str(manifest), *((manifest.stat().st_mtime_ns, manifest.stat().st_size) if manifest.is_file() else ()))
    if stamp not in _published:
        _published.clear()
        _published[stamp] = find_step_pictures(media_ledger(settings).outputs_of("video"))
    return _published[stamp]


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _data_uri(path: Path) -> str:
    """The picture as printed: a 960 px JPEG (Chromium embeds a JPEG as it is)."""
    from ..video.compose import print_jpeg

    return f"data:image/jpeg;base64,{base64.b64encode(print_jpeg(path.read_bytes())).decode('ascii')}"
