"""Catalog -> Markdown pages of the site (home, domains, procedures, search page).

Pages are plain Markdown with HTML blocks, rendered from Jinja templates whose every
printed value goes through :mod:`generators.escaping`: text from YAML is always shown as
text, never as markup, Markdown syntax or a link.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass

from jinja2 import Environment, PackageLoader, StrictUndefined

from .catalog import Catalog
from .escaping import finalize, inert_text
from .media import MediaIndex
from .memo import PageMemo
from .model import Procedure

#: Where generated pages live inside the docs tree.
PROCEDURES_DIR = "thu-tuc"
ERRORS_DIR = "loi-thuong-gap"
SEARCH_PAGE = "tim-kiem.md"
HOME_PAGE = "index.md"
NEWS_PAGE = "co-gi-moi.md"
DOWNLOADS_PAGE = "tai-ve.md"


@dataclass(frozen=True)
class Page:
    """A generated page: where it goes (relative to the docs root) and its Markdown."""

    path: str
    text: str


# --------------------------------------------------------------------------------------
# Paths and links (generated HTML blocks are not rewritten by MkDocs, so we link ourselves)
# --------------------------------------------------------------------------------------


def procedure_page(p: Procedure) -> str:
    return f"{PROCEDURES_DIR}/{p.domain}/{p.slug}.md"


def domain_page(domain_id: str) -> str:
    return f"{PROCEDURES_DIR}/{domain_id}/index.md"


def error_page(error_id: str) -> str:
    return f"{ERRORS_DIR}/{error_id}.md"


def html_path(md_path: str) -> str:
    """The URL path MkDocs gives a page (``use_directory_urls: false``)."""
    return md_path[: -len(".md")] + ".html"


def link(from_md: str, to_md: str, anchor: str = "") -> str:
    """A relative URL from one page to another, as MkDocs would write it."""
    return relative_path(html_path(to_md), posixpath.dirname(from_md)) + (f"#{anchor}" if anchor else "")


def relative_path(target: str, start: str) -> str:
    """``posixpath.relpath`` for the plain relative paths of the docs (no ``.`` or ``..``
    parts), without its two ``getcwd()`` system calls: a large catalogue makes many links."""
    to_parts, from_parts = target.split("/"), start.split("/") if start else []
    common = 0
    for a, b in zip(to_parts, from_parts, strict=False):
        if a != b:
            break
        common += 1
    return "/".join([".."] * (len(from_parts) - common) + to_parts[common:]) or "."


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------


def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("generators", "templates"),
        autoescape=True,
        finalize=finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["vi_date"] = vi_date
    env.filters["file_size"] = file_size
    return env


def file_size(size: int) -> str:
    """Bytes as a reader says them: ``245 KB``, ``1,2 MB`` (Vietnamese decimal comma)."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} KB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def vi_date(iso: str) -> str:
    """``2014-11-20`` -> ``20/11/2014``; a bare year stays as it is."""
    parts = iso.split("-")
    return "/".join(reversed(parts)) if len(parts) == 3 else iso


class Renderer:
    """Renders templates into pages; every template gets the catalogue and link helpers."""

    def __init__(self, catalog: Catalog, env: Environment | None = None, media: MediaIndex | None = None,
                 site_url: str = ""):
        self.catalog = catalog
        self.env = env or environment()
        self.media = media or MediaIndex()
        #: The portal's public address (``site_url``), for QR codes people scan with a phone.
        self.site_url = site_url

    def render(self, template: str, path: str, **context) -> Page:
        text = self.env.get_template(template).render(
            catalog=self.catalog,
            media=self.media,
            here=path,
            link=lambda to, anchor="": link(path, to, anchor),
            link_file=lambda to: posixpath.relpath(to, posixpath.dirname(path) or "."),
            procedure_page=procedure_page,
            domain_page=domain_page,
            error_page=error_page,
            **context,
        )
        return Page(path, text)


def render_pages(catalog: Catalog, renderer: Renderer | None = None, memo: PageMemo | None = None) -> list[Page]:
    """Home, search page, domain pages and procedure pages, in a stable order. With ``memo``,
    a procedure page whose inputs did not change is taken from the last build."""
    r = renderer or Renderer(catalog)
    domains = [d for d in catalog.domains.values() if catalog.in_domain(d.id)]
    popular = [p for p in catalog.procedures.values() if p.popular]
    changes = sorted(((c, p) for p in catalog.procedures.values() for c in p.changes),
                     key=lambda item: (item[0].date, item[1].code), reverse=True)
    pages = [
        r.render("home.md.j2", HOME_PAGE, domains=domains, popular=popular, changes=changes[:3]),
        r.render("search.md.j2", SEARCH_PAGE),
        r.render("news.md.j2", NEWS_PAGE, changes=changes),
        r.render("downloads.md.j2", DOWNLOADS_PAGE, domains=domains, kinds=pdf_kinds()),
        r.render("domains.md.j2", f"{PROCEDURES_DIR}/index.md", domains=domains),
    ]
    for domain in domains:
        pages.append(r.render("domain.md.j2", domain_page(domain.id), domain=domain,
                              procedures=catalog.in_domain(domain.id)))
    for p in catalog.procedures.values():
        related = [(ref, catalog.by_code(ref.code)) for ref in p.related]
        # Procedures that point here too, so the link works both ways.
        pointing_here = [q for q in catalog.pointing_to(p.code) if q.code not in {ref.code for ref in p.related}]
        path = procedure_page(p)
        if memo is not None:
            key = memo.key(catalog, p, [q for _, q in related if q is not None] + catalog.pointing_to(p.code))
            kept = memo.get(path, key)
            if kept is not None:
                pages.append(Page(path, kept))
                continue
        page = r.render("procedure.md.j2", path, p=p, domain=catalog.domains[p.domain],
                        related=related, pointing_here=pointing_here,
                        errors=[catalog.errors[e] for e in p.common_errors],
                        source=catalog.sources[p.slug])
        if memo is not None:
            memo.put(path, key, page.text)
        pages.append(page)
    return pages


def pdf_kinds() -> list[tuple[str, str]]:
    """(kind, heading) of every kind of PDF, in the order the downloads page lists them."""
    from .pdf.handbooks import KINDS  # the PDF package imports this module

    return [(kind, spec.heading) for kind, spec in KINDS.items()]


def nav_title(text: str) -> str:
    """A title for MkDocs' nav: the theme prints it as HTML, so it gets the pages' escaping."""
    return str(inert_text(text))


#: A domain with more procedures than this shows only its own page in the menu (which lists
#: them all): every page carries the menu, so a long one would weigh on every page.
NAV_PROCEDURES_PER_DOMAIN = 25


def navigation(catalog: Catalog) -> list:
    """The generated part of the MkDocs ``nav``: home, then a section per domain."""
    sections = []
    for domain in catalog.domains.values():
        procedures = catalog.in_domain(domain.id)
        if len(procedures) > NAV_PROCEDURES_PER_DOMAIN:
            sections.append({nav_title(domain.name): domain_page(domain.id)})
        elif procedures:
            sections.append({nav_title(domain.name): [domain_page(domain.id)]
                             + [{nav_title(p.name): procedure_page(p)} for p in procedures]})
    return [
        {"Trang chủ": HOME_PAGE},
        {"Thủ tục theo lĩnh vực": [f"{PROCEDURES_DIR}/index.md", *sections]},
        {"Có gì mới": NEWS_PAGE},
        {"Tải về sổ tay PDF": DOWNLOADS_PAGE},
        {"Tìm kiếm": SEARCH_PAGE},
    ]
