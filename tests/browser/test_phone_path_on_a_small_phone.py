"""The families' path on the smallest phones (320 px), in French and Arabic: the language
panel, large text, Back after a correction, a reload while typing, shared links, blocked
cookies, "already answered", and read-aloud."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.config import UI_LANGUAGES
from consult.consultation.models import Channel, Consultation, Question, Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.core.test_plain_words import FORMAL_FRENCH

# Written for the screens before the rotated action questions, the language panel and the
# kiosk lock were merged together; to be walked again on the merged path (closing note).
MERGE_REASON = "walks the screens as they were before the merge: to be adapted"

pytestmark = pytest.mark.browser

SMALL_PHONE = {
    "viewport": {"width": 320, "height": 640},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# The phone's text size at 200 %: every rem and em doubles.
LARGE_TEXT = """
document.addEventListener('DOMContentLoaded', () => {
  document.documentElement.style.fontSize = '200%';
});
"""
FITS = "document.documentElement.scrollWidth <= window.innerWidth"
LOCALES = {"fr": "fr-FR", "ar": "ar"}


@pytest.fixture
def small_phone(browser):
    contexts = []
    server_errors = []

    def open_phone(lang="fr", *, large_text=False, script=None, java_script_enabled=True):
        context = browser.new_context(
            **SMALL_PHONE, locale=LOCALES.get(lang, lang), java_script_enabled=java_script_enabled
        )
        context.set_default_timeout(10_000)
        context.on(
            "response",
            lambda response: server_errors.append(response.url) if response.status >= 500 else None,
        )
        if large_text:
            context.add_init_script(LARGE_TEXT)
        if script:
            context.add_init_script(script)
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()
    assert server_errors == []


def _gate(kind="school_gate") -> Channel:
    return db.session.scalars(select(Channel).filter_by(kind=kind)).one()


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _tap_label(page, selector):
    page.locator(f"label[for={page.locator(selector).get_attribute('id')}]").click()


def _screen(page, number: int) -> str:
    """Another screen of the path the page is on (the token may itself hold digits)."""
    return f"{page.url.rsplit('/', 1)[0]}/{number}"


def _rotate_the_longest_action_list_first(kind="parent"):
    """Action questions rotate; the one whose orientation has the most actions is put first
    (least shown), so a test can always tick one idea more than allowed."""
    questions = db.session.scalars(
        select(Question).filter_by(purpose="action_choice", audience=kind)
    ).all()
    longest = max(questions, key=lambda question: len(question.orientation.actions))
    for question in questions:
        question.times_shown = 0 if question is longest else 1_000
    db.session.commit()


def _show_every_action_question() -> int:
    """The longest path there is: a time budget that leaves room for every action question,
    so screen 3 holds every list of ideas with its hints, whatever the rotation. Returns
    how many ideas each list allows."""
    db.session.scalars(select(Consultation)).one().time_budget_seconds = 1200
    db.session.commit()
    (limit,) = set(
        db.session.scalars(select(Question.max_choices).filter_by(purpose="action_choice"))
    )
    return limit


def _labels_of_the_longest_action_list(page):
    fieldsets = page.locator("fieldset.question--action_choice")
    counts = [fieldsets.nth(i).locator("label").count() for i in range(fieldsets.count())]
    return fieldsets.nth(counts.index(max(counts))).locator("label")


# Words of the answers and questions that a line break cuts in two ("Importa-nt") although
# the form is wide enough to hold them whole: a word whose pieces sit on more than one line.
# Its bidi runs ("و15") share one line; a hyphen is a fair place to break ("qu’est-/ce"); a
# word wider than the whole form ("professionnels" at 200 % on 320 px) has to break.
CUT_WORDS = """
[...document.querySelectorAll('.option label, .question legend')].flatMap((element) => {
  const form = element.closest('.respond') || document.body;
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  const cut = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.nodeValue.matchAll(/[^\\s-]+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const rects = [...range.getClientRects()];
      const lines = new Set(rects.map((rect) => Math.round(rect.top)));
      const width = rects.reduce((sum, rect) => sum + rect.width, 0);
      if (lines.size > 1 && width <= form.clientWidth) cut.push(match[0]);
    }
  }
  return cut;
})
"""


def _what_to_fix_is_on_top_and_leads_to_it(page, fields):
    """A refused screen opens at its top: what to fix is said there, without scrolling, and
    each line leads to its question, however far below large text has pushed it."""
    problems = page.locator(".problems a")
    assert [link.get_attribute("href") for link in problems.all()] == [
        f"#{field}-question" for field in fields
    ]
    viewport = page.viewport_size["height"]
    assert problems.first.bounding_box()["y"] < viewport
    for index, field in enumerate(fields):
        assert problems.nth(index).inner_text() == page.locator(f"#{field}-errors").inner_text()
    problems.last.click()
    # Waited for from outside the page: its CSP forbids compiling a predicate in it.
    expect(page.locator(f"#{fields[-1]}-question")).to_be_in_viewport()
    page.evaluate("window.scrollTo(0, 0)")


def _says_tu(page, lang):
    """Children and young people are told "tu" on every screen, header to footer."""
    if lang == "fr":
        text = page.locator("body").inner_text() if hasattr(page, "goto") else page.inner_text()
        assert FORMAL_FRENCH.findall(text) == [], text


def _fits(page, name):
    _shot(page, name)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (name, widths)
    assert page.evaluate(CUT_WORDS) == [], name


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_every_screen_reflows_at_320_px_with_text_at_200_percent(
    live_server, small_phone, demo_territory, lang
):
    gate = _gate()
    stand = _gate("outreach_stand")
    stand.is_retired = True
    limit = _show_every_action_question()
    page = small_phone(lang, large_text=True)
    page.goto(f"{live_server}/q/{gate.token}")
    assert page.evaluate("getComputedStyle(document.documentElement).fontSize") == "32px"
    _fits(page, f"reflow-{lang}-1-who")
    page.locator("details.languages--menu summary").click()
    _fits(page, f"reflow-{lang}-1-languages")
    page.locator("details.languages--menu summary").click()
    # Next without choosing: the page comes back at its top, the question screens below.
    page.locator("button.button--primary").click()
    _what_to_fix_is_on_top_and_leads_to_it(page, ["respondent_kind"])
    _fits(page, f"reflow-{lang}-1-who-corrected")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("fieldset.question--priority").nth(0).locator("label").nth(2).click()
    _fits(page, f"reflow-{lang}-2-priorities")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    # Every list ticked in full: each one longer than its limit comes back with its reason.
    choices = page.locator("fieldset.question--action_choice")
    assert choices.count() == 6
    too_long = []
    for index in range(choices.count()):
        labels = choices.nth(index).locator("label")
        for option in range(labels.count()):
            labels.nth(option).click()
        if labels.count() > limit:
            too_long.append(choices.nth(index).get_attribute("id").removesuffix("-question"))
    page.locator("button.button--primary").click()
    page.wait_for_selector(".field-errors")
    _what_to_fix_is_on_top_and_leads_to_it(page, too_long)
    _fits(page, f"reflow-{lang}-3-actions-corrected")
    for index in range(choices.count()):
        ticked = choices.nth(index).locator("input:checked")
        while ticked.count() > limit:
            page.locator(f"label[for={ticked.nth(0).get_attribute('id')}]").click()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    _fits(page, f"reflow-{lang}-4-words")
    page.wait_for_timeout(3100)
    page.locator("textarea").nth(0).fill("Les horaires de la cantine.")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/thanks")
    _fits(page, f"reflow-{lang}-5-thanks")
    for name, path in [
        ("home", "/"),
        ("privacy", "/privacy"),
        ("privacy-children", "/privacy/children"),
        ("unknown", "/q/nosuchcode"),
        ("retired", f"/q/{stand.token}"),
        ("not-found", "/no/such/page"),
    ]:
        page.goto(f"{live_server}{path}")
        _fits(page, f"reflow-{lang}-{name}")


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("kind", ["child", "young_11_15"])
def test_the_childrens_and_young_peoples_screens_reflow_too(
    live_server, small_phone, demo_territory, lang, kind
):
    page = small_phone(lang, large_text=True)
    page.goto(f"{live_server}/q/{_gate().token}")
    _tap_label(page, f"input[value={kind}]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    step = 2
    while "/thanks" not in page.url:
        _fits(page, f"reflow-{lang}-{kind}-{step}")
        _says_tu(page, lang)
        if page.locator("textarea").count():
            # The words come last: a person takes a moment before sending.
            page.locator("textarea").nth(0).fill("Le foot le mercredi.")
            page.wait_for_timeout(3100)
        page.locator("button.button--primary").click()
        page.wait_for_load_state("domcontentloaded")
        step += 1
    _fits(page, f"reflow-{lang}-{kind}-thanks")
    _says_tu(page, lang)
    page.locator("a.button").click()
    page.wait_for_selector(".answered")
    _says_tu(page.locator(".answered"), lang)


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("lang", ["fr", "ar", "uk", "pt"])
def test_no_answer_is_cut_mid_word_at_the_usual_text_size(
    live_server, browser, demo_territory, lang, width
):
    """Three answers side by side cut their words on the narrowest phones ("Pas prioritai-re",
    "Importa-nt"); in the languages with the longest words, every screen keeps them whole."""
    _show_every_action_question()
    context = browser.new_context(**{**SMALL_PHONE, "viewport": {"width": width, "height": 640}})
    page = context.new_page()
    page.goto(f"{live_server}/q/{_gate().token}?lang={lang}")
    _fits(page, f"words-{lang}-{width}-1-who")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("fieldset.question--priority").nth(0).locator("label").nth(0).click()
    _fits(page, f"words-{lang}-{width}-2-priorities")
    page.goto(_screen(page, 3))
    _fits(page, f"words-{lang}-{width}-3-actions")
    context.close()


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_language_panel_fits_the_smallest_phone_and_works(
    live_server, small_phone, demo_territory, lang
):
    gate = _gate()
    page = small_phone(lang)
    page.goto(f"{live_server}/q/{gate.token}")
    page.locator("details.languages--menu summary").click()
    links = page.locator("details.languages--menu nav a")
    assert links.count() == len(UI_LANGUAGES) - 1
    for index in range(links.count()):
        box = links.nth(index).bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 320, (index, box)
    assert_accessible(page, f"small-{lang}-language-panel")
    page.get_by_role("link", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("html").get_attribute("dir") == "ltr"
    # The language is kept on the next screen.
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    assert page.locator("html").get_attribute("lang") == "en"


def test_the_language_panel_opens_without_javascript(live_server, small_phone, demo_territory):
    page = small_phone("ar", java_script_enabled=False)
    page.goto(f"{live_server}/q/{_gate().token}")
    page.locator("details.languages--menu summary").click()
    page.get_by_role("link", name="Français").click()
    assert page.locator("html").get_attribute("lang") == "fr"


def test_a_phone_in_another_language_sees_choose_your_language_in_each(
    live_server, small_phone, demo_territory
):
    page = small_phone("de-DE")
    page.goto(f"{live_server}/q/{_gate().token}")
    lines = page.locator(".choose-language a")
    assert lines.count() == len(UI_LANGUAGES)
    assert page.locator('.choose-language a[lang="ar"]').inner_text().startswith("اختاروا لغتكم")
    _fits(page, "small-de-choose-language")
    assert_accessible(page, "small-de-choose-language")
    page.locator('.choose-language a[lang="uk"]').click()
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.locator(".choose-language").count() == 0


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_a_shared_link_opens_in_its_language_without_a_redirect(
    live_server, small_phone, demo_territory, lang
):
    other = "ar" if lang == "fr" else "fr"
    page = small_phone(lang)
    response = page.goto(f"{live_server}/q/{_gate().token}?lang={other}")
    assert response.status == 200 and response.request.redirected_from is None
    assert page.locator("html").get_attribute("lang") == other


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_back_and_reload_after_a_correction_never_resubmit(
    live_server, small_phone, demo_territory, lang
):
    _rotate_the_longest_action_list_first()
    page = small_phone(lang)
    page.goto(f"{live_server}/q/{_gate().token}")
    # Next without choosing: the first screen comes back with the reason.
    page.locator("button.button--primary").click()
    page.wait_for_selector("#respondent_kind-errors")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    labels = _labels_of_the_longest_action_list(page)
    for index in range(3):
        labels.nth(index).click()
    page.locator("button.button--primary").click()
    page.wait_for_selector(".field-errors")
    assert page.locator("fieldset.question--action_choice input:checked").count() == 3
    assert_accessible(page, f"small-{lang}-3-too-many")
    # Reload and Back are plain GETs: no "confirm form resubmission" page in between.
    reloaded = page.reload()
    assert reloaded.request.method == "GET" and reloaded.status == 200
    assert page.locator(".field-errors").count() == 1
    back = page.go_back()
    assert back is not None and back.request.method == "GET" and back.status == 200
    assert page.url.endswith("/3") or page.url.endswith("/2")
    page.go_back()
    assert page.locator("form").count() == 1


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_typed_text_survives_a_reload(live_server, small_phone, demo_territory, lang):
    typed = "المدرسة قريبة" if lang == "ar" else "L’école est proche."
    page = small_phone(lang)
    page.goto(f"{live_server}/q/{_gate().token}")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.goto(_screen(page, 4))
    with page.expect_response(lambda response: response.request.method == "POST") as kept:
        page.locator("textarea").nth(1).press_sequentially(typed, delay=20)
    assert kept.value.status == 204
    page.reload()
    assert page.locator("textarea").nth(1).input_value() == typed


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_cookies_blocked_get_a_clear_message(live_server, small_phone, demo_territory, lang):
    page = small_phone(lang)
    page.goto(f"{live_server}/q/{_gate().token}")
    _tap_label(page, "input[value=parent]")
    # What a phone that refuses cookies does: it never sends one back.
    page.context.clear_cookies()
    page.locator("button.button--primary").click()
    page.wait_for_selector(".flash")
    assert "cookie" in page.locator(".flash").inner_text().lower() or lang == "ar"
    assert "كوكيز" in page.locator(".flash").inner_text() or lang == "fr"
    _fits(page, f"small-{lang}-cookies-blocked")
    assert_accessible(page, f"small-{lang}-cookies-blocked")


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_back_after_sending_says_thank_you(live_server, small_phone, demo_territory, lang):
    page = small_phone(lang)
    page.goto(f"{live_server}/q/{_gate().token}")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("fieldset.question--priority").nth(0).locator("label").nth(1).click()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    page.wait_for_timeout(3100)
    page.locator("button.button--primary").click()
    page.wait_for_url("**/thanks")
    page.go_back()
    page.wait_for_url("**/thanks")
    assert page.locator("h1").inner_text() in ("Merci\u00a0!", "شكرًا!")
    page.locator("a.button").click()
    assert page.locator(".answered").is_visible()
    _fits(page, f"small-{lang}-already-answered")
    assert_accessible(page, f"small-{lang}-already-answered")
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Response.id))) == 1


# A phone's speech engine, replaced by one that writes down what it would say.
SPEECH_STUB = """
(() => {
  const voices = %s;
  window.__spoken = [];
  class Utterance { constructor(text) { this.text = text; this.lang = ''; this.voice = null; } }
  Object.defineProperty(window, 'SpeechSynthesisUtterance', {value: Utterance, configurable: true});
  Object.defineProperty(window, 'speechSynthesis', {configurable: true, value: {
    getVoices: () => voices,
    cancel: () => {},
    speak: (u) => window.__spoken.push(
      {text: u.text, lang: u.lang, voice: u.voice && u.voice.name}),
    addEventListener: () => {},
  }});
})();
"""
VOICES = '[{"name": "Amélie", "lang": "fr-FR"}, {"name": "Laila", "lang": "ar-SA"}]'


def _spaced(text):
    """As a voice is given it: any run of spaces, the French no-break ones before ? and :
    included, is one plain space."""
    return " ".join(text.split())


def _said(text):
    """Text as a voice should read it: each line a sentence (an option's title, then its
    meaning), never two lines glued into one word."""
    lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
    return " ".join(line if line[-1] in ".?!؟:…" else f"{line}." for line in lines)


def _spoken_for_each_question(page):
    spoken = []
    buttons = page.locator("[data-listen]")
    for index in range(buttons.count()):
        assert buttons.nth(index).is_visible()
        buttons.nth(index).click()
        spoken.append(page.evaluate("window.__spoken[window.__spoken.length - 1]"))
    return spoken


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_read_aloud_speaks_each_question_in_the_pages_language(
    live_server, small_phone, demo_territory, lang
):
    page = small_phone(lang, script=SPEECH_STUB % VOICES)
    page.goto(f"{live_server}/q/{_gate().token}")
    voice = "Amélie" if lang == "fr" else "Laila"
    (who,) = _spoken_for_each_question(page)
    assert who["lang"] == lang and who["voice"] == voice
    legend = _spaced(page.locator("fieldset.question legend").inner_text())
    assert who["text"].startswith(legend)
    for label in page.locator("fieldset.question .option label").all_inner_texts():
        assert label.strip() in who["text"]
    assert_accessible(page, f"small-{lang}-1-read-aloud")
    _tap_label(page, "input[value=parent]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    spoken = _spoken_for_each_question(page)
    questions = page.locator("fieldset.question--priority")
    assert len(spoken) == questions.count() == 6
    for index, said in enumerate(spoken):
        assert said["lang"] == lang
        assert said["text"].startswith(_spaced(questions.nth(index).locator("legend").inner_text()))
        for label in questions.nth(index).locator("label").all_inner_texts():
            assert label.strip() in said["text"]
    _shot(page, f"small-{lang}-2-read-aloud")
    page.goto(_screen(page, 3))
    # The rotation gives one or more action questions: each is read with its hints.
    spoken = _spoken_for_each_question(page)
    choices = page.locator("fieldset.question--action_choice")
    assert len(spoken) == choices.count() >= 1
    for index, said in enumerate(spoken):
        choice = choices.nth(index)
        assert said["lang"] == lang and said["voice"] == voice
        assert said["text"].startswith(_spaced(choice.locator("legend").inner_text()))
        for hint in choice.locator(".hint").all_inner_texts():
            assert _said(hint) in said["text"]
        for label in choice.locator("label").all_inner_texts():
            assert _said(label) in said["text"]
    page.goto(_screen(page, 4))
    spoken = _spoken_for_each_question(page)
    labels = page.locator(".question--text > label").all_inner_texts()
    assert [said["text"].rstrip(".") for said in spoken] == [
        _spaced(label).rstrip(".") for label in labels
    ]


def test_read_aloud_stays_hidden_without_a_voice_for_the_language(
    live_server, small_phone, demo_territory
):
    only_french = '[{"name": "Amélie", "lang": "fr-FR"}]'
    page = small_phone("ar", script=SPEECH_STUB % only_french)
    page.goto(f"{live_server}/q/{_gate().token}")
    assert page.locator("[data-listen]").count() == 1
    assert not page.locator("[data-listen]").is_visible()
    no_speech = small_phone("fr", java_script_enabled=False)
    no_speech.goto(f"{live_server}/q/{_gate().token}")
    assert not no_speech.locator("[data-listen]").is_visible()


def test_closed_consultation_fits_too(live_server, small_phone, demo_territory):
    consultation = db.session.scalars(select(Consultation)).one()
    consultation.status = "closed"
    db.session.commit()
    page = small_phone("ar", large_text=True)
    page.goto(f"{live_server}/q/{_gate().token}")
    _fits(page, "reflow-ar-closed")
