"""Training modules -> the Trainers section: run sheets, self-check quizzes, slide decks."""

from __future__ import annotations

from dataclasses import dataclass

from .load import Catalog
from .media import Video
from .model import Segment, SegmentKind, TrainingModule
from .pages import Page, Renderer, nav_title

TRAINING_DIR = "dao-tao"
TRAINING_HOME = f"{TRAINING_DIR}/index.md"


def plan_page(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/index.md"


def quiz_page(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/kiem-tra.md"


def slides_file(module_id: str) -> str:
    return f"{TRAINING_DIR}/{module_id}/trinh-chieu.html"


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
    paths = dict(plan_page=plan_page, quiz_page=quiz_page, slides_file=slides_file)
    pages = [r.render("training-home.md.j2", TRAINING_HOME, modules=catalog.modules, **paths)]
    for module_id, module in catalog.modules.items():
        context = dict(
            module_id=module_id, m=module, sheet=run_sheet(module, catalog, r.media.videos),
            procedures=[catalog.by_code(c) for c in module.procedures],
            errors=[catalog.errors[e] for e in module.errors], clock=clock, **paths,
        )
        pages += [
            r.render("training-plan.md.j2", plan_page(module_id), **context),
            r.render("training-quiz.md.j2", quiz_page(module_id), **context),
            r.render("training-slides.html.j2", slides_file(module_id), **context),
        ]
    return pages


def navigation(catalog: Catalog) -> list:
    if not catalog.modules:
        return []
    items = [{nav_title(m.title): [plan_page(i), {"Tự kiểm tra": quiz_page(i)}]} for i, m in catalog.modules.items()]
    return [{"Dành cho giảng viên": [TRAINING_HOME, *items]}]

