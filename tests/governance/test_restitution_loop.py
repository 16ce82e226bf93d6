"""The whole loop over HTTP: a family's proposal, adopted as a proposed action, retained by
the steering committee with a reason, followed up, and shown back on the same QR code."""

from datetime import date
from html import unescape

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Consultation, Question
from consult.diagnostic.models import Action
from consult.extensions import db
from consult.followup.models import Indicator
from consult.governance.models import GovernanceBody, TimelineEvent
from tests.conftest import submit
from tests.consultation.helpers import channel, post_screen
from tests.review.test_review import _parent_answers

ADMIN = "/admin/demo"
IDEA = "Un café des parents le samedi matin à l'école"
REASON_FR = "Beaucoup de parents l'ont demandé. Il aura lieu une fois par mois."
REASON_AR = "طلبه كثير من الآباء. سيكون مرة كل شهر."
NEWS_FR = "Le premier café a eu lieu. 12 parents sont venus."
NEWS_AR = "أُقيم المقهى الأول. جاء 12 من الآباء."


def _action_choice_screen(client, gate, choice):
    # Action questions rotate, least shown first: this one is made the least shown, so the
    # respondent is given it whatever the order the test suite ran in.
    for question in db.session.scalars(
        select(Question).filter_by(audience=choice.audience, purpose="action_choice")
    ):
        question.times_shown = 0 if question.id == choice.id else 1_000
    db.session.commit()
    post_screen(client, f"/r/{gate.token}/", {"respondent_kind": "parent"})
    return client.get(f"/r/{gate.token}/{choice.screen}").get_data(as_text=True)


def test_from_a_familys_idea_to_what_is_being_done(client, app, as_role, app_context):
    coordinator = as_role(Role.COORDINATOR)
    gate = channel()
    choice = db.session.scalars(
        select(Question).filter_by(audience="parent", purpose="action_choice")
    ).first()
    orientation = choice.orientation

    # 1. The idea arrives by QR code, is approved, coded and adopted.
    response = _parent_answers(client, {"opportunity": IDEA})
    answer = next(a for a in response.answers if a.purpose == "swot")
    url = f"{ADMIN}/review/answers/{answer.id}"
    submit(coordinator, url, {"action": "approve"})
    submit(
        coordinator, url,
        {"action": "code", "axis_id": orientation.axes[0].id, "quadrant": "opportunity",
         "orientation_id": orientation.id},
    )  # fmt: skip
    adopted = submit(
        coordinator, url,
        {"action": "adopt", "adopt_orientation_id": orientation.id, "adopt_title": IDEA},
    )  # fmt: skip
    assert adopted.status_code == 302
    action = db.session.scalar(select(Action).filter_by(origin="family_proposal"))
    assert action.status == "proposed"

    # 2. Proposed: neither in the live form nor on the public page.
    assert IDEA not in unescape(_action_choice_screen(app.test_client(), gate, choice))
    consultation = db.session.get(Consultation, gate.consultation_id)
    consultation.status = "published"
    db.session.commit()
    public = client.get(f"/q/{gate.token}", follow_redirects=True).get_data(as_text=True)
    assert "Ce que vous avez dit" in public and IDEA not in unescape(public)

    # 3. A steering committee meeting retains it, with a reason written for families.
    steering = db.session.scalar(select(GovernanceBody).filter_by(kind="steering_committee"))
    created = submit(
        coordinator, f"{ADMIN}/governance/events/new",
        {"kind": "meeting", "title": "Comité de pilotage de restitution",
         "starts_on": date.today().isoformat(), "date_precision": "day",
         "body_id": steering.id},
    )  # fmt: skip
    assert created.status_code == 302
    meeting = db.session.scalar(
        select(TimelineEvent).filter_by(title="Comité de pilotage de restitution")
    )
    decided = submit(
        coordinator, f"{ADMIN}/governance/meetings/{meeting.id}",
        {"decide": "proposal", "proposal-action_id": action.id,
         "proposal-kind": "proposal_retained", "proposal-merged_into_id": "0",
         "proposal-reason__fr": REASON_FR, "proposal-reason__ar": REASON_AR},
    )  # fmt: skip
    assert decided.status_code == 302, decided.get_data(as_text=True)

    # 4. The action gets a status and an update.
    updated = submit(
        coordinator, f"{ADMIN}/follow-up/{action.id}",
        {"save": "update", "update-dated_on": date.today().isoformat(),
         "update-status": "in_progress", "update-progress": "25",
         "update-text__fr": NEWS_FR, "update-text__ar": NEWS_AR},
    )  # fmt: skip
    assert updated.status_code == 302
    measured = submit(
        coordinator, f"{ADMIN}/follow-up/{action.id}",
        {"save": "indicator", "indicator-label": "Parents présents au café (moyenne)",
         "indicator-baseline": "0", "indicator-target": "20",
         "indicator-public_label__fr": "Parents venus au café",
         "indicator-public_label__ar": "الآباء الذين حضروا المقهى"},
    )  # fmt: skip
    assert measured.status_code == 302
    indicator = db.session.scalar(select(Indicator).filter_by(action_id=action.id))
    valued = submit(
        coordinator, f"{ADMIN}/follow-up/{action.id}",
        {"save": "value", "value-indicator_id": indicator.id, "value-year": "2026",
         "value-value": "12.5"},
    )  # fmt: skip
    assert valued.status_code == 302

    # 5. The same QR code shows it, in French and in Arabic, with its status.
    french = unescape(client.get(f"/q/{gate.token}", follow_redirects=True).get_data(as_text=True))
    expected = (IDEA, REASON_FR, NEWS_FR, "Oui, cela sera fait.", "En cours", "Votre idée",
                "Parents venus au café", "Au départ\u00a0: 0", "En 2026\u00a0: 12,5",
                "Objectif\u00a0: 20")  # fmt: skip
    for text in expected:
        assert text in french, text
    assert "Parents présents au café" not in french
    phone = app.test_client()
    arabic = phone.get(
        f"/q/{gate.token}", headers={"Accept-Language": "ar"}, follow_redirects=True
    ).get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in arabic
    for text in (REASON_AR, NEWS_AR, "نعم، سيتم تنفيذ هذا.", "قيد التنفيذ",
                 "الآباء الذين حضروا المقهى", "الهدف: ", "في 2026: "):  # fmt: skip
        assert text in arabic, text
    # The title exists in French only: shown, and marked as French for screen readers.
    escaped_idea = IDEA.replace("'", "&#39;")
    assert f'<span lang="fr" dir="auto">{escaped_idea}</span>' in arabic
    children = phone.get(f"/s/{gate.token}/children", headers={"Accept-Language": "ar"}).get_data(
        as_text=True
    )
    assert REASON_AR in children and NEWS_AR in children

    # 6. Retained, the idea is now offered in the live form.
    consultation.status = "open"
    db.session.commit()
    assert IDEA in unescape(_action_choice_screen(app.test_client(), gate, choice))


def test_restitution_posters_carry_the_same_qr_code(as_role, demo_territory, app_context):
    facilitator = as_role(Role.FACILITATOR)
    gate = channel()
    for layout in ("a4", "a3", "flyer"):
        page = facilitator.get(f"{ADMIN}/governance/restitution/{gate.id}/{layout}")
        html = page.get_data(as_text=True)
        assert page.status_code == 200
        assert f"/channels/{gate.id}/qr.svg" in html
        assert f"/q/{gate.token}" in html
        assert 'lang="ar" dir="rtl"' in html
        assert f"print-restitution-{layout}" in html
    assert facilitator.get(f"{ADMIN}/governance/restitution/{gate.id}/a5").status_code == 404


def test_the_answer_that_was_adopted_keeps_its_link(demo_territory, app_context):
    assert db.session.scalar(select(Answer.adopted_action_id)) is None
