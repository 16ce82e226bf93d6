"""Fixtures shared by the small-group tests: a published consultation where three children
answered beside twenty parents and six young people."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from consult.accounts.roles import Role
from consult.consultation.models import Answer
from consult.consultation.vocabulary import Status
from consult.diagnostic.models import SwotItem, Territory
from consult.extensions import db
from consult.review import operations as review_operations
from tests.privacy.helpers import add_response, demo_consultation

SMALL = 3


@pytest.fixture
def small_group(demo_territory, app_context):
    consultation = demo_consultation()
    consultation.status = Status.PUBLISHED.value
    channels = {channel.kind: channel for channel in consultation.channels}
    day = consultation.opens_on
    for _ in range(20):
        add_response(
            consultation, channel=channels["school_gate"], day=day, texts={"strength": "Bien"}
        )
    for _ in range(6):
        add_response(
            consultation,
            audience="young",
            age_band="16_25",
            channel=channels["college_hall"],
            day=day,
        )
    for _ in range(SMALL):
        add_response(
            consultation,
            audience="child",
            age_band="under_11",
            language="tr",
            channel=channels["poster"],
            day=day + timedelta(days=1),
            priority=1,
            texts={"strength": "Güzel"},
        )
    territory = db.session.get(Territory, consultation.territory_id)
    written = list(db.session.scalars(select(Answer).filter_by(purpose="swot")))
    review_operations.approve(written, None)
    item = db.session.scalars(
        select(SwotItem).filter_by(territory_id=territory.id, quadrant="strength")
    ).first()
    for answer in written:
        review_operations.attach(answer, item, territory, None)
    db.session.commit()
    return {"consultation": consultation, "channels": channels, "day": day, "item": item}


@pytest.fixture
def coordinator(as_role):
    return as_role(Role.COORDINATOR)
