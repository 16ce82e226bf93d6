"""Writes to staff accounts."""

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, select

from consult.accounts.forms import MIN_PASSWORD_LENGTH
from consult.accounts.models import User
from consult.accounts.roles import Role
from consult.core.operations import OperationRefused
from consult.extensions import db


def generate_password() -> str:
    """A password to hand over once: long, random, easy to type (no look-alike characters)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise OperationRefused(
            _("The password must have at least %(count)s characters.", count=MIN_PASSWORD_LENGTH)
        )


def find_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email.strip().lower()))


def save_user(
    user: User | None,
    *,
    email: str,
    display_name: str,
    role: str,
    territories: list,
    is_active: bool = True,
    password: str | None = None,
) -> User:
    email = email.strip().lower()
    Role(role)
    other = find_by_email(email)
    if other is not None and other is not user:
        raise OperationRefused(_("An account with this e-mail already exists."))
    if user is None:
        if not password:
            raise OperationRefused(_("A new account needs a password."))
        user = User()
        db.session.add(user)
    elif user.role == Role.ADMIN and (role != Role.ADMIN or not is_active):
        _keep_one_admin(user)
    if password:
        check_password_rules(password)
        user.set_password(password)
    user.email = email
    user.display_name = display_name.strip()
    user.role = role
    user.is_active = is_active
    user.territories = list(territories)
    db.session.flush()
    return user


def _keep_one_admin(user: User) -> None:
    active_admins = db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.is_active)
    )
    if active_admins <= 1:
        raise OperationRefused(_("This is the last active administrator: keep at least one."))


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise OperationRefused(_("The current password is not correct."))
    check_password_rules(new)
    user.set_password(new)
    db.session.flush()
