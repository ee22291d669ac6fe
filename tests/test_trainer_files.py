"""Quiz exports (Zoom CSV, Moodle GIFT) and the slide plan, without a browser."""

from __future__ import annotations

import csv
import io
import re

import pytest

from conftest import REPO
from generators import deck, quizfiles
from generators.load import load_catalog
from generators.model import TrainingModule

HOSTILE = ['=cmd|" /C calc"!A0', "+SUM(1,2)", "-2+3", "@A1", "a {b} ~c =d #e :f \\g", "<script>x</script>",
           "Ba  dấu   cách"]


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "procedures", REPO)


def hostile_module() -> TrainingModule:
    return TrainingModule.model_validate({
        "title": "Học phần {thử}: ~=#",
        "audience": "Cán bộ",
        "minutes": 5,
        "objectives": ["Mục tiêu"],
        "agenda": [{"kind": "gioi-thieu", "title": "Mở đầu", "minutes": 5, "say": "Chào anh/chị."}],
        "quiz": [
            {"q": text, "options": [{"text": text + " đúng", "correct": True}, {"text": "=" + text}, {"text": "Khác"}],
             "explanation": "Vì {" + text + "}"}
            for text in HOSTILE
        ] + [{"q": "Chọn nhiều", "multiple": True, "explanation": "x",
              "options": [{"text": "a", "correct": True}, {"text": "b", "correct": True},
                          {"text": "c", "correct": True}, {"text": "d"}]}],
    })


# --------------------------------------------------------------------------------------
# Zoom CSV
# --------------------------------------------------------------------------------------


def read_zoom(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_zoom_csv_has_a_row_per_question_with_its_right_answers(catalog):
    for module in catalog.modules.values():
        rows = read_zoom(quizfiles.zoom_csv(module))
        assert rows[0] == quizfiles.ZOOM_HEADER
        assert len(rows) == len(module.quiz) + 1
        for row, q in zip(rows[1:], module.quiz, strict=True):
            assert len(row) == len(quizfiles.ZOOM_HEADER)
            assert row[0] == q.q
            assert row[1] == ("Multiple Choice" if q.multiple else "Single Choice")
            answers = [a for a in row[2:-1] if a]
            assert answers == [o.text for o in q.options]
            right = [int(n) for n in row[-1].split(",")]
            assert right == [i for i, o in enumerate(q.options, start=1) if o.correct]


def test_zoom_csv_cells_never_start_a_formula():
    rows = read_zoom(quizfiles.zoom_csv(hostile_module()))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(quizfiles.FORMULA_START), cell
    assert rows[1][0] == "'" + HOSTILE[0]
    assert rows[1][3] == "'=" + HOSTILE[0]


# --------------------------------------------------------------------------------------
# GIFT: a strict reader of the subset the exporter writes
# --------------------------------------------------------------------------------------

SPECIAL = set("~=#{}:\\")


def unescape(text: str, where: str) -> str:
    """GIFT text -> plain text; an unescaped control character is a grammar error."""
    out, i = [], 0
    while i < len(text):
        ch = text[i]
        if ch == "\\":
            assert i + 1 < len(text) and text[i + 1] in SPECIAL, f"{where}: dangling escape in {text!r}"
            out.append(text[i + 1])
            i += 2
            continue
        assert ch not in SPECIAL, f"{where}: unescaped {ch!r} in {text!r}"
        out.append(ch)
        i += 1
    return "".join(out)


QUESTION = re.compile(r"::(?P<title>(?:[^:\\]|\\.)+)::\[plain\](?P<text>(?:[^\\{]|\\.)+) \{$")
ANSWER = re.compile(r"\t(?:(?P<mark>[=~])(?!%)|~%(?P<weight>-?\d+(?:\.\d+)?)%)(?P<text>(?:[^\\]|\\.)+)$")
FEEDBACK = re.compile(r"\t####(?P<text>(?:[^\\]|\\.)+)$")


def parse_gift(text: str) -> list[dict]:
    questions, current = [], None
    for number, line in enumerate(text.split("\n"), start=1):
        where = f"line {number}"
        if current is None:
            if not line.strip() or line.startswith("//"):
                continue
            match = QUESTION.fullmatch(line)
            assert match, f"{where}: not a question start: {line!r}"
            current = {"title": unescape(match["title"], where), "text": unescape(match["text"], where),
                       "answers": [], "feedback": None}
        elif line == "}":
            assert current["answers"], f"{where}: question without answers"
            questions.append(current)
            current = None
        elif (match := FEEDBACK.fullmatch(line)):
            assert current["feedback"] is None, f"{where}: second general feedback"
            current["feedback"] = unescape(match["text"], where)
        else:
            match = ANSWER.fullmatch(line)
            assert match and current["feedback"] is None, f"{where}: not an answer: {line!r}"
            weight = 100.0 if match["mark"] == "=" else 0.0 if match["mark"] == "~" else float(match["weight"])
            if match["weight"] is not None:
                assert match["weight"] in quizfiles.MOODLE_WEIGHTS or match["weight"] == "-100", where
            current["answers"].append((unescape(match["text"], where), weight))
    assert current is None, "unterminated question"
    return questions


def test_gift_round_trips_every_sample_quiz(catalog):
    for module in catalog.modules.values():
        questions = parse_gift(quizfiles.gift(module, module.title))
        assert len(questions) == len(module.quiz)
        for parsed, q in zip(questions, module.quiz, strict=True):
            assert parsed["text"] == " ".join(q.q.split())
            assert [a for a, _ in parsed["answers"]] == [" ".join(o.text.split()) for o in q.options]
            right = [w > 0 for _, w in parsed["answers"]]
            assert right == [o.correct for o in q.options]
            if q.multiple:
                assert abs(sum(w for _, w in parsed["answers"] if w > 0) - 100) < 0.01
            assert parsed["feedback"] == " ".join(q.explanation.split())


def test_gift_escapes_hostile_text():
    module = hostile_module()
    text = quizfiles.gift(module, module.title)
    questions = parse_gift(text)
    for parsed, payload in zip(questions, HOSTILE, strict=False):
        assert parsed["text"] == " ".join(payload.split())
        assert parsed["answers"][1][0] == "=" + " ".join(payload.split())
        assert parsed["feedback"] == "Vì {" + " ".join(payload.split()) + "}"
    assert questions[-1]["answers"][0][1] == pytest.approx(33.33333)
    # The reader is strict: an unescaped brace in a question is refused.
    with pytest.raises(AssertionError):
        parse_gift("::Câu 1::[plain]a { b {\n\t=c\n}\n")


# --------------------------------------------------------------------------------------
# Slide plan
# --------------------------------------------------------------------------------------


def test_long_lists_continue_on_further_slides_within_the_budget():
    items = [f"Mục {i}: " + "chữ " * 40 for i in range(12)]
    slides = deck.list_slides("Mục tiêu", "Học xong, anh/chị làm được", items)
    assert len(slides) > 1
    assert [item for s in slides for item in s.items] == items
    assert slides[1].heading.endswith("(tiếp)") and slides[1].title.endswith(f"(2/{len(slides)})")
    for s in slides:
        assert sum(deck.lines(i) + 0.35 for i in s.items) <= deck.BODY_LINES or len(s.items) == 1
    numbered = deck.list_slides("Các bước", "Các bước", items, ordered=True)
    assert [s.start for s in numbered] == [1 + sum(len(x.items) for x in numbered[:i]) for i in range(len(numbered))]


def test_deck_follows_the_run_sheet_and_every_slide_has_notes_from_it(catalog):
    from generators.media import MediaIndex

    for module_id, module in catalog.modules.items():
        slides = deck.plan_deck(module, catalog, MediaIndex(), deck.TraineeLink("Bài tự kiểm tra", "kt/x/"),
                                {s.id: deck.TraineeLink("Bài thực hành", f"th/{s.id}/") for s in module.scenarios})
        segments = [s.segment for s in slides if s.segment is not None]
        assert segments == sorted(segments), f"{module_id}: slides out of run-sheet order"
        for s in slides:
            if s.segment is not None:
                assert s.notes[0] == module.agenda[s.segment].say
        steps = [s for s in slides if s.layout == "step"]
        assert len({(s.heading, s.lead) for s in steps}) == len(steps)
        assert slides[-1].links and slides[-1].links[-1].path == "kt/x/"


def test_no_run_sheet_asks_to_share_the_trainers_notes(catalog):
    """The run sheet holds what the trainer says; trainees get the slides and short addresses."""
    for module_id, m in catalog.modules.items():
        for seg in m.agenda:
            assert "kịch bản" not in (seg.share or "").casefold(), f"{module_id}: {seg.title}: {seg.share}"


def test_an_item_longer_than_a_slide_continues_with_its_number():
    long_step = "Bước rất dài " + "chữ " * 400
    slides = deck.list_slides("Các bước", "Các bước", ["Ngắn", long_step, "Cuối"], ordered=True)
    assert len(slides) >= 3
    pieces = [item for s in slides for item in s.items]
    joined = " ".join(p.removeprefix(deck.CONTINUED).removesuffix(" …") for p in pieces[1:-1])
    assert joined.split() == long_step.split()
    assert [s.start for s in slides][:2] == [1, 2] and slides[-1].items[-1] == "Cuối"
    assert slides[-1].start == 2 or slides[-1].items[0] == "Cuối"
    for s in slides:
        assert sum(deck.lines(i) + 0.35 for i in s.items) <= deck.BODY_LINES
