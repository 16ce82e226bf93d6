"""Coordinators open a consultation in minutes, edit its questions and print its QR codes."""

import io

import pytest
import zxingcpp
from PIL import Image
from sqlalchemy import func, select

from consult.accounts.roles import Role
from consult.consultation.models import Channel, Consultation, Question
from consult.diagnostic.models import Orientation
from consult.extensions import db
from tests.conftest import submit

BASE = "/admin/demo"


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)


def test_a_new_consultation_gets_default_questions_and_a_direct_link(coordinator, app_context):
    orientations = db.session.scalars(select(Orientation).order_by(Orientation.number)).all()
    response = submit(
        coordinator,
        f"{BASE}/consultations/new",
        {
            "title__fr": "Consultation du printemps",
            "status": "draft",
            "opens_on": "2027-03-01",
            "closes_on": "2027-04-01",
            "languages": ["fr", "ar", "tr"],
            "audiences": ["parent", "young_16_25"],
            "orientation_ids": [o.id for o in orientations],
        },
    )
    assert response.status_code == 302
    consultation = db.session.scalars(
        select(Consultation).filter(
            Consultation.title["fr"].as_string() == "Consultation du printemps"
        )
    ).one()
    assert consultation.languages == ["fr", "ar", "tr"]
    questions = consultation.questions
    # Every audience: one priority and one action question per orientation; SWOT prompts.
    parent = [q for q in questions if q.audience == "parent"]
    assert sum(q.purpose == "priority" for q in parent) == 6
    assert sum(q.purpose == "action_choice" for q in parent) == 6
    assert sorted(q.quadrant for q in parent if q.purpose == "swot") == sorted(
        ["strength", "weakness", "opportunity", "threat"]
    )
    # Children are never asked about threats.
    assert not [q for q in questions if q.audience == "child" and q.quadrant == "threat"]
    # Every default wording exists in every language.
    for question in questions:
        if question.prompt:
            assert set(question.prompt) >= {"fr", "ar", "en", "tr", "pt", "es", "ro", "uk"}
    assert [channel.kind for channel in consultation.channels] == ["web"]

    page = coordinator.get(f"{BASE}/consultations/{consultation.id}").get_data(as_text=True)
    assert "/q/" + consultation.channels[0].token in page


def test_closing_before_opening_is_refused(coordinator, app_context):
    before = db.session.scalar(select(func.count(Consultation.id)))
    response = submit(
        coordinator,
        f"{BASE}/consultations/new",
        {
            "title__fr": "X",
            "status": "open",
            "opens_on": "2027-03-01",
            "closes_on": "2027-01-01",
            "audiences": ["parent"],
        },
    )
    assert response.status_code == 422
    assert db.session.scalar(select(func.count(Consultation.id))) == before


def test_edit_translate_and_reorder_a_question(coordinator, app_context):
    question = db.session.scalars(
        select(Question).filter_by(audience="parent", purpose="swot", quadrant="weakness")
    ).one()
    response = submit(
        coordinator,
        f"{BASE}/questions/{question.id}/edit",
        {
            "prompt__fr": "Qu’est-ce qui est dur pour vous ?",
            "prompt__ar": "ما الصعب عليكم؟",
            "audience": "parent",
            "purpose": "swot",
            "quadrant": "weakness",
            "orientation_id": 0,
            "axis_id": 0,
            "screen": 4,
            "position": question.position,
            "max_choices": 2,
            "is_active": "y",
        },
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.prompt["ar"] == "ما الصعب عليكم؟"

    before = question.position
    response = submit(
        coordinator,
        f"{BASE}/questions/{question.id}/move/up",
        {},
        page_url=f"{BASE}/consultations/{question.consultation_id}",
    )
    assert response.status_code == 302
    db.session.refresh(question)
    assert question.position == before - 1


def test_a_profile_question_needs_choices(coordinator, app_context):
    consultation = db.session.scalars(select(Consultation)).one()
    url = f"{BASE}/consultations/{consultation.id}/questions/new"
    common = {"purpose": "profile", "orientation_id": 0, "axis_id": 0, "screen": 2}
    common |= {"position": 0, "max_choices": 1, "is_active": "y"}
    refused = submit(
        coordinator,
        url,
        {**common, "prompt__fr": "Votre école ?", "audience": "parent", "options": ""},
    )
    assert refused.status_code == 422
    accepted = submit(
        coordinator,
        url,
        {
            **common,
            "prompt__fr": "Votre école ?",
            "audience": "parent",
            "options": "École Jaurès\nÉcole Curie\n",
        },
    )
    assert accepted.status_code == 302
    question = db.session.scalars(select(Question).filter_by(purpose="profile")).one()
    assert question.options == ["École Jaurès", "École Curie"]


def test_qr_png_is_print_quality_and_decodes_to_the_channel_url(coordinator, app_context):
    channel = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    response = coordinator.get(f"{BASE}/channels/{channel.id}/qr.png")
    assert response.mimetype == "image/png"
    image = Image.open(io.BytesIO(response.data))
    assert min(image.size) >= 1200
    decoded = [result.text for result in zxingcpp.read_barcodes(image)]
    assert decoded == [f"http://testserver.example/q/{channel.token}"]


def test_qr_svg_is_vector(coordinator, app_context):
    channel = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    response = coordinator.get(f"{BASE}/channels/{channel.id}/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data and b"<path" in response.data


def test_poster_and_flyer_carry_every_language_and_the_short_url(coordinator, app_context):
    channel = db.session.scalars(select(Channel).filter_by(kind="poster")).one()
    for layout in ("poster", "flyer"):
        page = coordinator.get(f"{BASE}/channels/{channel.id}/{layout}").get_data(as_text=True)
        assert f"http://testserver.example/q/{channel.token}" in page
        for language in ("fr", "ar", "en", "tr", "pt", "es", "ro", "uk"):
            assert f'lang="{language}"' in page
        assert 'dir="rtl"' in page


def test_channel_tokens_are_unguessable(app_context, demo_territory):
    tokens = db.session.scalars(select(Channel.token)).all()
    assert len(set(tokens)) == len(tokens)
    assert all(len(token) >= 10 for token in tokens)


def test_a_used_channel_is_retired_not_deleted(coordinator, app_context):
    channel = db.session.scalars(select(Channel).filter_by(kind="school_gate")).one()
    coordinator.get(f"/q/{channel.token}")
    response = submit(
        coordinator, f"{BASE}/channels/{channel.id}/delete", {}, follow_redirects=True
    )
    assert db.session.get(Channel, channel.id) is not None
    assert (
        "retire" in response.get_data(as_text=True).lower()
        or "retir" in response.get_data(as_text=True).lower()
    )


def test_language_coverage_view(coordinator, app_context):
    consultation = db.session.scalars(select(Consultation)).one()
    page = coordinator.get(f"{BASE}/consultations/{consultation.id}/languages").get_data(
        as_text=True
    )
    assert "العربية" in page and "Українська" in page


def test_facilitator_cannot_edit_a_consultation(as_role, app_context):
    client = as_role(Role.FACILITATOR)
    consultation = db.session.scalars(select(Consultation)).one()
    assert client.get(f"{BASE}/consultations/{consultation.id}").status_code == 200
    assert client.get(f"{BASE}/consultations/{consultation.id}/edit").status_code == 403
