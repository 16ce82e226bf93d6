"""Devices an account logged in from before: a cookie signed by the server (OWASP's "device
cookies" against account lockout).

After a full login the browser gets a long-lived cookie, valid for that account only,
restricted to /login. Attempts from a browser holding it are counted against that device
alone: guesses from anywhere else may lock the account for unknown browsers, never for the
owner's own phone or computer. A stolen device cookie only helps someone who also has the
password, and its own attempts are limited like the account's.
"""

import hashlib
import hmac
import secrets

from flask import current_app, request
from itsdangerous import BadSignature, URLSafeTimedSerializer

COOKIE = "consult_device"
MAX_AGE_DAYS = 365
# A shared tablet may serve several facilitators.
MAX_ACCOUNTS = 8


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="known-login-device")


def _account(email: str) -> str:
    secret = current_app.config["SECRET_KEY"].encode()
    key = f"device-account:{email.strip().lower()}".encode()
    return hmac.new(secret, key, hashlib.sha256).hexdigest()[:32]


def _read() -> dict:
    """{account digest: device id} from this request's cookie; empty when absent or forged."""
    value = request.cookies.get(COOKIE)
    if not value:
        return {}
    try:
        data = _serializer().loads(value, max_age=MAX_AGE_DAYS * 86400)
    except BadSignature:
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str)}


def device_for(email: str) -> str | None:
    """This browser's id for ``email`` if the account logged in from it before, else None."""
    return _read().get(_account(email))


def remember(response, email: str):
    """After a full login: this browser is now one of the account's known devices."""
    known = _read()
    account = _account(email)
    known[account] = known.get(account) or secrets.token_urlsafe(16)
    if len(known) > MAX_ACCOUNTS:
        known = dict(list(known.items())[-MAX_ACCOUNTS:])
    response.set_cookie(
        COOKIE,
        _serializer().dumps(known),
        max_age=MAX_AGE_DAYS * 86400,
        path="/login",
        secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        httponly=True,
        samesite="Lax",
    )
    return response
