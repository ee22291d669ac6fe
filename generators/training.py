"""Training modules -> the Trainers section: run sheets, self-check quizzes, slide decks,
short addresses with QR codes for trainees, the results page and quiz exports."""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass
from functools import lru_cache

import segno
from markupsafe import Markup, escape

from . import quizfiles
from .catalog import Catalog
from .deck import TraineeLink, plan_deck
from .media import Video
from .model import Segment, SegmentKind, TrainingModule
from .pages import Page, Renderer, html_path, nav_title

TRAINING_DIR = "dao-tao"
TRAINING_HOME = f"{TRAINING_DIR}/index.md"
#: The page where a trainer pastes the Zoom chat and sees everyone's results.
RESULTS_PAGE = f"{TRAINING_DIR}/ket-qua.md"
#: Short addresses trainees type or scan: /kt/<module> (quiz), /th/<scenario> (practice).
QUIZ_SHORT, PRACTICE_SHORT = "kt", "th"


def plan_page(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/index.md"


def quiz_page(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/kiem-tra.md"


def slides_file(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/trinh-chieu.html"


def zoom_csv_file(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/kiem-tra-zoom.csv"


def gift_file(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/kiem-tra-moodle.gift.txt"


def practice_target(scenario_id: str) -> str:
    return f"sandbox/index.html?kich-ban={scenario_id}"


def quiz_link(module_id: str) -> TraineeLink:
    return TraineeLink("Bài tự kiểm tra", f"{QUIZ_SHORT}/{module_id}/")


def practice_link(scenario_id: str) -> TraineeLink:
    return TraineeLink("Bài thực hành", f"{PRACTICE_SHORT}/{scenario_id}/")


def redirect_page(link: TraineeLink, target: str) -> Page:
    """The page behind a short address: forwards to the real page (and links to it)."""
    here = link.path + "index.html"
    href = escape(posixpath.relpath(target.split("?")[0], posixpath.dirname(here)) + (
        "?" + target.split("?", 1)[1] if "?" in target else ""))
    text = (f'<!doctype html>\n<html lang="vi"><head><meta charset="utf-8">'
            f'<meta http-equiv="refresh" content="0; url={href}"><title>{escape(link.label)}</title></head>'
            f'<body><p><a href="{href}">Mở {escape(link.label.lower())}</a></p></body></html>\n')
    return Page(here, text)


class Addresses:
    """What trainees see for a short address: the address without ``https://``, and a QR code."""

    def __init__(self, site_url: str):
        self.site_url = site_url.rstrip("/") + "/" if site_url else ""

    def full(self, link: TraineeLink) -> str:
        return self.site_url + link.path if self.site_url else ""

    def short(self, link: TraineeLink) -> str:
        full = self.full(link)
        return full.split("://", 1)[-1].rstrip("/") if full else "/" + link.path.rstrip("/")

    def qr(self, link: TraineeLink) -> Markup:
        """An inline SVG QR code of the full address (none without ``site_url``)."""
        return _qr_svg(self.full(link)) if self.site_url else Markup("")


@lru_cache(maxsize=256)
def _qr_svg(url: str) -> Markup:
    # segno writes the SVG itself; the only data in it is the encoded address.
    # A viewBox and no fixed size: the page's CSS sizes the code (.tt-qr).
    svg = segno.make(url, error="m", micro=False).svg_inline(scale=4, border=2, dark="#000", light="#fff",
                                                             omitsize=True, svgclass="tt-qr")
    return Markup(svg.replace("<svg ", '<svg aria-hidden="true" ', 1))


@dataclass(frozen=True)
class TimedSegment:
    """A segment of the run sheet with its clock: minutes from the start of the session."""

    segment: Segment
    start: int
    #: The part of the walkthrough video to play: (start, end) seconds, when known.
    clip: tuple[float, float] | None


def run_sheet(module: TrainingModule, catalog: Catalog, videos: dict[str, Video]) -> list[TimedSegment]:
    timed, clock = [], 0
    for segment in module.agenda:
        clip = None
        procedure = catalog.by_code(segment.procedure) if segment.procedure else None
        video = videos.get(procedure.slug) if procedure else None
        if segment.kind is SegmentKind.video and video and video.chapters:
            first = (segment.from_chapter or 1) - 1
            last = (segment.to_chapter or len(video.chapters)) - 1
            if first < len(video.chapters):
                end = video.chapters[last + 1][0] if last + 1 < len(video.chapters) else video.duration
                clip = (video.chapters[first][0], end)
        timed.append(TimedSegment(segment, clock, clip))
        clock += segment.minutes
    return timed


def clock(minutes: int) -> str:
    """Minutes from the start of the session as ``h:mm``."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def render_pages(catalog: Catalog, renderer: Renderer | None = None) -> list[Page]:
    if not catalog.modules:
        return []
    r = renderer or Renderer(catalog)
    addresses = Addresses(r.site_url)
    paths = dict(plan_page=plan_page, quiz_page=quiz_page, slides_file=slides_file, results_page=RESULTS_PAGE,
                 zoom_csv_file=zoom_csv_file, gift_file=gift_file, practice_target=practice_target,
                 addresses=addresses)
    pages = [
        r.render("training-home.md.j2", TRAINING_HOME, modules=catalog.modules, **paths),
        r.render("training-results.md.j2", RESULTS_PAGE, modules=catalog.modules,
                 answer_key=json.dumps(quizfiles.answer_key(catalog.modules), ensure_ascii=False), **paths),
    ]
    for module_id, module in catalog.modules.items():
        practice = {sc.id: practice_link(sc.id) for sc in module.scenarios}
        slides = plan_deck(module, catalog, r.media, quiz_link(module_id), practice)
        first_slide: dict[int, int] = {}
        for n, slide in enumerate(slides, start=1):
            if slide.segment is not None:
                first_slide.setdefault(slide.segment, n)
        context = dict(
            module_id=module_id, m=module, sheet=run_sheet(module, catalog, r.media.videos),
            procedures=[catalog.by_code(c) for c in module.procedures],
            errors=[catalog.errors[e] for e in module.errors], clock=clock, slides=slides,
            first_slide=first_slide, quiz_link=quiz_link(module_id), practice_links=practice,
            option_keys=quizfiles.OPTION_KEYS, **paths,
        )
        pages += [
            r.render("training-plan.md.j2", plan_page(module_id), **context),
            r.render("training-quiz.md.j2", quiz_page(module_id), **context),
            r.render("training-slides.html.j2", slides_file(module_id), **context),
            Page(zoom_csv_file(module_id), quizfiles.zoom_csv(module)),
            Page(gift_file(module_id), quizfiles.gift(module, module.title)),
            redirect_page(quiz_link(module_id), html_path(quiz_page(module_id))),
            *(redirect_page(link, practice_target(sc_id)) for sc_id, link in practice.items()),
        ]
    return pages


def navigation(catalog: Catalog) -> list:
    if not catalog.modules:
        return []
    items = [{nav_title(m.title): [plan_page(i), {"Tự kiểm tra": quiz_page(i)}]} for i, m in catalog.modules.items()]
    return [{"Dành cho giảng viên": [TRAINING_HOME, *items, {"Tổng hợp kết quả": RESULTS_PAGE}]}]

