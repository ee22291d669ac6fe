"""Trainer kit in the built sample portal: run sheet, slide deck (fit, notes, presenter window,
step pictures), the seeded quiz, result codes and the trainer's results page."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build_project, copy_project, png, publish_media, serve_directory, yaml_text
from generators.load import load_catalog

pytestmark = pytest.mark.browser

SIZES = [(1280, 720), (1366, 768), (1920, 1080)]
HOSTILE = "<img src=x onerror=\"window.pwned=1\">=HYPERLINK(\"http://x\")"


@pytest.fixture(scope="module")
def catalog():
    return load_catalog(REPO / "procedures", REPO)


@pytest.fixture(scope="module")
def module(catalog):
    assert len(catalog.modules) >= 3, "the sample portal ships at least 3 training modules"
    return next(iter(catalog.modules.items()))


def test_trainers_section_lists_every_module_with_its_duration(page, sample_url, catalog):
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
    # Links for trainees: a QR code and a short address per practice scenario, and the quiz.
    links = page.locator(".tt-trainee-links li")
    assert links.count() == len(m.scenarios) + 1
    assert links.locator("svg.tt-qr").count() == len(m.scenarios) + 1
    assert f"/kt/{module_id}" in links.last.inner_text()
    # Every "Trình chiếu, trang N" link lands on a slide of that segment.
    slide_links = page.get_by_role("link", name=re.compile(r"^Trình chiếu, trang \d+$"))
    assert slide_links.count() >= 3


def test_short_address_forwards_to_the_quiz(page, sample_url, sample_site, module):
    module_id, _ = module
    page.goto(sample_url + f"kt/{module_id}/")
    page.wait_for_url(re.compile(rf"dao-tao/{module_id}/kiem-tra\.html"))
    assert page.locator("form.tt-quiz").count() == 1
    # The forwarding pages hold nothing but the address of a page of this site.
    redirects = [*sample_site.glob("kt/*/index.html"), *sample_site.glob("th/*/index.html")]
    assert len(redirects) >= 4
    for redirect in redirects:
        text = redirect.read_text(encoding="utf-8")
        assert "<script" not in text
        targets = re.findall(r'(?:url=|href=")([^"]+)', text)
        assert targets and all(t.startswith("../../") for t in targets), redirect


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
    # A slide is 16:9, and its notes are not on the audience's screen.
    box = page.locator(".slide:not([hidden])").bounding_box()
    assert abs(box["width"] / box["height"] - 16 / 9) < 0.02
    assert not page.locator(".slide:not([hidden]) .notes").is_visible()


MEASURE = """() => Array.from(document.querySelectorAll('.slide')).map((slide, i) => {
  location.hash = '#' + (i + 1);
  window.dispatchEvent(new HashChangeEvent('hashchange'));
  const box = slide.getBoundingClientRect();
  const problems = [];
  if (slide.scrollHeight > slide.clientHeight + 1)
    problems.push('slide ' + slide.scrollHeight + ' > ' + slide.clientHeight);
  for (const el of slide.querySelectorAll('*')) {
    if (el.closest('.notes')) continue;
    if (el.scrollHeight > el.clientHeight + 1 && getComputedStyle(el).overflowY !== 'visible')
      problems.push('clipped ' + el.tagName);
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.bottom > box.bottom + 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.left < box.left - 1)
      problems.push('outside ' + el.tagName + ' ' + (el.textContent || '').slice(0, 40));
  }
  return {n: i + 1, label: slide.getAttribute('aria-label'), width: box.width,
          font: parseFloat(getComputedStyle(slide).fontSize), problems};
})"""


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_of_every_deck_fits_at_common_screen_sizes(browser, sample_url, catalog, size):
    context = browser.new_context(locale="vi-VN", viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    try:
        for module_id in catalog.modules:
            page.goto(sample_url + f"dao-tao/{module_id}/trinh-chieu.html")
            slides = page.evaluate(MEASURE)
            assert len(slides) >= 10
            for s in slides:
                assert not s["problems"], f"{module_id} slide {s['n']} ({s['label']}) at {size}: {s['problems']}"
                # Readable in a shared window: never below 2 % of the slide's width (22 px at 1280×720).
                assert s["font"] >= 0.02 * s["width"], f"{module_id} slide {s['n']} shrunk to {s['font']} px"
    finally:
        context.close()


def test_presenter_window_follows_the_audience_window_and_shows_what_to_say(page, sample_url, module):
    module_id, m = module
    page.goto(sample_url + f"dao-tao/{module_id}/trinh-chieu.html#1")
    with page.expect_popup() as popup_info:
        page.keyboard.press("p")
    presenter = popup_info.value
    presenter.wait_for_selector(".presenter-panel")
    assert m.agenda[0].say[:40] in presenter.locator(".presenter-panel").inner_text()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    presenter.wait_for_function("() => location.hash === '#3'")
    assert presenter.locator(".slide.current").get_attribute("id") == "3"
    assert presenter.locator(".slide.next").get_attribute("id") == "4"
    # And the other way round: the trainer moves on from the presenter window.
    presenter.keyboard.press("ArrowRight")
    page.wait_for_function("() => location.hash === '#4'")


def test_overview_shows_every_slide_and_opens_one(page, sample_url, module):
    module_id, _ = module
    page.goto(sample_url + f"dao-tao/{module_id}/trinh-chieu.html")
    total = page.locator(".slide").count()
    page.keyboard.press("o")
    visible = page.evaluate("() => [...document.querySelectorAll('.slide')].filter(s => s.offsetWidth > 0).length")
    assert visible == total
    page.locator(".slide").nth(4).click()
    assert page.locator(".counter").inner_text() == f"5 / {total}"
    assert page.locator(".slide:not([hidden])").count() == 1


def test_slides_print_one_per_landscape_page(page, sample_url, module, tmp_path):
    from pypdf import PdfReader

    module_id, _ = module
    page.goto(sample_url + f"dao-tao/{module_id}/trinh-chieu.html")
    total = page.locator(".slide").count()
    page.emulate_media(media="print")
    pdf = tmp_path / "deck.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True, print_background=True)
    reader = PdfReader(str(pdf))
    assert len(reader.pages) == total
    box = reader.pages[0].mediabox
    assert float(box.width) > float(box.height)


# --------------------------------------------------------------------------------------
# Step pictures and hostile text: a project of our own
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def own_site(tmp_path_factory):
    """The sample project with pictures for steps 1 and 2 of one walkthrough, and hostile text
    in a module's objectives, quiz and scenario."""
    root = copy_project(tmp_path_factory.mktemp("trainer"))
    module_file = root / "procedures" / "_modules" / "cu-tru.yaml"
    data = yaml.safe_load(module_file.read_text(encoding="utf-8"))
    data["objectives"][0] = HOSTILE
    data["quiz"][0]["q"] = HOSTILE + " {~=#:}"
    data["quiz"][0]["options"][1]["text"] = "=1+1 " + HOSTILE
    data["quiz"][0]["explanation"] = "</script><script>window.pwned=2</script>"
    # Text far longer than a slide holds: it must continue on further slides, never be cut.
    data["scenarios"][0]["goal"] = " ".join([data["scenarios"][0]["goal"]] * 6)
    data["objectives"].append("Mục tiêu rất dài " + "không có dấu chấm câu nào " * 60)
    module_file.write_text(yaml_text(data), encoding="utf-8")
    publish_media(root, {"video/dang-ky-thuong-tru/buoc-01.png": png(320, 180, (200, 30, 30)),
                         "video/dang-ky-thuong-tru/buoc-02.png": png(320, 180, (30, 30, 200))})
    site = build_project(root)
    server, url = serve_directory(site)
    try:
        yield site, url
    finally:
        server.shutdown()
        server.server_close()


def test_step_slides_show_their_own_picture_or_their_own_text(page, own_site):
    _, url = own_site
    page.goto(url + "dao-tao/cu-tru/trinh-chieu.html")
    steps = page.locator(".slide--step")
    assert steps.count() >= 3
    first, second, third = (steps.nth(i) for i in range(3))
    assert first.locator("img").get_attribute("src").endswith("video/dang-ky-thuong-tru/buoc-01.png")
    assert second.locator("img").get_attribute("src").endswith("video/dang-ky-thuong-tru/buoc-02.png")
    assert third.locator("img").count() == 0
    # Every step slide says something different: its caption, and without a picture what to do.
    texts = [steps.nth(i).text_content() for i in range(steps.count())]
    assert len(set(texts)) == len(texts)
    assert third.locator(".lead").text_content().strip()
    # The pictures load (the site publishes media beside the pages).
    page.goto(url + "dao-tao/cu-tru/trinh-chieu.html#" + first.get_attribute("id"))
    assert page.locator(".slide:not([hidden]) img").evaluate("img => img.decode().then(() => img.naturalWidth)") == 320


def test_long_text_continues_on_further_slides_and_still_fits(browser, own_site):
    _, url = own_site
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(url + "dao-tao/cu-tru/trinh-chieu.html")
        slides = page.evaluate(MEASURE)
        for s in slides:
            assert not s["problems"], f"slide {s['n']} ({s['label']}): {s['problems']}"
        practice = [s["label"] for s in slides if "Thực hành:" in s["label"]]
        assert len(practice) >= 3 and practice[-1].endswith(f"({len(practice)}/{len(practice)})")
        # The QR code of the practice is on the last of its slides.
        last = next(s["n"] for s in slides if s["label"] == practice[-1])
        assert page.locator(f"[id='{last}'] svg.tt-qr").count() == 1
    finally:
        context.close()


def test_text_from_yaml_stays_text_in_slides_quiz_and_results(page, own_site):
    _, url = own_site
    page.goto(url + "dao-tao/cu-tru/trinh-chieu.html#2")
    assert HOSTILE in page.locator(".slide:not([hidden])").inner_text()
    page.goto(url + "dao-tao/cu-tru/kiem-tra.html")
    assert HOSTILE in page.locator(".tt-question").first.inner_text()
    page.goto(url + "dao-tao/ket-qua.html")
    # The answer key stays one intact attribute whatever the questions say.
    key = json.loads(page.locator(".tt-collector").get_attribute("data-answer-key"))
    assert key["cu-tru"]["questions"][0]["q"] == HOSTILE + " {~=#:}"
    assert page.evaluate("() => window.pwned") is None


# --------------------------------------------------------------------------------------
# Quiz
# --------------------------------------------------------------------------------------


def option_order(page) -> list[list[str]]:
    return page.evaluate("""() => Array.from(document.querySelectorAll('.tt-question')).map(q =>
        Array.from(q.querySelectorAll('input')).map(i => i.value))""")


def test_quiz_order_is_shuffled_by_a_seed_a_trainer_can_reproduce(page, sample_url, module):
    module_id, m = module
    orders = {}
    for seed in (1, 2, 3, 4):
        page.goto(sample_url + f"dao-tao/{module_id}/kiem-tra.html?de={seed}")
        assert f"Đề số {seed}" in page.locator(".tt-quiz__seed").inner_text()
        orders[seed] = option_order(page)
    assert len({str(o) for o in orders.values()}) == 4
    page.goto(sample_url + f"dao-tao/{module_id}/kiem-tra.html?de=2")
    assert option_order(page) == orders[2]
    # The right answer is no longer always first.
    first_is_right = page.evaluate("""() => Array.from(document.querySelectorAll('.tt-question')).map(q =>
        q.querySelector('input').dataset.correct === 'true')""")
    assert not all(first_is_right)


def answer(page, m, index: int, right: bool) -> None:
    """Tick every right option, or only the first wrong one, then press the question's button."""
    fieldset = page.locator(".tt-question").nth(index)
    keys = "abcdefghijklmnopqrstuvwxyz"
    options = m.quiz[index].options
    picks = [keys[n] for n, o in enumerate(options) if o.correct] if right else \
        [next(keys[n] for n, o in enumerate(options) if not o.correct)]
    for key in picks:
        fieldset.locator(f"input[value='{key}']").check()
    fieldset.get_by_role("button", name=re.compile("^Trả lời")).click()


def test_explanation_is_hidden_until_answered_then_reset_starts_over(page, sample_url, module):
    module_id, m = module
    page.goto(sample_url + f"dao-tao/{module_id}/kiem-tra.html?de=7")
    questions = page.locator(".tt-question")
    assert questions.count() == len(m.quiz)
    for i in range(questions.count()):
        assert not questions.nth(i).locator(".tt-explanation").is_visible()
    answer(page, m, 0, right=True)
    assert questions.nth(0).locator(".tt-feedback").inner_text() == "Đúng."
    assert questions.nth(0).locator(".tt-explanation").is_visible()
    assert not questions.nth(1).locator(".tt-explanation").is_visible()
    answer(page, m, 1, right=False)
    assert questions.nth(1).locator(".tt-feedback").inner_text().startswith("Chưa đúng.")
    assert "đáp án đúng" in questions.nth(1).locator(".tt-option--correct").first.inner_text()
    assert page.locator(".tt-score").inner_text() == f"Điểm: 1/{len(m.quiz)} (đã trả lời 2 câu)"
    page.get_by_role("button", name="Làm lại với đề mới").click()
    assert not questions.nth(0).locator(".tt-explanation").is_visible()
    assert questions.nth(0).locator("input:checked").count() == 0
    assert re.search(r"de=(\d+)", page.url).group(1) != "7"
    assert page.locator(".tt-score").inner_text() == f"Điểm: 0/{len(m.quiz)} (đã trả lời 0 câu)"


def test_quiz_works_with_the_keyboard(page, sample_url, module):
    module_id, m = module
    page.goto(sample_url + f"dao-tao/{module_id}/kiem-tra.html?de=3")
    first = page.locator(".tt-question").nth(0)
    first.locator("input").first.focus()
    page.keyboard.press("Space")
    for _ in range(len(m.quiz[0].options) + 1):
        if page.evaluate("() => document.activeElement.classList.contains('tt-answer')"):
            break
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    # Focus moves to the verdict (the button pressed is now disabled), so Tab goes on from there.
    assert page.evaluate("() => document.activeElement.classList.contains('tt-feedback')")
    assert first.locator(".tt-feedback").inner_text() in {"Đúng.", "Chưa đúng. Đáp án đúng được đánh dấu bên trên."}
    assert first.locator("legend").inner_text().startswith("Câu 1.")


def take_quiz(page, url: str, m, seed: int, wrong: set[int]) -> str:
    page.goto(url + f"?de={seed}")
    for i in range(len(m.quiz)):
        answer(page, m, i, right=i not in wrong)
    code = page.locator(".tt-result__code")
    assert code.is_visible()
    return code.inner_text()


def test_result_codes_round_trip_through_the_results_page(page, sample_url, module, tmp_path):
    module_id, m = module
    quiz_url = sample_url + f"dao-tao/{module_id}/kiem-tra.html"
    code_a = take_quiz(page, quiz_url, m, 11, wrong=set())
    code_b = take_quiz(page, quiz_url, m, 12, wrong={0, 2})
    assert code_a.startswith(f"KT/{module_id}/11/{len(m.quiz)}-{len(m.quiz)}/")
    assert code_b.startswith(f"KT/{module_id}/12/{len(m.quiz) - 2}-{len(m.quiz)}/")
    # A trainee who edits the score, and one whose code lost a character.
    parts = code_b.split("/")
    raised = "/".join([*parts[:3], f"{len(m.quiz)}-{len(m.quiz)}", *parts[4:]])
    truncated = code_a[:-1] + ("0" if code_a[-1] != "0" else "1")
    chat = "\n".join([
        "10:01:02 From Trần Thị Bình to Everyone:",
        "\tChào cả nhà, em vào rồi ạ",
        "10:02:11 From Nguyễn Văn An to Everyone:",
        f"\t{code_a}",
        f"10:02:40 From {HOSTILE} to Everyone:",
        f"\tem gửi ạ: {code_b} cảm ơn thầy",
        "10:03:05 From Lê Văn Cường to Everyone:",
        f"\t{raised}",
        f"10:03:30\t From  Phạm Thị Dung : {truncated}",
    ])
    page.goto(sample_url + "dao-tao/ket-qua.html")
    page.locator("#tt-chat").fill(chat)
    page.get_by_role("button", name="Đọc kết quả").click()
    summary = page.locator(".tt-collector__summary").inner_text()
    assert summary == "Đọc được 2 kết quả, từ chối 2 mã không hợp lệ."
    per_trainee = page.locator("table", has=page.locator("caption", has_text="Kết quả theo học viên"))
    rows = per_trainee.locator("tbody tr")
    assert rows.count() == 2
    an = rows.filter(has_text="Nguyễn Văn An")
    assert f"{len(m.quiz)}/{len(m.quiz)}" in an.inner_text()
    hostile = rows.filter(has_text="onerror")
    assert f"{len(m.quiz) - 2}/{len(m.quiz)}" in hostile.inner_text()
    assert page.evaluate("() => window.pwned") is None
    refused = page.locator("table", has=page.locator("caption", has_text="Mã không hợp lệ")).locator("tbody tr")
    assert refused.count() == 2
    assert "Lê Văn Cường" in refused.nth(0).inner_text() and "Phạm Thị Dung" in refused.nth(1).inner_text()
    by_question = page.locator("caption", has_text="Kết quả theo câu hỏi")
    per_question = page.locator("table", has=by_question).locator("tbody tr")
    assert per_question.count() == len(m.quiz)
    assert "1/2" in per_question.nth(0).inner_text()
    # CSV export: a cell that looks like a formula is made text.
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải bảng theo học viên (CSV)").click()
    path = tmp_path / "ket-qua.csv"
    download_info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert table[0][0] == "Học viên" and len(table) == 3
    names = {row[0] for row in table[1:]}
    assert "Nguyễn Văn An" in names
    assert HOSTILE in names  # as the chat had it: it starts with "<", not a formula character


def test_csv_injection_guard_in_the_results_export(page, sample_url, module, tmp_path):
    module_id, m = module
    code = take_quiz(page, sample_url + f"dao-tao/{module_id}/kiem-tra.html", m, 5, wrong=set())
    page.goto(sample_url + "dao-tao/ket-qua.html")
    page.locator("#tt-chat").fill(f'10:00:00 From =HYPERLINK("http://x","y") to Everyone:\n\t{code}')
    page.get_by_role("button", name="Đọc kết quả").click()
    with page.expect_download() as download_info:
        page.get_by_role("button", name="Tải bảng theo học viên (CSV)").click()
    path = tmp_path / "ket-qua.csv"
    download_info.value.save_as(path)
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert rows[1][0] == "'=HYPERLINK(\"http://x\",\"y\")"


def test_quiz_files_are_published(sample_site: Path, catalog):
    for module_id in catalog.modules:
        assert (sample_site / "dao-tao" / module_id / "kiem-tra-zoom.csv").is_file()
        assert (sample_site / "dao-tao" / module_id / "kiem-tra-moodle.gift.txt").is_file()
