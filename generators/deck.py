"""A training module's slide deck, planned in the order of its run sheet.

Slides must never hide content on a 16:9 screen, and text must stay large enough to read
in a shared Zoom window, so long lists are split over continuation slides here, when
generating, rather than shrunk in the browser. The budget below is in body lines of the
slide layout (``docs/assets/slides/slides.css``: type at 2.3 % of the slide's width, so a
slide holds the same text at any screen size).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field, replace

from .catalog import Catalog
from .media import MediaIndex
from .model import CommonError, Segment, SegmentKind, TrainingModule

#: Characters of body text per line (the layout fits about 80 at any screen size).
CHARS_PER_LINE = 68
#: Body lines available under a kicker and a one-line heading.
BODY_LINES = 10.5
#: A heading is 1.65 times the body size: it wraps sooner and takes more height.
HEADING_SCALE = 1.65


@dataclass(frozen=True)
class TraineeLink:
    """An address trainees open themselves: shown as a QR code and a short address."""

    label: str
    path: str  # site path of the short address (see training.short_link)


@dataclass
class Block:
    """A list on a slide, under an optional subheading (e.g. one case of a procedure's documents)."""

    subheading: str
    items: list[str]
    start: int = 1  # number of the first item of an ordered list


@dataclass
class Slide:
    title: str  # for the overview and screen readers
    layout: str = "content"  # title | section | content | step | error | links
    kicker: str = ""
    heading: str = ""
    lead: str = ""
    blocks: list[Block] = field(default_factory=list)
    ordered: bool = False
    screen: str = ""  # an error message as the screen shows it
    picture: str = ""  # path under media/
    picture_alt: str = ""
    links: list[TraineeLink] = field(default_factory=list)
    #: A record (module or procedure) whose verification status the slide states.
    verification: object | None = None
    #: Index of the run-sheet segment the slide belongs to (its notes come from there).
    segment: int | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def items(self) -> list[str]:
        return [item for block in self.blocks for item in block.items]

    @property
    def start(self) -> int:
        return self.blocks[0].start if self.blocks else 1


def lines(text: str, scale: float = 1.0, width: float = 1.0) -> float:
    """Estimated lines the text takes at ``scale`` times the body size, in ``width`` of the slide."""
    return max(1, math.ceil(len(text) * scale / (CHARS_PER_LINE * width))) * scale


def split_text(text: str, budget: float, scale: float = 1.0, width: float = 1.0) -> list[str]:
    """A paragraph in pieces that each fit ``budget`` lines: by sentence, by word when a
    sentence alone is too long."""
    words_per_piece = max(1, int(budget / scale) * int(CHARS_PER_LINE * width / scale) // 8)
    pieces: list[str] = []
    for sentence in re.split(r"(?<=[.;!?])\s+", text.strip()):
        words = sentence.split()
        chunks = [" ".join(words[i:i + words_per_piece]) for i in range(0, len(words), words_per_piece)]
        for chunk in chunks or [""]:
            if pieces and lines(pieces[-1] + " " + chunk, scale, width) <= budget:
                pieces[-1] += " " + chunk
            else:
                pieces.append(chunk)
    return pieces or [""]


def with_lead(slide: Slide, lead: str, budget: float, scale: float = 1.1, width: float = 1.0) -> list[Slide]:
    """The slide with its lead paragraph, continued on copies of it when the text is too long."""
    budget -= max(0.0, lines(slide.heading, HEADING_SCALE) - HEADING_SCALE)
    pieces = split_text(lead, budget, scale, width)
    slides = []
    for i, piece in enumerate(pieces):
        more = f" ({i + 1}/{len(pieces)})" if len(pieces) > 1 else ""
        slides.append(replace(slide, title=slide.title + more, lead=piece,
                              heading=slide.heading + (" (tiếp)" if i else ""),
                              links=slide.links if i == len(pieces) - 1 else []))
    return slides


#: How a piece of an item continued from the previous slide starts.
CONTINUED = "… "


def split(items: list[str], budget: float) -> list[list[str]]:
    """Items in order, in groups that each fit ``budget`` body lines (a too-long item alone)."""
    groups: list[list[str]] = [[]]
    used = 0.0
    pieces = []
    for item in items:  # an item longer than a slide continues on the next one
        parts = split_text(item, budget - 1.35) if lines(item) + 0.35 > budget else [item]
        pieces += [("" if i == 0 else CONTINUED) + part + (" …" if i < len(parts) - 1 else "")
                   for i, part in enumerate(parts)]
    for item in pieces:
        cost = lines(item) + 0.35  # the gap between list items
        if groups[-1] and used + cost > budget:
            groups.append([])
            used = 0.0
        groups[-1].append(item)
        used += cost
    return [g for g in groups if g] or [[]]


def list_slides(title: str, heading: str, items: list[str], *, kicker: str = "", ordered: bool = False,
                subheading: str = "", reserved: float = 0.0, layout: str = "content") -> list[Slide]:
    """One slide, or several marked “(tiếp)” when the list does not fit one."""
    return block_slides(title, heading, [(subheading, items)], kicker=kicker, ordered=ordered,
                        reserved=reserved, layout=layout)


def block_slides(title: str, heading: str, lists: list[tuple[str, list[str]]], *, kicker: str = "",
                 ordered: bool = False, reserved: float = 0.0, layout: str = "content") -> list[Slide]:
    """Lists under their subheadings, as many to a slide as fit; a list too long for one slide
    continues on the next (its subheading marked “(tiếp)”, its numbering carried on)."""
    budget = BODY_LINES - max(0.0, lines(heading, HEADING_SCALE) - HEADING_SCALE) - reserved
    blocks: list[tuple[Block, float]] = []
    for subheading, items in lists:
        head = lines(subheading) + 0.5 if subheading else 0.0
        number = 0
        for i, group in enumerate(split(items, budget - head)):
            start = number if group and group[0].startswith(CONTINUED) else number + 1
            number += sum(not item.startswith(CONTINUED) for item in group)
            cost = head + sum(lines(item) + 0.35 for item in group)
            blocks.append((Block(subheading + (" (tiếp)" if i and subheading else ""), group, start), cost))
    pages: list[list[Block]] = [[]]
    used = 0.0
    for block, cost in blocks:
        if pages[-1] and used + cost > budget:
            pages.append([])
            used = 0.0
        pages[-1].append(block)
        used += cost
    slides = []
    for i, page in enumerate(pages):
        more = f" ({i + 1}/{len(pages)})" if len(pages) > 1 else ""
        slides.append(Slide(title + more, layout, kicker, heading + (" (tiếp)" if i else ""), blocks=page,
                            ordered=ordered))
    return slides


def step_text(step) -> str:
    """What the step does on the portal, in words (for a step slide without its picture)."""
    action = step.action
    if action == "open":
        return f"Mở trang “{step.url}” của cổng."
    target = getattr(step, "name", None) or getattr(step, "label", None) or getattr(step, "text", None) or ""
    if action == "click":
        return f"Bấm “{target}”." if target else "Bấm vào phần tử trên trang."
    if action == "fill":
        shown = "(giá trị được làm mờ)" if step.mask or step.from_environment else f"“{step.value}”"
        return f"Nhập vào ô “{target}”: {shown}."
    if action == "select":
        return f"Chọn “{step.option}” trong ô “{target}”."
    if action == "upload":
        return f"Đính kèm tệp mẫu “{step.file}” vào ô “{target}”."
    if action == "wait_for":
        return f"Chờ “{target}” hiện ra." if target else "Chờ trang tải xong."
    return f"Kiểm tra trên trang: “{target or getattr(step, 'text', '')}”."


class DeckBuilder:
    """Slides in the order of the run sheet; each slide knows its segment (for the notes)."""

    def __init__(self, module: TrainingModule, catalog: Catalog, media: MediaIndex,
                 quiz_link: TraineeLink, practice_links: dict[str, TraineeLink]):
        self.m, self.catalog, self.media = module, catalog, media
        self.quiz_link, self.practice_links = quiz_link, practice_links
        self.slides: list[Slide] = []
        self.shown_procedures: set[str] = set()
        self.shown_errors: set[str] = set()

    def add(self, slides: list[Slide], segment: int | None) -> None:
        for s in slides:
            s.segment = segment
        self.slides += slides

    def build(self) -> list[Slide]:
        m = self.m
        opened = False
        for i, seg in enumerate(m.agenda):
            kind = seg.kind
            if kind is SegmentKind.gioi_thieu and not opened:
                opened = True
                self.add(self.opening(), i)
            elif kind is SegmentKind.video and seg.procedure:
                self.add(self.video(seg), i)
            elif kind is SegmentKind.trinh_dien and seg.procedure:
                self.add(self.procedure(seg.procedure) or self.segment_slide(seg), i)
            elif kind is SegmentKind.thuc_hanh and seg.scenario:
                self.add(self.practice(seg.scenario), i)
            elif kind is SegmentKind.kiem_tra:
                self.add(self.leftovers(), None)
                self.add([Slide("Tự kiểm tra", "links", "Tự kiểm tra sau buổi học", "Tự kiểm tra",
                                lead=f"{len(m.quiz)} câu hỏi, chấm điểm ngay; cuối bài có mã kết quả "
                                     "để anh/chị dán vào khung chat.",
                                links=[self.quiz_link])], i)
            else:
                self.add(self.segment_slide(seg), i)
        if not opened:
            self.slides[:0] = self.opening()
        self.add(self.leftovers(), None)
        last = len(m.agenda) - 1
        links = [self.practice_links[s.id] for s in m.scenarios] + [self.quiz_link]
        self.add([Slide("Liên kết cho học viên", "links", "Mở trên máy của anh/chị", "Liên kết cho học viên",
                        links=links)], last if m.agenda[last].kind is SegmentKind.hoi_dap else None)
        for s in self.slides:
            s.notes = self.notes(s)
        return self.slides

    # -- the parts ---------------------------------------------------------------------

    def opening(self) -> list[Slide]:
        m = self.m
        return [*with_lead(Slide(m.title, "title", f"Học phần đào tạo · {m.minutes} phút", m.title,
                                 verification=m), m.audience, BODY_LINES - 3),
                *list_slides("Mục tiêu", "Học xong, anh/chị làm được", list(m.objectives))]

    def segment_slide(self, seg: Segment) -> list[Slide]:
        return with_lead(Slide(seg.title, "section", seg.kind.label, seg.title), seg.share or "", BODY_LINES)

    def video(self, seg: Segment) -> list[Slide]:
        p = self.catalog.by_code(seg.procedure)
        if not p.walkthrough:
            return self.segment_slide(seg)
        steps = p.walkthrough.steps
        first = (seg.from_chapter or 1)
        last = min(seg.to_chapter or len(steps), len(steps))
        slides = [Slide(seg.title, "section", f"Video · {p.name}", seg.title,
                        lead=f"Các bước {first}–{last} trên Cổng Dịch vụ công (bản thực hành).")]
        for n in range(first, last + 1):
            step = steps[n - 1]
            picture = self.media.step_picture(p.slug, n) or ""
            slides.append(Slide(f"Bước {n}: {step.caption}", "step", f"{p.name} · bước {n}/{len(steps)}",
                                step.caption, lead="" if picture else step_text(step), picture=picture,
                                picture_alt=f"Bước {n}: {step.caption}"))
        return slides

    def procedure(self, code: str) -> list[Slide]:
        p = self.catalog.by_code(code)
        if p is None or p.slug in self.shown_procedures:
            return []
        self.shown_procedures.add(p.slug)
        slides = with_lead(Slide(p.name, "section", f"{p.code} · {self.catalog.domains[p.domain].name}", p.name,
                                 verification=p), p.summary, BODY_LINES - 1.5)
        cases = [(case.case, [self.document(item) for item in case.items]) for case in p.documents]
        if cases:
            slides += block_slides(f"Hồ sơ: {p.name}", "Hồ sơ cần kiểm tra", cases, kicker=p.name)
        if p.steps:
            slides += list_slides(f"Các bước: {p.name}", "Các bước thực hiện", [s.title for s in p.steps],
                                  kicker=p.name, ordered=True)
        return slides

    @staticmethod
    def document(item) -> str:
        counts = ["xuất trình, không nộp"] if getattr(item, "shown_only", False) else []
        if getattr(item, "originals", None):
            counts.append(f"{item.originals} bản chính")
        if getattr(item, "copies", None):
            counts.append(f"{item.copies} bản sao")
        return item.name + (f" · {', '.join(counts)}" if counts else "")

    def practice(self, scenario_id: str) -> list[Slide]:
        sc = next(s for s in self.m.scenarios if s.id == scenario_id)
        slides: list[Slide] = []
        for e in sc.errors:
            slides += self.error(self.catalog.errors[e])
        # The goal sits beside the QR code: about 70 % of the slide's width.
        slides += with_lead(Slide(f"Thực hành: {sc.title}", "links", "Thực hành trên cổng thực hành", sc.title,
                                  links=[self.practice_links[sc.id]]), sc.goal, BODY_LINES, scale=1.0, width=0.7)
        return slides

    def error(self, e: CommonError) -> list[Slide]:
        if e.id in self.shown_errors:
            return []
        self.shown_errors.add(e.id)
        message = e.messages[0] if e.messages else ""
        slides = list_slides(f"Lỗi: {e.title}", e.title, list(e.fix_steps), kicker=f"Lỗi thường gặp · {e.system.label}",
                             ordered=True, reserved=lines(message) + 1.0 if message else 0.0, layout="error")
        for s in slides:
            s.screen = message
        return slides

    def leftovers(self) -> list[Slide]:
        """Procedures and errors of the module that no segment showed yet."""
        slides: list[Slide] = []
        for code in self.m.procedures:
            slides += self.procedure(code)
        for e in self.m.errors:
            slides += self.error(self.catalog.errors[e])
        return slides

    def notes(self, slide: Slide) -> list[str]:
        if slide.segment is None:
            if slide.layout == "error":
                return ["Giải thích vì sao lỗi xảy ra và làm lần lượt các bước khắc phục trên màn hình."]
            return []
        seg = self.m.agenda[slide.segment]
        notes = [seg.say]
        if seg.share:
            notes.append(f"Chia sẻ: {seg.share}")
        return notes


def plan_deck(module: TrainingModule, catalog: Catalog, media: MediaIndex, quiz_link: TraineeLink,
              practice_links: dict[str, TraineeLink]) -> list[Slide]:
    return DeckBuilder(module, catalog, media, quiz_link, practice_links).build()
