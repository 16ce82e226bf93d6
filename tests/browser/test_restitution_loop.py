"""The whole loop on phones: a family's proposal arrives by QR code, is moderated, coded and
adopted as a proposed action (absent from the live form and the public page), a steering
committee meeting retains it with a reason, the action gets a status and an update, and the
same QR code then shows it, in French and in Arabic, with its status."""

from datetime import date

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel, Consultation, Question
from consult.diagnostic.models import Action
from consult.extensions import db
from consult.followup.models import FundingLine, Indicator
from tests.browser.conftest import assert_accessible
from tests.browser.test_review_on_a_phone import _log_in

pytestmark = pytest.mark.browser

IDEA = "Un café des parents le samedi matin à l'école"
REASON_FR = "Beaucoup de parents l'ont demandé. Il aura lieu une fois par mois."
REASON_AR = "طلبه كثير من الآباء. سيكون مرة كل شهر."
NEWS_FR = "Le premier café a eu lieu. 12 parents sont venus."
NEWS_AR = "أُقيم المقهى الأول. جاء 12 من الآباء."
MEASURE_FR = "Parents venus au café"
MEASURE_AR = "الآباء الذين حضروا المقهى"


def _show_first(choice):
    """Action questions rotate (least shown first): this one is made the least shown, so the
    respondent is always given it and the test never depends on chance."""
    for question in db.session.scalars(
        select(Question).filter_by(purpose="action_choice", audience=choice.audience)
    ):
        question.times_shown = 0 if question.id == choice.id else 1_000
    db.session.commit()


def _answer_as_a_parent(page, live_server, gate, idea=None, shown=None):
    if shown is not None:
        _show_first(shown)
    page.goto(f"{live_server}/q/{gate.token}")
    kind = page.locator("input[value=parent]")
    page.locator(f"label[for={kind.get_attribute('id')}]").click()
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/2")
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/3")
    if shown is not None:
        assert page.locator(f"fieldset.question--action_choice:has([name=q{shown.id}])").count()
    offered = page.locator("main").inner_text()
    if idea is None:
        return offered
    page.locator("button.button--primary").click()
    page.wait_for_url("**/r/*/4")
    help_question = db.session.scalar(
        select(Question).filter_by(audience="parent", purpose="swot", quadrant="opportunity")
    )
    page.locator(f"textarea[name=q{help_question.id}]").fill(idea)
    page.wait_for_timeout(3100)
    page.locator("button.button--primary").click()
    page.wait_for_url("**/thanks")
    return offered


def _fill_translation(page, form, field_id, text):
    form.locator(f"details.translations:has(#{field_id}) summary").click()
    page.locator(f"#{field_id}").fill(text)


def test_the_whole_loop_in_french_and_arabic(live_server, phone, make_user, demo_territory):
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    choice = db.session.scalars(
        select(Question).filter_by(audience="parent", purpose="action_choice")
    ).first()
    orientation = choice.orientation

    # A parent proposes an idea by QR code.
    _answer_as_a_parent(phone(), live_server, gate, idea=IDEA)
    answer = db.session.scalar(select(Answer).where(Answer.text == IDEA))
    assert answer.quadrant == "opportunity"

    # A coordinator moderates, codes and adopts it.
    coordinator = phone()
    _log_in(
        coordinator, live_server, make_user(role=Role.COORDINATOR, territories=[demo_territory])
    )
    coordinator.goto(f"{live_server}/admin/demo/review/answers/{answer.id}")
    coordinator.get_by_role("button", name="Approuver").click()
    coordinator.wait_for_load_state()
    coordinator.locator("#axis_id").select_option(str(orientation.axes[0].id))
    coordinator.locator("#orientation_id").select_option(str(orientation.id))
    coordinator.get_by_role("button", name="Enregistrer le codage").click()
    coordinator.wait_for_load_state()
    coordinator.locator("#adopt_orientation_id").select_option(str(orientation.id))
    coordinator.locator("#adopt_title").fill(IDEA)
    coordinator.get_by_role("button", name="Adopter").click()
    coordinator.wait_for_load_state()
    action = db.session.scalar(select(Action).filter_by(origin="family_proposal"))
    assert action.status == "proposed"

    # Proposed: not offered in the live form, not on the public page.
    assert IDEA not in _answer_as_a_parent(phone(), live_server, gate, shown=choice)
    consultation = db.session.get(Consultation, gate.consultation_id)
    consultation.status = "published"
    db.session.commit()
    family = phone()
    family.goto(f"{live_server}/q/{gate.token}")
    assert family.get_by_role("heading", name="Ce que vous avez dit").is_visible()
    assert IDEA not in family.locator("main").inner_text()

    # The steering committee meets and retains it, with a reason written for families.
    coordinator.goto(f"{live_server}/admin/demo/governance/events/new")
    coordinator.locator("#title").fill("Comité de pilotage de restitution")
    coordinator.locator("#starts_on").fill(date.today().isoformat())
    coordinator.locator("#body_id").select_option(label="Comité de pilotage")
    coordinator.locator("#elected_present").fill("4")
    coordinator.locator("#professionals_present").fill("18")
    coordinator.get_by_role("button", name="Enregistrer").click()
    coordinator.wait_for_url("**/governance/meetings/*")
    assert_accessible(coordinator, "governance-meeting-fr")
    form = coordinator.locator("form:has(#proposal-action_id)")
    coordinator.locator("#proposal-action_id").select_option(str(action.id))
    form.locator("label", has_text="Proposition retenue").click()
    coordinator.locator("#proposal-reason__fr").fill(REASON_FR)
    _fill_translation(coordinator, form, "proposal-reason__ar", REASON_AR)
    form.get_by_role("button", name="Enregistrer la décision").click()
    coordinator.wait_for_load_state()
    assert "Proposition retenue" in coordinator.locator("table.decisions").inner_text()
    db.session.refresh(action)
    assert action.status == "retained"

    # The action gets a status and an update.
    coordinator.goto(f"{live_server}/admin/demo/follow-up/{action.id}")
    form = coordinator.locator("form:has(#update-status)")
    coordinator.locator("#update-status").select_option("in_progress")
    coordinator.locator("#update-progress").fill("25")
    coordinator.locator("#update-text__fr").fill(NEWS_FR)
    _fill_translation(coordinator, form, "update-text__ar", NEWS_AR)
    form.get_by_role("button", name="Ajouter le point d'étape").click()
    coordinator.wait_for_load_state()
    assert NEWS_FR in coordinator.locator("main").inner_text()
    # ... and an indicator families can read: a starting point, a goal, this year's value.
    coordinator.locator("summary", has_text="Ajouter un indicateur").click()
    form = coordinator.locator("form:has(#indicator-label)")
    coordinator.locator("#indicator-label").fill("Parents présents au café (moyenne)")
    coordinator.locator("#indicator-baseline").fill("0")
    coordinator.locator("#indicator-target").fill("20")
    coordinator.locator("#indicator-public_label__fr").fill(MEASURE_FR)
    _fill_translation(coordinator, form, "indicator-public_label__ar", MEASURE_AR)
    form.get_by_role("button", name="Ajouter l'indicateur").click()
    coordinator.wait_for_load_state()
    coordinator.locator("summary", has_text="Ajouter un indicateur").click()
    coordinator.locator("#value-year").fill(str(date.today().year))
    coordinator.locator("#value-value").fill("12")
    coordinator.get_by_role("button", name="Enregistrer la valeur").click()
    coordinator.wait_for_load_state()
    assert f"{date.today().year}: 12" in coordinator.locator("main").inner_text()
    assert_accessible(coordinator, "followup-action-fr")

    # Both staff changes are in the territory's audit trail, in words, never the families'.
    coordinator.goto(f"{live_server}/admin/demo/audit/?kind=decision")
    trail = coordinator.locator("table").inner_text()
    assert "Proposition retenue" in trail and f"Action #{action.id}" in trail
    coordinator.goto(f"{live_server}/admin/demo/audit/?kind=action")
    trail = coordinator.locator("table").inner_text()
    assert "Point d'étape ajouté" in trail and "in_progress, 25%" in trail
    assert IDEA not in trail and NEWS_FR not in trail

    # The same QR code shows it, in French...
    family.goto(f"{live_server}/q/{gate.token}")
    text = family.locator("main").inner_text()
    year = date.today().year
    figures = ("Au départ\u00a0: 0", f"En {year}\u00a0: 12", "Objectif\u00a0: 20")
    for expected in (IDEA, "Oui, cela sera fait.", REASON_FR, "En cours", NEWS_FR, MEASURE_FR,
                     *figures):  # fmt: skip
        assert expected in text, expected
    assert_accessible(family, "restitution-fr")

    # ... and in Arabic, right to left.
    arabic = phone(locale="ar")
    arabic.goto(f"{live_server}/q/{gate.token}")
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    text = arabic.locator("main").inner_text()
    for expected in (IDEA, "نعم، سيتم تنفيذ هذا.", REASON_AR, "قيد التنفيذ", NEWS_AR, MEASURE_AR,
                     "الهدف:", f"في {year}:"):  # fmt: skip
        assert expected in text, expected
    assert_accessible(arabic, "restitution-ar")
    arabic.get_by_role("link", name="صفحة للأطفال").click()
    arabic.wait_for_url("**/children")
    assert REASON_AR in arabic.locator("main").inner_text()
    assert_accessible(arabic, "restitution-children-ar")

    # Retained, the idea is offered in the live form once the consultation is open again.
    consultation.status = "open"
    db.session.commit()
    assert IDEA in _answer_as_a_parent(phone(), live_server, gate, shown=choice)


def test_back_office_pages_of_the_process_are_accessible(
    live_server, phone, make_user, demo_territory
):
    coordinator = phone()
    _log_in(
        coordinator, live_server, make_user(role=Role.COORDINATOR, territories=[demo_territory])
    )
    for name, path in [
        ("overview", "/admin/demo/"),
        ("governance", "/admin/demo/governance/"),
        ("followup", "/admin/demo/follow-up/"),
        ("funding", "/admin/demo/follow-up/funding"),
        ("crossing-grid", "/admin/demo/crossing/grid?axis=1"),
    ]:
        coordinator.goto(f"{live_server}{path}")
        assert_accessible(coordinator, f"bo-{name}-fr")
    line = db.session.scalars(select(FundingLine).order_by(FundingLine.id)).first()
    indicator = Indicator(
        action_id=line.action_id, label="Parents reçus", baseline=10, target=40,
        public_label={"fr": "Parents reçus", "ar": "الآباء الذين تم استقبالهم"},
    )  # fmt: skip
    db.session.add(indicator)
    db.session.commit()
    for name, path in [
        ("funding-line", f"/admin/demo/follow-up/{line.action_id}/funding/{line.id}"),
        ("indicator", f"/admin/demo/follow-up/{line.action_id}/indicators/{indicator.id}"),
    ]:
        coordinator.goto(f"{live_server}{path}")
        assert coordinator.locator("form.form").count() == 1
        assert_accessible(coordinator, f"bo-{name}-edit-fr")
    gate = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    coordinator.goto(f"{live_server}/admin/demo/governance/restitution/{gate.id}/a4")
    assert coordinator.locator("img.qr").evaluate("img => img.naturalWidth") > 0
    assert_accessible(coordinator, "restitution-poster-a4")
