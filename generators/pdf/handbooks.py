"""What goes into each PDF, what its content depends on, and its print HTML.

Five kinds of PDF (the table :data:`KINDS`), each PDF a :class:`Spec`:

- ``quick``: one procedure on 1–3 A4 pages (checklist, steps, fees, errors, QR codes);
- ``domain``: every procedure of a domain; ``full``: every procedure, by domain;
- ``errors``: the troubleshooting handbook, every common error by system;
- ``module``: a training module's handout for trainees (see :mod:`.handouts`).

A spec's ``data`` digest covers the records its PDF shows; its start is printed as the source
version, and the edition date moves only when it changes. Whether a PDF must be printed again
is decided by its print HTML itself (see ``generators.pdf.print_key``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..cache import digest
from ..catalog import Catalog
from ..model import CommonError, Domain, Procedure
from ..pages import error_page, html_path, procedure_page, vi_date
from ..settings import Settings
from ..troubleshoot import by_system_and_stage
from . import assets, handouts, toc

PDF_DIR = "pdf"
FULL_TITLE = "Sổ tay thủ tục hành chính cấp xã"
ERRORS_TITLE = "Sổ tay xử lý lỗi thường gặp"


@dataclass(frozen=True)
class Spec:
    """One PDF to produce: what it is, what it contains, what its content depends on."""

    kind: str  # quick | domain | full | errors | module
    key: str  # slug | domain id | "all" | "errors"
    title: str
    path: str  # relative to settings.media
    procedures: tuple[Procedure, ...]
    errors: tuple[CommonError, ...]
    domain: Domain | None
    data: str  # digest of the data shown; its start is printed as the source version
    dated: str | None  # the edition: newest change or verification date of what it prints
    sample: bool

    @property
    def source_version(self) -> str:
        return self.data[:10]

    @property
    def slugs(self) -> tuple[str, ...]:
        return tuple(p.slug for p in self.procedures)


# --------------------------------------------------------------------------------------
# The plan: every PDF of the catalogue, in a stable order
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Made:
    """One PDF of a kind, as the kind's ``make`` function lists it."""

    key: str
    title: str
    file: str  # under pdf/
    procedures: list[Procedure]
    errors: list[CommonError] = field(default_factory=list)
    domain: Domain | None = None
    #: What else its content depends on (for the source version), beyond the records it prints.
    extra: tuple = ()
    #: Other records it prints whose dates count for its edition (a training module).
    records: tuple = ()


def made(kind: str, key: str, title: str, file: str, procedures: list[Procedure], errors: list[CommonError] = (),
         domain: Domain | None = None, extra: tuple = (), records: tuple = ()) -> Made:
    """A :class:`Made`, for ``make`` functions that take a factory (see handouts.plan)."""
    return Made(key, title, file, list(procedures), list(errors), domain, extra, tuple(records))


@dataclass(frozen=True)
class Kind:
    """A kind of PDF: its body template (in templates/print/), its heading on the downloads
    page, the PDFs of this kind the catalogue makes, and what else its templates need."""

    template: str
    heading: str
    make: Callable[[Catalog, Settings], list[Made]]
    context: Callable[[Spec, Catalog, Settings], dict] = lambda spec, catalog, settings: {}


def _full(catalog: Catalog, settings: Settings) -> list[Made]:
    return [Made("all", FULL_TITLE, "so-tay-thu-tuc.pdf", list(catalog.procedures.values()))]


def _errors(catalog: Catalog, settings: Settings) -> list[Made]:
    if not catalog.errors:
        return []
    errors = [e for _, stages in by_system_and_stage(catalog) for _, group in stages for e in group]
    hitting = [p for p in catalog.procedures.values() if p.common_errors]
    return [Made("errors", ERRORS_TITLE, "so-tay-xu-ly-loi.pdf", hitting, errors)]


def _domain_handbooks(catalog: Catalog, settings: Settings) -> list[Made]:
    return [Made(d.id, f"Sổ tay thủ tục lĩnh vực {d.name}", f"linh-vuc/{d.id}.pdf", catalog.in_domain(d.id),
                 domain=d) for d in catalog.domains.values() if catalog.in_domain(d.id)]


def _quick(catalog: Catalog, settings: Settings) -> list[Made]:
    pictures = handouts.published_pictures(settings)
    return [Made(p.slug, f"Hướng dẫn nhanh: {p.name}", f"thu-tuc/{p.slug}.pdf", [p],
                 domain=catalog.domains[p.domain], extra=(handouts.picture_digests(settings, pictures, {p.slug}),))
            for p in catalog.procedures.values()]


#: Every kind of PDF, in the order they are planned and listed on the downloads page.
#: Adding a kind: one entry here, its ``make`` function and its body template.
KINDS: dict[str, Kind] = {
    "full": Kind("handbook.html.j2", "Sổ tay đầy đủ", _full),
    "errors": Kind("errors.html.j2", "Sổ tay xử lý lỗi thường gặp", _errors),
    "domain": Kind("handbook.html.j2", "Sổ tay theo lĩnh vực", _domain_handbooks),
    "quick": Kind("quick.html.j2", "Hướng dẫn nhanh từng thủ tục", _quick, handouts.picture_context),
    "module": Kind("module.html.j2", "Tài liệu học viên theo học phần",
                   lambda catalog, settings: handouts.plan(catalog, settings, made), handouts.context),
}


def plan(catalog: Catalog, settings: Settings) -> list[Spec]:
    """Every PDF of every kind, in the order of :data:`KINDS`."""
    site_url = settings.site_url
    specs = []
    for kind, kind_spec in KINDS.items():
        for pdf in kind_spec.make(catalog, settings):
            chosen, errors = pdf.procedures, pdf.errors
            data = digest(kind, pdf.key, pdf.title, site_url, _shown(catalog, chosen, errors, kind), *pdf.extra)
            shown = list(errors) if kind == "errors" else \
                [*chosen, *(catalog.errors[e] for p in chosen for e in p.common_errors if e in catalog.errors),
                 *pdf.records]
            # `sample`: some record it prints was not compared with the official text.
            sample = not all(r.verified for r in (errors if kind == "errors" else chosen))
            specs.append(Spec(kind, pdf.key, pdf.title, f"{PDF_DIR}/{pdf.file}", tuple(chosen), tuple(errors),
                              pdf.domain, data, newest_date(shown), sample))
    return specs


def newest_date(records: list) -> str | None:
    """A handbook's edition: the newest change or verification date of the records it prints.

    Only dates written in the records count, so every machine and every rebuild prints the
    same edition; None when no record it prints carries a date.
    """
    dates = []
    for record in records:
        dates += [str(change.date) for change in getattr(record, "changes", None) or []]
        verification = getattr(record, "verification", None)
        if verification is not None and getattr(verification, "date", None):
            dates.append(str(verification.date))
    return max(dates, default=None)


def _shown(catalog: Catalog, chosen: list[Procedure], errors: list[CommonError], kind: str) -> list:
    """Every record the PDF prints, as data for its digest (nothing it does not print)."""
    if kind == "errors":
        # The troubleshooting handbook prints the errors and only the names of the procedures.
        contacts = [c for e in errors for c in (e.escalate.contact, *e.escalate.also)]
        return ([e.model_dump() for e in errors] + [_name(p) for p in chosen]
                + [catalog.contacts[c].model_dump() for c in contacts])
    slugs = {p.slug for p in chosen}
    shown: list = [p.model_dump() for p in chosen]
    for p in chosen:
        shown.append(catalog.domains[p.domain].model_dump())
        agencies = [p.executing_agency, p.competent_authority, *p.delegated_agencies, *p.coordinating_agencies]
        shown += [catalog.agencies[a].model_dump() for a in agencies if a]
        shown += [catalog.forms[f].model_dump() for f in p.forms_used]
        shown += [catalog.errors[e].model_dump() for e in p.common_errors]
        if kind != "quick":
            shown += [catalog.legal[ref.doc].model_dump() for ref in p.legal_basis]
            for ref in p.related:
                other = catalog.by_code(ref.code)
                if other and other.slug not in slugs:
                    shown.append(_name(other))
    return shown


def _name(p: Procedure) -> dict:
    """What a handbook prints of a procedure it only links to."""
    return {"code": p.code, "name": p.name, "slug": p.slug, "domain": p.domain}


# --------------------------------------------------------------------------------------
# Print HTML
# --------------------------------------------------------------------------------------


class Links:
    """Addresses printed in a handbook: anchors inside it, pages of the online portal."""

    def __init__(self, spec: Spec, site_url: str, placeholder: bool = False):
        self.site_url = site_url
        #: The address is still an example one: every QR code says so ("địa chỉ mẫu").
        self.placeholder = placeholder
        self.inside = {p.slug for p in spec.procedures} if spec.kind in {"domain", "full"} else set()

    @staticmethod
    def anchor(p: Procedure) -> str:
        return f"p-{p.slug}"

    def page(self, p: Procedure) -> str:
        return self.site_url + html_path(procedure_page(p)) if self.site_url else ""

    def video(self, p: Procedure) -> str:
        return self.page(p) + "#video" if self.site_url else ""

    def error(self, e: CommonError) -> str:
        return self.site_url + html_path(error_page(e.id)) if self.site_url else ""

    def procedure(self, p: Procedure) -> str:
        """Inside the handbook when it is there, else online (or nowhere)."""
        return f"#{self.anchor(p)}" if p.slug in self.inside else self.page(p)


@lru_cache(maxsize=2)
def environment(for_key: bool = False) -> Environment:
    """The print templates' environment. ``for_key``: QR codes are their address (a QR code
    is a function of it, and drawing thousands of them only to compare takes minutes)."""
    env = Environment(
        loader=FileSystemLoader(assets.TEMPLATES),
        autoescape=True,  # YAML text is always text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vi_date"] = vi_date
    env.filters["css_string"] = assets.css_string
    env.filters["qr"] = (lambda url: f"qr:{url}") if for_key else assets.qr_data_uri
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]
    return env


def render_html(spec: Spec, catalog: Catalog, settings: Settings, edition: str,
                numbers: dict[str, int] | None = None, for_key: bool = False) -> tuple[str, list[toc.Entry]]:
    """The print HTML of a handbook and its contents entries.

    ``numbers`` fills the page numbers of the contents (anchor -> page); without it the
    slots are left empty, to be filled by the second pass (see :mod:`.toc`). ``for_key``:
    the same HTML with QR codes as their address and the fonts as their digest, to compare.
    """
    env = environment(for_key)
    links = Links(spec, settings.site_url, settings.site_url_is_placeholder)
    common = {"spec": spec, "catalog": catalog, "links": links, "edition": edition,
              "domains": _domains(spec, catalog), **KINDS[spec.kind].context(spec, catalog, settings)}
    body = env.get_template(KINDS[spec.kind].template).render(
        **common, groups=_groups(spec, catalog), hitting=catalog.procedures_hitting)
    entries = toc.collect(body)
    html = env.get_template("document.html.j2").render(
        **common, body=body, toc=entries, numbers=numbers or {},
        fonts_css=_fonts_digest(settings) if for_key else assets.fonts_css(settings.docs),
        print_css=assets.print_css())
    return html, entries


def _groups(spec: Spec, catalog: Catalog) -> list:
    """Errors by system then stage (troubleshooting handbook only)."""
    return by_system_and_stage(catalog) if spec.kind == "errors" else []


def _domains(spec: Spec, catalog: Catalog) -> list[tuple[Domain, list[Procedure]]]:
    """The handbook's procedures by domain, in catalogue order."""
    if spec.kind == "errors":
        return []
    return [(d, [p for p in spec.procedures if p.domain == d.id]) for d in catalog.domains.values()
            if any(p.domain == d.id for p in spec.procedures)]


def _fonts_digest(settings: Settings) -> str:
    return _text_digest(assets.fonts_css(settings.docs))


@lru_cache(maxsize=2)
def _text_digest(text: str) -> str:
    return digest(text)
