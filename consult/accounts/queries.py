"""Reads about staff accounts."""

from functools import cache

from werkzeug.security import check_password_hash, generate_password_hash

from consult.accounts.models import User
from consult.accounts.operations import find_by_email


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
