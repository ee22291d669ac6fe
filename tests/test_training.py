"""Trainer kit in the built sample portal: run sheet, slide deck by keyboard, self-check quiz."""

from __future__ import annotations

import pytest

from conftest import REPO
from generators.load import load_catalog

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def module():
    catalog = load_catalog(REPO / "procedures", REPO)
    assert len(catalog.modules) >= 3, "the sample portal ships at least 3 training modules"
    module_id, module = next(iter(catalog.modules.items()))
    return module_id, module


def test_trainers_section_lists_every_module_with_its_duration(page, sample_url):
    catalog = load_catalog(REPO / "procedures", REPO)
    page.goto(sample_url + "dao-tao/index.html")
    rows = page.locator("table.tt-modules tbody tr")
    assert rows.count() == len(catalog.modules)
    for m in catalog.modules.values():
        row = rows.filter(has_text=m.title)
        assert f"{m.minutes} phút" in row.inner_text()


def test_run_sheet_times_add_up_and_link_the_materials(page, sample_url, module):
    module_id, m = module
    page.goto(sample_url + f"dao-tao/{module_id}/index.html")
    times = page.locator(".tt-segment__time").all_inner_texts()
    assert len(times) == len(m.agenda)
    assert times[0].startswith("0:00")
    end = times[-1].split("–")[1]
    assert end == f"{m.minutes // 60}:{m.minutes % 60:02d}"
    assert page.get_by_role("link", name="Mở trình chiếu").count() == 1


def test_slide_deck_steps_with_the_keyboard(page, sample_url, module):
    module_id, _ = module
    page.goto(sample_url + f"dao-tao/{module_id}/trinh-chieu.html")
    counter = page.locator(".counter")
    total = int(counter.inner_text().split("/")[1])
    assert total >= 5
    assert counter.inner_text() == f"1 / {total}"
    assert page.locator(".slide:not([hidden])").count() == 1
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")
    assert counter.inner_text() == f"3 / {total}"
    assert page.url.endswith("#3")
    page.keyboard.press("ArrowLeft")
    assert counter.inner_text() == f"2 / {total}"
    page.keyboard.press("End")
    assert counter.inner_text() == f"{total} / {total}"
    page.keyboard.press("Home")
    assert page.locator(".slide:not([hidden]) h1").inner_text()
    # A slide is 16:9.
    box = page.locator(".slide:not([hidden])").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02


def test_quiz_scores_right_and_wrong_answers_with_feedback(page, sample_url, module):
    module_id, m = module
    page.goto(sample_url + f"dao-tao/{module_id}/kiem-tra.html")
    questions = page.locator(".tt-question")
    assert questions.count() == len(m.quiz)

    def answer(index: int, right: bool) -> None:
        """Tick every right option, or only the first wrong one, then press the question's button."""
        options = m.quiz[index].options
        if right:
            picks = [n for n, o in enumerate(options, start=1) if o.correct]
        else:
            picks = [next(n for n, o in enumerate(options, start=1) if not o.correct)]
        fieldset = questions.nth(index)
        for number in picks:
            fieldset.locator(f"input[value='{number}']").check()
        fieldset.get_by_role("button").click()

    answer(0, right=True)
    assert questions.nth(0).locator(".tt-feedback").inner_text() == "Đúng."
    assert questions.nth(0).locator(".tt-explanation").is_visible()
    answer(1, right=False)
    assert questions.nth(1).locator(".tt-feedback").inner_text().startswith("Chưa đúng.")
    assert page.locator(".tt-score").inner_text() == f"Điểm: 1/{len(m.quiz)} (đã trả lời 2 câu)"
