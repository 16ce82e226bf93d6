"""axe-core finds nothing on any public page, in French, Arabic, English, Chinese and Dari."""

import pytest
from sqlalchemy import select

from consult.consultation.models import Channel, Consultation
from consult.extensions import db
from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(
    ("locale", "tag", "direction"),
    [
        ("fr-FR", "fr", "ltr"),
        ("ar", "ar", "rtl"),
        ("en-GB", "en", "ltr"),
        ("zh-CN", "zh-Hans", "ltr"),
        ("fa-AF", "fa-AF", "rtl"),
    ],
)
def test_public_pages(live_server, phone, demo_territory, locale, tag, direction):
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    stand = db.session.scalars(select(Channel).filter_by(kind="outreach_stand")).one()
    stand.is_retired = True
    db.session.commit()
    page = phone(locale=locale)
    short = tag.lower()
    for name, path in [
        ("home", "/"),
        ("privacy", "/privacy"),
        ("privacy-children", "/privacy/children"),
        ("who", f"/r/{gate.token}/"),
        ("unknown-link", "/q/nosuchcode"),
        ("retired-link", f"/q/{stand.token}"),
        ("not-found", "/no/such/page"),
    ]:
        page.goto(f"{live_server}{path}")
        assert page.locator("html").get_attribute("lang") == tag
        assert page.locator("html").get_attribute("dir") == direction
        assert_accessible(page, f"public-{short}-{name}")
    # The language menu opens without JavaScript and lists every language in its own script.
    page.goto(f"{live_server}/r/{gate.token}/")
    page.locator("details.languages--menu summary").click()
    assert page.get_by_role("link", name="Українська").is_visible()
    assert_accessible(page, f"public-{short}-language-menu")


def test_closed_consultation_page(live_server, phone, demo_territory):
    consultation = db.session.scalars(select(Consultation)).one()
    consultation.status = "closed"
    db.session.commit()
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    page = phone(locale="ar")
    page.goto(f"{live_server}/q/{gate.token}")
    assert page.locator("form").count() == 0
    assert_accessible(page, "public-ar-closed")
