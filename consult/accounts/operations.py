"""Writes to staff accounts."""

import secrets

from flask import has_request_context
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select, update

from consult.accounts import staff_sessions, totp
from consult.accounts.models import User
from consult.accounts.password_rules import password_problem
from consult.accounts.roles import Role
from consult.audit.operations import record_staff_action
from consult.core.db import utcnow
from consult.core.operations import OperationRefused
from consult.extensions import db


def generate_password() -> str:
    """A password to hand over once: long, random, easy to type (no look-alike characters)."""
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


def check_password_rules(password: str, email: str, display_name: str = "", territories=()) -> None:
    """Every way of setting a password (forms, command line) ends here."""
    problem = password_problem(password, email, password_context(display_name, territories))
    if problem:
        raise OperationRefused(problem)


def password_context(display_name: str, territories) -> tuple[str, ...]:
    """What an attacker of this account tries first: its territories' names, its name."""
    names = [display_name or ""]
    for territory in territories:
        names += [territory.name, territory.slug]
    return tuple(names)


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
        check_password_rules(password, email, display_name, territories)
    is_new = user is None
    if is_new:
        if not password:
            raise OperationRefused(_("A new account needs a password."))
        user = User()
        db.session.add(user)
        before = None
    else:
        if user.role == Role.ADMIN and (role != Role.ADMIN or not is_active):
            _keep_one_admin(user)
        before = _account_state(user)
    if password:
        user.set_password(password)
    user.email = email
    user.display_name = display_name.strip()
    user.role = role
    user.is_active = is_active
    user.territories = list(territories)
    db.session.flush()
    _record_account_changes(user, before, password_set=bool(password))
    if before is not None and (password or not is_active):
        # Every login of the account ends on the server (one's own new password keeps this
        # one: the route renews it).
        staff_sessions.end_all(user, except_current=_is_current(user))
    return user


def _is_current(user: User) -> bool:
    return has_request_context() and current_user.is_authenticated and current_user.id == user.id


def _account_state(user: User) -> dict:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "role": user.role,
        "is_active": user.is_active,
        "territories": sorted(territory.slug for territory in user.territories),
        "territory_objects": list(user.territories),
    }


def record_account_action(user: User, action: str, detail: str = "", also=()) -> None:
    """One line per territory the account works in (and ``also``, territories it just
    left), so each territory's trail shows what was done to its staff; one line without a
    territory for an account that has none."""
    territories = {territory.id: territory for territory in [*user.territories, *also]}
    for territory in territories.values() or [None]:
        record_staff_action(action, target=user.email, detail=detail, territory=territory)


def _slugs(slugs: list[str]) -> str:
    return ", ".join(slugs) or "-"


def _record_account_changes(user: User, before: dict | None, *, password_set: bool) -> None:
    after = _account_state(user)
    if before is None:
        record_account_action(
            user,
            "account.create",
            f"role: {user.role}; territories: " + (", ".join(after["territories"]) or "-"),
        )
        return
    left = [t for t in before["territory_objects"] if t not in user.territories]
    if before["email"] != after["email"]:
        record_account_action(user, "account.email", f"{before['email']} -> {after['email']}")
    if before["display_name"] != after["display_name"]:
        record_account_action(user, "account.rename")
    if before["role"] != after["role"]:
        record_account_action(user, "account.role", f"{before['role']} -> {after['role']}")
    if before["territories"] != after["territories"]:
        record_account_action(
            user,
            "account.territories",
            f"{_slugs(before['territories'])} -> {_slugs(after['territories'])}",
            also=left,
        )
    if before["is_active"] != after["is_active"]:
        record_account_action(
            user, "account.reactivate" if after["is_active"] else "account.deactivate"
        )
    if password_set:
        record_account_action(user, "account.password_set")


def note_failed_login(email: str) -> None:
    """A wrong (or refused) password or code for this e-mail: the owner is told at their next
    login. The statement runs whether or not the account exists, so it takes the same time."""
    db.session.execute(
        update(User)
        .where(User.email == email.strip().lower())
        .values(failed_logins=User.failed_logins + 1, last_failed_login_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    db.session.commit()


def take_failed_logins(user: User) -> tuple[int, object]:
    """How many failed attempts since the last login, and the last one's time; then zero.
    The caller's login commits."""
    count, last = user.failed_logins or 0, user.last_failed_login_at
    if count:
        user.failed_logins = 0
        user.last_failed_login_at = None
    return count, last


def _keep_one_admin(user: User) -> None:
    active_admins = db.session.scalar(
        select(func.count(User.id)).where(User.role == Role.ADMIN.value, User.is_active)
    )
    if active_admins <= 1:
        raise OperationRefused(_("This is the last active administrator: keep at least one."))


def change_password(user: User, current: str, new: str) -> None:
    if not user.check_password(current):
        raise OperationRefused(_("The current password is not correct."))
    check_password_rules(new, user.email, user.display_name, user.territories)
    user.set_password(new)
    db.session.flush()
    record_account_action(user, "account.password_change")


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
    record_account_action(user, "account.two_step_on")


def disable_two_step(user: User, code: str, moment: float) -> None:
    if not use_code(user, code, moment):
        raise OperationRefused(_("This code is not correct. Type the code your app shows now."))
    _clear_two_step(user)
    record_account_action(user, "account.two_step_off")


def reset_two_step(user: User) -> None:
    """An administrator's (or the team's coordinator's) way back in for someone who lost
    their phone."""
    _clear_two_step(user)
    record_account_action(user, "account.two_step_reset")


def _clear_two_step(user: User) -> None:
    user.totp_secret = None
    user.totp_last_step = None
    db.session.flush()


# A coordinator's team: the facilitators and coordinators of their own territory.

TEAM_ROLES = (Role.FACILITATOR, Role.COORDINATOR)


def may_manage(manager: User, territory, user: User) -> bool:
    """A coordinator manages the accounts that work in their territory and nowhere else,
    below administrator, other than their own: a change there can never reach another
    territory, an administrator, or the coordinator's own rights."""
    return (
        manager.has_role(Role.COORDINATOR)
        and manager.can_access(territory)
        and user.id != manager.id
        and user.role in TEAM_ROLES
        and [t.id for t in user.territories] == [territory.id]
    )


def not_manageable_message() -> str:
    return _(
        "Only an administrator can change this account: it works in another territory too, "
        "or is an administrator's or your own."
    )


def _managed(manager: User, territory, user: User) -> None:
    if not may_manage(manager, territory, user):
        raise OperationRefused(not_manageable_message())


def _team_role(role: str) -> str:
    if role not in TEAM_ROLES:
        raise OperationRefused(_("A team member is a facilitator or a coordinator."))
    return role


def create_team_member(
    manager: User, territory, *, email: str, display_name: str, role: str, password: str
) -> User:
    """A new account of ``territory`` only, created by one of its coordinators."""
    if not (manager.has_role(Role.COORDINATOR) and manager.can_access(territory)):
        raise OperationRefused(_("Only a coordinator of this territory can add to its team."))
    return save_user(
        None,
        email=email,
        display_name=display_name,
        role=_team_role(role),
        territories=[territory],
        password=password,
    )


def update_team_member(manager: User, territory, user: User, *, display_name: str, role: str):
    _managed(manager, territory, user)
    return save_user(
        user,
        email=user.email,
        display_name=display_name,
        role=_team_role(role),
        territories=[territory],
        is_active=user.is_active,
    )


def set_team_member_active(manager: User, territory, user: User, active: bool) -> None:
    _managed(manager, territory, user)
    if user.is_active != active:
        user.is_active = active
        db.session.flush()
        if not active:
            staff_sessions.end_all(user)
        record_account_action(user, "account.reactivate" if active else "account.deactivate")


def reset_team_member_password(manager: User, territory, user: User) -> str:
    """A new random password, to hand over once; every session of the account ends."""
    _managed(manager, territory, user)
    password = generate_password()
    user.set_password(password)
    db.session.flush()
    staff_sessions.end_all(user)
    record_account_action(user, "account.password_reset")
    return password


def reset_team_member_two_step(manager: User, territory, user: User) -> None:
    _managed(manager, territory, user)
    if not user.totp_secret:
        raise OperationRefused(_("This account does not use two-step login."))
    reset_two_step(user)
