"""Reading the staff audit trail, newest first."""

from sqlalchemy import select

from consult.audit.models import StaffEvent
from consult.extensions import db


def staff_events(*, territory_id=None, action_prefix: str | None = None, limit: int = 200):
    query = select(StaffEvent).order_by(StaffEvent.at.desc(), StaffEvent.id.desc())
    if territory_id is not None:
        query = query.where(StaffEvent.territory_id == territory_id)
    if action_prefix:
        query = query.where(StaffEvent.action.startswith(action_prefix, autoescape=True))
    return db.session.scalars(query.limit(limit)).all()
