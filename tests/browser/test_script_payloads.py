"""In a real browser, families' words made of script payloads stay words: no dialog opens and
no element comes from them."""

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer
from consult.extensions import db
from tests.conftest import PASSWORD
from tests.review.test_review import _parent_answers
from tests.security.markup import PAYLOADS

pytestmark = pytest.mark.browser
QUADRANTS = ["strength", "weakness", "opportunity", "threat"]


def test_payloads_open_no_dialog_in_chromium(live_server, phone, client, make_user, demo_territory):
    for start in range(0, len(PAYLOADS), len(QUADRANTS)):
        _parent_answers(client, dict(zip(QUADRANTS, PAYLOADS[start:], strict=False)))
    answer = db.session.scalars(select(Answer).where(Answer.text.contains("alert"))).first()
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])

    page = phone()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")
    for path in ("/admin/demo/review/", f"/admin/demo/review/answers/{answer.id}"):
        page.goto(f"{live_server}{path}")
        page.wait_for_load_state("load")
        # Give an onerror or onload handler the time to fire.
        page.wait_for_timeout(300)
        assert page.locator("[data-xss], xss, iframe, main img, main svg[onload]").count() == 0
        assert "xss" in page.locator("main").inner_text()
    # The redaction box holds the words exactly as typed.
    assert page.locator("textarea").first.input_value() == answer.text
    assert dialogs == []
