"""A module's quiz as files other tools import: a Zoom poll/quiz CSV and Moodle GIFT; and the
answer key the trainer's results page scores pasted result codes with (an HTML attribute, escaped
like any other).

Text from YAML is data in every one of them: CSV cells that a spreadsheet would run as a
formula are prefixed with an apostrophe, GIFT's control characters are escaped and every
question is marked ``[plain]`` (Moodle then shows text, never HTML).
"""

from __future__ import annotations

import csv
import io
import string

from .model import QuizQuestion, TrainingModule

#: Option keys in result codes and the answer key: a, b, c... in the order written in YAML.
OPTION_KEYS = string.ascii_lowercase
#: Zoom polls take at most 10 answers per question.
ZOOM_MAX_ANSWERS = 10
ZOOM_HEADER = ["Question", "Question Type", *[f"Answer {i}" for i in range(1, ZOOM_MAX_ANSWERS + 1)],
               "Correct Answer"]

#: A cell starting with one of these is a formula in Excel, LibreOffice and Google Sheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(text: str) -> str:
    """A cell a spreadsheet shows as text: formula-like text gets a leading apostrophe."""
    text = " ".join(str(text).split()) if "\n" in str(text) else str(text)
    return "'" + text if text.startswith(FORMULA_START) else text


def zoom_csv(module: TrainingModule) -> str:
    """One row per question: text, single or multiple choice, answers, the right answers' numbers.

    Questions with more options than Zoom takes are left out (none in the samples); the file
    starts with a BOM so spreadsheet programs read Vietnamese as UTF-8.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(ZOOM_HEADER)
    for q in module.quiz:
        if len(q.options) > ZOOM_MAX_ANSWERS:
            continue
        answers = [csv_cell(o.text) for o in q.options] + [""] * (ZOOM_MAX_ANSWERS - len(q.options))
        right = ",".join(str(i) for i, o in enumerate(q.options, start=1) if o.correct)
        writer.writerow([csv_cell(q.q), "Multiple Choice" if q.multiple else "Single Choice", *answers, right])
    return "\ufeff" + out.getvalue()


GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    """Text safe anywhere in a GIFT question: control characters escaped, one line."""
    text = " ".join(str(text).split())
    return "".join("\\" + ch if ch in GIFT_SPECIAL else ch for ch in text)


#: Moodle accepts only these answer weights (percent).
MOODLE_WEIGHTS = ("100", "90", "83.33333", "80", "75", "70", "66.66667", "60", "50", "40", "33.33333",
                  "30", "25", "20", "16.66667", "14.28571", "12.5", "11.11111", "10", "5")


def _weight(right: int) -> str:
    share = 100 / right
    return min(MOODLE_WEIGHTS, key=lambda w: abs(float(w) - share))


def gift(module: TrainingModule, title: str) -> str:
    """Moodle GIFT: one multiple-choice question per quiz item, with its explanation as feedback."""
    lines = [f"// {' '.join(title.split())}", "// GIFT (Moodle), bộ câu hỏi tự kiểm tra", ""]
    for n, q in enumerate(module.quiz, start=1):
        lines.append(f"::Câu {n}::[plain]{gift_escape(q.q)} {{")
        lines += _gift_answers(q)
        lines.append(f"\t####{gift_escape(q.explanation)}")
        lines += ["}", ""]
    return "\n".join(lines)


def _gift_answers(q: QuizQuestion) -> list[str]:
    if not q.multiple:
        return [f"\t{'=' if o.correct else '~'}{gift_escape(o.text)}" for o in q.options]
    weight = _weight(sum(o.correct for o in q.options))
    return [f"\t~%{weight if o.correct else '-100'}%{gift_escape(o.text)}" for o in q.options]


def answer_key(modules: dict[str, TrainingModule]) -> dict:
    """What the results page needs to score a result code: per module its questions, options
    and right answers (the keys of :data:`OPTION_KEYS`)."""
    return {
        module_id: {
            "title": m.title,
            "questions": [
                {"q": q.q, "multiple": q.multiple, "options": [o.text for o in q.options],
                 "right": "".join(OPTION_KEYS[i] for i, o in enumerate(q.options) if o.correct)}
                for q in m.quiz
            ],
        }
        for module_id, m in modules.items()
    }
