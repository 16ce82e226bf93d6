"""The report as a steering committee document: the process, the crossing, the decisions,
the follow-up, and only the quotes a coordinator chose."""

from html import unescape

from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer, Channel
from consult.extensions import db
from tests.conftest import submit
from tests.review.test_review import _parent_answers

CHOSEN = "Les enseignants prennent le temps de parler avec nous le soir."
NOT_CHOSEN = "La cour de récréation est trop petite pour tous les enfants."


def test_the_demo_report_is_a_steering_committee_document(
    client, as_role, demo_territory, app_context
):
    _parent_answers(client, {"strength": CHOSEN, "weakness": NOT_CHOSEN})
    consultation_id = db.session.scalars(select(Channel)).first().consultation_id
    coordinator = as_role(Role.COORDINATOR)
    url = f"/admin/demo/review/report/{consultation_id}"
    chosen = db.session.scalar(select(Answer).filter_by(text=CHOSEN))
    answer_url = f"/admin/demo/review/answers/{chosen.id}"
    # Not approved yet: it cannot be quoted.
    assert submit(coordinator, answer_url, {"action": "quote"}).status_code == 422
    for answer in db.session.scalars(select(Answer).filter_by(purpose="swot")):
        submit(coordinator, f"/admin/demo/review/answers/{answer.id}", {"action": "approve"})
    assert submit(coordinator, answer_url, {"action": "quote"}).status_code == 302

    page = unescape(coordinator.get(url).get_data(as_text=True))
    for text in (
        "Situation au",
        "Synthèse",
        "novembre 2020",
        "31 mars 2021",
        "31 mai 2021",
        "avec l'appui de l'IRTS",
        "25 juin 2021",
        "Le croisement",
        "SO",
        "WT",
        "Propositions et décisions",
        "Nouvelle orientation",
        "Suivi des actions",
        "Financement par orientation",
        "Validation",
    ):
        assert text in page, text
    # Quotes are chosen, never picked.
    assert CHOSEN in page and NOT_CHOSEN not in page
    assert submit(coordinator, answer_url, {"action": "unquote"}).status_code == 302
    assert CHOSEN not in unescape(coordinator.get(url).get_data(as_text=True))
