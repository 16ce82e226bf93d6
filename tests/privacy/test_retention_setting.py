"""A coordinator sets how long families' written answers are kept, and the consultation page
says when they will be (or were) deleted."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Consultation
from consult.core.db import utcnow
from consult.extensions import db
from tests.conftest import submit
from tests.privacy.helpers import demo_consultation

BASE = "/admin/demo/consultations"


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)


def _form(consultation: Consultation, **changes) -> dict:
    return {
        "title__fr": consultation.title["fr"],
        "status": consultation.status,
        "opens_on": consultation.opens_on.isoformat(),
        "closes_on": consultation.closes_on.isoformat(),
        "languages": consultation.languages,
        "audiences": consultation.audiences,
        "orientation_ids": [orientation.id for orientation in consultation.orientations],
        "axis_ids": [axis.id for axis in consultation.axes],
        **changes,
    }


def test_the_edit_form_offers_the_retention_period(coordinator, app_context):
    consultation = demo_consultation()
    page = coordinator.get(f"{BASE}/{consultation.id}/edit").get_data(as_text=True)
    assert 'name="retention_days"' in page and 'value="365"' in page
    # The help text says what is deleted and what is kept, and the field points to it.
    assert 'aria-describedby="retention_days-hint"' in page
    hint = page.split('id="retention_days-hint">')[1].split("</p>")[0]
    assert "supprim" in hint.lower() and "conserv" in hint.lower(), hint


def test_a_coordinator_changes_the_retention_period(coordinator, app_context):
    consultation = demo_consultation()
    url = f"{BASE}/{consultation.id}/edit"
    response = submit(coordinator, url, _form(consultation, retention_days=90))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).retention_days == 90
    page = coordinator.get(f"{BASE}/{consultation.id}").get_data(as_text=True)
    kept_until = consultation.closes_on + timedelta(days=90)
    retention = page.split('id="retention">')[1].split("</p>")[0]
    assert "90" in retention and str(kept_until.year) in retention


@pytest.mark.parametrize("days", [29, 3651, -1])
def test_a_period_out_of_range_is_refused(coordinator, app_context, days):
    consultation = demo_consultation()
    url = f"{BASE}/{consultation.id}/edit"
    response = submit(coordinator, url, _form(consultation, retention_days=days))
    assert response.status_code == 422
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).retention_days == 365


def test_a_period_left_empty_keeps_the_current_one(coordinator, app_context):
    consultation = demo_consultation()
    consultation.retention_days = 730
    db.session.commit()
    url = f"{BASE}/{consultation.id}/edit"
    assert submit(coordinator, url, _form(consultation, retention_days="")).status_code == 302
    db.session.expire_all()
    assert db.session.get(Consultation, consultation.id).retention_days == 730


def test_the_page_says_when_the_words_were_deleted(coordinator, app_context):
    consultation = demo_consultation()
    consultation.free_text_purged_at = utcnow()
    db.session.commit()
    page = coordinator.get(f"{BASE}/{consultation.id}").get_data(as_text=True)
    retention = page.split('id="retention">')[1].split("</p>")[0]
    assert str(utcnow().year) in retention and "365" not in retention


def test_a_facilitator_cannot_change_it(as_role, app_context):
    facilitator = as_role(Role.FACILITATOR)
    consultation = db.session.scalars(select(Consultation)).first()
    assert facilitator.get(f"{BASE}/{consultation.id}/edit").status_code == 403
