"""Reads about staff accounts."""

from functools import cache

from sqlalchemy import select
from werkzeug.security import check_password_hash, generate_password_hash

from consult.accounts.models import User, user_territories
from consult.accounts.operations import find_by_email
from consult.accounts.roles import Role
from consult.extensions import db


@cache
def _unused_hash() -> str:
    return generate_password_hash("no account has this password")


def authenticate(email: str, password: str) -> User | None:
    """The active account with this e-mail and password, or None.

    A password is hashed and compared even when no account matches, so the answer takes the
    same time either way and does not tell which e-mails have an account.
    """
    user = find_by_email(email)
    if user is None:
        check_password_hash(_unused_hash(), password)
        return None
    if not user.check_password(password) or not user.is_active:
        return None
    return user


def team_members(territory) -> list[User]:
    """The staff who work in ``territory`` (administrators see every territory and are not
    listed as members), by name."""
    return list(
        db.session.scalars(
            select(User)
            .join(user_territories, user_territories.c.user_id == User.id)
            .where(user_territories.c.territory_id == territory.id, User.role != Role.ADMIN.value)
            .order_by(User.is_active.desc(), User.display_name, User.id)
        )
    )


def team_member(territory, user_id: int) -> User | None:
    """One member of ``territory``'s team; None for anyone else, so another territory's
    account is "not found" here."""
    return db.session.scalar(
        select(User)
        .join(user_territories, user_territories.c.user_id == User.id)
        .where(
            User.id == user_id,
            user_territories.c.territory_id == territory.id,
            User.role != Role.ADMIN.value,
        )
    )
