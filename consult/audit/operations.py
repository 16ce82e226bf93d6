"""Writing the staff audit trail: every operation that answers to someone calls record()."""

from flask import has_request_context
from flask_login import current_user

from consult.audit.models import StaffEvent
from consult.extensions import db

MAX_TARGET = 300
MAX_DETAIL = 1000


def _current_actor():
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user
    return None


def record_staff_action(
    action: str,
    *,
    target: str = "",
    detail: str = "",
    territory=None,
    actor=None,
) -> StaffEvent:
    """Add one line to the trail in the caller's transaction: it is kept exactly when the
    action itself is committed, and rolled back with it.

    `actor` defaults to the logged-in staff member; outside a request (a command line) it is
    recorded as the command line. Never pass a family's words in `target` or `detail`.
    """
    actor = actor if actor is not None else _current_actor()
    event = StaffEvent(
        action=action[:60],
        target=(target or "")[:MAX_TARGET],
        detail=(detail or "")[:MAX_DETAIL],
        territory_id=getattr(territory, "id", territory),
        actor_id=actor.id if actor is not None else None,
        actor_label=actor.email if actor is not None else "command line",
    )
    db.session.add(event)
    return event
