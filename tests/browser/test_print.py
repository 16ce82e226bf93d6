"""Posters and flyers print on one page of the right size."""

import re

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Channel
from consult.extensions import db
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

MEDIA_BOX = re.compile(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]")
MM_PER_POINT = 25.4 / 72


@pytest.mark.parametrize(("layout", "size_mm"), [("poster", (210, 297)), ("flyer", (105, 148))])
def test_prints_on_one_page(live_server, browser, make_user, demo_territory, layout, size_mm):
    user = make_user(role=Role.FACILITATOR, territories=[demo_territory])
    channel = db.session.scalars(select(Channel).filter_by(kind="poster")).one()
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")
    page.goto(f"{live_server}/admin/demo/channels/{channel.id}/{layout}")
    pdf = page.pdf(prefer_css_page_size=True)
    context.close()
    boxes = MEDIA_BOX.findall(pdf)
    assert len(boxes) == 1, "exactly one page"
    width, height = (float(value) * MM_PER_POINT for value in boxes[0])
    assert abs(width - size_mm[0]) < 1.5 and abs(height - size_mm[1]) < 1.5
