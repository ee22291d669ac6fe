"""What goes into each PDF, what its content depends on, and its print HTML.

Five kinds of PDF, each a :class:`Spec`:

- ``quick``: one procedure on 1–3 A4 pages (checklist, steps, fees, errors, QR codes);
- ``domain``: every procedure of a domain; ``full``: every procedure, by domain;
- ``errors``: the troubleshooting handbook, every common error by system;
- ``module``: a training module's handout for trainees (see :mod:`.handouts`).

A spec's ``data`` digest covers the records its PDF shows; its start is printed as the source
version, and the edition date moves only when it changes. Whether a PDF must be printed again
is decided by its print HTML itself (see ``generators.pdf.print_key``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ..cache import digest
from ..load import Catalog
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
    dated: str | None  # newest changes[].date of its procedures, the edition when known
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


def plan(catalog: Catalog, settings: Settings) -> list[Spec]:
    """Full handbook, troubleshooting handbook, domain handbooks, then quick guides."""
    site_url = settings.site_url
    procedures = list(catalog.procedures.values())
    domains = [d for d in catalog.domains.values() if catalog.in_domain(d.id)]

    def spec(kind: str, key: str, title: str, path: str, chosen: list[Procedure],
             errors: list[CommonError] = (), domain: Domain | None = None, extra: tuple = ()) -> Spec:
        data = digest(kind, key, title, site_url, _shown(catalog, chosen, errors, kind), *extra)
        dates = [p.changes[0].date for p in chosen if p.changes and kind != "errors"]
        # `sample`: some record it prints was not compared with the official text.
        sample = not all(r.verified for r in (errors if kind == "errors" else chosen))
        return Spec(kind, key, title, f"{PDF_DIR}/{path}", tuple(chosen), tuple(errors), domain,
                    data, max(dates, default=None), sample)

    specs = [spec("full", "all", FULL_TITLE, "so-tay-thu-tuc.pdf", procedures)]
    if catalog.errors:
        errors = [e for _, stages in by_system_and_stage(catalog) for _, group in stages for e in group]
        hitting = [p for p in procedures if p.common_errors]
        specs.append(spec("errors", "errors", ERRORS_TITLE, "so-tay-xu-ly-loi.pdf", hitting, errors))
    for d in domains:
        specs.append(spec("domain", d.id, f"Sổ tay thủ tục lĩnh vực {d.name}", f"linh-vuc/{d.id}.pdf",
                          catalog.in_domain(d.id), domain=d))
    for p in procedures:
        specs.append(spec("quick", p.slug, f"Hướng dẫn nhanh: {p.name}", f"thu-tuc/{p.slug}.pdf", [p],
                          domain=catalog.domains[p.domain]))
    specs += handouts.plan(catalog, settings, spec)
    return specs


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

    def __init__(self, spec: Spec, site_url: str):
        self.site_url = site_url
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


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(assets.TEMPLATES),
        autoescape=True,  # YAML text is always text, never markup
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vi_date"] = vi_date
    env.filters["css_string"] = assets.css_string
    env.filters["qr"] = assets.qr_data_uri
    env.filters["lookup"] = lambda ids, table: [table[i] for i in ids]
    return env


BODY_TEMPLATES = {"quick": "quick.html.j2", "domain": "handbook.html.j2", "full": "handbook.html.j2",
                  "errors": "errors.html.j2", "module": "module.html.j2"}


def render_html(spec: Spec, catalog: Catalog, settings: Settings, edition: str,
                numbers: dict[str, int] | None = None) -> tuple[str, list[toc.Entry]]:
    """The print HTML of a handbook and its contents entries.

    ``numbers`` fills the page numbers of the contents (anchor -> page); without it the
    slots are left empty, to be filled by the second pass (see :mod:`.toc`).
    """
    env = environment()
    links = Links(spec, settings.site_url)
    common = {"spec": spec, "catalog": catalog, "links": links, "edition": edition,
              "domains": _domains(spec, catalog), **handouts.context(spec, catalog, settings)}
    body = env.get_template(BODY_TEMPLATES[spec.kind]).render(
        **common, groups=_groups(spec, catalog), hitting=catalog.procedures_hitting)
    entries = toc.collect(body)
    html = env.get_template("document.html.j2").render(
        **common, body=body, toc=entries, numbers=numbers or {},
        fonts_css=assets.fonts_css(settings.docs), print_css=assets.print_css())
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
