"""Staff preview a consultation on the real screens; what they send is a test, purged in one
click; a response sent by mistake is deleted with a reason. Both are in the staff trail."""

import re

import pytest
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.audit.models import StaffEvent
from consult.consultation.models import Answer, Consultation, Draft, Question, Response, ScanCount
from consult.diagnostic.models import Territory
from consult.extensions import db
from tests.conftest import login, submit
from tests.consultation.helpers import age_drafts, fields_on, post_screen
from tests.consultation.invented import SLUG, invented_territory

ADMIN = f"/admin/{SLUG}"


def _value_for(question: Question):
    if question.purpose == "priority":
        return "3"
    if question.purpose == "action_choice":
        return [str(question.orientation.actions[0].id)]
    if question.purpose == "swot":
        return "Une salle calme pour les devoirs, près de l'école."
    return question.options[0] if question.options else ""


def walk(client, token: str, kind: str, lang: str = "fr"):
    """Answer every screen as `kind` and send; returns the last response of the server."""
    response, html = post_screen(client, f"/r/{token}/?lang={lang}", {"respondent_kind": kind})
    assert response.status_code == 302, html
    while True:
        url = response.headers["Location"]
        if url.endswith("/thanks"):
            return response
        page = client.get(url).get_data(as_text=True)
        data = {}
        for name in fields_on(page):
            question = db.session.get(Question, int(name[1:]))
            data[name] = _value_for(question)
        age_drafts()
        response, html = post_screen(client, url, data)
        assert response.status_code == 302, html


@pytest.fixture
def draft_consultation(app_context):
    return invented_territory(status="draft")


@pytest.fixture
def coordinator(client, make_user, draft_consultation):
    territory, _ = draft_consultation
    login(client, make_user(role=Role.COORDINATOR, territories=[territory]))
    return client


def _preview_url(consultation, **args):
    query = "&".join(f"{key}={value}" for key, value in args.items())
    return f"/r/preview-{consultation.id}/" + (f"?{query}" if query else "")


def test_a_draft_is_previewed_in_arabic_as_a_child_and_the_answer_is_a_test(
    coordinator, draft_consultation
):
    _, consultation = draft_consultation
    page = coordinator.get(_preview_url(consultation, **{"as": "child", "lang": "ar"}))
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'dir="rtl"' in html and 'id="preview-banner"' in html
    # The real first screen, with the child already chosen.
    assert re.search(r'<input checked[^>]*value="child"', html)
    # A preview counts no scan, even through the QR code's address.
    coordinator.get(f"/q/preview-{consultation.id}")
    assert db.session.scalar(select(func.count(ScanCount.id))) == 0

    sent = walk(coordinator, f"preview-{consultation.id}", "child", "ar")
    thanks = coordinator.get(sent.headers["Location"]).get_data(as_text=True)
    assert 'id="preview-banner"' in thanks

    response = db.session.scalars(select(Response)).one()
    assert (response.standing, response.audience, response.language) == ("test", "child", "ar")
    assert response.channel_id is None
    assert {answer.standing for answer in response.answers} == {"test"}

    detail = coordinator.get(f"{ADMIN}/consultations/{consultation.id}").get_data(as_text=True)
    assert "0 réponse" in detail
    assert "1 réponse de test" in detail


def test_a_preview_moves_no_rotation_counter(coordinator, draft_consultation):
    """The counters decide which action questions the next families are given: staff looking
    at the screens, and the tests they send, must not tilt them."""
    _, consultation = draft_consultation
    action_questions = [q for q in consultation.questions if q.purpose == "action_choice"]
    assert action_questions
    for kind in ("parent", "child", "young_11_15"):
        walk(coordinator, f"preview-{consultation.id}", kind)
    assert db.session.scalar(select(func.count(Response.id))) == 3
    db.session.expire_all()
    assert {q.times_shown for q in action_questions} == {0}

    # The same path through a real link counts what it showed; the tests sent from this
    # phone were nobody's answer, so it is not told it already answered.
    consultation.status = "open"
    db.session.commit()
    first = coordinator.get(f"/r/{consultation.channels[0].token}/").get_data(as_text=True)
    assert 'class="answered"' not in first
    walk(coordinator, consultation.channels[0].token, "parent")
    db.session.expire_all()
    shown = {q.audience: q.times_shown for q in action_questions if q.times_shown}
    assert shown == {"parent": 1}


def test_every_screen_of_a_preview_carries_the_banner(coordinator, draft_consultation):
    _, consultation = draft_consultation
    token = f"preview-{consultation.id}"
    response, html = post_screen(coordinator, f"/r/{token}/", {"respondent_kind": "parent"})
    assert 'id="preview-banner"' in html
    url = response.headers["Location"]
    seen = 0
    while not url.endswith("/thanks"):
        page = coordinator.get(url).get_data(as_text=True)
        assert 'id="preview-banner"' in page
        seen += 1
        data = {
            name: _value_for(db.session.get(Question, int(name[1:]))) for name in fields_on(page)
        }
        age_drafts()
        response, _ = post_screen(coordinator, url, data)
        url = response.headers["Location"]
    assert seen >= 2


def test_nobody_outside_the_territory_opens_a_preview(client, make_user, draft_consultation):
    _, consultation = draft_consultation
    assert client.get(_preview_url(consultation)).status_code == 404
    other = Territory(slug="ailleurs", name="Ailleurs")
    db.session.add(other)
    db.session.commit()
    login(client, make_user(role=Role.COORDINATOR, territories=[other]))
    assert client.get(_preview_url(consultation)).status_code == 404
    assert client.get("/r/preview-99999999/").status_code == 404
    assert client.get("/r/preview-abc/").status_code == 404


def test_the_real_link_of_a_draft_still_asks_nothing(client, draft_consultation):
    _, consultation = draft_consultation
    token = consultation.channels[0].token
    page = client.get(f"/r/{token}/").get_data(as_text=True)
    assert "preview-banner" not in page
    assert 'name="respondent_kind"' not in page


def test_a_closed_consultation_has_nothing_to_preview(coordinator, draft_consultation):
    _, consultation = draft_consultation
    consultation.status = "closed"
    db.session.commit()
    page = coordinator.get(_preview_url(consultation)).get_data(as_text=True)
    assert 'id="preview-banner"' in page
    assert 'name="respondent_kind"' not in page


def test_a_preview_and_a_real_answer_never_share_a_draft(coordinator, draft_consultation):
    _, consultation = draft_consultation
    consultation.status = "open"
    db.session.commit()
    real = consultation.channels[0].token
    post_screen(coordinator, f"/r/{real}/", {"respondent_kind": "parent"})
    # The preview does not pick up the real draft: it starts its own, as a test.
    sent = walk(coordinator, f"preview-{consultation.id}", "young_16_25")
    assert sent.status_code == 302
    assert db.session.scalars(select(Response.standing)).all() == ["test"]
    remaining = db.session.scalars(select(Draft)).one()
    assert not remaining.is_test and remaining.respondent_kind == "parent"
    # The real path goes on with the real draft and stores a counted response.
    walk(coordinator, real, "parent")
    assert sorted(db.session.scalars(select(Response.standing)).all()) == ["counted", "test"]


def test_tests_are_purged_in_one_click_and_logged(coordinator, draft_consultation):
    territory, consultation = draft_consultation
    consultation.status = "open"
    db.session.commit()
    walk(coordinator, f"preview-{consultation.id}", "parent")
    walk(coordinator, f"preview-{consultation.id}", "child")
    walk(coordinator, consultation.channels[0].token, "parent")
    url = f"{ADMIN}/consultations/{consultation.id}/tests/purge"
    confirm = coordinator.get(url).get_data(as_text=True)
    assert "2 réponses de test" in confirm
    assert submit(coordinator, url, {}).status_code == 302
    assert db.session.scalars(select(Response.standing)).all() == ["counted"]
    assert db.session.scalar(select(func.count(Answer.id)).filter_by(standing="test")) == 0
    event = db.session.scalars(select(StaffEvent)).one()
    assert event.action == "consultation.purge_tests" and event.territory_id == territory.id
    assert "2 test responses" in event.detail


def test_a_facilitator_can_preview_but_not_purge(client, make_user, draft_consultation):
    territory, consultation = draft_consultation
    login(client, make_user(role=Role.FACILITATOR, territories=[territory]))
    assert client.get(_preview_url(consultation)).status_code == 200
    url = f"{ADMIN}/consultations/{consultation.id}/tests/purge"
    assert client.get(url).status_code == 403


def test_a_mistaken_response_is_deleted_with_a_reason(coordinator, draft_consultation):
    territory, consultation = draft_consultation
    consultation.status = "open"
    db.session.commit()
    walk(coordinator, consultation.channels[0].token, "parent")
    response = db.session.scalars(select(Response)).one()
    url = f"{ADMIN}/consultations/{consultation.id}/responses/delete"
    page = coordinator.get(f"{url}?response_id={response.id}").get_data(as_text=True)
    assert f"Réponse {response.id}" in page

    refused = submit(coordinator, url, {"response_id": response.id, "reason": ""})
    assert refused.status_code == 422
    assert db.session.get(Response, response.id) is not None

    done = submit(
        coordinator,
        url,
        {"response_id": response.id, "reason": "Saisie en double par l'animatrice"},
        page_url=f"{url}?response_id={response.id}",
    )
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Response.id))) == 0
    assert db.session.scalar(select(func.count(Answer.id))) == 0
    event = db.session.scalars(select(StaffEvent)).one()
    assert event.action == "response.delete"
    assert "Saisie en double" in event.detail and event.territory_id == territory.id


def test_another_consultations_response_is_not_deleted_from_here(
    coordinator, draft_consultation, make_user
):
    from consult.consultation.demo import load_demo_consultation
    from consult.diagnostic.demo import load_demo_territory

    demo, _ = load_demo_territory()
    load_demo_consultation(demo)
    db.session.commit()
    demo_consultation = db.session.scalars(
        select(Consultation).filter_by(territory_id=demo.id)
    ).one()
    demo_consultation.status = "open"
    db.session.commit()
    walk(coordinator.application.test_client(), demo_consultation.channels[0].token, "parent")
    theirs = db.session.scalars(select(Response)).one()
    _, consultation = draft_consultation
    url = f"{ADMIN}/consultations/{consultation.id}/responses/delete"
    refused = submit(coordinator, url, {"response_id": theirs.id, "reason": "Pas à moi du tout"})
    assert refused.status_code == 422
    assert db.session.get(Response, theirs.id) is not None
    assert db.session.scalar(select(func.count(StaffEvent.id))) == 0
