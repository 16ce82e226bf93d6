"""A coordinator codes forty families' answers at once on a phone, attaches one more by search
to a professional item it shares no word with, then finds the convergence on the board the
menu opens and the same figure in the steering committee's report."""

import secrets
from datetime import date

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Consultation, Response
from consult.diagnostic.models import SwotItem
from consult.extensions import db
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

TEACHERS = "des équipes enseignantes investies dans le lien avec les familles"
MOBILITY = "peu de mobilité des jeunes hors du quartier"
TEACHER_WORDS = [
    "Les enseignants prennent le temps de nous parler à la sortie",
    "Une enseignante très à l'écoute des parents",
    "Les enseignantes nous appellent quand il y a un souci",
    "Un enseignant qui explique bien aux parents",
]
STAYS_HOME = "Mon grand ne sort jamais de la cité, il ne connaît que son immeuble."


def _seed(consultation: Consultation) -> Answer:
    """Forty approved answers about the teachers, and one about a son who never leaves the
    estate; none is coded yet."""

    def answer(text):
        response = Response(
            consultation_id=consultation.id,
            channel_id=consultation.channels[0].id,
            audience="parent",
            language="fr",
            submitted_on=date.today(),
            client_token=secrets.token_hex(16),
        )
        response.answers.append(
            Answer(purpose="swot", quadrant="strength", text=text, moderation="approved")
        )
        db.session.add(response)
        db.session.flush()
        return response.answers[0]

    alone = answer(STAYS_HOME)
    for number in range(40):
        answer(f"{TEACHER_WORDS[number % 4]} ({number + 1}).")
    db.session.commit()
    return alone


def test_forty_answers_coded_at_once_and_the_board_and_report_agree(
    live_server, phone, make_user, demo_territory
):
    consultation = db.session.scalars(
        select(Consultation).filter_by(territory_id=demo_territory.id)
    ).first()
    alone = _seed(consultation)
    teachers = db.session.scalars(
        select(SwotItem).where(SwotItem.statement.contains(TEACHERS))
    ).one()
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])

    page = phone()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")

    page.get_by_role("link", name="Modération").first.click()
    page.get_by_role("link", name="Approuvées, à coder (41)").click()
    # Close answers come together, with the words they share.
    assert page.locator(".answer-group").count() >= 1
    assert "enseign" in page.locator(".answer-group__title").first.inner_text()
    page.get_by_label("Chercher un élément SWOT pour y rattacher les réponses cochées").fill(
        "enseignant"
    )
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    assert page.get_by_label("Rattacher à un élément SWOT").is_checked()
    page.get_by_label("Élément SWOT (pour rattacher)").select_option(str(teachers.id))
    # The answer about the son speaks of something else: it is left out of this action.
    page.get_by_label(f"Sélectionner la réponse {alone.id}", exact=True).uncheck()
    assert page.locator("input[name=answer_ids]:checked").count() == 40
    assert_accessible(page, "coding-queue-fr")
    page.get_by_role("button", name="Appliquer").click()
    page.wait_for_load_state()
    assert page.get_by_text("40 réponses mises à jour.").is_visible()
    assert page.get_by_role("link", name="Approuvées, à coder (1)").is_visible()

    # The last one: no word in common with the professional item, found by search.
    page.locator(f"a[href*='/answers/{alone.id}?']").click()
    assert page.get_by_text(MOBILITY).count() == 0
    page.get_by_label("Chercher n’importe quel élément SWOT du territoire").fill("mobilité")
    page.get_by_role("button", name="Chercher").click()
    page.wait_for_load_state()
    assert_accessible(page, "coding-answer-search-fr")
    found = page.locator(".suggestions .card").filter(has_text=MOBILITY)
    assert "mobilité" in found.inner_text()
    found.get_by_role("button", name="Rattacher ici").click()
    page.wait_for_load_state()
    assert page.get_by_text("Cette réponse appuie\u00a0:").is_visible()
    assert page.locator(".attached").filter(has_text=MOBILITY).is_visible()

    # The board, from the menu: the teachers' item now converges with forty answers.
    page.get_by_role("link", name="Tableau SWOT").first.click()
    page.wait_for_url("**/review/swot/")
    page.locator("summary").filter(has_text="Filtres et lectures").click()
    page.get_by_label("Lecture").select_option("convergences")
    page.get_by_label("Consultation").select_option(str(consultation.id))
    page.get_by_role("button", name="Afficher").click()
    page.wait_for_url("**/review/swot/axis-1?*")
    item = page.locator(".swot-item").filter(has_text=TEACHERS)
    assert item.locator(".badge--convergence").is_visible()
    assert "40 contributions des familles" in item.inner_text()
    assert "web ou QR code 40" in item.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "board-convergences-fr")
    page.get_by_role("link", name="Axe 3").click()
    mobility = page.locator(".swot-item").filter(has_text=MOBILITY)
    # One family speaks of it: the board says so without a figure about one person.
    assert "moins de 5 personnes" in mobility.inner_text()

    # The report counts the same forty, and the convergence.
    page.goto(f"{live_server}/admin/demo/review/report/{consultation.id}")
    line = page.locator("li").filter(has_text=TEACHERS)
    assert "40 contributions des familles" in line.inner_text()
    lenses = page.locator("p.lenses").first.inner_text()
    assert "Convergences\u00a0: 1" in lenses or "Convergences: 1" in lenses


def test_keyboard_shortcuts_walk_the_answers_to_code(
    live_server, tablet, make_user, demo_territory
):
    consultation = db.session.scalars(
        select(Consultation).filter_by(territory_id=demo_territory.id)
    ).first()
    older = _seed(consultation)
    newer = db.session.scalars(
        select(Answer).where(Answer.text.is_not(None)).order_by(Answer.id.desc())
    ).first()
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    page = tablet().new_page()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")

    page.goto(f"{live_server}/admin/demo/review/answers/{newer.id}?status=to_code")
    assert page.get_by_text("Clavier\u00a0: n réponse suivante").is_visible()
    assert page.locator("a[rel=prev]").count() == 0
    page.keyboard.press("n")
    page.wait_for_url(f"**/answers/{newer.id - 1}?status=to_code")
    page.keyboard.press("p")
    page.wait_for_url(f"**/answers/{newer.id}?status=to_code")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "item-q"
    # Typed in the search box, the same letters are only letters.
    page.keyboard.type("np")
    assert page.url.endswith(f"/answers/{newer.id}?status=to_code")
    assert older.id < newer.id
