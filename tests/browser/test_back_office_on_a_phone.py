import pytest

from consult.accounts.roles import Role
from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def test_coordinator_logs_in_and_opens_the_swot_board(
    live_server, phone, make_user, demo_territory
):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    page = phone()

    page.goto(f"{live_server}/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    assert_accessible(page, "login-fr")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(f"{live_server}/admin/demo/")
    assert_accessible(page, "overview-fr")

    page.get_by_role("link", name="Tableau SWOT").first.click()
    page.wait_for_url("**/swot/")
    assert page.get_by_role("heading", name="Forces").is_visible()
    assert page.get_by_role("heading", name="Menaces").is_visible()
    assert page.get_by_text("Exemple illustratif\u00a0: des équipes enseignantes").is_visible()
    # Nothing wider than the phone: no sideways scrolling to read the board.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert_accessible(page, "swot-board-fr")

    page.goto(f"{live_server}/admin/demo/crossing/")
    assert_accessible(page, "crossing-fr")
    page.goto(f"{live_server}/admin/demo/orientations/")
    assert_accessible(page, "orientations-fr")


def test_coordinator_adds_a_swot_item_from_the_board(live_server, phone, make_user, demo_territory):
    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    page = phone()
    page.goto(f"{live_server}/login")
    page.get_by_label("Adresse e-mail").fill(user.email)
    page.get_by_label("Mot de passe").fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.goto(f"{live_server}/admin/demo/swot/axis-2")

    page.get_by_role("link", name="Ajouter — Opportunités").click()
    assert_accessible(page, "swot-item-form-fr")
    page.get_by_role("button", name="Enregistrer").click()
    # Server-side validation, in French, nothing saved.
    assert page.get_by_role("alert").is_visible()
    page.get_by_label("Énoncé").fill("Un club de devoirs tenu par des parents")
    page.get_by_label("Voix").select_option("parent")
    page.get_by_role("button", name="Enregistrer").click()
    page.wait_for_url("**/swot/axis-2")
    new_item = page.locator(".quadrant--opportunity .swot-item").filter(
        has_text="Un club de devoirs tenu par des parents"
    )
    assert new_item.locator(".badge--parent").is_visible()


def test_consultation_back_office_pages_are_accessible(
    live_server, phone, make_user, demo_territory
):
    from sqlalchemy import select

    from consult.consultation.models import Consultation, Question
    from consult.extensions import db

    user = make_user(role=Role.COORDINATOR, territories=[demo_territory])
    consultation = db.session.scalars(select(Consultation)).one()
    question = db.session.scalars(select(Question).filter_by(purpose="swot")).first()
    page = phone()
    page.goto(f"{live_server}/login")
    page.fill("#email", user.email)
    page.fill("#password", PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/admin/demo/")
    for name, path in [
        ("consultations", "/admin/demo/consultations/"),
        ("consultation", f"/admin/demo/consultations/{consultation.id}"),
        ("consultation-edit", f"/admin/demo/consultations/{consultation.id}/edit"),
        ("question-edit", f"/admin/demo/questions/{question.id}/edit"),
        ("languages", f"/admin/demo/consultations/{consultation.id}/languages"),
        ("channel-new", f"/admin/demo/channels/new?consultation_id={consultation.id}"),
    ]:
        page.goto(live_server + path)
        assert_accessible(page, f"bo-{name}")
        if name == "consultation-edit":
            # A long label beside a checkbox wraps; the box itself keeps its full size.
            sizes = page.eval_on_selector_all(
                "main input[type=checkbox]",
                "boxes => boxes.map(box => Math.round(box.getBoundingClientRect().width))",
            )
            assert len(sizes) > 10
            assert set(sizes) == {24}, sizes
