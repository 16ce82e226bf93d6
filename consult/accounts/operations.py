"""Writes to staff accounts."""

import secrets

from flask_babel import gettext as _
from sqlalchemy import func, or_, select, update

from consult.accounts import totp
from consult.accounts.models import User
from consult.accounts.password_rules import password_problem
from consult.accounts.roles import Role
from consult.core.operations import OperationRefused
from consult.extensions import db


def generate_password() -> str:
    """A password to hand over once: long, random, easy to type (no look-alike characters)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def check_password_rules(password: str, email: str) -> None:
    """Every way of setting a password (forms, command line) ends here."""
    problem = password_problem(password, email)
    if problem:
        raise OperationRefused(problem)


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
    if password:
        # Before anything joins the session, so a refusal leaves nothing half-built behind.
        check_password_rules(password, email)
    if user is None:
        if not password:
            raise OperationRefused(_("A new account needs a password."))
        user = User()
        db.session.add(user)
    elif user.role == Role.ADMIN and (role != Role.ADMIN or not is_active):
        _keep_one_admin(user)
    if password:
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
    check_password_rules(new, user.email)
    user.set_password(new)
    db.session.flush()


def may_use_two_step(user: User) -> bool:
    """Facilitators share the kiosk tablet: a code on one person's phone does not fit it."""
    return user.has_role(Role.COORDINATOR)


def use_code(user: User, code: str, moment: float) -> bool:
    """Accept a second-factor code once: its step is stored, and only a later one passes.

    The condition is in the UPDATE itself, so two servers given the same code at the same
    moment cannot both accept it.
    """
    if not user.totp_secret:
        return False
    step = totp.matching_step(user.totp_secret, code, moment)
    if step is None:
        return False
    accepted = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            or_(User.totp_last_step.is_(None), User.totp_last_step < step),
        )
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    db.session.refresh(user)
    return accepted.rowcount == 1


def enable_two_step(user: User, password: str, secret: str, code: str, moment: float) -> None:
    """Enrolment completes only with the account's password, once the person's app shows a
    right code for the secret."""
    if not may_use_two_step(user):
        raise OperationRefused(_("Two-step login is for coordinators and administrators."))
    if not user.check_password(password):
        raise OperationRefused(_("The current password is not correct."))
    step = totp.matching_step(secret, code, moment)
    if step is None:
        raise OperationRefused(_("This code is not correct. Type the code your app shows now."))
    user.totp_secret = secret
    user.totp_last_step = step
    db.session.flush()


def disable_two_step(user: User, code: str, moment: float) -> None:
    if not use_code(user, code, moment):
        raise OperationRefused(_("This code is not correct. Type the code your app shows now."))
    reset_two_step(user)


def reset_two_step(user: User) -> None:
    """An administrator's way back in for someone who lost their phone."""
    user.totp_secret = None
    user.totp_last_step = None
    db.session.flush()
