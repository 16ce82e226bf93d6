"""Between the right password and the right code: who is logging in, in the signed session.

The person is not logged in yet (Flask-Login knows nothing of them); only the code page can
finish the login, and only for a few minutes.
"""

from flask import session

from consult.accounts.models import User
from consult.accounts.session_lifetime import now
from consult.extensions import db

PENDING_USER = "two_step_user"
PENDING_SINCE = "two_step_since"
PENDING_NEXT = "two_step_next"
PENDING_LIFETIME_SECONDS = 5 * 60


def await_code(user: User, next_page: str | None) -> None:
    session[PENDING_USER] = user.id
    session[PENDING_SINCE] = now()
    session[PENDING_NEXT] = next_page


def pending_user() -> User | None:
    """The account whose password was right a moment ago, if it still may log in."""
    user_id = session.get(PENDING_USER)
    since = session.get(PENDING_SINCE)
    if not isinstance(user_id, int) or not isinstance(since, int):
        return None
    if now() - since > PENDING_LIFETIME_SECONDS:
        forget()
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or not user.totp_secret:
        forget()
        return None
    return user


def next_page() -> str | None:
    return session.get(PENDING_NEXT)


def forget() -> None:
    for key in (PENDING_USER, PENDING_SINCE, PENDING_NEXT):
        session.pop(key, None)
