"""A coordinator previews a consultation as a child in Arabic on a phone, sends a test
answer, sees that no figure moved, and purges it; the checklist and the home page lead."""

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.audit.models import StaffEvent
from consult.consultation.models import Response
from consult.extensions import db
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD
from tests.consultation.invented import SLUG, invented_territory

pytestmark = pytest.mark.browser
WHO = re.compile(r"/r/preview-\d+/(\?.*)?$")
SCREEN = re.compile(r"/r/preview-\d+/\d+$")


def _log_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**/admin/{SLUG}/")


def _answer_every_screen(page):
    """Next through the screens, writing in the first text box met, until the thanks page."""
    wrote = False
    while "/thanks" not in page.url:
        boxes = page.locator("textarea")
        if not wrote and boxes.count():
            boxes.first.fill("المكتبة جميلة وأحب القراءة فيها.")
            wrote = True
        is_last = page.locator("button.button--primary").first.get_attribute("value") == "send"
        if is_last or page.locator("textarea").count():
            # The minimum time a person takes before sending.
            page.wait_for_timeout(3100)
        page.locator("button.button--primary").first.click()
        page.wait_for_load_state()
    return wrote


def test_preview_as_a_child_in_arabic_then_purge(live_server, phone, make_user, app_context):
    territory, consultation = invented_territory(status="draft")
    coordinator = make_user(role=Role.COORDINATOR, territories=[territory])
    page = phone()
    _log_in(page, live_server, coordinator)
    assert page.locator("#todo-title").is_visible()
    assert_accessible(page, "home-next-steps-fr")

    page.get_by_role("link", name=consultation.label).first.click()
    page.wait_for_load_state()
    assert page.locator("#step-opened").is_visible()
    assert_accessible(page, "consultation-checklist-fr")

    # French first, as a parent: the real first screen, marked as a preview.
    page.locator("#preview-as").select_option("parent")
    page.locator("#preview-lang").select_option("fr")
    page.get_by_role("button", name="Ouvrir l'aperçu").click()
    page.wait_for_url(WHO)
    assert page.locator("#preview-banner").is_visible()
    assert_accessible(page, "preview-who-fr")
    page.locator("button.button--primary").click()
    page.wait_for_url(SCREEN)
    assert page.locator("#preview-banner").is_visible()
    assert_accessible(page, "preview-screen-fr")
    page.locator("#preview-banner a").click()
    page.wait_for_url(f"**/consultations/{consultation.id}")

    # Then as a child, in Arabic, to the end.
    page.locator("#preview-as").select_option("child")
    page.locator("#preview-lang").select_option("ar")
    page.get_by_role("button", name="Ouvrir l'aperçu").click()
    page.wait_for_url(WHO)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("input[value=child]").is_checked()
    assert page.locator("#preview-banner").is_visible()
    assert_accessible(page, "preview-who-ar")
    page.locator("button.button--primary").click()
    page.wait_for_url(SCREEN)
    assert_accessible(page, "preview-screen-ar")
    assert _answer_every_screen(page)
    assert page.locator("#preview-banner").is_visible()
    assert_accessible(page, "preview-thanks-ar")

    stored = db.session.scalars(select(Response)).one()
    assert (stored.standing, stored.audience, stored.language) == ("test", "child", "ar")

    # No figure moved: the results show nothing, the consultation counts 0 responses.
    page.goto(f"{live_server}/admin/{SLUG}/review/results/{consultation.id}?lang=fr")
    cells = page.locator("table.results tbody td").all_inner_texts()
    assert cells and set(cells) == {"—"}
    page.goto(f"{live_server}/admin/{SLUG}/consultations/{consultation.id}")
    assert "0 réponse" in page.locator("main .meta").first.inner_text()
    assert "1 réponse de test" in page.locator("#tests").inner_text()

    page.get_by_role("link", name="Purger les tests").click()
    page.wait_for_load_state()
    assert_accessible(page, "purge-tests-confirm-fr")
    page.get_by_role("button", name="Oui, purger les tests").click()
    page.wait_for_url(f"**/consultations/{consultation.id}")
    assert "1 réponse de test supprimée" in page.locator(".flashes").inner_text()
    assert "0 réponse de test" in page.locator("#tests").inner_text()
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalars(select(StaffEvent.action)).all() == ["consultation.purge_tests"]
