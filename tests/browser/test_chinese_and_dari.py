"""Simplified Chinese and Dari, the two languages that test what the others do not: CJK text
and fonts, and a second right-to-left language with Persian letters. The children's and the
parents' paths are answered on a 360 px phone; the poster and the young people's paper sheet
are rendered to PNG, their QR codes decoded, and the fonts Chromium drew them with checked;
the kiosk takes an answer in each."""

import io

import pytest
import zxingcpp
from PIL import Image
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel, Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_kiosk import _answer, _log_in, _open_kiosk
from tests.outreach.helpers import make_session

pytestmark = pytest.mark.browser

PX_PER_MM = 96 / 25.4
POSTER_PRINTED_AREA = {"width": round(190 * PX_PER_MM), "height": round(277 * PX_PER_MM)}
PHONE_360 = {
    "viewport": {"width": 360, "height": 740},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}
# code: (the phone's locale, the page's lang attribute, direction, the font its script needs,
# words a family types, a text of the thanks page in that language)
LANGUAGES = {
    "zh": ("zh-CN", "zh-Hans", "ltr", "Noto Sans CJK SC", "学校离家很近。", "谢谢！"),
    "fa_AF": ("fa-AF", "fa-AF", "rtl", "Noto Sans Arabic", "مکتب نزدیک خانه است.", "تشکر!"),
}


@pytest.fixture
def phone_360(browser):
    contexts = []
    server_errors = []

    def open_phone(locale):
        context = browser.new_context(**PHONE_360, locale=locale)
        context.set_default_timeout(10_000)
        context.on(
            "response",
            lambda response: server_errors.append(response.url) if response.status >= 500 else None,
        )
        contexts.append(context)
        return context.new_page()

    yield open_phone
    for context in contexts:
        context.close()
    assert server_errors == []


def _shot(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def _fits(page, name):
    _shot(page, name)
    widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert widths[0] <= widths[1], (name, widths)


def _fonts_drawing(page, selector) -> set[str]:
    """The installed fonts Chromium drew an element's text with (no guess from the CSS)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    cdp.detach()
    return {font["familyName"] for font in fonts if font["glyphCount"]}


def _tap_label(page, selector):
    page.locator(f"label[for={page.locator(selector).get_attribute('id')}]").click()


def _answer_the_screen(page, typed):
    """One answer of each kind the screen shows; none depends on which questions rotated in."""
    priorities = page.locator("fieldset.question--priority")
    if priorities.count():
        priorities.nth(0).locator("label").nth(1).click()
    ideas = page.locator("fieldset.question--action_choice")
    if ideas.count():
        ideas.nth(0).locator("label").nth(0).click()
    if page.locator("textarea").count():
        page.locator("textarea").nth(0).fill(typed)
        # A person takes a moment before sending: faster is refused as a robot.
        page.wait_for_timeout(3100)


@pytest.mark.parametrize("kind", ["child", "parent"])
@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_family_answers_in_chinese_and_in_dari_on_a_360_px_phone(
    live_server, phone_360, demo_territory, code, kind
):
    locale, tag, direction, font, typed, thanks = LANGUAGES[code]
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    page = phone_360(locale)
    page.goto(f"{live_server}/q/{gate.token}")
    # The phone's own language is chosen, with the right direction and a font for its script.
    assert page.locator("html").get_attribute("lang") == tag
    assert page.locator("html").get_attribute("dir") == direction
    assert font in _fonts_drawing(page, "h1")
    _fits(page, f"phone360-{code}-{kind}-1")
    assert_accessible(page, f"phone360-{code}-{kind}-1")
    _tap_label(page, f"input[value={kind}]")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    step = 2
    while "/thanks" not in page.url:
        assert page.locator("html").get_attribute("lang") == tag
        _answer_the_screen(page, typed)
        _fits(page, f"phone360-{code}-{kind}-{step}")
        page.locator("button.button--primary").click()
        page.wait_for_load_state("domcontentloaded")
        step += 1
        assert step < 10, "the path never ends"
    assert page.locator("h1").inner_text().strip() == thanks
    _fits(page, f"phone360-{code}-{kind}-thanks")
    assert_accessible(page, f"phone360-{code}-{kind}-thanks")
    db.session.expire_all()
    response = db.session.scalars(select(Response)).one()
    assert (response.language, response.audience) == (code, kind)
    assert typed in [answer.text for answer in response.answers]


def _decoded(png_path) -> list[str]:
    image = Image.open(io.BytesIO(png_path.read_bytes()))
    return [result.text for result in zxingcpp.read_barcodes(image)]


def _printed(page, name):
    """The page as printed on paper, rendered to an image."""
    page.emulate_media(media="print")
    return _shot(page, name)


def test_the_poster_prints_chinese_and_dari_with_their_fonts_and_a_qr_code_that_decodes(
    live_server, browser, make_user, demo_territory
):
    channel = db.session.scalars(select(Channel).filter_by(kind="poster")).one()
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    # A4 less the poster's 10 mm margins, in CSS pixels: the area the printer fills.
    context = browser.new_context(locale="fr-FR", viewport=POSTER_PRINTED_AREA)
    page = context.new_page()
    _log_in(page, live_server, user)
    page.goto(f"{live_server}/admin/demo/channels/{channel.id}/poster")
    png = _printed(page, "poster-zh-fa")
    # All ten languages on one sheet.
    assert page.locator(".calls li").count() == 10
    assert page.evaluate("document.documentElement.scrollHeight") <= POSTER_PRINTED_AREA["height"]
    # The code leads where the printed address does: the channel's own page.
    printed_url = page.locator(".url").inner_text().strip()
    assert printed_url.endswith(f"/q/{channel.token}")
    assert _decoded(png) == [printed_url]
    chinese = '.calls li[lang="zh-Hans"]'
    dari = '.calls li[lang="fa-AF"]'
    assert "扫描二维码" in page.locator(chinese).inner_text()
    assert page.locator(dari).get_attribute("dir") == "rtl"
    assert "کد QR" in page.locator(dari).inner_text()
    assert "Noto Sans CJK SC" in _fonts_drawing(page, f"{chinese} strong")
    assert "Noto Sans Arabic" in _fonts_drawing(page, f"{dari} strong")
    context.close()


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_young_peoples_paper_sheet_prints_in_chinese_and_dari(
    live_server, browser, make_user, demo_territory, code
):
    _locale, tag, direction, font, _typed, _thanks = LANGUAGES[code]
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = browser.new_context(locale="fr-FR", viewport={"width": 794, "height": 1123})
    page = context.new_page()
    _log_in(page, live_server, user)
    page.goto(f"{live_server}/admin/demo/outreach/{session.id}/paper/young/{code}")
    assert page.locator("html").get_attribute("lang") == tag
    assert page.locator("html").get_attribute("dir") == direction
    png = _printed(page, f"paper-young-{code}")
    printed_url = page.locator(".paper__qr .url").inner_text().strip()
    assert printed_url.endswith(f"/q/{session.channel.token}")
    assert _decoded(png) == [printed_url]
    for selector in ("h1", ".paper__q h2", ".paper__foot"):
        assert font in _fonts_drawing(page, selector), selector
    # The two age groups are the young people's own, in the sheet's language.
    ages = page.locator(".paper__q").first.locator(".boxes li").all_inner_texts()
    assert len(ages) == 2 and all(("岁" if code == "zh" else "سال") in age for age in ages), ages
    context.close()


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_the_kiosk_takes_an_answer_in_chinese_and_dari(
    live_server, tablet, make_user, demo_territory, code
):
    locale, tag, direction, font, typed, _thanks = LANGUAGES[code]
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = tablet(locale=locale)
    page = context.new_page()
    _log_in(page, live_server, user)
    _open_kiosk(
        page, f"{live_server}/admin/demo/outreach/kiosk/{session.id}/?lang={code}", first_time=True
    )
    assert page.locator("html").get_attribute("lang") == tag
    assert page.locator("html").get_attribute("dir") == direction
    assert font in _fonts_drawing(page, "#kiosk-form legend")
    assert_accessible(page, f"kiosk-{code}")
    _answer(page, typed)
    _shot(page, f"kiosk-{code}-thanks")
    # A string predicate would be compiled in the page, which its CSP forbids (no eval).
    expect(page.locator("#sent-count")).to_have_text("1", timeout=30_000)
    db.session.expire_all()
    stored = db.session.scalars(select(Response)).one()
    assert (stored.language, stored.outreach_session_id) == (code, session.id)
    assert typed in [answer.text for answer in stored.answers]
