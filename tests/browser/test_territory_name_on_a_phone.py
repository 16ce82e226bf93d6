"""The territory's name in the respondent's header fits a phone, however long it is."""

import pytest
from sqlalchemy import select

from consult.consultation.models import Channel
from consult.extensions import db
from consult.territories.rules import NAME_MAX_LENGTH

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("locale", ["fr-FR", "ar"])
def test_the_longest_territory_name_fits_the_phone(live_server, phone, demo_territory, locale):
    long_name = ("Cité éducative de la Porte de la Chapelle et des quartiers voisins " * 2)[
        :NAME_MAX_LENGTH
    ].strip()
    demo_territory.name = long_name
    db.session.commit()
    token = db.session.scalar(select(Channel.token).order_by(Channel.id))

    page = phone(locale)
    page.goto(f"{live_server}/q/{token}")
    assert page.locator(".site-header .brand").inner_text().strip() == long_name
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    # The first question is still reachable without scrolling sideways.
    assert page.locator("main h1").is_visible()
