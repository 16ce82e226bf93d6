"""Outreach back office in the browser: accessible pages, a paper form printed on A4 and keyed
back in with the keyboard only."""

import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Response
from consult.extensions import db
from tests.browser.conftest import ARTIFACTS, assert_accessible
from tests.browser.test_kiosk import _log_in
from tests.outreach.helpers import make_session

pytestmark = pytest.mark.browser

MEDIA_BOX = re.compile(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")
MM_PER_POINT = 25.4 / 72


def test_paper_form_printed_on_a4_then_keyed_in_with_the_keyboard(
    live_server, browser, phone, make_user, demo_territory
):
    session = make_session(demo_territory)
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    _log_in(page, live_server, user)
    page.goto(f"{live_server}/admin/demo/outreach/{session.id}/paper/parent/ar")
    assert page.locator("#reference").inner_text() == session.reference
    # The QR code image loads (it is the channel's own SVG).
    assert page.locator(".paper__qr img").evaluate("img => img.naturalWidth") > 0
    page.emulate_media(media="print")
    page.screenshot(path=str(ARTIFACTS / "outreach-paper-ar.png"), full_page=True)
    pdf = page.pdf(prefer_css_page_size=True)
    boxes = MEDIA_BOX.findall(pdf)
    assert boxes, "no page"
    for box in boxes:
        width, height = (float(value) * MM_PER_POINT for value in box)
        assert abs(width - 210) < 1.5 and abs(height - 297) < 1.5
    context.close()

    page = phone()
    _log_in(page, live_server, user)
    page.goto(f"{live_server}/admin/demo/outreach/{session.id}/paper-entry/parent?language=ar")
    assert_accessible(page, "outreach-paper-entry")
    # Keyboard only: the reference has the focus; Tab moves on; arrows pick; Enter saves.
    assert page.evaluate("document.activeElement.id") == "reference"
    page.keyboard.type(session.reference.lower())
    page.keyboard.press("Tab")
    page.keyboard.type("12")
    page.keyboard.press("Tab")  # who answered (a single choice for parents)
    page.keyboard.press("Tab")  # language of the sheet
    page.keyboard.press("Tab")  # first priority question: the first option gets the focus
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator(".flash--success")).to_have_count(1)
    db.session.expire_all()
    stored = db.session.scalars(select(Response)).one()
    assert (stored.mode, stored.outreach_session_id, stored.language) == ("paper", session.id, "ar")
    assert stored.paper_reference == f"{session.reference}-12"
    assert [answer.priority for answer in stored.answers] == [3]
    # The next sheet starts empty.
    assert page.locator("#reference").input_value() == ""
    assert page.locator("input[type=radio]:checked").count() == 0


def test_outreach_pages_are_accessible(live_server, phone, make_user, demo_territory):
    session = make_session(demo_territory)
    page = phone()
    _log_in(page, live_server, make_user(role=Role.FACILITATOR, territories=[demo_territory]))
    for path, name in (
        ("/admin/demo/outreach/", "outreach-list"),
        ("/admin/demo/outreach-sessions/new", "outreach-new"),
        (f"/admin/demo/outreach/{session.id}/group/parent", "outreach-group"),
    ):
        page.goto(f"{live_server}{path}")
        assert_accessible(page, name)
    # A group answer, then the summary shows it, weighted by its size.
    page.fill("#group_size", "9")
    page.locator("fieldset.field--choices").nth(2).locator("input").nth(1).check()
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/admin/demo/outreach/{session.id}")
    assert page.locator("#people-represented").inner_text() == "9"
    assert_accessible(page, "outreach-summary")
