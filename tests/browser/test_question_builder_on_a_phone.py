"""A coordinator builds a question on a phone for a territory made from scratch; a parent
then sees it, answers it, and the answer lands on the orientation and the action chosen."""

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel, Question
from consult.extensions import db
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD
from tests.consultation.invented import build_invented_territory, demo_strings

pytestmark = pytest.mark.browser

WORDING_FR = "Pour les abeilles, quelle idée préférez-vous ?"
WORDING_ES = "Para las abejas, ¿qué idea prefiere?"


def test_a_built_question_reaches_a_parent_and_feeds_its_orientation_and_action(
    live_server, phone, make_user, app_context
):
    territory, consultation = build_invented_territory()
    bees = next(o for o in consultation.orientations if o.number == 2)
    # Every action question fits in one path, so the new one is shown for sure.
    consultation.time_budget_seconds = 1200
    db.session.commit()
    user = make_user(role=Role.COORDINATOR, territories=[territory])

    page = phone()
    page.goto(f"{live_server}/login")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server}/admin/{territory.slug}/consultations/{consultation.id}")
    page.get_by_role("link", name="Ajouter une question").click()
    assert_accessible(page, "question-builder-fr")
    page.locator("select[name=audience]").select_option("parent")
    page.locator("select[name=purpose]").select_option("action_choice")
    page.locator("select[name=orientation_id]").select_option(str(bees.id))
    page.locator("input[name=max_choices]").fill("1")
    page.locator("input[name=screen]").fill("5")
    page.locator("textarea[name=prompt__fr]").fill(WORDING_FR)
    page.locator("details.translations summary").first.click()
    page.locator("textarea[name=prompt__es]").fill(WORDING_ES)
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url(f"**/consultations/{consultation.id}#question-*")
    assert page.get_by_text(WORDING_FR).is_visible()
    # Nothing wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    db.session.expire_all()
    built = db.session.scalars(
        select(Question).filter(Question.prompt["fr"].as_string() == WORDING_FR)
    ).one()
    assert (built.audience, built.purpose, built.orientation_id, built.screen) == (
        "parent",
        "action_choice",
        bees.id,
        5,
    )

    token = db.session.scalars(
        select(Channel.token).filter_by(consultation_id=consultation.id)
    ).first()
    family = phone(locale="es-ES")
    family.goto(f"{live_server}/r/{token}/")
    assert family.locator("html").get_attribute("lang") == "es"
    parent = family.locator("input[value=parent]")
    family.locator(f"label[for={parent.get_attribute('id')}]").click()
    family.locator("button.button--primary").click()
    demo = demo_strings()
    chosen_action = bees.actions[1]
    while True:
        family.wait_for_load_state()
        text = family.locator("body").inner_text()
        assert not [string for string in demo if string in text]
        if family.get_by_text(WORDING_ES).count():
            assert_accessible(family, "question-builder-respondent-es")
            question = family.locator("fieldset").filter(has_text=WORDING_ES)
            # The action is shown in the words written for parents, in Spanish.
            question.get_by_text("Devenir ami des abeilles en español (A parent)").click()
        button = family.locator("button.button--primary")
        if family.url.endswith("/5"):
            family.wait_for_timeout(3100)
            button.click()
            family.wait_for_url("**/thanks")
            break
        button.click()

    db.session.expire_all()
    answer = db.session.scalars(select(Answer).filter_by(question_id=built.id)).one()
    assert (answer.orientation_id, answer.action_id, answer.audience) == (
        bees.id,
        chosen_action.id,
        "parent",
    )
