"""A parent scans the QR code at the school gate and answers on a phone, in Arabic or French,
with or without JavaScript."""

import base64
import io

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel, Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.conftest import login

pytestmark = pytest.mark.browser


def _decode_svg_in_chromium(browser, svg: bytes) -> list[str]:
    """Rasterise the SVG in Chromium, then read it with zxing-cpp: two independent parties."""
    page = browser.new_page(viewport={"width": 800, "height": 800})
    data = base64.b64encode(svg).decode()
    page.set_content(
        f'<body style="margin:0;background:#fff"><img src="data:image/svg+xml;base64,{data}" '
        'style="width:600px;height:600px"></body>'
    )
    png = page.screenshot()
    page.close()
    return [result.text for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))]


def _qr_url(app, client, make_user, territory, channel_id) -> bytes:
    login(client, make_user(role=Role.COORDINATOR, territories=[territory]))
    return client.get(f"/admin/demo/channels/{channel_id}/qr.svg").data


def _screenshot_only(page, name):
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def _answer_parent_path(page, *, lang: str, shots: str | None, check=assert_accessible):
    """Walk the parent path; returns after the thanks page shows."""
    if shots:
        check(page, f"{shots}-1-who")
    parent = page.locator("input[value=parent]")
    page.locator(f"label[for={parent.get_attribute('id')}]").click()
    assert parent.is_checked()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    # Screen 2: the priorities, a three-step scale per orientation.
    scales = page.locator("fieldset.question--priority")
    assert scales.count() == 6
    scales.nth(0).locator("label").nth(2).click()
    scales.nth(1).locator("label").nth(1).click()
    if shots:
        check(page, f"{shots}-2-priorities")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    choices = page.locator("fieldset.question--action_choice label")
    choices.nth(0).click()
    if shots:
        check(page, f"{shots}-3-actions")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    page.locator("textarea").nth(0).fill(
        "المدرسة قريبة والمعلمون لطفاء" if lang == "ar" else "L’école est proche."
    )
    if shots:
        check(page, f"{shots}-4-words")
    # A person takes a moment; the server refuses sends faster than that.
    page.wait_for_timeout(3100)
    page.locator("button.button--primary").click()
    page.wait_for_url("**/thanks")
    if shots:
        check(page, f"{shots}-5-thanks")


def test_decode_the_qr_and_answer_in_arabic(
    app, client, live_server, browser, phone, make_user, demo_territory, monkeypatch
):
    monkeypatch.setitem(app.config, "PUBLIC_BASE_URL", live_server)
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    decoded = _decode_svg_in_chromium(
        browser, _qr_url(app, client, make_user, demo_territory, gate.id)
    )
    assert decoded == [f"{live_server}/q/{gate.token}"]

    page = phone(locale="ar")
    page.goto(decoded[0])
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    _answer_parent_path(page, lang="ar", shots="parent-ar")

    db.session.expire_all()
    stored = db.session.scalars(select(Response)).one()
    assert (stored.channel_id, stored.language, stored.audience) == (gate.id, "ar", "parent")
    purposes = sorted(answer.purpose for answer in stored.answers)
    assert purposes == ["action_choice", "priority", "priority", "swot"]
    swot = next(a for a in stored.answers if a.purpose == "swot")
    assert swot.quadrant == "strength" and swot.text.startswith("المدرسة")


def test_the_same_path_in_french_without_javascript(
    live_server, playwright_instance, browser, demo_territory
):
    gate = db.session.scalars(select(Channel).filter_by(kind="college_hall")).one()
    context = browser.new_context(
        **playwright_instance.devices["Pixel 5"], locale="fr-FR", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{live_server}/q/{gate.token}")
    # Scripts are off, so axe cannot run here: the same pages are checked with scripts on.
    _answer_parent_path(page, lang="fr", shots="parent-fr-nojs", check=_screenshot_only)
    # Back after sending shows nothing of the answers.
    page.go_back(wait_until="commit")
    page.wait_for_load_state("domcontentloaded")
    assert "L’école est proche." not in page.content()
    context.close()
    db.session.expire_all()
    stored = db.session.scalars(select(Response)).one()
    assert (stored.channel_id, stored.language) == (gate.id, "fr")


def test_a_child_answers_with_faces(live_server, phone, demo_territory):
    gate = db.session.scalars(select(Channel).filter_by(kind="outreach_stand")).one()
    page = phone()
    page.goto(f"{live_server}/q/{gate.token}")
    child = page.locator("input[value=child]")
    page.locator(f"label[for={child.get_attribute('id')}]").click()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    assert page.locator(".face").count() >= 3
    assert_accessible(page, "child-fr-2-faces")
    page.locator("button.button--primary").click()
    # Children choose among actions too, in words written for them ("tu").
    page.wait_for_url("**/r/*/3")
    assert page.locator("fieldset.question--action_choice").count() >= 1
    assert_accessible(page, "child-fr-3-actions")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    assert page.locator("textarea").count() == 3
    assert_accessible(page, "child-fr-4-words")


def test_a_double_tap_on_send_stores_one_response(live_server, phone, demo_territory):
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    page = phone()
    page.goto(f"{live_server}/q/{gate.token}")
    parent = page.locator("input[value=parent]")
    page.locator(f"label[for={parent.get_attribute('id')}]").click()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    page.locator("textarea").nth(1).fill("Les horaires de la cantine.")
    page.wait_for_timeout(3100)
    # Two sends in a row, as an impatient thumb does, before the first answer arrives.
    page.evaluate(
        """() => {
            const form = document.querySelector('main form');
            const send = form.querySelector('button.button--primary');
            form.requestSubmit(send);
            form.requestSubmit(send);
        }"""
    )
    page.wait_for_url("**/thanks")
    db.session.expire_all()
    assert db.session.scalar(select(db.func.count(Response.id))) == 1
