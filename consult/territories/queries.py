"""Reads about territories as a whole (everything else is read within one territory)."""

from flask import current_app
from sqlalchemy import func, select

from consult.accounts.models import user_territories
from consult.accounts.roles import Role
from consult.diagnostic.models import Territory
from consult.extensions import db


def territories_with_member_counts() -> list[tuple[Territory, int]]:
    """Every territory by name, with how many staff accounts are attached to it."""
    members = (
        select(func.count())
        .where(user_territories.c.territory_id == Territory.id)
        .correlate(Territory)
        .scalar_subquery()
    )
    rows = db.session.execute(select(Territory, members).order_by(Territory.name))
    return [(territory, count) for territory, count in rows]


def accessible_territories(user) -> list[Territory]:
    """The territories ``user`` may open, by name: all of them for the platform operator."""
    if user.role == Role.ADMIN:
        return list(db.session.scalars(select(Territory).order_by(Territory.name)))
    return sorted(user.territories, key=lambda territory: territory.name.casefold())


def slug_taken(slug: str, exclude_id: int | None = None) -> bool:
    statement = select(func.count(Territory.id)).where(Territory.slug == slug)
    if exclude_id is not None:
        statement = statement.where(Territory.id != exclude_id)
    return bool(db.session.scalar(statement))


def reserved_slugs() -> set[str]:
    """First path segments the application itself uses under /admin/ (users, password...):
    a territory with such a slug would be hidden behind that page. Read from the URL map,
    so a page added later is reserved too."""
    reserved = set()
    for rule in current_app.url_map.iter_rules():
        if rule.rule.startswith("/admin/"):
            first = rule.rule.removeprefix("/admin/").split("/", 1)[0]
            if first and "<" not in first:
                reserved.add(first)
    return reserved
