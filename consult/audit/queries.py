"""Reading the staff audit trail, newest first."""

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from consult.audit.models import StaffEvent
from consult.extensions import db

PAGE_LIMIT = 500


def staff_events(
    *,
    territory_id=None,
    action_prefix: str | None = None,
    since: date | None = None,
    until: date | None = None,
    limit: int = PAGE_LIMIT,
):
    """Events of one territory (or all), of one kind ("account.", "export."...), between two
    days inclusive."""
    query = select(StaffEvent).order_by(StaffEvent.at.desc(), StaffEvent.id.desc())
    if territory_id is not None:
        query = query.where(StaffEvent.territory_id == territory_id)
    if action_prefix:
        query = query.where(StaffEvent.action.startswith(action_prefix, autoescape=True))
    if since is not None:
        query = query.where(StaffEvent.at >= datetime.combine(since, time.min))
    if until is not None:
        query = query.where(StaffEvent.at < datetime.combine(until + timedelta(days=1), time.min))
    return db.session.scalars(query.limit(limit)).all()
