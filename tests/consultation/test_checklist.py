"""The consultation page leads the way (a checklist, each step done or not, with its links),
and the back office's home says what needs doing next."""

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation import progress
from consult.consultation.models import Answer
from consult.core.db import utcnow
from consult.extensions import db
from tests.conftest import login
from tests.consultation.invented import SLUG, invented_territory
from tests.consultation.test_preview import walk

ADMIN = f"/admin/{SLUG}"


@pytest.fixture
def setting(client, make_user, app_context):
    territory, consultation = invented_territory(status="draft")
    login(client, make_user(role=Role.COORDINATOR, territories=[territory]))
    return client, consultation


def _done(consultation) -> dict[str, bool]:
    db.session.expire_all()
    return {step.key: step.done for step in progress.checklist(consultation)}


def test_each_step_is_ticked_by_what_was_done(setting):
    client, consultation = setting
    assert _done(consultation) == {
        "questions": True,
        "languages": True,
        "channels": False,
        "opened": False,
        "answers": False,
        "moderated": False,
        "coded": False,
        "published": False,
    }
    # Turkish offered, but none of the territory's texts are in Turkish yet.
    consultation.languages = ["fr", "ar", "tr"]
    db.session.commit()
    assert not _done(consultation)["languages"]
    consultation.languages = ["fr", "ar"]
    db.session.commit()

    # Downloading the poster is recorded on the channel: it is ready to go out.
    channel = consultation.channels[0]
    assert client.get(f"{ADMIN}/channels/{channel.id}/poster").status_code == 200
    assert _done(consultation)["channels"]

    # A test sent from a preview ticks nothing.
    walk(client, f"preview-{consultation.id}", "parent")
    assert not _done(consultation)["answers"]

    consultation.status = "open"
    db.session.commit()
    walk(client, channel.token, "parent")
    done = _done(consultation)
    assert done["opened"] and done["answers"] and not done["moderated"]

    for answer in db.session.scalars(select(Answer).filter_by(purpose="swot", standing="counted")):
        answer.moderation = "approved"
    db.session.commit()
    done = _done(consultation)
    assert done["moderated"] and not done["coded"]

    for answer in db.session.scalars(select(Answer).filter_by(purpose="swot", standing="counted")):
        answer.coded_at = utcnow()
    consultation.status = "published"
    db.session.commit()
    done = _done(consultation)
    assert done["coded"] and done["published"]


def test_the_page_shows_the_checklist_with_its_links(setting):
    client, consultation = setting
    page = client.get(f"{ADMIN}/consultations/{consultation.id}").get_data(as_text=True)
    assert "Où en est cette consultation" in page
    # Questions and languages are ready; nothing else is done yet.
    assert page.count("checklist__item--done") == 2
    for link in (
        f"{ADMIN}/review/?consultation_id={consultation.id}",
        f"{ADMIN}/review/results/{consultation.id}",
        f"{ADMIN}/review/participation/{consultation.id}",
        f"{ADMIN}/review/report/{consultation.id}",
        f"{ADMIN}/outreach/",
        f"/r/preview-{consultation.id}/",
    ):
        assert link in page, link


def test_the_home_page_says_what_needs_doing_next(setting):
    client, consultation = setting
    page = client.get(f"{ADMIN}/").get_data(as_text=True)
    assert consultation.label in page
    assert "Brouillon\u00a0: prévisualisez-la, puis ouvrez-la" in page
    assert f"{ADMIN}/diagnostic/" in page

    consultation.status = "open"
    consultation.closes_on = date.today() + timedelta(days=5)
    db.session.commit()
    walk(client, consultation.channels[0].token, "parent")
    page = client.get(f"{ADMIN}/").get_data(as_text=True)
    assert "Se termine dans 5 jours" in page
    written = db.session.scalar(
        select(db.func.count(Answer.id)).filter_by(purpose="swot", moderation="pending")
    )
    assert written >= 1
    assert f"{written} réponse" in page and "à modérer" in page

    consultation.status = "closed"
    db.session.commit()
    page = client.get(f"{ADMIN}/").get_data(as_text=True)
    assert "Close\u00a0: résultats à publier" in page
    # The diagnostic stays one click away.
    diagnostic = client.get(f"{ADMIN}/diagnostic/").get_data(as_text=True)
    assert "Réussir ensemble" in diagnostic
