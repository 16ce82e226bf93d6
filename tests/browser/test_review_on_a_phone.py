"""A family's answer travels from the public form to the steering committee's SWOT board."""

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel
from consult.diagnostic.models import Axis
from consult.extensions import db
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD
from tests.review.test_review import _parent_answers

pytestmark = pytest.mark.browser


def _log_in(page, live_server, user):
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")


def test_from_the_public_form_to_the_board(live_server, phone, client, make_user, demo_territory):
    # Four parents already answered; the fifth answers on a phone now.
    for _ in range(4):
        _parent_answers(client, {"strength": "Bien"}, priority=3)
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    parent = phone()
    parent.goto(f"{live_server}/q/{gate.token}")
    kind = parent.locator("input[value=parent]")
    parent.locator(f"label[for={kind.get_attribute('id')}]").click()
    parent.locator("button.button--primary").click()
    parent.wait_for_url("**/r/*/2")
    parent.locator("fieldset.question--priority").nth(0).locator("label").nth(2).click()
    parent.locator("button.button--primary").click()
    parent.wait_for_url("**/r/*/3")
    parent.locator("button.button--primary").click()
    parent.wait_for_url("**/r/*/4")
    parent.locator("textarea").nth(2).fill("Un accueil des parents le samedi matin au collège.")
    parent.wait_for_timeout(3100)
    parent.locator("button.button--primary").click()
    parent.wait_for_url("**/thanks")

    answer = db.session.scalars(
        select(Answer).where(Answer.text.contains("accueil des parents le samedi"))
    ).one()
    coordinator = phone()
    _log_in(
        coordinator, live_server, make_user(role=Role.COORDINATOR, territories=[demo_territory])
    )
    coordinator.goto(f"{live_server}/admin/demo/review/")
    assert_accessible(coordinator, "review-queue-fr")
    coordinator.get_by_role("link", name=f"réponse {answer.id}").click()
    coordinator.get_by_role("button", name="Approuver").click()
    coordinator.wait_for_load_state()
    assert_accessible(coordinator, "review-answer-fr")
    axis = db.session.scalars(select(Axis).filter_by(number=1)).one()
    coordinator.locator("#axis_id").select_option(str(axis.id))
    coordinator.get_by_role("button", name="Enregistrer le codage").click()
    coordinator.wait_for_load_state()
    coordinator.locator("#statement").fill("Accueillir les parents le samedi matin")
    coordinator.get_by_role(
        "button", name="Créer un élément SWOT à partir de cette réponse"
    ).click()
    coordinator.wait_for_load_state()

    coordinator.goto(f"{live_server}/admin/demo/review/swot/axis-1?lens=blind_spots")
    item = coordinator.locator(".swot-item").filter(
        has_text="Accueillir les parents le samedi matin"
    )
    assert item.locator(".badge--parent").is_visible()
    assert "moins de 5 personnes" in item.inner_text()
    assert_accessible(coordinator, "review-board-blind-spots-fr")

    coordinator.goto(f"{live_server}/admin/demo/review/results/")
    first_row = coordinator.locator("table.results tbody tr").nth(0)
    assert "5 réponses" in first_row.inner_text()
    assert "3,0" in first_row.inner_text()
    assert_accessible(coordinator, "review-results-fr")
    coordinator.goto(f"{live_server}/admin/demo/review/participation/")
    assert coordinator.locator("svg.chart__svg").count() >= 3
    assert_accessible(coordinator, "review-participation-fr")
    coordinator.goto(f"{live_server}/admin/demo/review/exports")
    assert_accessible(coordinator, "review-exports-fr")
    consultation_id = gate.consultation_id
    coordinator.goto(f"{live_server}/admin/demo/review/report/{consultation_id}")
    assert coordinator.get_by_role("heading", name="Rapport au comité de pilotage").is_visible()
    assert_accessible(coordinator, "review-report-fr")
