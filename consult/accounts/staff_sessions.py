"""Logins remembered on the server: each login session has a row, and the signed session
cookie carries the row's random token. Deleting the row ends every copy of that cookie at its
next request: logout, a new password, deactivation, "log out everywhere". The row also holds
what must not be left to the cookie: a tablet in kiosk mode (docs/outreach.md).
"""

import hashlib
import secrets
from datetime import timedelta

from flask import g, redirect, request, session, url_for
from flask_login import current_user
from sqlalchemy import delete

from consult.accounts.models import StaffSession
from consult.core.db import utcnow
from consult.extensions import db

SESSION_TOKEN = "auth_session"


def _digest(token: str) -> str:
    # The table holds a digest: a copy of the database gives no usable cookie.
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user, lifetime: timedelta) -> None:
    """A new login: its row (old rows of the account past the absolute limit go) and its
    token in the cookie. Committed here: the login writes nothing else."""
    db.session.execute(
        delete(StaffSession).where(
            StaffSession.user_id == user.id, StaffSession.created_at < utcnow() - lifetime
        )
    )
    token = secrets.token_urlsafe(32)
    db.session.add(StaffSession(id=_digest(token), user_id=user.id))
    db.session.commit()
    session[SESSION_TOKEN] = token


def current(user):
    """This request's login row for ``user``, or None when it was ended (or never was)."""
    token = session.get(SESSION_TOKEN)
    if not isinstance(token, str) or not token:
        return None
    row = db.session.get(StaffSession, _digest(token))
    if row is None or row.user_id != user.id:
        return None
    g.staff_session = row
    return row


def close_current() -> None:
    token = session.pop(SESSION_TOKEN, None)
    if isinstance(token, str) and token:
        db.session.execute(delete(StaffSession).where(StaffSession.id == _digest(token)))
        db.session.commit()


def end_all(user, *, except_current: bool = False) -> None:
    """End every login of ``user`` (the caller commits), or every other one."""
    statement = delete(StaffSession).where(StaffSession.user_id == user.id)
    token = session.get(SESSION_TOKEN) if except_current else None
    if isinstance(token, str) and token:
        statement = statement.where(StaffSession.id != _digest(token))
    db.session.execute(statement)


def commit_ended() -> None:
    db.session.commit()


def kiosk_locked() -> bool:
    row = g.get("staff_session")
    return row is not None and row.kiosk_locked_at is not None


def lock_for_kiosk(kiosk_path: str) -> None:
    """The tablet is about to be handed to families: from now on the back office needs the
    password again. Committed here: showing the kiosk writes nothing else."""
    row = g.get("staff_session")
    if row is not None and (row.kiosk_locked_at is None or row.kiosk_path != kiosk_path):
        row.kiosk_locked_at = row.kiosk_locked_at or utcnow()
        row.kiosk_path = kiosk_path[:300]
        db.session.commit()


def unlock() -> None:
    row = g.get("staff_session")
    if row is not None:
        row.kiosk_locked_at = None
        row.kiosk_path = None
        db.session.commit()


def kiosk_session_url() -> str | None:
    """Where "back to the kiosk" leads: the kiosk page this login was locked on."""
    row = g.get("staff_session")
    return row.kiosk_path if row is not None else None


# What a tablet in kiosk mode may still open: the kiosk's own pages (its blueprint, the
# notices it shows), the page that takes the password back, logout, static files.
KIOSK_ENDPOINT_PREFIX = "kiosk."
OPEN_TO_A_LOCKED_KIOSK = frozenset({"accounts.kiosk_unlock", "accounts.logout", "static"})


def enforce_kiosk_lock():
    """Before every request: a login locked for the kiosk reaches nothing else, public pages
    included (their links lead to the staff login); it is sent to the page that asks for the
    password, which leads back to the kiosk too."""
    endpoint = request.endpoint or ""
    if endpoint.startswith(KIOSK_ENDPOINT_PREFIX) or endpoint in OPEN_TO_A_LOCKED_KIOSK:
        return None
    if not current_user.is_authenticated or not kiosk_locked():
        return None
    if request.method == "GET" and request.accept_mimetypes.accept_html:
        return redirect(url_for("accounts.kiosk_unlock", next=request.full_path.rstrip("?")))
    return redirect(url_for("accounts.kiosk_unlock"), 303)
