"""Common-error catalogue -> troubleshooting pages: home by system and stage, triage, one page per error."""

from __future__ import annotations

from itertools import groupby

from .catalog import Catalog
from .model import CommonError, Stage, System
from .pages import ERRORS_DIR, Page, Renderer, error_page, nav_title

ERRORS_HOME = f"{ERRORS_DIR}/index.md"
TRIAGE_PAGE = f"{ERRORS_DIR}/tra-cuu-nhanh.md"


def by_system_and_stage(catalog: Catalog) -> list[tuple[System, list[tuple[Stage, list[CommonError]]]]]:
    """Errors grouped by system, then by stage, in the order the enums declare them."""
    systems, stages = list(System), list(Stage)
    ordered = sorted(catalog.errors.values(),
                     key=lambda e: (systems.index(e.system), stages.index(e.stage), e.title))
    return [
        (system, [(stage, list(errors)) for stage, errors in groupby(group, key=lambda e: e.stage)])
        for system, group in groupby(ordered, key=lambda e: e.system)
    ]


def render_pages(catalog: Catalog, renderer: Renderer | None = None) -> list[Page]:
    if not catalog.errors:
        return []
    r = renderer or Renderer(catalog)
    groups = by_system_and_stage(catalog)
    pages = [
        r.render("errors-home.md.j2", ERRORS_HOME, groups=groups),
        r.render("triage.md.j2", TRIAGE_PAGE, groups=groups),
    ]
    for error in catalog.errors.values():
        pages.append(r.render("error.md.j2", error_page(error.id), e=error,
                              procedures=catalog.procedures_hitting(error.id),
                              related=[catalog.errors[i] for i in error.related]))
    return pages


def navigation(catalog: Catalog) -> list:
    if not catalog.errors:
        return []
    sections = [{system.label: [{nav_title(e.title): error_page(e.id)} for _, errors in stages for e in errors]}
                for system, stages in by_system_and_stage(catalog)]
    return [{"Lỗi thường gặp": [ERRORS_HOME, {"Tra cứu nhanh theo triệu chứng": TRIAGE_PAGE}, *sections]}]
