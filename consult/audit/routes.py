"""Reading the trail: the whole instance's for administrators at /admin/audit/, one
territory's for its coordinators at /admin/<territory>/audit/."""

from datetime import date

from flask import Blueprint, g, render_template, request
from sqlalchemy import select

from consult.accounts.permissions import requires_role
from consult.accounts.roles import Role
from consult.audit import queries
from consult.audit.vocabulary import KIND_LABELS, action_label
from consult.diagnostic.models import Territory
from consult.diagnostic.scope import scope_to_territory
from consult.extensions import db

bp = Blueprint("audit", __name__, url_prefix="/admin/audit")
territory_bp = Blueprint("territory_audit", __name__, url_prefix="/admin/<territory>/audit")
scope_to_territory(territory_bp)


def _day(name: str) -> date | None:
    try:
        return date.fromisoformat((request.args.get(name) or "")[:10])
    except ValueError:
        return None


def _filters() -> dict:
    kind = request.args.get("kind")
    return {
        "kind": kind if kind in KIND_LABELS else None,
        "since": _day("since"),
        "until": _day("until"),
    }


def _page(events, filters, territories=None, territory_id=None):
    return render_template(
        "audit/trail.html",
        events=events,
        filters=filters,
        territories=territories,
        territory_id=territory_id,
        KIND_LABELS=KIND_LABELS,
        action_label=action_label,
        limit=queries.PAGE_LIMIT,
        territory=g.get("territory"),
    )


def _events(filters, territory_id):
    return queries.staff_events(
        territory_id=territory_id,
        action_prefix=f"{filters['kind']}." if filters["kind"] else None,
        since=filters["since"],
        until=filters["until"],
    )


@bp.route("/")
@requires_role(Role.ADMIN)
def trail():
    territories = list(db.session.scalars(select(Territory).order_by(Territory.name)))
    territory_id = request.args.get("territory", type=int)
    if territory_id not in {territory.id for territory in territories}:
        territory_id = None
    filters = _filters()
    return _page(_events(filters, territory_id), filters, territories, territory_id)


@territory_bp.route("/")
@requires_role(Role.COORDINATOR)
def territory_trail():
    filters = _filters()
    return _page(_events(filters, g.territory.id), filters)
