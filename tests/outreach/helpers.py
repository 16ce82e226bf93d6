"""Making an outreach session for a test, as a facilitator would."""

from datetime import date

from sqlalchemy import select

from consult.consultation.models import Consultation
from consult.extensions import db
from consult.outreach.operations import save_session


def make_session(territory, *, is_closed=False, facilitators=()):
    consultation = db.session.scalars(
        select(Consultation).filter_by(territory_id=territory.id)
    ).one()
    session = save_session(
        territory,
        None,
        consultation=consultation,
        channel_id=next(c.id for c in consultation.channels if c.kind == "outreach_stand"),
        place="Marché du samedi",
        partner="Maison des Solidarités",
        held_on=date.today(),
        facilitator_ids=[user.id for user in facilitators],
        people_met=40,
        languages=["fr", "ar"],
        notes="",
        is_closed=is_closed,
    )
    db.session.commit()
    return session
